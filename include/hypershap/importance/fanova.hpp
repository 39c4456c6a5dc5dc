#pragma once
// Functional ANOVA over a random forest (Hutter, Hoos, Leyton-Brown, ICML 2014), with the
// semantics of automl/fanova:
//  - each tree is a piecewise-constant function; the tree's split values of a feature cut that
//    feature's domain into cells (a categorical or other discrete feature: one cell per value),
//    and the product of the cells partitions the space;
//  - the marginal of a subset U of features at a cell of U's grid is the mean of the tree over the
//    other features, each uniform over its domain (the weighted mean over their cells, weights
//    the cells' widths);
//  - V_U(total) is the variance of that marginal over U's grid (weights the cells' widths), V the
//    tree's total variance, and V_U(individual) = V_U(total) minus the individual variances of
//    the proper subsets of U, clipped at 0;
//  - the fraction of U is V_U / V per tree, reported as the mean and the (population) standard
//    deviation over the trees whose total variance is not 0.
// Conditional hyperparameters are handled as automl/fanova handles them: not at all — every
// feature is integrated over its whole domain as if it were active; the forest's predictions for
// inactive values (NaN, below every numeric value or a category of its own) get no weight.
//
// The computation is exact (no sampling): each leaf is a box, and the marginal over U's grid is
// assembled from the leaves' boxes with a difference array, O(leaves · 2^|U| + grid cells).

#include <cstdint>
#include <string>
#include <vector>

#include "hypershap/models/random_forest.hpp"

namespace hypershap {

/// The domain fANOVA integrates a feature over, uniformly.
struct FanovaDomain {
  bool discrete = false;  // the values 0, 1, ..., values - 1, each with weight 1 / values
  int values = 1;         // discrete: how many (categorical choices, ordinal levels; constants 1)
  double lower = 0.0;     // continuous: [lower, upper], lower < upper, both finite
  double upper = 1.0;

  static FanovaDomain continuous(double lower, double upper) {
    return FanovaDomain{false, 1, lower, upper};
  }
  static FanovaDomain discrete_values(int values) { return FanovaDomain{true, values, 0.0, 0.0}; }
};

/// One tree's partition and its functional ANOVA terms.
class FanovaTree {
 public:
  /// The tree `tree` of `forest`; `domains` has one entry per feature of the forest.
  /// invalid_input for a domain that cannot be integrated (bounds not finite, lower >= upper,
  /// no values, more than 64 discrete values).
  FanovaTree(const RandomForest& forest, int tree, const std::vector<FanovaDomain>& domains);

  /// The mean of the tree over the whole space (f_∅).
  double mean() const { return mean_; }
  /// V: the variance of the tree over the whole space.
  double total_variance() const { return total_variance_; }

  /// The cells of feature j: edges (continuous: cells[i] = (edges[i], edges[i+1])) or, for a
  /// discrete feature, one cell per value.
  int cell_count(int feature) const;
  /// Continuous features: the cell edges, lower, the split values inside the domain, upper.
  const std::vector<double>& edges(int feature) const {
    return edges_[static_cast<std::size_t>(feature)];
  }
  /// The weight (fraction of the domain) of cell c of feature j.
  double cell_weight(int feature, int cell) const;

  /// The marginal of the features in `subset` (sorted, distinct) at every cell of their grid, the
  /// first feature's cell varying slowest; the grid's weights are the products of the cells'.
  std::vector<double> marginal(const std::vector<int>& subset) const;
  /// V_U(total): the variance of marginal(subset) over the grid.
  double marginal_variance(const std::vector<int>& subset) const;

 private:
  struct Leaf {
    double value = 0.0;
    double volume = 0.0;             // the product of the weights below
    std::vector<double> weight;      // per feature: the fraction of the domain in the box
    std::vector<int> first, last;    // continuous: cells [first, last) of the box
    std::vector<std::uint64_t> set;  // discrete: bit v = value v is in the box
  };

  std::vector<FanovaDomain> domains_;
  std::vector<std::vector<double>> edges_;
  std::vector<Leaf> leaves_;
  double mean_ = 0.0;
  double total_variance_ = 0.0;
};

/// One term of the decomposition, as automl/fanova reports it.
struct FanovaTerm {
  std::vector<int> features;    // sorted
  double fraction = 0.0;        // mean over trees of V_U(individual) / V
  double std = 0.0;             // population standard deviation over trees of the same
  double total_fraction = 0.0;  // mean over trees of V_U(total) / V
  double total_std = 0.0;
};

struct FanovaResult {
  double total_variance = 0.0;    // mean of V over the trees used
  int trees = 0;                  // trees of the forest
  int trees_used = 0;             // trees whose V is not 0 (the fractions' denominators)
  std::vector<FanovaTerm> terms;  // every subset of `features` of size 1..order, by fraction
                                  // (largest first; ties in subset order)
};

/// fANOVA of every subset of `features` (feature indices of the forest) of size 1..order.
/// invalid_input when every tree is constant (automl/fanova: "zero total variance in all trees")
/// or order < 1.
FanovaResult fanova(const RandomForest& forest, const std::vector<FanovaDomain>& domains,
                    const std::vector<int>& features, int order);

}  // namespace hypershap
