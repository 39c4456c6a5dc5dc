// Ramped half-and-half initialisation, as gplearn's `_Program.build_program`.

#include "hypershap/symbolic/operators.hpp"

namespace hypershap::symbolic {

Node random_terminal(const ProgramShape& shape, Rng& rng) {
  const auto terminal = static_cast<std::uint32_t>(rng.below(shape.features + 1));
  if (terminal == shape.features)
    return Node::number(rng.uniform(shape.const_low, shape.const_high));
  return Node::feature(terminal);
}

Program random_program(const ProgramShape& shape, Rng& rng) {
  const bool full = rng.below(2) == 1;
  const auto depth_range =
      static_cast<std::uint64_t>(shape.max_init_depth - shape.min_init_depth + 1);
  const auto max_depth = static_cast<std::size_t>(shape.min_init_depth) + rng.below(depth_range);
  const auto functions = static_cast<std::uint64_t>(function_count);

  Program program{Node::function(static_cast<Op>(rng.below(functions)))};
  std::vector<int> pending{arity(program[0].op)};  // arguments still open, per open function
  while (!pending.empty()) {
    const std::size_t depth = pending.size();
    const std::uint64_t choice = rng.below(shape.features + functions);
    if (depth < max_depth && (full || choice <= functions)) {
      const Node node = Node::function(static_cast<Op>(rng.below(functions)));
      program.push_back(node);
      pending.push_back(arity(node.op));
      continue;
    }
    program.push_back(random_terminal(shape, rng));
    --pending.back();
    while (pending.back() == 0) {
      pending.pop_back();
      if (pending.empty()) return program;
      --pending.back();
    }
  }
  return program;
}

}  // namespace hypershap::symbolic
