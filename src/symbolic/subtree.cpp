// Choosing a subtree as gplearn's `_Program.get_subtree`: Koza's 90% functions, 10% terminals.

#include <algorithm>

#include "hypershap/symbolic/operators.hpp"

namespace hypershap::symbolic {

std::pair<std::size_t, std::size_t> random_subtree(const Program& program, Rng& rng) {
  double total = 0.0;
  for (const Node& node : program) total += node.is_function() ? 0.9 : 0.1;
  // np.searchsorted(cumsum(probs / sum), u): the first node whose cumulative weight reaches u.
  const double u = rng.uniform();
  double cumulative = 0.0;
  std::size_t start = program.size() - 1;
  for (std::size_t i = 0; i < program.size(); ++i) {
    cumulative += (program[i].is_function() ? 0.9 : 0.1) / total;
    if (cumulative >= u) {
      start = i;
      break;
    }
  }
  return {start, subtree_end(program, start)};
}

}  // namespace hypershap::symbolic
