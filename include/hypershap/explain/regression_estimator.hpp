#pragma once
// The regression estimator the reference (shapiq) uses above 14 hyperparameters: FSII_k is the
// solution of the Shapley-kernel weighted least-squares problem (Tsai et al. 2023)
//     min Σ_{0<|T|<n} μ(|T|) (v(T) - Σ_{S ⊆ T, |S| <= k} β_S)²
//     subject to β_∅ = v(∅) and Σ_S β_S = v(N),
// and FSII_1 = SV is KernelSHAP (Lundberg & Lee 2017). Here the sum over T runs over the
// enumerated sizes with weight μ(t) and over the sampled pairs with the weight M_R / m that makes
// it an unbiased estimate of the full sum (kernel_coalition_sample.hpp). With every coalition
// sampled the solution is exact.
//
// Standard errors by the delta method (the sandwich estimator): β̂ - β ≈ G (b̂ - Â β) with
// G = A⁻¹ - u u' / (1'u), u = A⁻¹ 1 (the constrained solution is linear in b), and the variance
// of the sampled part estimated from the independent pairs' scores (M_R/m) Σ x_T r_T.

#include <Eigen/Dense>
#include <vector>

#include "hypershap/explain/approximation.hpp"
#include "hypershap/explain/kernel_coalition_sample.hpp"

namespace hypershap {

class RegressionEstimator final : public Approximator {
 public:
  /// index: SV, FSII, or k-SII at order 1 (= SV); order: the k of FSII.
  RegressionEstimator(int n, Index index, int order, const ApproximationSettings& settings);

  const std::vector<Coalition>& coalitions() const override { return coalitions_; }
  Approximation estimate(const std::vector<double>& values) const override;

 private:
  int n_;
  Index index_;
  int order_;
  KernelCoalitionSample sample_;
  std::vector<Coalition> coalitions_;           // ∅, N, enumerated, distinct sampled
  std::vector<std::size_t> sampled_slot_;       // coalitions_ index of each sampled draw
  Eigen::LDLT<Eigen::MatrixXd> normal_matrix_;  // A = Σ w_T x_T x_T' over the sample
  Eigen::VectorXd ones_solution_;               // u = A⁻¹ 1
};

}  // namespace hypershap
