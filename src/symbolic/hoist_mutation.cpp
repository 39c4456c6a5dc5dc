// Hoist mutation as gplearn's `_Program.hoist_mutation`: it shortens programs (against bloat).

#include "hypershap/symbolic/operators.hpp"

namespace hypershap::symbolic {

Program hoist_mutation(const Program& parent, Rng& rng) {
  const auto [start, end] = random_subtree(parent, rng);
  const Program subtree(parent.begin() + static_cast<long>(start),
                        parent.begin() + static_cast<long>(end));
  const auto [sub_start, sub_end] = random_subtree(subtree, rng);
  Program child(parent.begin(), parent.begin() + static_cast<long>(start));
  child.insert(child.end(), subtree.begin() + static_cast<long>(sub_start),
               subtree.begin() + static_cast<long>(sub_end));
  child.insert(child.end(), parent.begin() + static_cast<long>(end), parent.end());
  return child;
}

}  // namespace hypershap::symbolic
