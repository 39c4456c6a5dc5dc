#pragma once
// A random forest fitted on a run history as a performance model: what a user has after any HPO
// run (SMAC3's surrogate with its defaults), on a history as history_data.hpp reads it.

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "hypershap/models/history_data.hpp"
#include "hypershap/models/performance_model.hpp"

namespace hypershap {

struct ForestModelOptions : HistorySource {
  int trees = 10;
  bool log_target = false;
  std::uint64_t seed = 0;
  double min_r2 = 0.0;  // the out-of-bag R² below which the model is refused (model_checks.hpp)
  bool allow_poor_model = false;
};

/// With `preloaded` (runs read elsewhere: the trials of an optimize store), the forest is fitted
/// on those and `history`, `space_file`, `metric` and `maximize` are not used.
std::shared_ptr<const PerformanceModel> load_forest_model(const ForestModelOptions& options,
                                                          const HistoryData* preloaded = nullptr);

}  // namespace hypershap
