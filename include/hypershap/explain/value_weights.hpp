#pragma once
// Every index hypershap computes is a superset sum over the Möbius transform,
//     I(S) = Σ_{U ⊇ S} f_s(|U|) · m(U),          s = |S|,
// with an index-specific weight f_s(u) (../shared/reference/shapiq/README.md, "Closed forms").
// Summing over m loses precision as n grows (the m(U) are alternating sums over 2^|U| values), so
// hypershap never does: substituting m(U) = Σ_{W ⊆ U} (-1)^{|U|-|W|} v(W) gives weights on the
// values themselves that depend only on l = |W ∩ S| and w = |W|. A Newton expansion in l,
//     c_s(l, w) = Σ_{r ≤ l} C(l, r) · e_{s,r}(w),
// turns the sum over W into sums over the subsets R ⊆ S of ranked superset sums:
//     I(S) = Σ_{R ⊆ S} Σ_w e_{s,|R|}(w) · Σ_{W ⊇ R, |W| = w} v(W).
// The e_{s,r}(w) are computed here in exact rational arithmetic and rounded once to double.

#include <cstddef>
#include <vector>

#include "hypershap/explain/index.hpp"

namespace hypershap {

class ValueWeights {
 public:
  /// Weights of `index` at interaction order `order` (the k of k-SII, STII, FSII, FBII) on n
  /// players, for every coalition size s = 0..order.
  ValueWeights(Index index, int n, int order);

  int n() const { return n_; }
  int order() const { return order_; }

  /// e_{s,r}(w) for 0 <= r <= s <= order and r <= w <= n.
  double at(int s, int r, int w) const {
    return table_[(static_cast<std::size_t>(s) * static_cast<std::size_t>(order_ + 1) +
                   static_cast<std::size_t>(r)) *
                      static_cast<std::size_t>(n_ + 1) +
                  static_cast<std::size_t>(w)];
  }

 private:
  int n_;
  int order_;
  std::vector<double> table_;
};

}  // namespace hypershap
