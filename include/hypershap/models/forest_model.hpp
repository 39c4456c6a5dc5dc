#pragma once
// A random forest fitted on a run history as a performance model: what a user has after any HPO
// run (SMAC3's surrogate with its defaults). The history is a CSV file (one column per
// hyperparameter and a metric column; the space from [space] file) or a SMAC3 run folder
// (runhistory.json + configspace.json; SMAC's cost, minimised; the runs at the highest budget).

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "hypershap/models/history_data.hpp"
#include "hypershap/models/performance_model.hpp"

namespace hypershap {

struct ForestModelOptions {
  std::filesystem::path history;     // a CSV file or a SMAC3 run folder
  std::filesystem::path space_file;  // required for a CSV; default: the run folder's space
  std::string metric;                // the CSV's metric column
  std::optional<bool> maximize;      // required for a CSV
  int trees = 10;
  bool log_target = false;
  std::uint64_t seed = 0;
  std::string context;  // names the job file and table in messages
  double min_r2 = 0.0;  // the out-of-bag R² below which the model is refused (model_checks.hpp)
  bool allow_poor_model = false;
};

/// With `preloaded` (runs read elsewhere: the trials of an optimize store), the forest is fitted
/// on those and `history`, `space_file`, `metric` and `maximize` are not used.
std::shared_ptr<const PerformanceModel> load_forest_model(const ForestModelOptions& options,
                                                          const HistoryData* preloaded = nullptr);

}  // namespace hypershap
