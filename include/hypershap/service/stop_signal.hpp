#pragma once
// SIGTERM, SIGINT and SIGUSR1 (what Slurm's --signal and a requeue send) ask the run to stop at
// the next batch boundary: the results that arrived are written and flushed, and hypershap exits
// with ExitCode::requeue. A second SIGINT ends the process at once (an impatient user).

namespace hypershap {

/// Installs the handlers (idempotent).
void install_stop_handlers();

/// Whether a stop was asked for (by a signal or request_stop).
bool stop_requested();

/// Asks for a stop as a signal would (tests).
void request_stop();

/// Forgets a stop request (tests, and a new run in the same process).
void clear_stop_request();

}  // namespace hypershap
