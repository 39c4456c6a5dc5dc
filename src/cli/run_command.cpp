// `hypershap run JOB [--set key=value ...]`, alone or under mpirun / srun.

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <ostream>
#include <sstream>

#include "command.hpp"
#include "hypershap/core/error.hpp"
#include "hypershap/job/job_file.hpp"
#include "hypershap/job/run_job.hpp"
#include "hypershap/parallel/communicator.hpp"

namespace hypershap::cli {

namespace {

struct RunCommandOptions {
  std::string job_path;
  std::vector<std::string> overrides;
  double batch_seconds = 1.0;
  bool no_progress = false;
};

/// Whether this process was started by an MPI launcher (mpirun, mpiexec, srun with PMIx). Without
/// one, hypershap runs alone without initialising MPI at all.
bool launched_by_mpi() {
  for (const char* variable : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK", "PMI_SIZE"})
    if (std::getenv(variable) != nullptr) return true;
  return false;
}

int run_run(const RunCommandOptions& options, const Streams& io) {
  if (!std::isfinite(options.batch_seconds) || options.batch_seconds <= 0.0) {
    char given[32];
    std::snprintf(given, sizeof given, "%g", options.batch_seconds);
    throw Error(ExitCode::usage_error,
                "--batch-seconds " + std::string(given) +
                    ": the target time of a batch must be a finite number of seconds above 0 "
                    "(default 1; e.g. 10 on a parallel file system)");
  }
  const JobSpec job = read_job_file(options.job_path, options.overrides);
  RunOptions run;
  run.schedule.target_batch_seconds = options.batch_seconds;
  run.progress = !options.no_progress;

  if (!launched_by_mpi()) {
    const char* tasks = std::getenv("SLURM_NTASKS");
    if (tasks != nullptr && std::atoi(tasks) > 1) {
      throw invalid_input(
          "SLURM_NTASKS is " + std::string(tasks) +
          " but this process was not started by an MPI "
          "launcher, so " +
          tasks + " independent copies would all write " + job.output.string() +
          "; start it with 'srun --mpi=pmix hypershap run ...' (or mpirun) or use --ntasks=1");
    }
    const auto comm = make_serial_communicator();
    return run_job(job, *comm, run, io.out, io.err);
  }
  int argc = 0;
  char** argv = nullptr;
  MpiSession session(argc, argv);
  const auto comm = make_mpi_communicator();
  const char* tasks = std::getenv("SLURM_NTASKS");
  if (tasks != nullptr && std::getenv("SLURM_JOB_ID") != nullptr &&
      std::atoi(tasks) != comm->size()) {
    // an Open MPI without Slurm's PMI starts N single-rank worlds: all would write one store
    const std::string message = "SLURM_NTASKS is " + std::string(tasks) +
                                " but the MPI world has " + std::to_string(comm->size()) +
                                " rank(s): this MPI does not see the other tasks (no PMI "
                                "support), so each task would write " +
                                job.output.string() +
                                " on its own; launch with "
                                "'srun --mpi=pmix' or mpirun inside the allocation";
    if (comm->is_master()) io.err << "hypershap: error: " << message << "\n";
    return to_int(ExitCode::usage_error);
  }
  std::ostringstream quiet;
  return run_job(job, *comm, run, comm->is_master() ? io.out : quiet, io.err);
}

}  // namespace

void add_run_command(CLI::App& app, Action& chosen) {
  auto options = std::make_shared<RunCommandOptions>();
  CLI::App* sub = app.add_subcommand(
      "run", "Compute every game of a job into its result store (resumes), then the explanations");
  sub->add_option("JOB", options->job_path, "The job file (TOML)")->required();
  sub->add_option("--set", options->overrides,
                  "Override a key of the job file: --set key.path=value (repeatable)");
  sub->add_option("--batch-seconds", options->batch_seconds,
                  "Target time of one batch of coalitions (how often results reach the store)")
      ->capture_default_str();
  sub->add_flag("--no-progress", options->no_progress, "No progress bar or progress lines");
  sub->callback([&chosen, options] {
    chosen = [options](const Streams& io) { return run_run(*options, io); };
  });
}

}  // namespace hypershap::cli
