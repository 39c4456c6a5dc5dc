#include "hypershap/job/optimize_job.hpp"

#include "hypershap/core/error.hpp"
#include "hypershap/job/job_file.hpp"
#include "hypershap/job/job_identity.hpp"
#include "hypershap/job/model_setup.hpp"
#include "hypershap/job/players.hpp"
#include "hypershap/optimize/bayesian_optimization.hpp"

namespace hypershap {

std::unique_ptr<Optimizer> make_job_optimizer(const OptimizeSpec& spec,
                                              std::shared_ptr<const ConfigurationSpace> space) {
  if (spec.optimizer == "random-search") return make_random_search(std::move(space), spec.seed);
  BayesianOptimizationSettings settings;
  settings.initial_design = spec.initial_design;
  settings.trials = spec.trials;
  return make_bayesian_optimization(std::move(space), settings, spec.seed);
}

int optimize_job(const JobSpec& job, const Communicator& comm, const OptimizeRunOptions& options,
                 std::ostream& out, std::ostream& err) {
  if (!job.optimize) {
    if (comm.is_master())
      err << "hypershap: error: " << job.file.string()
          << " has no [optimize] table; hypershap optimize needs one, e.g. "
             "[optimize] optimizer = \"bo\", trials = 100\n";
    return to_int(ExitCode::invalid_input);
  }
  const OptimizeSpec& spec = *job.optimize;
  OptimizeRequest request;
  request.label = job.file.filename().string();
  request.output = job.output;
  request.description = resolved_job_text(job);
  request.identity = job_identity(job);
  request.optimizer = spec.optimizer;
  request.trials = spec.trials;
  request.seed = spec.seed;
  request.snapshots = spec.snapshots;
  request.assemble = [&job, &spec] {
    OptimizeSetup setup;
    setup.model = load_model(job);
    const std::shared_ptr<const ConfigurationSpace> space(setup.model, &setup.model->space());
    setup.maximize = spec.direction_given ? spec.maximize : setup.model->maximize();
    setup.optimizer = make_job_optimizer(spec, space);
    setup.baseline = pinned_baseline(job, *space);
    setup.tuned = job_players(job, *setup.model, "[optimize]", "optimize");
    return setup;
  };
  return run_optimization(request, comm, options, out, err);
}

}  // namespace hypershap
