#pragma once
// The results of a batch of coalitions of one game, as columns: what a game's evaluation yields,
// what travels from a worker to the master and what the store writes (one struct, so no layer
// copies them field by field).

#include <cstddef>
#include <cstdint>
#include <vector>

#include "hypershap/core/coalition.hpp"

namespace hypershap {

/// Entry i belongs to coalitions[i]. Coalitions may come in any order and need not be
/// contiguous; each at most once per batch.
struct CoalitionBatch {
  std::vector<Coalition> coalitions;
  std::vector<double> values;
  std::vector<std::uint64_t> evaluations;  // model evaluations spent on the coalition
  std::vector<double> seconds;             // compute time spent on the coalition
  /// coalitions.size() × configuration_dimension, row-major (NaN = inactive hyperparameter);
  /// empty when the game keeps no best configurations.
  std::vector<double> best_configurations;

  std::size_t size() const { return coalitions.size(); }
  /// Appends one coalition's results; `best_configuration` is empty or of the game's dimension.
  void add(Coalition s, double value, std::uint64_t evaluation_count, double compute_seconds,
           const std::vector<double>& best_configuration = {});
};

}  // namespace hypershap
