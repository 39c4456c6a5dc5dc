#pragma once
// A run history read for fitting a model on it (the random forest, the Gaussian process): its
// runs as configurations of the space and their metric. The history is a CSV file (one column
// per hyperparameter and a metric column; the space from [space] file) or a SMAC3 run folder
// (runhistory.json + configspace.json; SMAC's cost, minimised; the runs at the highest budget).

#include <Eigen/Core>
#include <filesystem>
#include <optional>
#include <string>

#include "hypershap/space/configuration_space.hpp"

namespace hypershap {

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
  /// Per valid run, where it is in `source` ("line 7"; RunHistory::places); may be empty.
  std::vector<std::string> places;

  /// "fitted on N runs; M invalid runs left out (...); K runs skipped (...)".
  std::string fitted_summary() const;
};

/// Reads `history` (CSV: `metric` and `maximize` required, `space_file` required; SMAC3 folder:
/// its own space unless `space_file` is given). Errors name `context` (the job file and table).
HistoryData load_history_data(const std::filesystem::path& history,
                              const std::filesystem::path& space_file, const std::string& metric,
                              std::optional<bool> maximize, const std::string& context);

}  // namespace hypershap
