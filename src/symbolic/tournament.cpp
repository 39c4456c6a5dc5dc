// Tournament selection as gplearn's `_tournament`.

#include "hypershap/symbolic/operators.hpp"

namespace hypershap::symbolic {

std::size_t tournament(const std::vector<double>& fitness, int size, Rng& rng) {
  std::size_t best = rng.below(fitness.size());
  for (int i = 1; i < size; ++i) {
    const std::size_t contender = rng.below(fitness.size());
    if (fitness[contender] < fitness[best]) best = contender;  // np.argmin: the first minimum
  }
  return best;
}

}  // namespace hypershap::symbolic
