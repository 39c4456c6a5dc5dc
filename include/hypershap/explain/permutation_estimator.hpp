#pragma once
// Permutation sampling of the Shapley interaction index (Tsai et al. 2023; shapiq's
// PermutationSamplingSII). In a uniform random permutation π, a coalition S of size s occupies a
// window of consecutive positions right after the prefix T with probability t! s! (n-t-s)! / n!,
// so with the SII weight t! (n-t-s)! / (n-s+1)!
//     SII(S) = E_π[ C(n,s)/(n-s+1) · Δ_S v(T) · 1{S is a window of π after T} ],
// Δ_S v(T) = Σ_{L ⊆ S} (-1)^{s-|L|} v(T ∪ L). At s = 1 every player is a window and this is the
// classic permutation estimate of the Shapley value. k-SII is the same linear map of each
// permutation's SII estimate as of the exact SII, k-SII(S) = Σ_{T ⊇ S, |T| <= k} B_{|T|-s} SII(T)
// (Bernoulli numbers, B_1 = -1/2), so it is estimated without bias too.
//
// Permutations come in antithetic pairs (π and its reverse); the mean of a pair is one
// independent unit, and the standard error is the units' standard deviation / √units. Every
// permutation costs the same number of coalitions, so the budget fixes the number of pairs.
// Never exact: the estimate converges at the rate 1/√budget.

#include <vector>

#include "hypershap/explain/approximation.hpp"

namespace hypershap {

class PermutationEstimator final : public Approximator {
 public:
  /// index: SV, SII or k-SII.
  PermutationEstimator(int n, Index index, int order, const ApproximationSettings& settings);

  const std::vector<Coalition>& coalitions() const override { return coalitions_; }
  Approximation estimate(const std::vector<double>& values) const override;

 private:
  struct Window {
    int start = 0;  // first position
    int size = 0;
    std::vector<std::pair<std::size_t, double>> terms;  // (template entry, (-1)^{s-|L|})
  };

  int n_;
  Index index_;
  int order_;
  std::vector<Coalition> positions_;  // template entries as sets of positions; 0 and 1 are ∅, N
  std::vector<Window> windows_;
  std::size_t permutations_ = 0;
  std::vector<std::vector<int>> orders_;  // orders_[i][position] = player
  std::vector<std::size_t> slots_;        // coalitions_ index of entry e of permutation i
  std::vector<Coalition> coalitions_;
};

}  // namespace hypershap
