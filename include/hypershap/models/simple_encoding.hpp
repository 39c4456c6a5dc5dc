#pragma once
// A stand-in encoding of a run history for the forest, until the search space layer encodes
// configurations from their ConfigSpace: a numeric column is min-max scaled to [0, 1] over the
// history, a categorical column becomes the index of each category in order of first
// appearance, and a missing value is -1 (RandomForest::inactive).

#include <string>
#include <vector>

#include <Eigen/Core>

#include "hypershap/models/random_forest.hpp"
#include "hypershap/models/run_history.hpp"

namespace hypershap {

struct EncodedRunHistory {
  RowMatrix features;           // one row per run
  Eigen::VectorXd targets;      // the metric
  std::vector<int> categories;  // per column: 0 numeric, else the number of categories
  std::vector<std::vector<std::string>> category_names;  // per categorical column, by index
  std::vector<double> lower, upper;  // per numeric column, the range scaled to [0, 1]
};

EncodedRunHistory encode_simply(const RunHistory& history);

}  // namespace hypershap
