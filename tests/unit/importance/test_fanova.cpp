#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <vector>

#include "hypershap/core/error.hpp"
#include "hypershap/core/random.hpp"
#include "hypershap/importance/fanova.hpp"
#include "hypershap/models/random_forest.hpp"

using namespace hypershap;

namespace {

// ---- brute force: every cell of the split grid of the whole forest -------------------------
// The grid is the product over features of the cells cut by every split value of every tree
// (continuous) or of every value (discrete); each tree is constant on each cell, so evaluating
// it at the cells' midpoints and summing with the cells' widths integrates it exactly.
struct BruteForce {
  std::vector<FanovaDomain> domains;
  std::vector<std::vector<double>> edges;    // continuous features
  std::vector<std::vector<double>> points;   // the representative value of each cell
  std::vector<std::vector<double>> weights;  // each cell's fraction of the domain
  std::vector<std::size_t> cells, stride;
  std::size_t grid = 1;

  BruteForce(const RandomForest& forest, std::vector<FanovaDomain> d) : domains(std::move(d)) {
    const std::size_t n = domains.size();
    edges.assign(n, {});
    for (int t = 0; t < forest.n_trees(); ++t) {
      std::vector<std::int32_t> stack{forest.tree_root(t)};
      while (!stack.empty()) {
        const auto node = forest.node(stack.back());
        stack.pop_back();
        if (node.leaf) continue;
        const FanovaDomain& domain = domains[static_cast<std::size_t>(node.feature)];
        if (!domain.discrete && node.threshold > domain.lower && node.threshold < domain.upper)
          edges[static_cast<std::size_t>(node.feature)].push_back(node.threshold);
        stack.push_back(node.left);
        stack.push_back(node.right);
      }
    }
    points.assign(n, {});
    weights.assign(n, {});
    cells.assign(n, 0);
    stride.assign(n, 0);
    for (std::size_t j = 0; j < n; ++j) {
      if (domains[j].discrete) {
        for (int v = 0; v < domains[j].values; ++v) {
          points[j].push_back(v);
          weights[j].push_back(1.0 / domains[j].values);
        }
      } else {
        std::vector<double>& e = edges[j];
        e.push_back(domains[j].lower);
        e.push_back(domains[j].upper);
        std::sort(e.begin(), e.end());
        e.erase(std::unique(e.begin(), e.end()), e.end());
        for (std::size_t c = 0; c + 1 < e.size(); ++c) {
          points[j].push_back(0.5 * (e[c] + e[c + 1]));
          weights[j].push_back((e[c + 1] - e[c]) / (domains[j].upper - domains[j].lower));
        }
      }
      cells[j] = points[j].size();
    }
    for (std::size_t j = n; j-- > 0;) {
      stride[j] = grid;
      grid *= cells[j];
    }
  }

  std::size_t coordinate(std::size_t cell, std::size_t j) const {
    return (cell / stride[j]) % cells[j];
  }

  // the tree at every cell of the full grid
  std::vector<double> values(const RandomForest& forest, int tree) const {
    std::vector<double> out(grid);
    std::vector<double> row(domains.size());
    for (std::size_t cell = 0; cell < grid; ++cell) {
      for (std::size_t j = 0; j < domains.size(); ++j) row[j] = points[j][coordinate(cell, j)];
      out[cell] = forest.tree_prediction(tree, row.data());
    }
    return out;
  }

  double weight(std::size_t cell) const {
    double w = 1.0;
    for (std::size_t j = 0; j < domains.size(); ++j) w *= weights[j][coordinate(cell, j)];
    return w;
  }

  // the marginal of `subset` over its (full-grid) cells: the weighted mean over the others
  std::map<std::vector<std::size_t>, double> marginal(const std::vector<double>& f,
                                                      const std::vector<int>& subset) const {
    std::map<std::vector<std::size_t>, double> sum;
    std::map<std::vector<std::size_t>, double> mass;
    for (std::size_t cell = 0; cell < grid; ++cell) {
      std::vector<std::size_t> key;
      double other = 1.0;
      for (std::size_t j = 0; j < domains.size(); ++j) {
        if (std::find(subset.begin(), subset.end(), static_cast<int>(j)) != subset.end())
          key.push_back(coordinate(cell, j));
        else
          other *= weights[j][coordinate(cell, j)];
      }
      sum[key] += other * f[cell];
      mass[key] += other;
    }
    return sum;  // the other features' weights sum to 1 for each key
  }

  double key_weight(const std::vector<std::size_t>& key, const std::vector<int>& subset) const {
    double w = 1.0;
    for (std::size_t i = 0; i < subset.size(); ++i)
      w *= weights[static_cast<std::size_t>(subset[i])][key[i]];
    return w;
  }
};

// the cell of the tree's own grid that contains value x of feature j
int tree_cell(const FanovaTree& tree, const FanovaDomain& domain, int j, double x) {
  if (domain.discrete) return static_cast<int>(x);
  const std::vector<double>& e = tree.edges(j);
  return static_cast<int>(std::upper_bound(e.begin(), e.end(), x) - e.begin()) - 1;
}

// A forest on 3 continuous features (one with inactive values) and one categorical, fitted on
// few points so that the full split grid stays small.
struct SmallForest {
  RandomForest forest;
  std::vector<FanovaDomain> domains;
};

SmallForest small_forest(std::uint64_t seed) {
  Rng rng(seed);
  const int n = 24;
  RowMatrix x(n, 4);
  Eigen::VectorXd y(n);
  for (int i = 0; i < n; ++i) {
    x(i, 0) = -1.0 + 3.0 * rng.uniform();
    x(i, 1) = rng.uniform();
    x(i, 2) = i % 5 == 0 ? std::nan("") : 10.0 * rng.uniform();  // inactive now and then
    x(i, 3) = static_cast<double>(rng.below(3));
    y[i] = std::sin(2 * x(i, 0)) + 3 * x(i, 1) * x(i, 0) + (x(i, 3) == 1 ? 2.0 : 0.0) +
           (std::isnan(x(i, 2)) ? -1.0 : 0.1 * x(i, 2)) + 0.1 * rng.uniform();
  }
  ForestOptions options;
  options.n_trees = 4;
  options.max_features = 0.7;
  options.seed = seed;
  SmallForest out{RandomForest::fit(x, y, options, {0, 0, 0, 3}),
                  {FanovaDomain::continuous(-1, 2), FanovaDomain::continuous(0, 1),
                   FanovaDomain::continuous(0, 10), FanovaDomain::discrete_values(3)}};
  return out;
}

}  // namespace

TEST_CASE("fANOVA marginals, variances and fractions equal brute force over the split grid") {
  for (const std::uint64_t seed : {1u, 2u, 3u}) {
    CAPTURE(seed);
    const SmallForest sf = small_forest(seed);
    const RandomForest& forest = sf.forest;
    const BruteForce brute(forest, sf.domains);
    REQUIRE(brute.grid < 200000);
    const std::vector<std::vector<int>> subsets = {{0},    {1},    {2},    {3},    {0, 1},   {0, 2},
                                                   {0, 3}, {1, 2}, {1, 3}, {2, 3}, {0, 1, 3}};
    // per subset, per tree: the brute-force individual fraction (and total), trees with V > 0
    std::map<std::vector<int>, std::vector<double>> individual_fraction, total_fraction;
    double variance_sum = 0.0;
    for (int t = 0; t < forest.n_trees(); ++t) {
      CAPTURE(t);
      const std::vector<double> f = brute.values(forest, t);
      double mean = 0.0;
      for (std::size_t c = 0; c < brute.grid; ++c) mean += brute.weight(c) * f[c];
      double variance = 0.0;
      for (std::size_t c = 0; c < brute.grid; ++c)
        variance += brute.weight(c) * (f[c] - mean) * (f[c] - mean);
      const FanovaTree tree(forest, t, sf.domains);
      CHECK(tree.mean() == doctest::Approx(mean).epsilon(1e-12));
      CHECK(std::abs(tree.total_variance() - variance) <= 1e-12 * variance);
      variance_sum += variance;
      std::map<std::vector<int>, double> individual;
      for (const auto& subset : subsets) {
        CAPTURE(subset);
        const auto brute_marginal = brute.marginal(f, subset);
        const std::vector<double> marginal = tree.marginal(subset);
        double v_total = 0.0;
        for (const auto& [key, value] : brute_marginal) {
          // the tree's cell holding this full-grid cell
          std::size_t index = 0;
          for (std::size_t i = 0; i < subset.size(); ++i) {
            const auto j = static_cast<std::size_t>(subset[i]);
            index = index * static_cast<std::size_t>(tree.cell_count(subset[i])) +
                    static_cast<std::size_t>(
                        tree_cell(tree, sf.domains[j], subset[i], brute.points[j][key[i]]));
          }
          CHECK(std::abs(marginal[index] - value) <= 1e-12 * (1.0 + std::abs(value)));
          v_total += brute.key_weight(key, subset) * (value - mean) * (value - mean);
        }
        CHECK(std::abs(tree.marginal_variance(subset) - v_total) <= 1e-12 * (variance + 1e-300));
        // individual: minus the proper subsets' individual variances, clipped at 0
        double v = v_total;
        for (const auto& [lower, value] : individual)
          if (lower.size() < subset.size() &&
              std::includes(subset.begin(), subset.end(), lower.begin(), lower.end()))
            v -= value;
        individual[subset] = std::max(v, 0.0);
        if (variance > 0) {
          individual_fraction[subset].push_back(individual[subset] / variance);
          total_fraction[subset].push_back(v_total / variance);
        }
      }
    }
    const FanovaResult result = fanova(forest, sf.domains, {0, 1, 2, 3}, 3);
    CHECK(result.trees == forest.n_trees());
    CHECK(result.total_variance == doctest::Approx(variance_sum / forest.n_trees()).epsilon(1e-12));
    CHECK(result.terms.size() == 4 + 6 + 4);
    for (std::size_t i = 1; i < result.terms.size(); ++i)
      CHECK(result.terms[i - 1].fraction >= result.terms[i].fraction);
    for (const FanovaTerm& term : result.terms) {
      if (individual_fraction.count(term.features) == 0) continue;  // not brute-forced
      CAPTURE(term.features);
      const std::vector<double>& x = individual_fraction[term.features];
      REQUIRE(x.size() == static_cast<std::size_t>(result.trees_used));
      double mean = 0.0;
      for (const double v : x) mean += v / static_cast<double>(x.size());
      double var = 0.0;
      for (const double v : x) var += (v - mean) * (v - mean) / static_cast<double>(x.size());
      CHECK(std::abs(term.fraction - mean) <= 1e-12);
      CHECK(std::abs(term.std - std::sqrt(var)) <= 1e-12);
      double total_mean = 0.0;
      for (const double v : total_fraction[term.features])
        total_mean += v / static_cast<double>(x.size());
      CHECK(std::abs(term.total_fraction - total_mean) <= 1e-12);
    }
  }
}

TEST_CASE("fANOVA of an additive function: main effects take the closed-form shares, pairs ~0") {
  // f(x) = 4 x0 + sin(2π x1) + x2² on [0, 1]^3: Var = 16/12 + 1/2 + (1/5 - 1/9)
  const double v0 = 16.0 / 12.0, v1 = 0.5, v2 = 1.0 / 5.0 - 1.0 / 9.0;
  const double total = v0 + v1 + v2;
  Rng rng(7);
  const int n = 2000;
  RowMatrix x(n, 3);
  Eigen::VectorXd y(n);
  for (int i = 0; i < n; ++i) {
    for (int j = 0; j < 3; ++j) x(i, j) = rng.uniform();
    y[i] = 4 * x(i, 0) + std::sin(2 * M_PI * x(i, 1)) + x(i, 2) * x(i, 2);
  }
  ForestOptions options;  // automl/fanova's: 16 trees, 70% of the features per split
  options.n_trees = 16;
  options.max_features = 0.7;
  options.seed = 3;
  const RandomForest forest = RandomForest::fit(x, y, options);
  // The forest's error: its out-of-bag R² leaves u = 1 - R² of the variance unexplained (1.3%
  // here). The forest's error function carries at most that variance, so a pair's spurious
  // interaction stays below u, and a main effect's share moves by at most about 2u (its own
  // variance and the total both change).
  const double unexplained = 1.0 - forest.oob_error().r2;
  REQUIRE(unexplained < 0.05);
  const std::vector<FanovaDomain> unit(3, FanovaDomain::continuous(0, 1));
  const FanovaResult result = fanova(forest, unit, {0, 1, 2}, 2);
  std::map<std::vector<int>, double> fraction;
  for (const FanovaTerm& t : result.terms) fraction[t.features] = t.fraction;
  CHECK(std::abs(fraction[{0}] - v0 / total) < 2 * unexplained);
  CHECK(std::abs(fraction[{1}] - v1 / total) < 2 * unexplained);
  CHECK(std::abs(fraction[{2}] - v2 / total) < 2 * unexplained);
  CHECK(fraction[{0, 1}] < unexplained);
  CHECK(fraction[{0, 2}] < unexplained);
  CHECK(fraction[{1, 2}] < unexplained);
  CHECK(result.total_variance == doctest::Approx(total).epsilon(0.05));
}

TEST_CASE("fANOVA refuses what it cannot integrate") {
  const SmallForest sf = small_forest(1);
  std::vector<FanovaDomain> bad = sf.domains;
  bad[0] = FanovaDomain::continuous(0, INFINITY);
  CHECK_THROWS_AS(fanova(sf.forest, bad, {0}, 1), Error);
  bad = sf.domains;
  bad[3] = FanovaDomain::continuous(0, 3);  // categorical in the forest
  CHECK_THROWS_AS(fanova(sf.forest, bad, {0}, 1), Error);
  CHECK_THROWS_AS(fanova(sf.forest, sf.domains, {0}, 0), Error);
  // a constant function
  RowMatrix x(10, 1);
  Eigen::VectorXd y = Eigen::VectorXd::Constant(10, 2.0);
  for (int i = 0; i < 10; ++i) x(i, 0) = i;
  const RandomForest flat = RandomForest::fit(x, y);
  CHECK_THROWS_AS(fanova(flat, {FanovaDomain::continuous(0, 9)}, {0}, 1), Error);
}
