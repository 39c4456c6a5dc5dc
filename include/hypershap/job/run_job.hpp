#pragma once
// `hypershap run` of a job file: the job's model and games assembled on every rank and run into
// the job's result store (service/game_runner.hpp).

#include <iosfwd>

#include "hypershap/job/job_spec.hpp"
#include "hypershap/parallel/communicator.hpp"
#include "hypershap/service/game_runner.hpp"

namespace hypershap {

/// Returns the exit code (ExitCode): success, requeue after a stop, or the error's code; messages
/// go to `out` (rank 0) and `err` (any rank's errors, prefixed with the rank).
int run_job(const JobSpec& job, const Communicator& comm, const RunOptions& options,
            std::ostream& out, std::ostream& err);

}  // namespace hypershap
