#include "hypershap/explain/faithfulness.hpp"

#include <cmath>
#include <cstddef>

#include "hypershap/core/memory.hpp"
#include "hypershap/explain/transforms.hpp"

namespace hypershap {

namespace {
long double binomial(int n, int k) {
  if (k < 0 || k > n) return 0.0L;
  long double result = 1.0L;
  for (int i = 1; i <= k; ++i) result = result * static_cast<long double>(n - k + i) / i;
  return result;
}
}  // namespace

int default_r2_max_order(int n, int explained_order) {
  return n <= 16 ? n : (explained_order < n ? explained_order : n);
}

std::vector<double> faithfulness_r2(const GameTable& game, int max_order) {
  const int n = game.n();
  const std::size_t count = coalition_count(n);
  require_memory(3 * count * sizeof(double),
                 "the faithfulness R² of a game on " + std::to_string(n) + " players");
  const std::vector<double>& v = game.values;

  std::vector<double> kernel(static_cast<std::size_t>(n + 1), 0.0);  // μ(t), 0 < t < n
  for (int t = 1; t < n; ++t)
    kernel[static_cast<std::size_t>(t)] =
        static_cast<double>((n - 1) / (binomial(n, t) * t * (n - t)));

  double weight_sum = 0.0;
  double weighted_mean = 0.0;
  for (std::size_t s = 0; s < count; ++s) {
    const double mu = kernel[static_cast<std::size_t>(size_of(s))];
    weight_sum += mu;
    weighted_mean += mu * v[s];
  }
  if (weight_sum > 0.0) weighted_mean /= weight_sum;
  double total = 0.0;
  for (std::size_t s = 0; s < count; ++s) {
    const double d = v[s] - weighted_mean;
    total += kernel[static_cast<std::size_t>(size_of(s))] * d * d;
  }

  std::vector<double> moebius = v;
  moebius_transform(moebius, n);

  std::vector<double> r2;
  std::vector<double> beta(count);
  std::vector<double> correction(count);
  for (int k = 1; k <= max_order && k <= n; ++k) {
    if (k == n) {
      r2.push_back(1.0);  // FSII_n is the Möbius transform: the approximation is exact
      continue;
    }
    // FSII_k(S) = m(S) + (-1)^(k-s) s/(k+s) C(k,s) Σ_{U ⊇ S, u > k} C(u-1,k)/C(u+k-1,k+s) m(U)
    for (std::size_t s = 0; s < count; ++s) beta[s] = size_of(s) <= k ? moebius[s] : 0.0;
    for (int size = 1; size <= k; ++size) {
      for (std::size_t u = 0; u < count; ++u) {
        const int us = size_of(u);
        correction[u] =
            us > k ? static_cast<double>(binomial(us - 1, k) / binomial(us + k - 1, k + size)) *
                         moebius[u]
                   : 0.0;
      }
      superset_sum_transform(correction, n);
      const double scale = ((k - size) % 2 == 0 ? 1.0 : -1.0) *
                           static_cast<double>(size * binomial(k, size) / (k + size));
      for (std::size_t s = 0; s < count; ++s)
        if (size_of(s) == size) beta[s] += scale * correction[s];
    }
    subset_sum_transform(beta, n);  // beta now holds v̂_k
    double residual = 0.0;
    for (std::size_t s = 0; s < count; ++s) {
      const double d = v[s] - beta[s];
      residual += kernel[static_cast<std::size_t>(size_of(s))] * d * d;
    }
    r2.push_back(total > 0.0 ? 1.0 - residual / total : 1.0);
  }
  return r2;
}

}  // namespace hypershap
