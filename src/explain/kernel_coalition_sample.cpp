#include "hypershap/explain/kernel_coalition_sample.hpp"

#include <array>
#include <cmath>
#include <string>

#include "hypershap/core/error.hpp"
#include "hypershap/core/random.hpp"

namespace hypershap {

namespace {
double binomial(int n, int k) {
  if (k < 0 || k > n) return 0.0;
  double result = 1.0;
  for (int i = 1; i <= k; ++i) result = result * (n - k + i) / i;
  return std::round(result);
}

// Every coalition of size t (Gosper's hack: the next larger mask with the same popcount).
void append_all_of_size(int n, int t, std::vector<Coalition>& out) {
  const Coalition last = grand_coalition(n);
  Coalition s = t == 0 ? 0 : grand_coalition(t);
  while (true) {
    out.push_back(s);
    if (s == 0) return;
    const Coalition c = s & (~s + 1);
    const Coalition r = s + c;
    if (r == 0 || r > last) return;  // r == 0: the carry left the 64 bits
    s = (((r ^ s) >> 2) / c) | r;
    if (s > last) return;
  }
}
}  // namespace

double shapley_kernel(int n, int t) {
  return static_cast<double>(n - 1) / (binomial(n, t) * t * (n - t));
}

KernelCoalitionSample draw_kernel_coalition_sample(int n, std::uint64_t budget,
                                                   std::uint64_t seed) {
  if (budget < 2) {
    throw invalid_input("an approximation budget of " + std::to_string(budget) +
                        " coalitions is too small: ∅ and N alone take 2");
  }
  KernelCoalitionSample sample;
  sample.n = n;
  sample.size_enumerated.assign(static_cast<std::size_t>(n + 1), 0);
  sample.size_enumerated[0] = 1;
  sample.size_enumerated[static_cast<std::size_t>(n)] = 1;
  const auto mass = [n](int t) { return 1.0 / (static_cast<double>(t) * (n - t)); };

  // The border trick: enumerate the size pair {t, n-t} whose expected number of draws reaches
  // its number of coalitions, outermost first, until none does.
  double remaining = static_cast<double>(budget - 2);
  while (true) {
    double open_mass = 0.0;
    for (int t = 1; t < n; ++t)
      if (!sample.size_enumerated[static_cast<std::size_t>(t)]) open_mass += mass(t);
    if (open_mass == 0.0) break;
    bool enumerated_one = false;
    for (int t = 1; 2 * t <= n; ++t) {
      if (sample.size_enumerated[static_cast<std::size_t>(t)]) continue;
      const bool middle = 2 * t == n;
      const double count = binomial(n, t) * (middle ? 1.0 : 2.0);
      const double pair_mass = mass(t) * (middle ? 1.0 : 2.0);
      if (remaining * pair_mass / open_mass >= count) {
        append_all_of_size(n, t, sample.enumerated);
        if (!middle) append_all_of_size(n, n - t, sample.enumerated);
        sample.size_enumerated[static_cast<std::size_t>(t)] = 1;
        sample.size_enumerated[static_cast<std::size_t>(n - t)] = 1;
        remaining -= count;
        enumerated_one = true;
        break;
      }
    }
    if (!enumerated_one) break;
  }

  std::vector<int> open_sizes;
  std::vector<double> cumulative;
  for (int t = 1; t < n; ++t) {
    if (sample.size_enumerated[static_cast<std::size_t>(t)]) continue;
    open_sizes.push_back(t);
    sample.sampled_mass += shapley_kernel(n, t) * binomial(n, t);
    cumulative.push_back((cumulative.empty() ? 0.0 : cumulative.back()) + mass(t));
  }
  if (open_sizes.empty()) return sample;

  // Two pairs at least: the standard error needs two independent units.
  const auto pairs = static_cast<std::uint64_t>(remaining) / 2;
  if (pairs < 2) {
    const std::uint64_t needed = budget - static_cast<std::uint64_t>(remaining) + 4;
    throw invalid_input("an approximation budget of " + std::to_string(budget) +
                        " coalitions is too small for " + std::to_string(n) +
                        " players: raise budget to at least " + std::to_string(needed));
  }
  Rng rng = Rng::stream(seed, {0x6b65726e656cULL, static_cast<std::uint64_t>(n), budget});
  std::array<int, 64> players{};
  const Coalition all = grand_coalition(n);
  sample.sampled.reserve(2 * pairs);
  for (std::uint64_t j = 0; j < pairs; ++j) {
    const double u = rng.uniform() * cumulative.back();
    std::size_t pick = 0;
    while (pick + 1 < cumulative.size() && u >= cumulative[pick]) ++pick;
    const int t = open_sizes[pick];
    // The first t entries of a partial Fisher-Yates shuffle: a uniform coalition of size t.
    for (int i = 0; i < n; ++i) players[static_cast<std::size_t>(i)] = i;
    Coalition s = 0;
    for (int i = 0; i < t; ++i) {
      const auto r = static_cast<std::size_t>(i) +
                     static_cast<std::size_t>(rng.below(static_cast<std::uint64_t>(n - i)));
      std::swap(players[static_cast<std::size_t>(i)], players[r]);
      s |= Coalition{1} << players[static_cast<std::size_t>(i)];
    }
    sample.sampled.push_back(s);
    sample.sampled.push_back(all & ~s);
  }
  return sample;
}

}  // namespace hypershap
