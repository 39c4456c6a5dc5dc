#pragma once
// A run history read for fitting a model on it (the random forest, the Gaussian process): its
// runs as configurations of the space and their metric. The history is a CSV file (one column
// per hyperparameter and a metric column; the space from [space] file or inferred), a SMAC3 run
// folder (runhistory.json + configspace.json; SMAC's cost, minimised), a DeepCAVE run folder
// (meta.json + history.jsonl; its objective and direction) or an Optuna SQLite storage (the
// study's direction; the space from its distributions). Of a multi-fidelity run the runs at
// one budget are used (the highest by default), or all of them with the budget as a feature.

#include <Eigen/Core>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "hypershap/space/configuration_space.hpp"

namespace hypershap {

/// Which runs of a multi-fidelity history a model is fitted on ([model] budget).
struct BudgetChoice {
  enum class Kind {
    highest,  // the runs at the highest budget: the fidelity the optimizer reports its result at
    value,    // the runs at `value`
    all,      // every run, the budget a numeric hyperparameter named "budget"
  };
  Kind kind = Kind::highest;
  double value = 0.0;
};

/// Where a model's runs come from: what the model options of the forest and the GP share.
struct HistorySource {
  std::filesystem::path history;     // a CSV file, a SMAC3 or a DeepCAVE run folder
  std::filesystem::path space_file;  // required for a CSV; default: the run folder's space
  std::string metric;                // the CSV's metric column; DeepCAVE: the objective
  std::optional<bool> maximize;      // required for a CSV; a run folder says it
  BudgetChoice budget;
  std::string study;    // an Optuna SQLite storage: the study (empty: its only one)
  std::string context;  // names the job file and table in messages
};

struct HistoryData {
  ConfigurationSpace space;
  std::string space_json;
  ConfigurationMatrix configurations;  // the valid runs, one per row
  Eigen::VectorXd metric;              // one per valid run, as recorded
  std::string source;                  // the file or folder read
  std::string metric_name;
  bool maximize = false;
  std::size_t invalid = 0;   // runs that are not valid configurations of the space (left out)
  std::string first_reason;  // why the first of them is not
  std::string skipped;       // skipped_summary() of the history ("" when none)
  std::string budgets;       // the runs at other budgets left out ("" when none was)
  /// Per valid run, where it is in `source` ("line 7"; RunHistory::places); may be empty.
  std::vector<std::string> places;
  /// The runs left out and why, with how many: ("invalid configuration", 2), ("status FAIL", 3),
  /// ("other budgets", 141), ("failed (NaN)", 1); what a store's /model records.
  std::vector<std::pair<std::string, std::size_t>> dropped;

  /// "fitted on N runs; M invalid runs left out (...); K runs skipped (...)".
  std::string fitted_summary() const;
};

/// Reads `source.history` (CSV: `metric` and `maximize` required; a run folder: its own space
/// unless `space_file` is given, its own metric and direction, which `metric` and `maximize` may
/// only repeat). Errors name `source.context` (the job file and table).
HistoryData load_history_data(const HistorySource& source);

/// The name of the hyperparameter that holds the budget when BudgetChoice::Kind::all.
inline constexpr const char* budget_hyperparameter = "budget";

}  // namespace hypershap
