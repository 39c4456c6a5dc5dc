#pragma once
// SHAP-IQ (Fumagalli et al., NeurIPS 2023): every index hypershap computes is a sum over all
// coalitions with weights that depend only on l = |W ∩ S| and w = |W|,
//     I(S) = Σ_W c_s(l, w) v(W)                       (value_weights.hpp),
// so it is estimated without bias from the kernel sample (kernel_coalition_sample.hpp): the
// enumerated sizes summed exactly, the sampled ones by Σ_j c(W_j) v(W_j) M_R / (m μ(w_j)).
// The line b(w) = v(∅) + (w/n)(v(N) - v(∅)) serves as a control variate:
// I(S) = Σ_W c_s(l, w) b(w) + Σ_W c_s(l, w) (v(W) - b(w)), the first sum in closed form over
// (l, w); the estimate stays unbiased, and the trend of v with |W| (large in HPO games, where
// more tuned hyperparameters mean more performance) no longer adds variance. The pairs
// (W, N \ W) are the independent units of the standard error. With every coalition sampled the
// estimate is the exact sum.

#include <vector>

#include "hypershap/explain/approximation.hpp"
#include "hypershap/explain/kernel_coalition_sample.hpp"

namespace hypershap {

class ShapIqEstimator final : public Approximator {
 public:
  /// index: every index but the Möbius transform.
  ShapIqEstimator(int n, Index index, int order, const ApproximationSettings& settings);

  const std::vector<Coalition>& coalitions() const override { return coalitions_; }
  Approximation estimate(const std::vector<double>& values) const override;

 private:
  double weight(int s, int l, int w) const {  // c_s(l, w)
    return weights_[(static_cast<std::size_t>(s) * static_cast<std::size_t>(order_ + 1) +
                     static_cast<std::size_t>(l)) *
                        static_cast<std::size_t>(n_ + 1) +
                    static_cast<std::size_t>(w)];
  }

  int n_;
  Index index_;
  int order_;
  KernelCoalitionSample sample_;
  std::vector<Coalition> coalitions_;      // ∅, N, enumerated, distinct sampled
  std::vector<std::size_t> sampled_slot_;  // coalitions_ index of each sampled draw
  std::vector<double> weights_;
};

}  // namespace hypershap
