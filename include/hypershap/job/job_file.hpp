#pragma once
// Reading job files (TOML). Every key is documented in the README with its default; unknown keys
// are rejected with the nearest valid key suggested; every problem found is reported at once,
// each with the file, line and column.

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "hypershap/job/job_spec.hpp"

namespace hypershap {

/// `overrides` are `key.path=value` strings from `--set`; a value is read as TOML (3945, 0.5,
/// true, "text", [1, 2]) and otherwise taken as a string.
JobSpec read_job_file(const std::filesystem::path& path,
                      const std::vector<std::string>& overrides = {});

/// The same from text; relative paths resolve against `base_directory`.
JobSpec parse_job(std::string_view text, const std::string& source,
                  const std::filesystem::path& base_directory,
                  const std::vector<std::string>& overrides = {});

/// The job with every default written out, paths relative to the job file: what the result store
/// keeps and hashes to recognise the same job on resume.
std::string resolved_job_text(const JobSpec& job);

}  // namespace hypershap
