#include "hypershap/symbolic/parsimony.hpp"

#include <algorithm>
#include <numeric>

namespace hypershap::symbolic {

const std::vector<double>& paper_parsimony_values() {
  static const std::vector<double> values{0.0001, 0.00025, 0.0005, 0.00075, 0.001, 0.0025,
                                          0.005,  0.0075,  0.01,   0.025,   0.05,  0.075};
  return values;
}

std::size_t elbow_index(const std::vector<FormulaScore>& scores, const ElbowRule& rule) {
  if (scores.empty()) return 0;
  std::vector<std::size_t> order(scores.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return scores[a].parsimony > scores[b].parsimony;
  });
  for (std::size_t k = 0; k + 1 < order.size(); ++k) {
    const FormulaScore& current = scores[order[k]];
    const FormulaScore& next = scores[order[k + 1]];
    const bool more_complex = next.operations - current.operations >= rule.min_added_operations;
    const double gain =
        current.rmse > 0.0 ? (current.rmse - next.rmse) / current.rmse : 0.0;  // relative drop
    if (more_complex && gain < rule.min_relative_gain) return order[k];
  }
  return order.back();
}

std::vector<std::size_t> pareto_front(const std::vector<FormulaScore>& scores) {
  std::vector<std::size_t> order(scores.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    if (scores[a].operations != scores[b].operations)
      return scores[a].operations < scores[b].operations;
    return scores[a].rmse < scores[b].rmse;
  });
  // By operations, then RMSE: a fit is on the front when its RMSE is below every fit before it.
  std::vector<std::size_t> front;
  for (const std::size_t i : order) {
    if (front.empty() || scores[i].rmse < scores[front.back()].rmse) front.push_back(i);
  }
  return front;
}

}  // namespace hypershap::symbolic
