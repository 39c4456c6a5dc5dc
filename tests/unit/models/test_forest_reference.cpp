// The forest's trees against a brute-force CART written from the definition: at each node, every
// threshold between distinct sorted values and every subset of the categories present is tried,
// and the split with the smallest summed squared error of the two children is taken.

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <memory>
#include <vector>

#include "hypershap/core/random.hpp"
#include "hypershap/models/random_forest.hpp"

using namespace hypershap;

namespace {

struct ReferenceNode {
  int feature = -1;
  double threshold = 0.0;
  std::uint64_t left_categories = 0;  // bit c + 1: category c goes left
  double value = 0.0;
  std::unique_ptr<ReferenceNode> left, right;
};

double sse(const std::vector<double>& y) {
  double mean = 0.0;
  for (const double v : y) mean += v;
  mean /= static_cast<double>(y.size());
  double s = 0.0;
  for (const double v : y) s += (v - mean) * (v - mean);
  return s;
}

struct Reference {
  const RowMatrix& x;
  const Eigen::VectorXd& y;
  std::vector<int> categories;
  int max_depth;
  std::size_t min_leaf;

  bool left_of(const ReferenceNode& n, Eigen::Index row) const {
    const double v = x(row, n.feature);
    if (categories[static_cast<std::size_t>(n.feature)] == 0) return v <= n.threshold;
    return (n.left_categories >> static_cast<int>(v + 1)) & 1U;
  }

  std::unique_ptr<ReferenceNode> build(const std::vector<Eigen::Index>& rows, int depth) const {
    auto node = std::make_unique<ReferenceNode>();
    std::vector<double> ys;
    for (const Eigen::Index r : rows) ys.push_back(y[r]);
    double mean = 0.0;
    for (const double v : ys) mean += v;
    node->value = mean / static_cast<double>(ys.size());
    if (rows.size() < 2 || depth >= max_depth || sse(ys) == 0.0) return node;
    double best = sse(ys);
    ReferenceNode split;
    bool found = false;
    const auto consider = [&](const ReferenceNode& candidate) {
      std::vector<double> l, r;
      for (const Eigen::Index row : rows) (left_of(candidate, row) ? l : r).push_back(y[row]);
      if (l.size() < min_leaf || r.size() < min_leaf) return;
      const double total = sse(l) + sse(r);
      if (total < best - 1e-12) {
        best = total;
        split.feature = candidate.feature;
        split.threshold = candidate.threshold;
        split.left_categories = candidate.left_categories;
        found = true;
      }
    };
    for (int j = 0; j < static_cast<int>(x.cols()); ++j) {
      ReferenceNode candidate;
      candidate.feature = j;
      const int k = categories[static_cast<std::size_t>(j)];
      if (k == 0) {
        std::vector<double> values;
        for (const Eigen::Index r : rows) values.push_back(x(r, j));
        std::sort(values.begin(), values.end());
        for (std::size_t i = 0; i + 1 < values.size(); ++i) {
          if (values[i] == values[i + 1]) continue;
          candidate.threshold = 0.5 * (values[i] + values[i + 1]);
          consider(candidate);
        }
      } else {
        for (std::uint64_t subset = 1; subset + 1 < (std::uint64_t{1} << (k + 1)); ++subset) {
          candidate.left_categories = subset;
          consider(candidate);
        }
      }
    }
    if (!found) return node;
    node->feature = split.feature;
    node->threshold = split.threshold;
    node->left_categories = split.left_categories;
    std::vector<Eigen::Index> l, r;
    for (const Eigen::Index row : rows) (left_of(*node, row) ? l : r).push_back(row);
    node->left = build(l, depth + 1);
    node->right = build(r, depth + 1);
    return node;
  }
};

double predict(const ReferenceNode& node, const RowMatrix& x, Eigen::Index row,
               const std::vector<int>& categories) {
  if (node.feature < 0) return node.value;
  const double v = x(row, node.feature);
  const bool left = categories[static_cast<std::size_t>(node.feature)] == 0
                        ? v <= node.threshold
                        : ((node.left_categories >> static_cast<int>(v + 1)) & 1U) != 0;
  return predict(left ? *node.left : *node.right, x, row, categories);
}

}  // namespace

TEST_CASE("a tree on numeric features is the brute-force CART tree, at any depth and leaf size") {
  for (int trial = 0; trial < 12; ++trial) {
    CAPTURE(trial);
    Rng rng(100 + static_cast<std::uint64_t>(trial));
    const Eigen::Index n = 80;
    RowMatrix x(n, 3);
    Eigen::VectorXd y(n);
    for (Eigen::Index i = 0; i < n; ++i) {
      for (Eigen::Index j = 0; j < 3; ++j) x(i, j) = rng.uniform();
      y[i] = x(i, 0) * 2.0 + (x(i, 1) > 0.5 ? 1.0 : 0.0) + 0.3 * rng.normal();
    }
    ForestOptions options;
    options.bootstrap = false;
    options.n_trees = 1;
    options.max_depth = 1 + trial % 4;
    options.min_samples_leaf = 1 + trial % 5;
    const RandomForest forest = RandomForest::fit(x, y, options);
    const Reference reference{
        x, y, {0, 0, 0}, options.max_depth, static_cast<std::size_t>(options.min_samples_leaf)};
    std::vector<Eigen::Index> all(static_cast<std::size_t>(n));
    for (Eigen::Index i = 0; i < n; ++i) all[static_cast<std::size_t>(i)] = i;
    const auto tree = reference.build(all, 0);
    RowMatrix probes(400, 3);
    for (Eigen::Index i = 0; i < probes.rows(); ++i)
      for (Eigen::Index j = 0; j < 3; ++j) probes(i, j) = rng.uniform(-0.1, 1.1);
    Eigen::VectorXd out(probes.rows());
    forest.predict(probes, out);
    for (Eigen::Index i = 0; i < probes.rows(); ++i)
      CHECK(out[i] == doctest::Approx(predict(*tree, probes, i, {0, 0, 0})).epsilon(1e-12));
  }
}

TEST_CASE("a categorical split is the best of all subsets of the categories (Breiman's ordering)") {
  // stumps on one categorical feature with 5 categories plus inactive, beside a numeric one: the
  // root split is compared with every subset of the categories
  for (int trial = 0; trial < 20; ++trial) {
    CAPTURE(trial);
    Rng rng(500 + static_cast<std::uint64_t>(trial));
    const Eigen::Index n = 120;
    RowMatrix x(n, 2);
    Eigen::VectorXd y(n);
    double effect[6];
    for (double& e : effect) e = rng.normal();
    for (Eigen::Index i = 0; i < n; ++i) {
      x(i, 0) = static_cast<double>(i % 6) - 1.0;  // every category, and -1, 20 times
      x(i, 1) = rng.uniform();
      y[i] = effect[i % 6] + 0.8 * x(i, 1) + 0.5 * rng.normal();
    }
    ForestOptions options;
    options.bootstrap = false;
    options.n_trees = 1;
    options.max_depth = 1;
    const RandomForest forest = RandomForest::fit(x, y, options, {5, 0});
    const Reference reference{x, y, {5, 0}, 1, 1};
    std::vector<Eigen::Index> all(static_cast<std::size_t>(n));
    for (Eigen::Index i = 0; i < n; ++i) all[static_cast<std::size_t>(i)] = i;
    const auto tree = reference.build(all, 0);
    Eigen::VectorXd out(n);
    forest.predict(x, out);
    for (Eigen::Index i = 0; i < n; ++i)
      CHECK(out[i] == doctest::Approx(predict(*tree, x, i, {5, 0})).epsilon(1e-12));
  }
}
