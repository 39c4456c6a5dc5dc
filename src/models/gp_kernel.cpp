#include "hypershap/models/gp_kernel.hpp"

#include <cmath>

namespace hypershap {

namespace {

const double sqrt5 = std::sqrt(5.0);

// M(r) of Matérn-5/2 from r².
double matern52(double r2) {
  const double r = std::sqrt(r2);
  return (1.0 + sqrt5 * r + 5.0 / 3.0 * r2) * std::exp(-sqrt5 * r);
}

}  // namespace

Eigen::VectorXd GpCovariance::theta(const GpKernel& kernel) const {
  // built in a std::vector: GCC's -Wnull-dereference misreads element writes to a fresh VectorXd
  std::vector<double> t;
  t.push_back(std::log(kernel.amplitude));
  for (int j = 0; j < dimensions(); ++j) t.push_back(std::log(kernel.lengthscales(j)));
  t.push_back(std::log(kernel.noise));
  return Eigen::Map<const Eigen::VectorXd>(t.data(), static_cast<Eigen::Index>(t.size()));
}

GpKernel GpCovariance::kernel(const Eigen::Ref<const Eigen::VectorXd>& theta) const {
  const int d = dimensions();
  GpKernel k;
  k.amplitude = std::exp(theta(0));
  k.lengthscales = theta.segment(1, d).array().exp().matrix();
  k.noise = std::exp(theta(d + 1));
  return k;
}

Eigen::VectorXd GpCovariance::lower_bounds() const {
  std::vector<double> b = {GpKernelBounds::log_amplitude_lower};
  b.insert(b.end(), static_cast<std::size_t>(dimensions()), GpKernelBounds::log_lengthscale_lower);
  b.push_back(GpKernelBounds::log_noise_lower);
  return Eigen::Map<const Eigen::VectorXd>(b.data(), static_cast<Eigen::Index>(b.size()));
}

Eigen::VectorXd GpCovariance::upper_bounds() const {
  std::vector<double> b = {GpKernelBounds::log_amplitude_upper};
  b.insert(b.end(), static_cast<std::size_t>(dimensions()), GpKernelBounds::log_lengthscale_upper);
  b.push_back(GpKernelBounds::log_noise_upper);
  return Eigen::Map<const Eigen::VectorXd>(b.data(), static_cast<Eigen::Index>(b.size()));
}

double GpCovariance::signal(const GpKernel& kernel, const double* x, const double* y) const {
  double r2 = 0.0;
  double hamming = 0.0;
  const int d = dimensions();
  for (int j = 0; j < d; ++j) {
    const double l = kernel.lengthscales(j);
    if (categorical_[static_cast<std::size_t>(j)]) {
      if (x[j] != y[j]) hamming += 1.0 / (2.0 * l * l);
    } else {
      const double diff = (x[j] - y[j]) / l;
      r2 += diff * diff;
    }
  }
  return kernel.amplitude * matern52(r2) * std::exp(-hamming);
}

Eigen::MatrixXd GpCovariance::matrix(const GpKernel& kernel,
                                     const Eigen::Ref<const GpMatrix>& x) const {
  const Eigen::Index n = x.rows();
  Eigen::MatrixXd k(n, n);
  for (Eigen::Index i = 0; i < n; ++i) {
    k(i, i) = kernel.amplitude + kernel.noise;
    for (Eigen::Index j = 0; j < i; ++j) {
      const double v = signal(kernel, x.row(i).data(), x.row(j).data());
      k(i, j) = v;
      k(j, i) = v;
    }
  }
  return k;
}

Eigen::MatrixXd GpCovariance::cross(const GpKernel& kernel, const Eigen::Ref<const GpMatrix>& a,
                                    const Eigen::Ref<const GpMatrix>& b) const {
  Eigen::MatrixXd k(a.rows(), b.rows());
  for (Eigen::Index i = 0; i < a.rows(); ++i)
    for (Eigen::Index j = 0; j < b.rows(); ++j)
      k(i, j) = signal(kernel, a.row(i).data(), b.row(j).data());
  return k;
}

Eigen::VectorXd GpCovariance::contract_gradient(const GpKernel& kernel,
                                                const Eigen::Ref<const GpMatrix>& x,
                                                const Eigen::MatrixXd& w) const {
  const int d = dimensions();
  const Eigen::Index n = x.rows();
  Eigen::VectorXd g = Eigen::VectorXd::Zero(d + 2);
  Eigen::VectorXd inverse_l2(d);
  for (int j = 0; j < d; ++j)
    inverse_l2(j) = 1.0 / (kernel.lengthscales(j) * kernel.lengthscales(j));
  Eigen::VectorXd sq(d);  // per column: (x_j − y_j)² (continuous) or [x_j ≠ y_j] (categorical)
  for (Eigen::Index i = 0; i < n; ++i) {
    // the diagonal: M = H = 1, every lengthscale derivative 0
    g(0) += w(i, i) * kernel.amplitude;
    g(d + 1) += w(i, i) * kernel.noise;
    const double* xi = x.row(i).data();
    for (Eigen::Index m = 0; m < i; ++m) {
      const double* xm = x.row(m).data();
      double r2 = 0.0;
      double hamming = 0.0;
      for (int j = 0; j < d; ++j) {
        if (categorical_[static_cast<std::size_t>(j)]) {
          sq(j) = xi[j] != xm[j] ? 1.0 : 0.0;
          hamming += 0.5 * sq(j) * inverse_l2(j);
        } else {
          const double diff = xi[j] - xm[j];
          sq(j) = diff * diff;
          r2 += sq(j) * inverse_l2(j);
        }
      }
      const double r = std::sqrt(r2);
      const double e = std::exp(-sqrt5 * r);
      const double h = std::exp(-hamming);
      const double m52 = (1.0 + sqrt5 * r + 5.0 / 3.0 * r2) * e;
      const double weight = 2.0 * w(i, m);  // W_im and W_mi
      const double s = kernel.amplitude * m52 * h;
      g(0) += weight * s;
      // ∂M/∂log l_j = 5/3 (1 + √5 r) e^{−√5 r} (x_j − y_j)² / l_j²;
      // ∂H/∂log l_j = H [x_j ≠ y_j] / l_j²
      const double matern_factor =
          weight * kernel.amplitude * h * 5.0 / 3.0 * (1.0 + sqrt5 * r) * e;
      for (int j = 0; j < d; ++j) {
        if (sq(j) == 0.0) continue;
        if (categorical_[static_cast<std::size_t>(j)])
          g(1 + j) += weight * s * sq(j) * inverse_l2(j);
        else
          g(1 + j) += matern_factor * sq(j) * inverse_l2(j);
      }
    }
  }
  return g;
}

}  // namespace hypershap
