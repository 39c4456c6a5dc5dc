#include "hypershap/models/simple_encoding.hpp"

#include <algorithm>
#include <limits>
#include <sstream>

#include "hypershap/core/error.hpp"

namespace hypershap {

namespace {
std::string category_of(const Value& v) {
  if (is_category(v)) return std::get<std::string>(v);
  std::ostringstream text;
  text << std::get<double>(v);
  return text.str();
}
}  // namespace

EncodedRunHistory encode_simply(const RunHistory& history) {
  const std::size_t rows = history.size();
  const std::size_t cols = history.hyperparameters.size();
  if (rows == 0)
    throw invalid_input(history.source + ": the run history is empty; a model needs runs");
  EncodedRunHistory out;
  out.features.resize(static_cast<Eigen::Index>(rows), static_cast<Eigen::Index>(cols));
  out.targets =
      Eigen::Map<const Eigen::VectorXd>(history.metric.data(), static_cast<Eigen::Index>(rows));
  out.categories.assign(cols, 0);
  out.category_names.resize(cols);
  out.lower.assign(cols, 0.0);
  out.upper.assign(cols, 0.0);
  for (std::size_t c = 0; c < cols; ++c) {
    const auto column = static_cast<Eigen::Index>(c);
    bool categorical = false;
    double low = std::numeric_limits<double>::infinity();
    double high = -std::numeric_limits<double>::infinity();
    for (std::size_t r = 0; r < rows; ++r) {
      const Value& v = history.configurations[r][c];
      if (is_category(v)) categorical = true;
      if (is_number(v)) {
        low = std::min(low, std::get<double>(v));
        high = std::max(high, std::get<double>(v));
      }
    }
    for (std::size_t r = 0; r < rows; ++r) {
      const Value& v = history.configurations[r][c];
      const auto row = static_cast<Eigen::Index>(r);
      if (is_missing(v)) {
        out.features(row, column) = RandomForest::inactive;
      } else if (categorical) {
        std::vector<std::string>& names = out.category_names[c];
        const std::string name = category_of(v);
        const auto at = std::find(names.begin(), names.end(), name);
        out.features(row, column) = static_cast<double>(at - names.begin());
        if (at == names.end()) names.push_back(name);
      } else {
        const double x = std::get<double>(v);
        out.features(row, column) = high > low ? (x - low) / (high - low) : 0.0;
      }
    }
    if (categorical) {
      out.categories[c] = static_cast<int>(out.category_names[c].size());
      if (out.categories[c] > RandomForest::max_categories)
        throw invalid_input(
            history.source + ": hyperparameter '" + history.hyperparameters[c] + "' has " +
            std::to_string(out.categories[c]) + " categories; the forest splits at most " +
            std::to_string(RandomForest::max_categories) + ", so merge rare categories");
    } else if (low <= high) {
      out.lower[c] = low;
      out.upper[c] = high;
    }
  }
  return out;
}

}  // namespace hypershap
