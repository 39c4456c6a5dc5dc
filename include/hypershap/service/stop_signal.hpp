#pragma once
// SIGTERM, SIGINT and SIGUSR1 (what Slurm's --signal and a requeue send) ask the run to stop at
// the next batch boundary: the results that arrived are written and flushed, and hypershap exits
// with ExitCode::requeue. A second SIGINT ends the process at once (an impatient user).

#include "hypershap/core/stop_request.hpp"  // stop_requested(), request_stop()

namespace hypershap {

/// Installs the handlers (idempotent).
void install_stop_handlers();

/// Forgets a stop request (tests, and a new run in the same process).
void clear_stop_request();

}  // namespace hypershap
