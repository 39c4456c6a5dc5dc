#include "hypershap/explain/shapiq_estimator.hpp"

#include <cmath>
#include <unordered_map>

#include "hypershap/explain/coalition_features.hpp"
#include "hypershap/explain/value_weights.hpp"

namespace hypershap {

namespace {
long double binomial(int n, int k) {
  if (k < 0 || k > n) return 0.0L;
  long double result = 1.0L;
  for (int i = 1; i <= k; ++i) result = result * (n - k + i) / i;
  return result;
}
}  // namespace

ShapIqEstimator::ShapIqEstimator(int n, Index index, int order,
                                 const ApproximationSettings& settings)
    : n_(n),
      index_(index),
      order_(effective_order(index, order)),
      sample_(draw_kernel_coalition_sample(n, settings.budget, settings.seed)) {
  // c_s(l, w) = Σ_{r <= l} C(l, r) e_{s,r}(w), the Newton expansion of value_weights.hpp undone.
  const ValueWeights e(index, n, order_);
  const auto width = static_cast<std::size_t>(order_ + 1);
  weights_.assign(width * width * static_cast<std::size_t>(n + 1), 0.0);
  for (int s = 0; s <= order_; ++s) {
    for (int l = 0; l <= s; ++l) {
      for (int w = l; w <= n - (s - l); ++w) {
        long double c = 0.0L;
        for (int r = 0; r <= l; ++r) c += binomial(l, r) * static_cast<long double>(e.at(s, r, w));
        weights_[(static_cast<std::size_t>(s) * width + static_cast<std::size_t>(l)) *
                     static_cast<std::size_t>(n + 1) +
                 static_cast<std::size_t>(w)] = static_cast<double>(c);
      }
    }
  }
  coalitions_.push_back(0);
  coalitions_.push_back(grand_coalition(n));
  coalitions_.insert(coalitions_.end(), sample_.enumerated.begin(), sample_.enumerated.end());
  std::unordered_map<Coalition, std::size_t> slot;
  sampled_slot_.reserve(sample_.sampled.size());
  for (const Coalition t : sample_.sampled) {
    const auto [it, added] = slot.emplace(t, coalitions_.size());
    if (added) coalitions_.push_back(t);
    sampled_slot_.push_back(it->second);
  }
}

Approximation ShapIqEstimator::estimate(const std::vector<double>& values) const {
  const CoalitionFeatures features(n_, order_);
  const std::vector<Coalition>& subsets = features.coalitions();
  const std::size_t p = features.size();
  // The control variate b(w) = v(∅) + (w/n) (v(N) - v(∅)), the straight line between the two
  // values always known: it removes the trend of v with |W| that dominates the variance.
  const auto baseline = [&](int w) {
    return values[0] + static_cast<double>(w) / n_ * (values[1] - values[0]);
  };

  std::vector<double> total(p, 0.0);
  // Σ_W c_s(l, w) b(w) = Σ_l Σ_w C(s, l) C(n-s, w-l) c_s(l, w) b(w).
  for (std::size_t f = 1; f < p; ++f) {
    const int s = size_of(subsets[f]);
    long double k = 0.0L;
    for (int l = 0; l <= s; ++l)
      for (int w = l; w <= n_ - (s - l); ++w)
        k += binomial(s, l) * binomial(n_ - s, w - l) * static_cast<long double>(weight(s, l, w)) *
             static_cast<long double>(baseline(w));
    total[f] = static_cast<double>(k);
  }
  // The enumerated sizes, ∅ and N exactly.
  const auto add_exact = [&](Coalition w_set, double value) {
    const int w = size_of(w_set);
    const double centred = value - baseline(w);
    for (std::size_t f = 1; f < p; ++f)
      total[f] += weight(size_of(subsets[f]), size_of(w_set & subsets[f]), w) * centred;
  };
  add_exact(grand_coalition(n_), values[1]);
  for (std::size_t i = 0; i < sample_.enumerated.size(); ++i)
    add_exact(sample_.enumerated[i], values[2 + i]);

  // The sampled sizes: Welford over the pairs' contributions y_j(S).
  std::vector<double> mean(p, 0.0);
  std::vector<double> squares(p, 0.0);
  const std::size_t pairs = sample_.pairs();
  const double half_mass = 0.5 * sample_.sampled_mass;
  for (std::size_t j = 0; j < pairs; ++j) {
    const Coalition first = sample_.sampled[2 * j];
    const int w = size_of(first);
    const double a =
        (values[sampled_slot_[2 * j]] - baseline(w)) * half_mass / shapley_kernel(n_, w);
    const double c = (values[sampled_slot_[2 * j + 1]] - baseline(n_ - w)) * half_mass /
                     shapley_kernel(n_, n_ - w);
    const double count = static_cast<double>(j + 1);
    for (std::size_t f = 1; f < p; ++f) {
      const Coalition s_set = subsets[f];
      const int s = size_of(s_set);
      const int l = size_of(first & s_set);
      const double y = weight(s, l, w) * a + weight(s, s - l, n_ - w) * c;
      const double d = y - mean[f];
      mean[f] += d / count;
      squares[f] += d * (y - mean[f]);
    }
  }

  Approximation result;
  result.values = explanation_frame(n_, index_, order_, values[0], values[1]);
  result.standard_errors.assign(p, 0.0);
  for (std::size_t f = 1; f < p; ++f) {
    result.values.values[f] = total[f] + mean[f];
    if (pairs >= 2) {
      const double count = static_cast<double>(pairs);
      result.standard_errors[f] = std::sqrt(squares[f] / (count - 1.0) / count);
    }
  }
  result.evaluated_coalitions = coalitions_.size();
  result.exact = sample_.complete();
  return result;
}

}  // namespace hypershap
