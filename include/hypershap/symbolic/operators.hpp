#pragma once
// gplearn's initialisation and genetic operators (gplearn/_program.py, gplearn/genetic.py), one
// file each in src/symbolic/. Every operator draws from the one random stream it is given.

#include <cstddef>
#include <utility>
#include <vector>

#include "hypershap/core/random.hpp"
#include "hypershap/symbolic/program.hpp"

namespace hypershap::symbolic {

/// What random programs are made of: gplearn's `init_depth`, `init_method` = 'half and half',
/// `const_range` and `p_point_replace`, over the paper's ten functions.
struct ProgramShape {
  std::uint32_t features = 1;
  int min_init_depth = 2;  // gplearn's init_depth = (2, 6), both ends drawn
  int max_init_depth = 6;
  double const_low = -1.0;  // gplearn's const_range = (-1, 1)
  double const_high = 1.0;
  double p_point_replace = 0.05;
};

/// gplearn's `build_program` with 'half and half': 'full' or 'grow' with equal chance, a maximum
/// depth drawn from the range, a function at the root; below, 'grow' picks a function with chance
/// (functions + 1) / (functions + features) (gplearn's `choice <= len(function_set)`), and a
/// terminal is a variable or, with chance 1 / (features + 1), a constant uniform in const_range.
Program random_program(const ProgramShape& shape, Rng& rng);

/// gplearn's `get_subtree`: a start node drawn with weight 0.9 for functions and 0.1 for
/// terminals (Koza), and the end of its subtree.
std::pair<std::size_t, std::size_t> random_subtree(const Program& program, Rng& rng);

/// gplearn's tournament: `size` contenders drawn with replacement, the first with the lowest
/// (penalised) fitness wins; its index.
std::size_t tournament(const std::vector<double>& fitness, int size, Rng& rng);

/// Crossover: a random subtree of `parent` replaced by a random subtree of `donor`.
Program crossover(const Program& parent, const Program& donor, Rng& rng);

/// Subtree mutation, the "headless chicken" way: crossover with a new random program.
Program subtree_mutation(const Program& parent, const ProgramShape& shape, Rng& rng);

/// Hoist mutation: a random subtree replaced by a random subtree of itself.
Program hoist_mutation(const Program& parent, Rng& rng);

/// Point mutation: every node replaced with chance p_point_replace, a function by one of the same
/// arity (possibly itself), a terminal by a new random terminal.
Program point_mutation(const Program& parent, const ProgramShape& shape, Rng& rng);

/// A new random terminal: a variable, or with chance 1 / (features + 1) a constant.
Node random_terminal(const ProgramShape& shape, Rng& rng);

}  // namespace hypershap::symbolic
