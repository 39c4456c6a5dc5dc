#pragma once
// Job files given as text, for the tests of the job layer: parsed as if read from
// /jobs/job.toml, and the message of the one they are refused with.

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "hypershap/core/error.hpp"
#include "hypershap/job/job_file.hpp"

namespace hypershap::test {

inline JobSpec parse_job_text(const std::string& text,
                              const std::vector<std::string>& overrides = {}) {
  return parse_job(text, "/jobs/job.toml", "/jobs", overrides);
}

/// The message of the invalid-input error `text` is refused with; fails the test when it is
/// accepted or refused for another reason.
inline std::string job_error(const std::string& text,
                             const std::vector<std::string>& overrides = {}) {
  try {
    parse_job_text(text, overrides);
  } catch (const Error& e) {
    CHECK(e.code() == ExitCode::invalid_input);
    return e.what();
  }
  FAIL("no error for:\n" << text);
  return {};
}

/// Whether `part` is in `text`; says which text it was not found in.
inline bool contains(const std::string& text, const std::string& part) {
  const bool found = text.find(part) != std::string::npos;
  if (!found) MESSAGE("'" << part << "' not in:\n" << text);
  return found;
}

}  // namespace hypershap::test
