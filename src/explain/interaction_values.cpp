#include "hypershap/explain/interaction_values.hpp"

#include <algorithm>

namespace hypershap {

double InteractionValues::at(Coalition s) const {
  // coalitions are sorted by (size, members); a linear scan is fine for tables and tests, and
  // callers that need many lookups index the vectors directly.
  const auto it = std::find(coalitions.begin(), coalitions.end(), s);
  return it == coalitions.end() ? 0.0 : values[static_cast<std::size_t>(it - coalitions.begin())];
}

}  // namespace hypershap
