#pragma once
// The coalitions up to an order as numbered features, and for a coalition T the features of its
// subsets: the design of regressions on k-additive games and the windows of permutation sampling.

#include <array>
#include <cstddef>
#include <unordered_map>
#include <vector>

#include "hypershap/core/coalition.hpp"

namespace hypershap {

class CoalitionFeatures {
 public:
  /// Every coalition with |S| <= order, ∅ first (coalitions_up_to order); feature i is S_i.
  CoalitionFeatures(int n, int order);

  const std::vector<Coalition>& coalitions() const { return coalitions_; }
  std::size_t size() const { return coalitions_.size(); }
  std::size_t index_of(Coalition s) const { return index_.at(s); }

  /// Calls f(i) for the feature i of every S ⊆ t with 1 <= |S| <= order.
  template <class F>
  void for_each_subset(Coalition t, F&& f) const {
    std::array<int, 64> players{};
    int count = 0;
    for (Coalition bits = t; bits != 0; bits &= bits - 1)
      players[static_cast<std::size_t>(count++)] = __builtin_ctzll(bits);
    visit(players.data(), count, 0, 0, 0, f);
  }

 private:
  template <class F>
  void visit(const int* players, int count, int from, int size, Coalition partial, F& f) const {
    for (int i = from; i < count; ++i) {
      const Coalition s = partial | (Coalition{1} << players[i]);
      f(index_.at(s));
      if (size + 1 < order_) visit(players, count, i + 1, size + 1, s, f);
    }
  }

  int order_;
  std::vector<Coalition> coalitions_;
  std::unordered_map<Coalition, std::size_t> index_;
};

}  // namespace hypershap
