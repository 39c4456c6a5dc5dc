#include "hypershap/job/job_identity.hpp"

#include <algorithm>
#include <cstring>
#include <fstream>
#include <map>
#include <sstream>
#include <system_error>
#include <utility>
#include <vector>

#include "hypershap/core/error.hpp"
#include "hypershap/job/job_file.hpp"
#include "hypershap/store/sha256.hpp"
#include "hypershap/store/trial_history.hpp"

namespace hypershap {

namespace {

std::string file_bytes(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  if (!in && !in.eof())
    throw io_error("cannot read " + file.string() + " to identify the job's inputs (" +
                   std::strerror(errno) + "); check its permissions");
  return bytes.str();
}

/// The stored doubles as bytes, so that equal trials hash equally on every machine of the job.
void append_doubles(std::string& text, const std::vector<double>& values, std::size_t count) {
  const std::size_t n = std::min(count, values.size());
  text.append(reinterpret_cast<const char*>(values.data()), n * sizeof(double));
}

std::string trials_hash(const std::filesystem::path& store, int trials) {
  const StoredTrials stored = read_trial_history(store);
  const std::size_t count =
      trials > 0 ? std::min(stored.count(), static_cast<std::size_t>(trials)) : stored.count();
  std::string text = "trials " + std::to_string(count) + "\n";
  for (const std::string& name : stored.info.hyperparameters) text += name + "\n";
  append_doubles(text, stored.configurations, count * stored.dimension());
  append_doubles(text, stored.objective, count);
  append_doubles(text, stored.cost, count);
  return "sha256:" + sha256_hex(text);
}

}  // namespace

std::string input_content_hash(const std::filesystem::path& path, int trials) {
  std::error_code error;
  if (std::filesystem::is_directory(path, error)) {
    std::vector<std::filesystem::path> files;
    for (auto it = std::filesystem::recursive_directory_iterator(path, error);
         !error && it != std::filesystem::recursive_directory_iterator(); it.increment(error))
      if (it->is_regular_file(error)) files.push_back(it->path());
    if (error)
      throw io_error("cannot list " + path.string() + " to identify the job's inputs (" +
                     error.message() + "); check its permissions");
    std::vector<std::string> names;
    for (const auto& file : files) names.push_back(file.lexically_relative(path).generic_string());
    std::sort(names.begin(), names.end());
    std::string listing = "folder\n";
    for (const std::string& name : names)
      listing += name + " " + sha256_hex(file_bytes(path / name)) + "\n";
    return "sha256:" + sha256_hex(listing);
  }
  if (!std::filesystem::is_regular_file(path, error)) return "missing";
  if (has_trial_history(path)) return trials_hash(path, trials);
  return "sha256:" + sha256_hex(file_bytes(path));
}

std::string job_identity(const JobSpec& job) {
  JobSpec values_only = job;
  values_only.name.clear();
  values_only.output.clear();
  // the trials each optimize store is read for (0: all); a store read twice counts the larger
  std::map<std::filesystem::path, int> trials;
  const auto reads = [&](const std::filesystem::path& store, int count) {
    const auto [at, inserted] = trials.emplace(store, count);
    if (!inserted && at->second != 0) at->second = count == 0 ? 0 : std::max(at->second, count);
  };
  if (!job.model.history.empty()) reads(job.model.history, job.model.trials);
  for (const SymbolicSpec& s : job.symbolic)
    if (!s.history.empty()) reads(s.history, s.trials);
  return resolved_job_text(values_only, [&](const std::filesystem::path& path) {
    if (path.empty()) return std::string();
    const auto found = trials.find(path);
    return input_content_hash(path, found == trials.end() ? 0 : found->second);
  });
}

JobDescription job_description(const JobSpec& job, std::string configuration_space_json) {
  return JobDescription{resolved_job_text(job), std::move(configuration_space_json),
                        job_identity(job)};
}

}  // namespace hypershap
