#pragma once
// The covariance function of SMAC3's BlackBoxFacade Gaussian process:
//   k(x, y) = amplitude · Matérn-5/2(x, y) · Hamming(x, y) + noise · [x and y are the same row]
// with one lengthscale per input column (ARD): the Matérn part over the continuous columns,
//   M(r) = (1 + √5 r + 5r²/3) exp(−√5 r),  r² = Σ_j ((x_j − y_j) / l_j)²,
// and SMAC's Hamming kernel over the categorical ones (category indices),
//   H = exp(−Σ_j [x_j ≠ y_j] / (2 l_j²)).
// The white noise enters the training matrix only on its diagonal and the prior variance of a
// prediction (scikit-learn's WhiteKernel). Hyperparameters are optimised in log space, θ =
// (log amplitude, log l_1, ..., log l_d, log noise), scikit-learn's order for
// ConstantKernel * Matern + WhiteKernel.

#include <Eigen/Core>
#include <vector>

namespace hypershap {

using GpMatrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

struct GpKernel {
  double amplitude = 2.0;        // SMAC's initial ConstantKernel value
  Eigen::VectorXd lengthscales;  // one per input column; SMAC starts them at 1
  double noise = 1e-8;           // SMAC's initial WhiteKernel noise level
};

/// SMAC3's hyperparameter bounds (BlackBoxFacade.get_kernel), as natural logarithms.
struct GpKernelBounds {
  static constexpr double log_amplitude_lower = -10.0;
  static constexpr double log_amplitude_upper = 2.0;
  static constexpr double log_lengthscale_lower = -6.754111155189306;
  static constexpr double log_lengthscale_upper = 0.0858637988771976;
  static constexpr double log_noise_lower = -25.0;
  static constexpr double log_noise_upper = 2.0;
};

/// The kernel's inputs: which columns are categorical (Hamming) rather than continuous (Matérn).
class GpCovariance {
 public:
  explicit GpCovariance(std::vector<bool> categorical) : categorical_(std::move(categorical)) {}

  int dimensions() const { return static_cast<int>(categorical_.size()); }
  const std::vector<bool>& categorical() const { return categorical_; }

  /// θ of a kernel and back (log space, order above).
  Eigen::VectorXd theta(const GpKernel& kernel) const;
  GpKernel kernel(const Eigen::Ref<const Eigen::VectorXd>& theta) const;
  /// The bounds of θ.
  Eigen::VectorXd lower_bounds() const;
  Eigen::VectorXd upper_bounds() const;

  /// k(x, y) without the noise term.
  double signal(const GpKernel& kernel, const double* x, const double* y) const;
  /// The training matrix K(X, X), noise on the diagonal.
  Eigen::MatrixXd matrix(const GpKernel& kernel, const Eigen::Ref<const GpMatrix>& x) const;
  /// The same into `k`, whose storage is reused when it has the size already.
  void matrix(const GpKernel& kernel, const Eigen::Ref<const GpMatrix>& x,
              Eigen::MatrixXd& k) const;
  /// K(A, B) (rows of A by rows of B), no noise.
  Eigen::MatrixXd cross(const GpKernel& kernel, const Eigen::Ref<const GpMatrix>& a,
                        const Eigen::Ref<const GpMatrix>& b) const;
  /// K(train, points): one column per point (the layout prediction solves with), no noise.
  Eigen::MatrixXd cross_transposed(const GpKernel& kernel, const Eigen::Ref<const GpMatrix>& train,
                                   const Eigen::Ref<const GpMatrix>& points) const;

  /// Σ_ij W_ij ∂K_ij/∂θ_p for every p, with W symmetric (the log marginal likelihood's
  /// gradient takes W = (αα^T − K⁻¹) / 2); only W's lower triangle is read.
  Eigen::VectorXd contract_gradient(const GpKernel& kernel, const Eigen::Ref<const GpMatrix>& x,
                                    const Eigen::MatrixXd& w) const;

 private:
  std::vector<bool> categorical_;
};

}  // namespace hypershap
