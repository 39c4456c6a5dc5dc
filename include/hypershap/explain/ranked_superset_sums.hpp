#pragma once
// Ranked superset sums of a game, the sufficient statistic of every index up to order k:
//     Σ_{W ⊇ R, |W| = w} v(W)     for every R with |R| <= k and every w.
// One pass over the 2^n values serves all indices and orders <= k (see value_weights.hpp). Each
// sum adds values of one game with weights of one sign pattern, so no cancellation between
// large intermediate numbers can occur (unlike sums over the Möbius transform).

#include <cstddef>
#include <cstdint>
#include <vector>

#include "hypershap/core/coalition.hpp"

namespace hypershap {

class RankedSupersetSums {
 public:
  RankedSupersetSums(const std::vector<double>& values, int n, int max_order);

  int n() const { return n_; }
  int max_order() const { return max_order_; }

  /// Σ_{W ⊇ r, |W| = w} v(W); requires |r| <= max_order.
  double at(Coalition r, int w) const;

  /// Bytes the tables take for n players up to `max_order` (for the memory check).
  static std::size_t memory_bytes(int n, int max_order);

 private:
  std::size_t rank_of(Coalition r) const;  // colex rank among the coalitions of size |r|

  int n_;
  int max_order_;
  std::vector<std::vector<std::uint64_t>> binomial_;  // binomial_[a][b] = C(a, b)
  std::vector<std::vector<double>> tables_;           // tables_[r][w * C(n, r) + rank]
};

}  // namespace hypershap
