#include "hypershap/explain/permutation_estimator.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>
#include <unordered_map>

#include "hypershap/core/error.hpp"
#include "hypershap/core/random.hpp"
#include "hypershap/explain/coalition_features.hpp"

namespace hypershap {

namespace {
double binomial(int n, int k) {
  double result = 1.0;
  for (int i = 1; i <= k; ++i) result = result * (n - k + i) / i;
  return result;
}

// Bernoulli numbers B_0..B_count with B_1 = -1/2.
std::vector<double> bernoulli(int count) {
  std::vector<double> b{1.0};
  for (int m = 1; m <= count; ++m) {
    double sum = 0.0;
    for (int j = 0; j < m; ++j) sum += binomial(m + 1, j) * b[static_cast<std::size_t>(j)];
    b.push_back(-sum / (m + 1));
  }
  return b;
}

Coalition first_positions(int count) { return grand_coalition(count); }
}  // namespace

PermutationEstimator::PermutationEstimator(int n, Index index, int order,
                                           const ApproximationSettings& settings)
    : n_(n), index_(index), order_(effective_order(index, order)) {
  // The template: which sets of positions a permutation needs, and each window's terms.
  std::unordered_map<Coalition, std::size_t> entry;
  const auto entry_of = [&](Coalition c) {
    const auto [it, added] = entry.emplace(c, positions_.size());
    if (added) positions_.push_back(c);
    return it->second;
  };
  entry_of(0);
  entry_of(grand_coalition(n));
  for (int s = 1; s <= order_; ++s) {
    for (int start = 0; start + s <= n; ++start) {
      Window window{start, s, {}};
      const Coalition mask = first_positions(s) << start;
      for (Coalition l = mask;; l = (l - 1) & mask) {
        const double sign = (s - size_of(l)) % 2 == 0 ? 1.0 : -1.0;
        window.terms.emplace_back(entry_of(first_positions(start) | l), sign);
        if (l == 0) break;
      }
      windows_.push_back(std::move(window));
    }
  }
  const std::size_t cost = positions_.size() - 2;
  const std::uint64_t available = settings.budget > 2 ? settings.budget - 2 : 0;
  // One player needs only ∅ and N: every permutation gives the exact value.
  permutations_ = cost == 0 ? 4 : static_cast<std::size_t>(available / cost) / 2 * 2;
  if (permutations_ < 4) {
    throw invalid_input("permutation sampling of " + std::string(name_of(index)) + " of order " +
                        std::to_string(order_) + " on " + std::to_string(n) + " players takes " +
                        std::to_string(cost) + " coalitions per permutation: raise budget to at " +
                        "least " + std::to_string(2 + 4 * cost) +
                        " (two antithetic pairs of permutations)");
  }

  Rng rng = Rng::stream(settings.seed, {0x7065726dULL, static_cast<std::uint64_t>(n)});
  std::unordered_map<Coalition, std::size_t> slot;
  coalitions_ = {0, grand_coalition(n)};
  slot.emplace(0, 0);
  slot.emplace(grand_coalition(n), 1);
  slots_.reserve(permutations_ * positions_.size());
  std::vector<int> order_of(static_cast<std::size_t>(n));
  for (std::size_t i = 0; i < permutations_; ++i) {
    if (i % 2 == 0) {
      std::iota(order_of.begin(), order_of.end(), 0);
      for (std::size_t a = order_of.size() - 1; a > 0; --a)
        std::swap(order_of[a], order_of[static_cast<std::size_t>(rng.below(a + 1))]);
    } else {
      std::reverse(order_of.begin(), order_of.end());  // the antithetic partner
    }
    orders_.push_back(order_of);
    for (const Coalition pos : positions_) {
      Coalition c = 0;
      for (Coalition bits = pos; bits != 0; bits &= bits - 1)
        c |= Coalition{1} << order_of[static_cast<std::size_t>(__builtin_ctzll(bits))];
      const auto [it, added] = slot.emplace(c, coalitions_.size());
      if (added) coalitions_.push_back(c);
      slots_.push_back(it->second);
    }
  }
}

Approximation PermutationEstimator::estimate(const std::vector<double>& values) const {
  const CoalitionFeatures features(n_, order_);
  const std::size_t p = features.size();
  const std::vector<double> b = bernoulli(order_);
  std::vector<double> scale(static_cast<std::size_t>(order_ + 1));
  for (int s = 1; s <= order_; ++s)
    scale[static_cast<std::size_t>(s)] = binomial(n_, s) / (n_ - s + 1);

  // Welford over the antithetic pairs.
  std::vector<double> unit(p, 0.0);
  std::vector<double> mean(p, 0.0);
  std::vector<double> squares(p, 0.0);
  std::size_t units = 0;
  for (std::size_t i = 0; i < permutations_; ++i) {
    const std::size_t* slot = slots_.data() + i * positions_.size();
    const std::vector<int>& order_of = orders_[i];
    for (const Window& window : windows_) {
      double delta = 0.0;
      for (const auto& [entry, sign] : window.terms) delta += sign * values[slot[entry]];
      const double sii = 0.5 * scale[static_cast<std::size_t>(window.size)] * delta;
      Coalition s = 0;
      for (int j = 0; j < window.size; ++j)
        s |= Coalition{1} << order_of[static_cast<std::size_t>(window.start + j)];
      if (index_ == Index::k_sii) {
        // Every nonempty R ⊆ S receives B_{|S|-|R|} SII(S).
        features.for_each_subset(s, [&](std::size_t r) {
          unit[r] +=
              b[static_cast<std::size_t>(window.size - size_of(features.coalitions()[r]))] * sii;
        });
      } else {
        unit[features.index_of(s)] += sii;
      }
    }
    if (i % 2 == 1) {
      ++units;
      for (std::size_t f = 1; f < p; ++f) {
        const double d = unit[f] - mean[f];
        mean[f] += d / static_cast<double>(units);
        squares[f] += d * (unit[f] - mean[f]);
        unit[f] = 0.0;
      }
    }
  }

  Approximation result;
  InteractionValues& out = result.values;
  out = explanation_frame(n_, index_, order_, values[0], values[1]);
  result.standard_errors.assign(p, 0.0);
  const double count = static_cast<double>(units);
  for (std::size_t f = 1; f < p; ++f) {
    out.values[f] = mean[f];
    result.standard_errors[f] = std::sqrt(squares[f] / (count - 1.0) / count);
  }
  result.evaluated_coalitions = coalitions_.size();
  result.exact = positions_.size() == 2;  // one player: ∅ and N are all there is
  return result;
}

}  // namespace hypershap
