#pragma once
// Run histories: the evaluated configurations of an HPO run with their metric, read from a CSV
// file or a SMAC3 run folder. Values are kept by name and raw (a number, a category, or missing
// for an inactive or absent hyperparameter); encoding them for a model is the search space's job.

#include <cstddef>
#include <filesystem>
#include <map>
#include <string>
#include <variant>
#include <vector>

namespace hypershap {

/// A raw hyperparameter value: missing (inactive or not recorded), a number, or a category.
/// Booleans (ConfigSpace categoricals with choices true/false) are the categories "True" and
/// "False", as ConfigSpace prints them.
using Value = std::variant<std::monostate, double, std::string>;

inline bool is_missing(const Value& v) { return std::holds_alternative<std::monostate>(v); }
inline bool is_number(const Value& v) { return std::holds_alternative<double>(v); }
inline bool is_category(const Value& v) { return std::holds_alternative<std::string>(v); }

struct RunHistory {
  std::string source;                              // the file or folder read, for messages
  std::vector<std::string> hyperparameters;        // column order of `configurations`
  std::vector<std::vector<Value>> configurations;  // one row per run
  std::vector<double> metric;                      // one per run, as recorded
  std::string metric_name;
  bool maximize = false;        // the metric's direction: SMAC's cost is minimised (false)
  std::vector<double> budget;   // per run; NaN when the run has no budget (empty for CSV)
  std::vector<long long> seed;  // per run, SMAC's seed; empty for CSV
  std::size_t skipped = 0;      // runs left out: not finished or failed (by status below)
  /// Per run, where it is in `source`, as every message about it says: "line 7" of a CSV file
  /// (its first line is 1, the header's), "data[3]" of runhistory.json, "history.jsonl line 2".
  std::vector<std::string> places;
  std::map<std::string, std::size_t> skipped_by_status;

  std::size_t size() const { return metric.size(); }
  /// Where run `r` is in `source` ("run r+1" when the reader did not say).
  std::string place(std::size_t r) const;
};

/// A CSV file with a header row, one column per hyperparameter and the metric column
/// `metric_name`; every other column is a hyperparameter. A column whose non-empty cells all
/// parse as numbers is numeric, otherwise categorical; empty cells (and NA, NaN, None) are
/// missing. Quotes as in RFC 4180.
RunHistory read_run_history_csv(const std::filesystem::path& file, const std::string& metric_name,
                                bool maximize);
/// The same from text; `source` names it in messages.
RunHistory parse_run_history_csv(const std::string& text, const std::string& source,
                                 const std::string& metric_name, bool maximize);

/// A SMAC3 run folder: runhistory.json (SMAC3 v1 or v2) and configspace.json (for the names and
/// order of the hyperparameters). The metric is SMAC's cost ("cost", minimised). Only runs with
/// status SUCCESS (and v1's DONOTADVANCE, a finished run) are kept; the others are counted in
/// `skipped_by_status`. Every run is kept with its budget and seed: several budgets or seeds
/// per configuration give several rows.
RunHistory read_smac_run(const std::filesystem::path& folder);
/// The same from the two files' text; `source` names them in messages.
RunHistory parse_smac_run(const std::string& runhistory_json, const std::string& configspace_json,
                          const std::string& source);

/// A DeepCAVE run folder (its recorder's format: configspace.json, configs.json, meta.json,
/// history.jsonl). `objective` names one of meta.json's objectives (empty: the first); its
/// direction ("optimize": "upper" or "lower") sets `maximize`. Runs with status SUCCESS are kept,
/// the others counted in `skipped_by_status`; every budget is kept, as for SMAC.
RunHistory read_deepcave_run(const std::filesystem::path& folder, const std::string& objective);
/// The same from the four files' text; `source` names them in messages.
RunHistory parse_deepcave_run(const std::string& configspace_json, const std::string& configs_json,
                              const std::string& meta_json, const std::string& history_jsonl,
                              const std::string& source, const std::string& objective);

/// "23 runs skipped (CRASHED 21, RUNNING 2)", or "" when none was: for the log of a job.
std::string skipped_summary(const RunHistory& history);

/// The runs recorded at exactly `budget`, each keeping its place in the source (for messages).
RunHistory runs_at_budget(const RunHistory& history, double budget);

/// The runs at the history's highest budget (all runs when there are no budgets): the fidelity
/// a multi-fidelity optimizer reports its result at.
RunHistory highest_budget_runs(const RunHistory& history);

}  // namespace hypershap
