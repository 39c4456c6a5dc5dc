#pragma once
// Choosing a formula's complexity (Segel et al., AutoML 2023, Section 4.1.2 and Appendices A, C):
// fits over a parsimony sweep, the elbow rule, and the Pareto front of (operations, RMSE).

#include <cstddef>
#include <vector>

namespace hypershap::symbolic {

/// The paper's 12 parsimony coefficients (its plot_complexity_vs_rmse.py), ascending.
const std::vector<double>& paper_parsimony_values();

/// One fitted formula: its parsimony coefficient, operation count (count_ops of the simplified
/// formula) and RMSE (on the test data where there is some).
struct FormulaScore {
  double parsimony = 0.0;
  int operations = 0;
  double rmse = 0.0;
};

struct ElbowRule {
  int min_added_operations = 2;    // the paper: "increase the operation count by at least two"
  double min_relative_gain = 0.1;  // "while decreasing the RMSE by less than 10%"
};

/// Appendix A's elbow rule: walk the fits from the highest parsimony to the lowest and stop
/// before the first step that adds at least `min_added_operations` operations while lowering the
/// RMSE by less than `min_relative_gain` (relative); the index (into `scores`) of the fit where it
/// stops. `scores` may be in any order; equal parsimony values keep their order.
std::size_t elbow_index(const std::vector<FormulaScore>& scores, const ElbowRule& rule = {});

/// The Pareto front of (operations, RMSE), both lower is better: indices into `scores` of the
/// fits no other fit dominates (fewer or equal operations and lower or equal RMSE, one strictly),
/// by increasing operations; of identical points the first is kept.
std::vector<std::size_t> pareto_front(const std::vector<FormulaScore>& scores);

}  // namespace hypershap::symbolic
