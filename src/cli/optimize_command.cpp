// `hypershap optimize JOB [--set key=value ...]`: the job's [optimize] HPO run into its store.

#include <cstdlib>
#include <memory>
#include <ostream>
#include <sstream>

#include "command.hpp"
#include "hypershap/core/error.hpp"
#include "hypershap/job/job_file.hpp"
#include "hypershap/job/optimize_job.hpp"
#include "hypershap/parallel/communicator.hpp"

namespace hypershap::cli {

namespace {

struct OptimizeCommandOptions {
  std::string job_path;
  std::vector<std::string> overrides;
  bool no_progress = false;
};

int run_optimize(const OptimizeCommandOptions& options, const Streams& io) {
  const JobSpec job = read_job_file(options.job_path, options.overrides);
  OptimizeRunOptions run;
  run.progress = !options.no_progress;
  // Without an MPI launcher hypershap runs alone without initialising MPI (as `run` does).
  bool launched = false;
  for (const char* variable : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK", "PMI_SIZE"})
    launched = launched || std::getenv(variable) != nullptr;
  if (!launched) {
    const auto comm = make_serial_communicator();
    return optimize_job(job, *comm, run, io.out, io.err);
  }
  int argc = 0;
  char** argv = nullptr;
  MpiSession session(argc, argv);
  const auto comm = make_mpi_communicator();
  std::ostringstream quiet;
  return optimize_job(job, *comm, run, comm->is_master() ? io.out : quiet, io.err);
}

}  // namespace

void add_optimize_command(CLI::App& app, Action& chosen) {
  auto options = std::make_shared<OptimizeCommandOptions>();
  CLI::App* sub = app.add_subcommand(
      "optimize",
      "Run the job's [optimize] HPO (Bayesian optimization or random search) on its model, "
      "every trial stored as it arrives (resumes)");
  sub->add_option("JOB", options->job_path, "The job file (TOML) with an [optimize] table")
      ->required();
  sub->add_option("--set", options->overrides,
                  "Override a key of the job file: --set key.path=value (repeatable)");
  sub->add_flag("--no-progress", options->no_progress, "No progress bar or progress lines");
  sub->callback([&chosen, options] {
    chosen = [options](const Streams& io) { return run_optimize(*options, io); };
  });
}

}  // namespace hypershap::cli
