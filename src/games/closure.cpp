#include "hypershap/games/closure.hpp"

#include <cmath>
#include <cstddef>

namespace hypershap {

void subset_closure(std::vector<double>& values, int n, ClosureDirection direction,
                    std::vector<Coalition>& source) {
  const std::size_t count = coalition_count(n);
  source.resize(count);
  for (std::size_t s = 0; s < count; ++s) source[s] = s;
  const bool maximum = direction == ClosureDirection::maximum;
  // After processing bits 0..b, values[T] is the best over subsets of T that differ from T only
  // in those bits; a tie keeps the entry already there.
  for (int bit = 0; bit < n; ++bit) {
    const std::size_t stride = std::size_t{1} << bit;
    for (std::size_t t = 0; t < count; ++t) {
      if ((t & stride) == 0) continue;
      const double candidate = values[t ^ stride];
      double& current = values[t];
      if (std::isnan(candidate)) continue;
      const bool better =
          std::isnan(current) || (maximum ? candidate > current : candidate < current);
      if (better) {
        current = candidate;
        source[t] = source[t ^ stride];
      }
    }
  }
}

std::vector<Coalition> complete_by_closure(std::vector<double>& values, std::vector<double>& best,
                                           int n, std::size_t d, ClosureDirection direction) {
  std::vector<double> closed = values;
  std::vector<Coalition> source;
  subset_closure(closed, n, direction, source);
  std::vector<Coalition> changed;
  for (std::size_t t = 0; t < closed.size(); ++t) {
    if (source[t] == t) continue;
    values[t] = closed[t];
    if (!best.empty())
      for (std::size_t j = 0; j < d; ++j) best[t * d + j] = best[source[t] * d + j];
    changed.push_back(t);
  }
  return changed;
}

}  // namespace hypershap
