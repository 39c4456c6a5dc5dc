#include "hypershap/job/run_job.hpp"

#include "hypershap/job/game_setup.hpp"
#include "hypershap/job/job_file.hpp"
#include "hypershap/job/job_identity.hpp"
#include "hypershap/job/model_setup.hpp"
#include "hypershap/models/model_checks.hpp"

namespace hypershap {

int run_job(const JobSpec& job, const Communicator& comm, const RunOptions& options,
            std::ostream& out, std::ostream& err) {
  RunRequest request;
  request.label = job.file.filename().string();
  request.output = job.output;
  request.description = resolved_job_text(job);
  request.identity = job_identity(job);
  request.explain = job.explain;
  request.assemble = [&job] {
    const std::shared_ptr<const PerformanceModel> model = load_model(job);
    RunGames run;
    run.configuration_space_json = model->space_json();
    run.model_notes.push_back("model: " + model->describe() + "; " +
                              metric_direction(model->metric(), model->maximize()));
    for (const std::string& line : model->diagnostics()) run.model_notes.push_back("  " + line);
    for (const GameSettings& settings : job.games)
      run.games.push_back(make_game(job, settings, model));
    return run;
  };
  return run_games(request, comm, options, out, err);
}

}  // namespace hypershap
