#pragma once
// Reads one TOML table into typed values while recording problems (wrong type, out of range,
// unknown key with a suggestion), each located as file:line:column, so that a job file with
// several mistakes is explained in one go.

#include <toml++/toml.h>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace hypershap::job_detail {

using Problems = std::vector<std::string>;

/// What every reader of one job file shares: where the text came from, the --set overrides
/// applied to it (key path and the whole argument), and the problems found so far.
struct Context {
  std::string source;
  std::vector<std::pair<std::string, std::string>> overrides;
  Problems problems;
  /// Where each key read so far came from, by key path (JobSpec::locations).
  std::map<std::string, std::string> locations;

  /// "job.toml:7:8" for a node from the file, "--set a.b=1" for one from an override at `path`.
  std::string location_of(const toml::node& node, const std::string& path) const;
  /// The folder a relative path at `key_path` is relative to: the current folder when --set gave
  /// it (where the user typed it, as for any command-line path), else the job file's folder.
  std::filesystem::path base_for(const std::string& key_path,
                                 const std::filesystem::path& job_folder) const;
};

class TableReader {
 public:
  TableReader(const toml::table& table, std::string section, Context& context);

  const std::string& section() const { return section_; }
  bool has(const std::string& key) const { return table_.contains(key); }

  /// Each getter marks the key as known; `required` records a problem when it is missing.
  const toml::node* node(const std::string& key, bool required = false);
  std::optional<std::string> string(const std::string& key, bool required = false);
  std::optional<std::string> choice(const std::string& key, const std::vector<std::string>& choices,
                                    bool required = false);
  std::optional<std::int64_t> integer(const std::string& key, std::int64_t min, std::int64_t max,
                                      bool required = false);
  std::optional<bool> boolean(const std::string& key);
  /// A number (integer or float) of at least `min`.
  std::optional<double> number(const std::string& key, double min);
  /// An array of whole numbers from `min` to `max`.
  std::optional<std::vector<std::int64_t>> integers(const std::string& key, std::int64_t min,
                                                    std::int64_t max);
  std::optional<std::vector<std::string>> strings(const std::string& key);
  const toml::table* table(const std::string& key);

  /// Marks keys as known without reading them (keys that belong to another kind are reported by
  /// the caller with a better message).
  void allow(const std::vector<std::string>& keys);

  /// Records every key that was never asked for as unknown, with the nearest known key.
  void finish();

  void problem(const toml::node& at, const std::string& message);
  void problem(const std::string& message);

 private:
  std::string path_of(const std::string& key) const;

  const toml::table& table_;
  std::string section_;
  Context& context_;
  std::vector<std::string> known_;
};

}  // namespace hypershap::job_detail
