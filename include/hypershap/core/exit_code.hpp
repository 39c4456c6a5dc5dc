#pragma once
// The documented exit codes of every hypershap command (README, "Exit codes").

namespace hypershap {

enum class ExitCode : int {
  success = 0,
  internal_error = 1,    // a bug in hypershap: please report it with the message
  usage_error = 2,       // the command line is wrong (unknown option, missing argument)
  invalid_input = 3,     // an input file or value is wrong; the message names it and the fix
  io_error = 4,          // a file could not be read or written
  resource_limit = 5,    // the request does not fit in memory (or another resource)
  objective_failed = 6,  // the objective command failed: exit code, output or timeout
  poor_model = 7,        // the model fits its run history worse than [model] min_r2
  requeue = 75,          // checkpointed after a signal: run the same command again (EX_TEMPFAIL)
};

constexpr int to_int(ExitCode code) { return static_cast<int>(code); }

}  // namespace hypershap
