#pragma once
// The result of one explanation: an index at an order, one value per coalition up to the order.

#include <string>
#include <vector>

#include "hypershap/core/coalition.hpp"
#include "hypershap/explain/index.hpp"

namespace hypershap {

struct InteractionValues {
  Index index = Index::sv;
  int order = 1;
  EmptySetConvention convention = EmptySetConvention::baseline;
  std::vector<std::string> players;
  double empty_value = 0.0;  // v(∅)
  double grand_value = 0.0;  // v(N)
  /// Every coalition with |S| <= order, ∅ first, then by size and lexicographically.
  std::vector<Coalition> coalitions;
  std::vector<double> values;  // values[i] belongs to coalitions[i]

  int n() const { return static_cast<int>(players.size()); }
  /// The value of coalition s; 0 for a coalition above the order.
  double at(Coalition s) const;
};

}  // namespace hypershap
