#include "hypershap/models/gaussian_process.hpp"

#include <LBFGSB.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <stdexcept>

#include "gp_numerics.hpp"
#include "hypershap/core/error.hpp"
#include "hypershap/core/random.hpp"

namespace hypershap {

namespace {

// Stream key of the optimiser's restarts ("gp" in ASCII).
constexpr std::uint64_t restart_stream = 0x6770;

const double log_2pi = std::log(2.0 * M_PI);

// −log p(y | X, θ) and its gradient for L-BFGS-B, remembering the best θ it was asked about (so a
// start that ends on a line-search error still gives its best point).
class NegativeLml {
 public:
  NegativeLml(const GpCovariance& covariance, const Eigen::Ref<const GpMatrix>& x,
              const Eigen::Ref<const Eigen::VectorXd>& y)
      : covariance_(covariance), x_(x), y_(y) {}

  double operator()(const Eigen::VectorXd& theta, Eigen::VectorXd& gradient) {
    double value = std::numeric_limits<double>::infinity();
    try {
      Eigen::VectorXd g;
      value = -GaussianProcess::log_marginal_likelihood(
          covariance_, x_, y_, covariance_.kernel(theta), &g, nullptr, &workspace_);
      gradient = -g;
    } catch (const std::runtime_error&) {
      value = std::numeric_limits<double>::infinity();
    }
    if (!std::isfinite(value) || !gradient.allFinite()) {
      // a point where K cannot be factorised: a wall the line search backs off from
      gradient = Eigen::VectorXd::Zero(theta.size());
      return std::numeric_limits<double>::max();
    }
    if (value < best_value) {
      best_value = value;
      best_theta = theta;
    }
    return value;
  }

  double best_value = std::numeric_limits<double>::infinity();
  Eigen::VectorXd best_theta;

 private:
  const GpCovariance& covariance_;
  Eigen::Ref<const GpMatrix> x_;
  Eigen::Ref<const Eigen::VectorXd> y_;
  GaussianProcess::Workspace workspace_;
};

// x = K⁻¹ y from K's Cholesky factor (Eigen's LLT::solve, the two triangular solves).
Eigen::VectorXd cholesky_solve(const Eigen::MatrixXd& l,
                               const Eigen::Ref<const Eigen::VectorXd>& y) {
  Eigen::VectorXd x = y;
  l.triangularView<Eigen::Lower>().solveInPlace(x);
  l.triangularView<Eigen::Lower>().adjoint().solveInPlace(x);
  return x;
}

}  // namespace

std::vector<std::string> GpFitReport::notes() const {
  std::vector<std::string> out;
  if (non_finite_dropped > 0)
    out.push_back(std::to_string(non_finite_dropped) +
                  " rows with a NaN or infinite target (crashed runs) left out");
  if (duplicate_rows > 0)
    out.push_back(std::to_string(duplicate_rows) + " duplicate rows (the noise term covers them)");
  if (constant_targets) out.push_back("all targets are equal: the GP predicts that constant");
  if (jitter > 0.0) {
    char line[120];
    std::snprintf(line, sizeof line, "jitter %.3g added to the diagonal (K not positive definite)",
                  jitter);
    out.emplace_back(line);
  }
  if (failed_starts > 0)
    out.push_back(std::to_string(failed_starts) + " of " + std::to_string(starts) +
                  " optimiser starts stopped early (line search); their best points were kept");
  return out;
}

double robust_cholesky(Eigen::MatrixXd& k) {
  Eigen::MatrixXd spare;
  return robust_cholesky(k, spare);
}

double robust_cholesky(Eigen::MatrixXd& k, Eigen::MatrixXd& spare) {
  if (!k.allFinite()) throw std::runtime_error("the kernel matrix has non-finite entries");
  const gp_numerics::Table& numerics = gp_numerics::active();
  const auto n = k.rows();
  const double scale = k.diagonal().mean();
  if (!(scale > 0.0)) throw std::runtime_error("the kernel matrix has a non-positive diagonal");
  spare = k;  // K itself, for the retries with jitter; k becomes the factor
  double jitter = 0.0;
  while (!numerics.cholesky(k.data(), n)) {
    jitter = jitter == 0.0 ? 1e-10 * scale : 10.0 * jitter;
    if (!(jitter <= 1e6 * scale))
      throw std::runtime_error("the kernel matrix is not positive definite even with jitter");
    k = spare;
    k.diagonal().array() += jitter;
  }
  k.triangularView<Eigen::StrictlyUpper>().setZero();
  return jitter;
}

double GaussianProcess::log_marginal_likelihood(const GpCovariance& covariance,
                                                const Eigen::Ref<const GpMatrix>& x,
                                                const Eigen::Ref<const Eigen::VectorXd>& y,
                                                const GpKernel& kernel, Eigen::VectorXd* gradient,
                                                double* jitter, Workspace* workspace) {
  Workspace local;
  Workspace& buffers = workspace != nullptr ? *workspace : local;
  Eigen::MatrixXd& l = buffers.k;
  covariance.matrix(kernel, x, l);
  const double added = robust_cholesky(l, buffers.spare);
  if (jitter != nullptr) *jitter = added;
  const Eigen::VectorXd alpha = cholesky_solve(l, y);
  const auto n = static_cast<double>(y.size());
  const double lml = -0.5 * y.dot(alpha) - l.diagonal().array().log().sum() - 0.5 * n * log_2pi;
  if (gradient != nullptr) {
    // ∂/∂θ_p = ½ tr((ααᵀ − K⁻¹) ∂K/∂θ_p)  (Rasmussen & Williams, eq. 5.9); K⁻¹ = L⁻ᵀ L⁻¹, of
    // which the contraction reads the lower triangle only
    const gp_numerics::Table& numerics = gp_numerics::active();
    Eigen::MatrixXd& w = buffers.w;
    w = l;
    numerics.invert_lower(w.data(), w.rows());
    numerics.lower_gram(w.data(), w.rows());
    for (Eigen::Index j = 0; j < w.cols(); ++j)  // the lower triangle, all the contraction reads
      for (Eigen::Index i = j; i < w.rows(); ++i) w(i, j) = 0.5 * (alpha(i) * alpha(j) - w(i, j));
    *gradient = covariance.contract_gradient(kernel, x, w);
  }
  return lml;
}

GaussianProcess GaussianProcess::fit(const Eigen::Ref<const GpMatrix>& x,
                                     const Eigen::Ref<const Eigen::VectorXd>& y,
                                     std::vector<bool> categorical, const GpOptions& options) {
  if (static_cast<Eigen::Index>(categorical.size()) != x.cols())
    throw std::invalid_argument("GaussianProcess::fit: one categorical flag per column");
  GaussianProcess gp{GpCovariance(std::move(categorical))};
  const GpCovariance& covariance = gp.covariance_;
  const int d = covariance.dimensions();
  GpFitReport& report = gp.report_;

  // rows with a finite target
  std::vector<Eigen::Index> keep;
  for (Eigen::Index r = 0; r < y.size(); ++r) {
    if (std::isfinite(y(r)) && x.row(r).allFinite())
      keep.push_back(r);
    else
      ++report.non_finite_dropped;
  }
  if (keep.empty())
    throw invalid_input("the Gaussian process has no row with a finite target and inputs to fit");
  const auto n = static_cast<Eigen::Index>(keep.size());
  gp.x_.resize(n, x.cols());
  Eigen::VectorXd targets(n);
  for (Eigen::Index r = 0; r < n; ++r) {
    gp.x_.row(r) = x.row(keep[static_cast<std::size_t>(r)]);
    targets(r) = y(keep[static_cast<std::size_t>(r)]);
  }
  report.rows = static_cast<std::size_t>(n);
  for (Eigen::Index r = 1; r < n; ++r)
    for (Eigen::Index q = 0; q < r; ++q)
      if (gp.x_.row(r) == gp.x_.row(q)) {
        ++report.duplicate_rows;
        break;
      }

  // normalize_y as scikit-learn: mean and population standard deviation (0 counts as 1)
  if (options.normalize_y) {
    gp.y_mean_ = targets.mean();
    const double variance = (targets.array() - gp.y_mean_).square().mean();
    gp.y_std_ = std::sqrt(variance);
  }
  report.constant_targets = (targets.maxCoeff() - targets.minCoeff()) == 0.0;
  if (!(gp.y_std_ > 0.0)) gp.y_std_ = 1.0;
  const Eigen::VectorXd normalised = (targets.array() - gp.y_mean_) / gp.y_std_;

  if (options.fixed) {
    gp.kernel_ = *options.fixed;
    if (gp.kernel_.lengthscales.size() != d)
      throw invalid_input("the kernel needs one lengthscale per hyperparameter (" +
                          std::to_string(d) + "), not " +
                          std::to_string(gp.kernel_.lengthscales.size()));
  } else {
    GpKernel initial = options.initial;
    if (initial.lengthscales.size() != d) initial.lengthscales = Eigen::VectorXd::Ones(d);
    const Eigen::VectorXd lower = covariance.lower_bounds();
    const Eigen::VectorXd upper = covariance.upper_bounds();
    NegativeLml objective(covariance, gp.x_, normalised);
    LBFGSpp::LBFGSBParam<double> param;
    param.max_iterations = options.max_iterations;
    // scipy's L-BFGS-B as scikit-learn calls it: stop at a projected gradient of 1e-5 (pgtol) or
    // when one iteration lowers the value by at most factr·ε = 1e7 × 2.2e-16 relative to it
    // (warm refits then end in ~9 evaluations instead of ~13)
    param.epsilon = 1e-5;
    param.epsilon_rel = 0.0;
    param.past = 1;
    param.delta = 2.220446049250313e-09;
    param.max_linesearch = 40;
    LBFGSpp::LBFGSBSolver<double> solver(param);
    for (int start = 0; start <= options.restarts; ++start) {
      Eigen::VectorXd theta(d + 2);
      if (start == 0) {
        theta = covariance.theta(initial).cwiseMax(lower).cwiseMin(upper);
      } else {
        Rng rng = Rng::stream(options.seed, {restart_stream, static_cast<std::uint64_t>(start)});
        for (int p = 0; p < d + 2; ++p) theta(p) = rng.uniform(lower(p), upper(p));
      }
      ++report.starts;
      double value = 0.0;
      try {
        solver.minimize(objective, theta, value, lower, upper);
      } catch (const std::exception&) {
        ++report.failed_starts;  // the functor remembers the best point reached
      }
    }
    gp.kernel_ =
        objective.best_theta.size() == d + 2 ? covariance.kernel(objective.best_theta) : initial;
  }

  gp.cholesky_l_ = covariance.matrix(gp.kernel_, gp.x_);
  try {
    report.jitter = robust_cholesky(gp.cholesky_l_);
  } catch (const std::runtime_error& e) {
    throw invalid_input(std::string("the Gaussian process cannot be fitted: ") + e.what());
  }
  gp.alpha_ = cholesky_solve(gp.cholesky_l_, normalised);
  gp.lml_ = -0.5 * normalised.dot(gp.alpha_) - gp.cholesky_l_.diagonal().array().log().sum() -
            0.5 * static_cast<double>(n) * log_2pi;
  // predictions multiply by L⁻¹ (a triangular product runs faster than a triangular solve)
  gp.cholesky_inverse_ = gp.cholesky_l_;
  gp_numerics::active().invert_lower(gp.cholesky_inverse_.data(), gp.cholesky_inverse_.rows());
  return gp;
}

void GaussianProcess::predict(const Eigen::Ref<const GpMatrix>& x, Eigen::Ref<Eigen::VectorXd> mean,
                              Eigen::VectorXd* std) const {
  // By blocks of points: a block's k* (n × 64) stays in the cache from the kernel to the mean and
  // the variance, where the whole k* of an acquisition search (n × m, 10 MB at n = 200 and
  // m = 6,700) would be written to memory and read back, which took longer than computing it.
  // Each point's values are the same bit for bit whatever the blocks.
  constexpr Eigen::Index block = 64;
  const Eigen::Index m = x.rows();
  const gp_numerics::Table& numerics = gp_numerics::active();
  if (std != nullptr) std->resize(m);
  for (Eigen::Index j = 0; j < m; j += block) {
    const Eigen::Index width = std::min(block, m - j);
    const Eigen::MatrixXd v = covariance_.cross_transposed(kernel_, x_, x.middleRows(j, width));
    mean.segment(j, width).noalias() = v.transpose() * alpha_;
    // w = L⁻¹ k*, var = k(x, x) − wᵀw
    if (std != nullptr)
      numerics.lower_squared_norms(cholesky_inverse_.data(), cholesky_inverse_.rows(), v.data(),
                                   width, std->data() + j);
  }
  mean = (mean.array() * y_std_ + y_mean_).matrix();
  if (std == nullptr) return;
  const double prior = kernel_.amplitude + kernel_.noise;
  *std = ((prior - std->array()).max(0.0).sqrt() * y_std_).matrix();
}

}  // namespace hypershap
