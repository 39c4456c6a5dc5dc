#pragma once
// User-facing errors. Problems with the user's input, files or resources are an `Error` carrying
// the exit code to return; bugs are anything else and end as ExitCode::internal_error.

#include <exception>
#include <new>
#include <stdexcept>
#include <string>

#include "hypershap/core/exit_code.hpp"

namespace hypershap {

class Error : public std::runtime_error {
 public:
  Error(ExitCode code, const std::string& message) : std::runtime_error(message), code_(code) {}
  ExitCode code() const noexcept { return code_; }

 private:
  ExitCode code_;
};

/// The input is wrong; `message` names the file or key and says how to fix it.
inline Error invalid_input(const std::string& message) {
  return Error(ExitCode::invalid_input, message);
}
inline Error io_error(const std::string& message) { return Error(ExitCode::io_error, message); }
inline Error resource_limit(const std::string& message) {
  return Error(ExitCode::resource_limit, message);
}
/// The performance model predicts its own run history too poorly to explain anything.
inline Error poor_model(const std::string& message) { return Error(ExitCode::poor_model, message); }

/// The exit code an exception ends a run with (the one rule, on every rank): an Error's own code,
/// resource_limit when memory ran out, internal_error for anything else (a bug).
inline int exit_code_of(const std::exception& e) {
  if (const auto* error = dynamic_cast<const Error*>(&e)) return to_int(error->code());
  if (dynamic_cast<const std::bad_alloc*>(&e) != nullptr) return to_int(ExitCode::resource_limit);
  return to_int(ExitCode::internal_error);
}

}  // namespace hypershap
