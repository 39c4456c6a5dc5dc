#pragma once
// A game on n players given by its 2^n values v(S), in bitmask order (values[S] = v(S), bit i set
// <=> player i in S). This is all the explanation engine sees: where the values came from
// (Ablation, Tunability, a stored run, a JSON file) is the business of the layers above.
// A table, not the game itself: the value function v of the paper (Definitions 1-5) is
// ExplanationGame (games/), which computes v(S) on demand; a GameTable is v tabulated.

#include <string>
#include <vector>

#include "hypershap/core/coalition.hpp"

namespace hypershap {

struct GameTable {
  std::vector<std::string> players;  // names, players[i] is player i
  std::vector<double> values;        // size 2^n, values[S] = v(S)

  int n() const { return static_cast<int>(players.size()); }
  double value(Coalition s) const { return values[static_cast<std::size_t>(s)]; }
  double empty_value() const { return values.front(); }
  double grand_value() const { return values.back(); }
};

}  // namespace hypershap
