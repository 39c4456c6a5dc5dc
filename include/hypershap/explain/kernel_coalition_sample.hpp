#pragma once
// Coalitions drawn by the Shapley kernel, the sample of the regression and SHAP-IQ estimators.
// The kernel μ(t) = (n-1) / (C(n,t) t (n-t)) puts the mass (n-1) / (t (n-t)) on each size
// 0 < t < n. Sizes whose coalitions all fit in the budget's expected share are enumerated
// completely ("border trick", Fumagalli et al. 2023), from the outermost sizes inwards; the rest
// of the budget is drawn in pairs (S, N \ S): a size t with probability ∝ 1/(t(n-t)) over the
// sizes not enumerated, then S uniformly among the coalitions of that size. N \ S has the same
// distribution as S (the size distribution is symmetric), so every draw T has probability
// p(T) = μ(|T|) / M_R, M_R = Σ_{t sampled} μ(t) C(n,t), and Σ_{|T| sampled} g(T) is estimated
// without bias by (M_R / m) Σ_j g(T_j) / μ(|T_j|) over the m draws.

#include <cstdint>
#include <vector>

#include "hypershap/core/coalition.hpp"

namespace hypershap {

struct KernelCoalitionSample {
  int n = 0;
  std::vector<char> size_enumerated;  // [t], 0 <= t <= n; ∅ and N count as enumerated
  std::vector<Coalition> enumerated;  // every coalition of the enumerated sizes 0 < t < n
  std::vector<Coalition> sampled;     // pairs: sampled[2i + 1] = N \ sampled[2i]
  double sampled_mass = 0.0;          // M_R

  /// True when no size is sampled: the sample is every coalition.
  bool complete() const { return sampled.empty(); }
  std::size_t pairs() const { return sampled.size() / 2; }
};

/// The Shapley kernel μ(t) on n players.
double shapley_kernel(int n, int t);

/// At most budget - 2 coalitions besides ∅ and N (budget >= 2^n gives every coalition); throws
/// invalid_input when the budget leaves fewer than two pairs for the sizes not enumerated.
KernelCoalitionSample draw_kernel_coalition_sample(int n, std::uint64_t budget, std::uint64_t seed);

}  // namespace hypershap
