#pragma once
// The process-wide "stop" request: set by the signal handlers (service/stop_signal.hpp) and read
// wherever long work can end early and safely: between batches, and while a command objective
// runs (models/subprocess kills it, so a SIGTERM does not wait for a training run to finish).
// Header-only so that every layer can read it; the flag is a function-local static of an inline
// function (one object in the program), constant-initialised and so safe to set in a handler.

#include <csignal>

namespace hypershap {

inline volatile std::sig_atomic_t& stop_request_flag() {
  static volatile std::sig_atomic_t flag = 0;
  return flag;
}

/// Whether a stop was asked for (by a signal or request_stop).
inline bool stop_requested() { return stop_request_flag() != 0; }

/// Asks for a stop as a signal would (also from a signal handler).
inline void request_stop() { stop_request_flag() = 1; }

}  // namespace hypershap
