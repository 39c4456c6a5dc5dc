#include "hypershap/core/coalition_batch.hpp"

namespace hypershap {

void CoalitionBatch::add(Coalition s, double value, std::uint64_t evaluation_count,
                         double compute_seconds, const std::vector<double>& best_configuration) {
  coalitions.push_back(s);
  values.push_back(value);
  evaluations.push_back(evaluation_count);
  seconds.push_back(compute_seconds);
  best_configurations.insert(best_configurations.end(), best_configuration.begin(),
                             best_configuration.end());
}

}  // namespace hypershap
