#pragma once
// The random-forest performance model: regression trees on encoded configurations, with SMAC3's
// defaults (10 trees, bootstrap, every feature at each split, min samples split 2, min samples leaf
// 1, unlimited depth). This is the surrogate a user has after any HPO run; HyperSHAP's games
// query it in batches.
//
// Encoding of a row: a numeric feature is a number (any scale: a tree only compares values); a
// categorical feature is its category index 0..k-1 (`categories` gives k) and is split by
// subsets of categories, not by order. An inactive value is NaN, as the space layer writes it:
// for a numeric feature it sorts below every value (so it splits off cleanly whatever the
// scale), for a categorical one it is a category of its own. -1 (RandomForest::inactive, SMAC's
// imputation) works too: below the unit cube for numeric features, the same category as NaN for
// categorical ones. A category no training row of a node had goes right.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <Eigen/Core>

namespace hypershap {

using RowMatrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

struct ForestOptions {
  int n_trees = 10;
  bool bootstrap = true;
  double max_features = 1.0;  // the fraction of features considered at each split
  int min_samples_split = 2;
  int min_samples_leaf = 1;
  int max_depth = 1 << 20;
  // fit log(y) (y > 0); each tree predicts exp of its leaf mean and the forest averages those,
  // as SMAC3's log_y averages its trees in the original space
  bool log_target = false;
  std::uint64_t seed = 0;  // tree t draws from Rng::stream(seed, {t})
};

/// What the model predicts: the run history's metric and its direction.
struct Objective {
  std::string metric_name = "cost";
  bool maximize = false;
};

/// Out-of-bag error: each training row predicted by the trees whose bootstrap sample missed it.
struct OutOfBagError {
  double rmse = 0.0;
  double r2 = 0.0;
  std::size_t rows = 0;  // rows left out by at least one tree; 0 without bootstrap (rmse, r2 NaN)
};

class RandomForest {
 public:
  /// SMAC's marker of an inactive value in an encoded row (NaN is accepted as well).
  static constexpr double inactive = -1.0;
  /// Categories a categorical feature may have (its indices and the inactive one fit a 64-bit
  /// mask).
  static constexpr int max_categories = 63;

  /// Fits the forest. `categories[j]` is 0 for a numeric feature and k ≥ 1 for a categorical one
  /// with indices 0..k-1 (NaN or -1 for inactive); empty means every feature is numeric.
  static RandomForest fit(const Eigen::Ref<const RowMatrix>& features,
                          const Eigen::Ref<const Eigen::VectorXd>& targets,
                          const ForestOptions& options = {}, std::vector<int> categories = {},
                          Objective objective = {});

  /// Predictions for a batch of encoded rows (out.size() == features.rows()). No allocation per
  /// row; thread-safe (const).
  void predict(const Eigen::Ref<const RowMatrix>& features, Eigen::Ref<Eigen::VectorXd> out) const;
  double predict_one(const double* row) const;

  /// The performance-model view: predict, under the objective below.
  void evaluate(const Eigen::Ref<const RowMatrix>& features,
                Eigen::Ref<Eigen::VectorXd> out) const {
    predict(features, out);
  }
  const Objective& objective() const { return objective_; }
  bool maximize() const { return objective_.maximize; }
  const std::string& metric_name() const { return objective_.metric_name; }

  int n_features() const { return n_features_; }
  int n_trees() const { return static_cast<int>(roots_.size()); }
  std::size_t n_nodes() const { return nodes_.size(); }
  const std::vector<int>& categories() const { return categories_; }
  const ForestOptions& options() const { return options_; }
  const OutOfBagError& oob_error() const { return oob_; }

  /// A read-only view of one node, for analyses of the trees' structure (fANOVA). A row goes to
  /// `left` when x <= threshold (numeric feature) or when bit (x + 1) of `left_categories` is
  /// set (categorical; bit 0 is the inactive category), otherwise to `right`.
  struct NodeView {
    bool leaf = true;
    int feature = -1;
    double threshold = 0.0;
    std::uint64_t left_categories = 0;
    std::int32_t left = -1, right = -1;
    double value = 0.0;  // a leaf's prediction
  };
  std::int32_t tree_root(int tree) const { return roots_[static_cast<std::size_t>(tree)]; }
  NodeView node(std::int32_t index) const {
    const Node& n = nodes_[static_cast<std::size_t>(index)];
    if (n.feature < 0) return NodeView{true, -1, 0.0, 0, -1, -1, n.value};
    return NodeView{false, n.feature, n.value, n.mask, n.left, n.left + 1, 0.0};
  }
  /// The predictions of the HyperSHAP blends of one row `x` with `lambda0` for a block of
  /// coalitions, as sums over the trees: `sums[L]` (L < 2^low_bits) is the sum, in tree order
  /// from 0.0 (as predict_one adds), of the leaf values reached by the blend for coalition
  /// S = high | L (high has no bit below low_bits), so predict_one(blend) == sums[L] / n_trees()
  /// bit for bit. The blend takes feature f from x when f is player p (player_of[f] = p ≥ 0) and
  /// p ∈ S, from lambda0 otherwise: the blend of a space without conditions. A tree's blends share
  /// their path until a node where x and lambda0 go different ways on a player of the low bits;
  /// there the path splits (x's way for the coalitions with the player, lambda0's for the others),
  /// so each tree costs the nodes of those paths plus one addition per coalition, not 2^low_bits
  /// root-to-leaf traversals (issue 16). Every leaf reached adds its value to the coalitions it
  /// is reached by, which are a subcube of the block.
  void blend_sums(const double* x, const double* lambda0, const std::vector<int>& player_of,
                  int low_bits, std::uint64_t high, double* sums) const;
  /// blend_sums for `count` rows at once (row i at rows + i·stride, its sums at
  /// sums + i·2^low_bits), tree by tree so that each tree stays in cache for all the rows.
  void blend_sums(const double* rows, std::size_t count, std::size_t stride, const double* lambda0,
                  const std::vector<int>& player_of, int low_bits, std::uint64_t high,
                  double* sums) const;

  /// The prediction of tree `tree` alone for an encoded row.
  double tree_prediction(int tree, const double* row) const {
    return predict_tree(tree_root(tree), row);
  }

 private:
  friend class TreeBuilder;

  double predict_tree(std::int32_t root, const double* row) const;

  // Flat node array, every tree in one: a node is a leaf when feature < 0 (value is its
  // prediction); otherwise its children are left and left + 1, and a row goes left when
  // x <= value (numeric, mask == 0) or bit (x + 1) of mask is set (categorical).
  struct Node {
    std::int32_t feature = -1;
    std::int32_t left = -1;
    double value = 0.0;
    std::uint64_t mask = 0;
  };
  std::vector<Node> nodes_;

  static bool goes_left(const Node& node, double x) {
    if (node.mask == 0) return !(x > node.value);  // NaN (inactive) sorts below every value
    if (x != x) return (node.mask & 1U) != 0;      // NaN: the inactive category, as -1
    // a category outside the mask's range goes right
    return x >= inactive && x < max_categories &&
           ((node.mask >> static_cast<unsigned>(static_cast<int>(x) + 1)) & 1U) != 0;
  }
  std::vector<std::int32_t> roots_;

  int n_features_ = 0;
  std::vector<int> categories_;
  ForestOptions options_;
  Objective objective_;
  OutOfBagError oob_;
};

}  // namespace hypershap
