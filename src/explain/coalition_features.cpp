#include "hypershap/explain/coalition_features.hpp"

namespace hypershap {

CoalitionFeatures::CoalitionFeatures(int n, int order)
    : order_(order), coalitions_(coalitions_up_to(n, order, /*include_empty=*/true)) {
  index_.reserve(coalitions_.size());
  for (std::size_t i = 0; i < coalitions_.size(); ++i) index_.emplace(coalitions_[i], i);
}

}  // namespace hypershap
