#pragma once
// `hypershap run`: evaluates every coalition of every game of a job into the result store (the
// checkpoint: a second run computes only what is missing), then completes the games (e.g.
// Tunability's closure) and stores the explanations the job asks for. Runs on any number of
// ranks (scheduler.hpp); every rank returns the same exit code.

#include <iosfwd>

#include "hypershap/job/job_spec.hpp"
#include "hypershap/parallel/communicator.hpp"
#include "hypershap/service/scheduler.hpp"

namespace hypershap {

struct RunOptions {
  ScheduleOptions schedule;
  bool progress = true;  // rank 0: a bar on a terminal, a line every few seconds in a log
};

/// Returns the exit code (ExitCode): success, requeue after a stop, or the error's code; messages
/// go to `out` (rank 0) and `err` (any rank's errors, prefixed with the rank).
int run_job(const JobSpec& job, const Communicator& comm, const RunOptions& options,
            std::ostream& out, std::ostream& err);

}  // namespace hypershap
