#pragma once
// Gaussian-process regression as SMAC3's BlackBoxFacade uses it (the surrogate of its Bayesian
// optimization) and as scikit-learn's GaussianProcessRegressor computes it (alpha = 0, SMAC's
// setting): the kernel of gp_kernel.hpp; targets normalised by their mean and population standard
// deviation (normalize_y; a standard deviation of 0 counts as 1, as scikit-learn does);
// hyperparameters maximising the log marginal likelihood of the normalised targets by L-BFGS-B
// (LBFGS++) from the kernel's initial values and `restarts` further starts drawn uniformly in the
// log bounds, or fixed by the caller.
//
// Never a crash on degenerate data: a matrix that is not positive definite gets jitter on its
// diagonal, 1e-10 × the mean diagonal and ten times more until Cholesky succeeds; rows whose
// target is not finite (a crashed trial) are left out; every such event is counted in the fit
// report.

#include <Eigen/Core>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "hypershap/models/gp_kernel.hpp"

namespace hypershap {

struct GpOptions {
  bool normalize_y = true;
  int restarts = 10;              // starts after the kernel's initial values (SMAC: 10)
  std::optional<GpKernel> fixed;  // a kernel to use as is (no optimisation)
  GpKernel initial;               // the first start (lengthscales empty: all 1)
  std::uint64_t seed = 0;         // the restarts' stream
  int max_iterations = 200;       // L-BFGS-B iterations per start
};

/// What fitting did, for people and `hypershap validate`.
struct GpFitReport {
  std::size_t rows = 0;                // rows the GP was fitted on
  std::size_t non_finite_dropped = 0;  // rows left out for a NaN or infinite target
  std::size_t duplicate_rows = 0;      // rows equal to an earlier row
  bool constant_targets = false;       // all targets equal (normalisation by 1)
  double jitter = 0.0;                 // added to the diagonal of the final matrix
  int starts = 0;                      // optimiser starts run (0: fixed kernel)
  int failed_starts = 0;  // starts whose L-BFGS-B stopped on an error (best point kept)
  std::vector<std::string> notes() const;  // one line per event above
};

class GaussianProcess {
 public:
  /// Fits on `x` (continuous columns scaled, categorical columns category indices; see
  /// GpCovariance) and `y`. invalid_input when no row has a finite target.
  static GaussianProcess fit(const Eigen::Ref<const GpMatrix>& x,
                             const Eigen::Ref<const Eigen::VectorXd>& y,
                             std::vector<bool> categorical, const GpOptions& options = {});

  /// Posterior mean and standard deviation in the targets' units. The standard deviation is
  /// scikit-learn's predict(return_std=True): sqrt(k(x, x) − k*ᵀ K⁻¹ k*) with k(x, x) =
  /// amplitude + noise (the white noise included), times the targets' standard deviation.
  void predict(const Eigen::Ref<const GpMatrix>& x, Eigen::Ref<Eigen::VectorXd> mean,
               Eigen::VectorXd* std = nullptr) const;

  /// The log marginal likelihood of the normalised targets under the fitted kernel (what
  /// scikit-learn's log_marginal_likelihood_value_ reports).
  double log_marginal_likelihood() const { return lml_; }
  const GpKernel& kernel() const { return kernel_; }
  const GpFitReport& report() const { return report_; }
  const GpCovariance& covariance() const { return covariance_; }
  double target_mean() const { return y_mean_; }
  double target_std() const { return y_std_; }

  /// The n × n buffers of a likelihood evaluation, reused by the next one with the same n: an
  /// optimiser's evaluations then map no fresh pages for K, its factor and K⁻¹ (page faults took
  /// a sixth of a BO proposal's time at n = 200).
  struct Workspace {
    Eigen::MatrixXd k, spare, w;
  };

  /// log p(y | X, θ) and its gradient with respect to θ (may be null) for normalised targets
  /// `y`; the jitter Cholesky needed is written to `jitter` (may be null); buffers from
  /// `workspace` (may be null).
  static double log_marginal_likelihood(const GpCovariance& covariance,
                                        const Eigen::Ref<const GpMatrix>& x,
                                        const Eigen::Ref<const Eigen::VectorXd>& y,
                                        const GpKernel& kernel, Eigen::VectorXd* gradient,
                                        double* jitter = nullptr, Workspace* workspace = nullptr);

 private:
  GaussianProcess(GpCovariance covariance) : covariance_(std::move(covariance)) {}

  GpCovariance covariance_;
  GpKernel kernel_;
  GpMatrix x_;
  Eigen::VectorXd alpha_;
  Eigen::MatrixXd cholesky_l_;        // lower triangular factor L of K (+ jitter)
  Eigen::MatrixXd cholesky_inverse_;  // L⁻¹
  double y_mean_ = 0.0;
  double y_std_ = 1.0;
  double lml_ = 0.0;
  GpFitReport report_;
};

/// In place: the Cholesky factor L of `k` (lower, zero above the diagonal), with jitter
/// escalation (see above); returns the jitter added.
double robust_cholesky(Eigen::MatrixXd& k);
/// The same with `spare` as the buffer for K while it is factorised (storage reused).
double robust_cholesky(Eigen::MatrixXd& k, Eigen::MatrixXd& spare);

}  // namespace hypershap
