// Point mutation as gplearn's `_Program.point_mutation`.

#include "hypershap/symbolic/operators.hpp"

namespace hypershap::symbolic {

namespace {

// The functions of each arity, in function-set order (gplearn's `arities` dict).
constexpr Op binary[] = {Op::add, Op::sub, Op::mul, Op::div};
constexpr Op unary[] = {Op::sqrt, Op::log, Op::sin, Op::cos, Op::abs, Op::exp};

}  // namespace

Program point_mutation(const Program& parent, const ProgramShape& shape, Rng& rng) {
  Program child = parent;
  // gplearn draws one uniform per node first, then replaces the chosen nodes in order.
  std::vector<std::size_t> chosen;
  for (std::size_t i = 0; i < child.size(); ++i)
    if (rng.uniform() < shape.p_point_replace) chosen.push_back(i);
  for (const std::size_t i : chosen) {
    if (arity(child[i].op) == 2) {
      child[i] = Node::function(binary[rng.below(std::size(binary))]);
    } else if (arity(child[i].op) == 1) {
      child[i] = Node::function(unary[rng.below(std::size(unary))]);
    } else {
      child[i] = random_terminal(shape, rng);
    }
  }
  return child;
}

}  // namespace hypershap::symbolic
