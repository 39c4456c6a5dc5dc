// Subtree mutation as gplearn's `_Program.subtree_mutation` ("headless chicken" crossover).

#include "hypershap/symbolic/operators.hpp"

namespace hypershap::symbolic {

Program subtree_mutation(const Program& parent, const ProgramShape& shape, Rng& rng) {
  const Program chicken = random_program(shape, rng);
  return crossover(parent, chicken, rng);
}

}  // namespace hypershap::symbolic
