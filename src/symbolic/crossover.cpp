// Subtree crossover as gplearn's `_Program.crossover`.

#include "hypershap/symbolic/operators.hpp"

namespace hypershap::symbolic {

Program crossover(const Program& parent, const Program& donor, Rng& rng) {
  const auto [start, end] = random_subtree(parent, rng);
  const auto [donor_start, donor_end] = random_subtree(donor, rng);
  Program child;
  child.reserve(parent.size() - (end - start) + (donor_end - donor_start));
  child.insert(child.end(), parent.begin(), parent.begin() + static_cast<long>(start));
  child.insert(child.end(), donor.begin() + static_cast<long>(donor_start),
               donor.begin() + static_cast<long>(donor_end));
  child.insert(child.end(), parent.begin() + static_cast<long>(end), parent.end());
  return child;
}

}  // namespace hypershap::symbolic
