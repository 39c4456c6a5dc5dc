#pragma once
// Reading job files (TOML). Every key is documented in the README with its default; unknown keys
// are rejected with the nearest valid key suggested; every problem found is reported at once,
// each with the file, line and column.

#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "hypershap/job/job_spec.hpp"

namespace hypershap {

/// `overrides` are `key.path=value` strings from `--set`; a value is read as TOML (3945, 0.5,
/// true, "text", [1, 2]) and otherwise taken as a string. A path given with --set is relative to
/// the current folder (where it was typed), one in the file to the job file's folder.
JobSpec read_job_file(const std::filesystem::path& path,
                      const std::vector<std::string>& overrides = {});

/// The same from text; relative paths resolve against `base_directory`.
JobSpec parse_job(std::string_view text, const std::string& source,
                  const std::filesystem::path& base_directory,
                  const std::vector<std::string>& overrides = {});

/// The job with every default written out, paths relative to the job file: what the result store
/// keeps and hashes to recognise the same job on resume.
std::string resolved_job_text(const JobSpec& job);

/// The same with every path written as `path_text` gives it (job_identity: by its content).
std::string resolved_job_text(
    const JobSpec& job, const std::function<std::string(const std::filesystem::path&)>& path_text);

}  // namespace hypershap
