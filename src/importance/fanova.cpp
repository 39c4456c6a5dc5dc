#include "hypershap/importance/fanova.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <map>
#include <sstream>
#include <utility>

#include "hypershap/core/error.hpp"

namespace hypershap {

namespace {

std::size_t at(int i) { return static_cast<std::size_t>(i); }

std::uint64_t all_values(int values) {
  return values >= 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << static_cast<unsigned>(values)) - 1;
}

void check_domains(const RandomForest& forest, const std::vector<FanovaDomain>& domains) {
  if (domains.size() != at(forest.n_features()))
    throw invalid_input("fANOVA: " + std::to_string(domains.size()) + " domains for a forest of " +
                        std::to_string(forest.n_features()) + " features; give one per feature");
  const std::vector<int>& categories = forest.categories();
  for (std::size_t j = 0; j < domains.size(); ++j) {
    const FanovaDomain& d = domains[j];
    const std::string feature = "fANOVA: feature " + std::to_string(j);
    if (d.discrete) {
      if (d.values < 1 || d.values > 64)
        throw invalid_input(feature + " has " + std::to_string(d.values) +
                            " discrete values; fANOVA integrates 1 to 64");
    } else {
      if (!std::isfinite(d.lower) || !std::isfinite(d.upper) || !(d.lower < d.upper)) {
        std::ostringstream text;
        text << feature << " has the domain [" << d.lower << ", " << d.upper
             << "]; fANOVA needs finite bounds, lower < upper (give the hyperparameter bounds)";
        throw invalid_input(text.str());
      }
      if (!categories.empty() && categories[j] > 0)
        throw invalid_input(feature +
                            " is categorical in the forest but continuous in its domain; "
                            "give it a discrete domain");
    }
  }
}

}  // namespace

FanovaTree::FanovaTree(const RandomForest& forest, int tree,
                       const std::vector<FanovaDomain>& domains)
    : domains_(domains) {
  check_domains(forest, domains);
  if (tree < 0 || tree >= forest.n_trees())
    throw invalid_input("fANOVA: tree " + std::to_string(tree) + " of a forest of " +
                        std::to_string(forest.n_trees()) + " trees");
  const std::size_t d = domains.size();
  const std::vector<int>& categories = forest.categories();
  const auto categorical = [&](int j) { return !categories.empty() && categories[at(j)] > 0; };

  // the split values inside each continuous domain
  edges_.assign(d, {});
  std::vector<std::int32_t> stack{forest.tree_root(tree)};
  while (!stack.empty()) {
    const RandomForest::NodeView node = forest.node(stack.back());
    stack.pop_back();
    if (node.leaf) continue;
    const FanovaDomain& domain = domains_[at(node.feature)];
    if (!domain.discrete && node.threshold > domain.lower && node.threshold < domain.upper)
      edges_[at(node.feature)].push_back(node.threshold);
    stack.push_back(node.left);
    stack.push_back(node.right);
  }
  for (std::size_t j = 0; j < d; ++j) {
    std::vector<double>& e = edges_[j];
    if (domains_[j].discrete) continue;
    e.push_back(domains_[j].lower);
    e.push_back(domains_[j].upper);
    std::sort(e.begin(), e.end());
    e.erase(std::unique(e.begin(), e.end()), e.end());
  }

  // the leaves as boxes: continuous [lo, hi], discrete a set of values
  struct Box {
    std::int32_t node;
    std::vector<double> lo, hi;
    std::vector<std::uint64_t> set;
  };
  Box root{forest.tree_root(tree), std::vector<double>(d), std::vector<double>(d),
           std::vector<std::uint64_t>(d)};
  for (std::size_t j = 0; j < d; ++j) {
    root.lo[j] = domains_[j].lower;
    root.hi[j] = domains_[j].upper;
    root.set[j] = domains_[j].discrete ? all_values(domains_[j].values) : 0;
  }
  std::vector<Box> boxes;
  boxes.push_back(std::move(root));
  while (!boxes.empty()) {
    Box box = std::move(boxes.back());
    boxes.pop_back();
    const RandomForest::NodeView node = forest.node(box.node);
    if (node.leaf) {
      Leaf leaf{node.value,
                1.0,
                std::vector<double>(d, 0.0),
                std::vector<int>(d, 0),
                std::vector<int>(d, 0),
                box.set};
      for (std::size_t j = 0; j < d; ++j) {
        const FanovaDomain& domain = domains_[j];
        if (domain.discrete) {
          leaf.weight[j] = static_cast<double>(__builtin_popcountll(box.set[j])) /
                           static_cast<double>(domain.values);
        } else {
          const std::vector<double>& e = edges_[j];
          leaf.first[j] =
              static_cast<int>(std::lower_bound(e.begin(), e.end(), box.lo[j]) - e.begin());
          leaf.last[j] =
              static_cast<int>(std::lower_bound(e.begin(), e.end(), box.hi[j]) - e.begin());
          leaf.weight[j] = (box.hi[j] - box.lo[j]) / (domain.upper - domain.lower);
        }
        leaf.volume *= leaf.weight[j];
      }
      leaves_.push_back(std::move(leaf));
      continue;
    }
    const auto j = at(node.feature);
    Box left = box;
    Box right = std::move(box);
    left.node = node.left;
    right.node = node.right;
    bool left_empty = false;
    bool right_empty = false;
    if (domains_[j].discrete) {
      std::uint64_t goes_left = 0;
      for (int v = 0; v < domains_[j].values; ++v) {
        const bool l = categorical(node.feature)
                           ? ((node.left_categories >> static_cast<unsigned>(v + 1)) & 1U) != 0
                           : !(static_cast<double>(v) > node.threshold);
        if (l) goes_left |= std::uint64_t{1} << static_cast<unsigned>(v);
      }
      left.set[j] &= goes_left;
      right.set[j] &= ~goes_left;
      left_empty = left.set[j] == 0;
      right_empty = right.set[j] == 0;
    } else {
      left.hi[j] = std::min(left.hi[j], node.threshold);
      right.lo[j] = std::max(right.lo[j], node.threshold);
      left_empty = !(left.lo[j] < left.hi[j]);
      right_empty = !(right.lo[j] < right.hi[j]);
    }
    // a box with no volume (a split outside the domain, e.g. on inactive values) gets no weight
    if (!left_empty) boxes.push_back(std::move(left));
    if (!right_empty) boxes.push_back(std::move(right));
  }

  for (const Leaf& leaf : leaves_) mean_ += leaf.volume * leaf.value;
  for (const Leaf& leaf : leaves_)
    total_variance_ += leaf.volume * (leaf.value - mean_) * (leaf.value - mean_);
}

int FanovaTree::cell_count(int feature) const {
  const FanovaDomain& domain = domains_[at(feature)];
  return domain.discrete ? domain.values : static_cast<int>(edges_[at(feature)].size()) - 1;
}

double FanovaTree::cell_weight(int feature, int cell) const {
  const FanovaDomain& domain = domains_[at(feature)];
  if (domain.discrete) return 1.0 / static_cast<double>(domain.values);
  const std::vector<double>& e = edges_[at(feature)];
  return (e[at(cell) + 1] - e[at(cell)]) / (domain.upper - domain.lower);
}

std::vector<double> FanovaTree::marginal(const std::vector<int>& subset) const {
  const std::size_t k = subset.size();
  // the grid and its difference array, one more entry per dimension
  std::vector<std::size_t> cells(k), diff_stride(k);
  std::size_t grid = 1;
  std::size_t diff_size = 1;
  for (std::size_t i = k; i-- > 0;) {
    cells[i] = static_cast<std::size_t>(cell_count(subset[i]));
    diff_stride[i] = diff_size;
    grid *= cells[i];
    diff_size *= cells[i] + 1;
  }
  std::vector<double> diff(diff_size, 0.0);
  std::vector<std::vector<std::pair<std::size_t, std::size_t>>> ranges(k);
  std::vector<std::size_t> pick(k);
  for (const Leaf& leaf : leaves_) {
    // value × the box's weight in the other dimensions: every weight of a kept box is > 0 (empty
    // boxes are pruned), so dividing the volume by the subset's weights is exact to rounding
    double inside = 1.0;
    for (const int j : subset) inside *= leaf.weight[at(j)];
    const double contribution = leaf.value * (leaf.volume / inside);
    if (contribution == 0.0) continue;
    // the box's cells in each dimension of the subset, as runs [begin, end)
    for (std::size_t i = 0; i < k; ++i) {
      const auto j = at(subset[i]);
      ranges[i].clear();
      if (domains_[j].discrete) {
        std::size_t v = 0;
        while (v < cells[i]) {
          if (((leaf.set[j] >> v) & 1U) == 0) {
            ++v;
            continue;
          }
          const std::size_t begin = v;
          while (v < cells[i] && ((leaf.set[j] >> v) & 1U) != 0) ++v;
          ranges[i].emplace_back(begin, v);
        }
      } else {
        ranges[i].emplace_back(static_cast<std::size_t>(leaf.first[j]),
                               static_cast<std::size_t>(leaf.last[j]));
      }
    }
    // every combination of runs adds the contribution to its block: 2^k corners
    std::fill(pick.begin(), pick.end(), 0);
    while (true) {
      for (std::size_t corner = 0; corner < (std::size_t{1} << k); ++corner) {
        std::size_t index = 0;
        int sign = 1;
        for (std::size_t i = 0; i < k; ++i) {
          const auto& run = ranges[i][pick[i]];
          if ((corner >> i) & 1U) {
            index += run.second * diff_stride[i];
            sign = -sign;
          } else {
            index += run.first * diff_stride[i];
          }
        }
        diff[index] += sign * contribution;
      }
      std::size_t i = 0;
      while (i < k && ++pick[i] == ranges[i].size()) pick[i++] = 0;
      if (i == k) break;
    }
  }
  // prefix sums along each dimension turn the differences into the blocks' sums (row-major:
  // dimension i has extent cells[i] + 1 and stride diff_stride[i])
  for (std::size_t i = 0; i < k; ++i) {
    const std::size_t s = diff_stride[i];
    const std::size_t extent = cells[i] + 1;
    for (std::size_t base = 0; base < diff_size; base += extent * s)
      for (std::size_t p = 1; p < extent; ++p)
        for (std::size_t q = 0; q < s; ++q) diff[base + p * s + q] += diff[base + (p - 1) * s + q];
  }
  // the grid's cells, the first dimension varying slowest (an odometer: no divisions)
  std::vector<double> out(grid);
  std::vector<std::size_t> digit(k, 0);
  std::size_t index = 0;
  for (std::size_t cell = 0; cell < grid; ++cell) {
    out[cell] = diff[index];
    for (std::size_t i = k; i-- > 0;) {
      index += diff_stride[i];
      if (++digit[i] < cells[i]) break;
      index -= digit[i] * diff_stride[i];
      digit[i] = 0;
    }
  }
  return out;
}

double FanovaTree::marginal_variance(const std::vector<int>& subset) const {
  const std::vector<double> values = marginal(subset);
  const std::size_t k = subset.size();
  // each dimension's cell weights, then the grid with an odometer
  std::vector<std::vector<double>> weights(k);
  for (std::size_t i = 0; i < k; ++i)
    for (int c = 0; c < cell_count(subset[i]); ++c) weights[i].push_back(cell_weight(subset[i], c));
  std::vector<std::size_t> digit(k, 0);
  double variance = 0.0;
  for (const double value : values) {
    double weight = 1.0;
    for (std::size_t i = 0; i < k; ++i) weight *= weights[i][digit[i]];
    const double deviation = value - mean_;
    variance += weight * deviation * deviation;
    for (std::size_t i = k; i-- > 0;) {
      if (++digit[i] < weights[i].size()) break;
      digit[i] = 0;
    }
  }
  return variance;
}

namespace {

// every subset of `items` of size k, in lexicographic order of positions
std::vector<std::vector<int>> subsets_of_size(const std::vector<int>& items, std::size_t k) {
  std::vector<std::vector<int>> out;
  if (k > items.size()) return out;
  std::vector<std::size_t> position(k);
  for (std::size_t i = 0; i < k; ++i) position[i] = i;
  while (true) {
    std::vector<int> subset(k);
    for (std::size_t i = 0; i < k; ++i) subset[i] = items[position[i]];
    out.push_back(std::move(subset));
    std::size_t i = k;
    while (i > 0 && position[i - 1] == items.size() - k + (i - 1)) --i;
    if (i == 0) break;
    ++position[i - 1];
    for (std::size_t r = i; r < k; ++r) position[r] = position[r - 1] + 1;
  }
  return out;
}

}  // namespace

FanovaResult fanova(const RandomForest& forest, const std::vector<FanovaDomain>& domains,
                    const std::vector<int>& features, int order) {
  if (order < 1) throw invalid_input("fANOVA: order " + std::to_string(order) + "; use 1 or more");
  std::vector<int> items = features;
  std::sort(items.begin(), items.end());
  items.erase(std::unique(items.begin(), items.end()), items.end());
  for (const int j : items)
    if (j < 0 || j >= forest.n_features())
      throw invalid_input("fANOVA: feature " + std::to_string(j) + " of a forest of " +
                          std::to_string(forest.n_features()) + " features");
  const std::size_t max_order = std::min(items.size(), static_cast<std::size_t>(order));

  FanovaResult result;
  result.trees = forest.n_trees();
  std::vector<std::vector<int>> subsets;
  for (std::size_t k = 1; k <= max_order; ++k)
    for (auto& s : subsets_of_size(items, k)) subsets.push_back(std::move(s));
  // per subset, per used tree: V_U(total) and V_U(individual) relative to V
  std::vector<std::vector<double>> total(subsets.size()), individual(subsets.size());
  std::map<std::vector<int>, std::size_t> index_of;
  for (std::size_t s = 0; s < subsets.size(); ++s) index_of[subsets[s]] = s;

  double variance_sum = 0.0;
  for (int t = 0; t < forest.n_trees(); ++t) {
    const FanovaTree tree(forest, t, domains);
    variance_sum += tree.total_variance();
    if (!(tree.total_variance() > 0.0)) continue;
    ++result.trees_used;
    std::vector<double> individual_v(subsets.size());
    for (std::size_t s = 0; s < subsets.size(); ++s) {
      const std::vector<int>& subset = subsets[s];
      const double v_total = tree.marginal_variance(subset);
      double v = v_total;
      // minus every proper non-empty subset's individual variance (computed before: smaller)
      for (std::size_t k = 1; k < subset.size(); ++k)
        for (const auto& lower : subsets_of_size(subset, k)) v -= individual_v[index_of[lower]];
      individual_v[s] = std::max(v, 0.0);
      total[s].push_back(v_total / tree.total_variance());
      individual[s].push_back(individual_v[s] / tree.total_variance());
    }
  }
  result.total_variance = variance_sum / static_cast<double>(forest.n_trees());
  if (result.trees_used == 0)
    throw invalid_input(
        "fANOVA: every tree of the forest is constant (zero total variance in all trees); the "
        "model predicts the same value everywhere, so there is no importance to apportion");

  const auto mean_std = [](const std::vector<double>& x) {
    double mean = 0.0;
    for (const double v : x) mean += v;
    mean /= static_cast<double>(x.size());
    double var = 0.0;
    for (const double v : x) var += (v - mean) * (v - mean);
    return std::make_pair(mean, std::sqrt(var / static_cast<double>(x.size())));
  };
  for (std::size_t s = 0; s < subsets.size(); ++s) {
    FanovaTerm term;
    term.features = subsets[s];
    std::tie(term.fraction, term.std) = mean_std(individual[s]);
    std::tie(term.total_fraction, term.total_std) = mean_std(total[s]);
    result.terms.push_back(std::move(term));
  }
  std::stable_sort(
      result.terms.begin(), result.terms.end(),
      [](const FanovaTerm& a, const FanovaTerm& b) { return a.fraction > b.fraction; });
  return result;
}

}  // namespace hypershap
