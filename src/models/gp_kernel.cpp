#include "hypershap/models/gp_kernel.hpp"

#include <cmath>
#include <vector>

#include "gp_numerics.hpp"

namespace hypershap {

namespace {

const double sqrt5 = std::sqrt(5.0);

// M(r) of Matérn-5/2 from r².
double matern52(double r2) {
  const double r = std::sqrt(r2);
  return (1.0 + sqrt5 * r + 5.0 / 3.0 * r2) * std::exp(-sqrt5 * r);
}

// The inputs split by kind: continuous columns divided by their lengthscale, categorical ones as
// category indices with their Hamming weight 1 / (2 l²); column-major.
struct ScaledInputs {
  Eigen::MatrixXd continuous;
  Eigen::MatrixXd categorical;
  Eigen::ArrayXd hamming_weight;
  std::vector<int> continuous_columns;  // their input columns
  std::vector<int> categorical_columns;
};

ScaledInputs scale(const std::vector<bool>& categorical, const GpKernel& kernel,
                   const Eigen::Ref<const GpMatrix>& x) {
  ScaledInputs s;
  for (std::size_t j = 0; j < categorical.size(); ++j)
    (categorical[j] ? s.categorical_columns : s.continuous_columns).push_back(static_cast<int>(j));
  s.continuous.resize(x.rows(), static_cast<Eigen::Index>(s.continuous_columns.size()));
  s.categorical.resize(x.rows(), static_cast<Eigen::Index>(s.categorical_columns.size()));
  s.hamming_weight.resize(s.categorical.cols());
  for (Eigen::Index c = 0; c < s.continuous.cols(); ++c) {
    const int j = s.continuous_columns[static_cast<std::size_t>(c)];
    s.continuous.col(c) = x.col(j) / kernel.lengthscales(j);
  }
  for (Eigen::Index c = 0; c < s.categorical.cols(); ++c) {
    const int j = s.categorical_columns[static_cast<std::size_t>(c)];
    s.categorical.col(c) = x.col(j);
    const double l = kernel.lengthscales(j);
    s.hamming_weight(c) = 1.0 / (2.0 * l * l);
  }
  return s;
}

gp_numerics::ScaledView view(const ScaledInputs& s) {
  gp_numerics::ScaledView v;
  v.continuous = s.continuous.data();
  v.continuous_cols = s.continuous.cols();
  v.categorical = s.categorical.data();
  v.categorical_cols = s.categorical.cols();
  v.hamming_weight = s.hamming_weight.data();
  v.rows = s.continuous.cols() > 0 ? s.continuous.rows() : s.categorical.rows();
  return v;
}

// One block of a column of K: the signal between rows [begin, begin + m) of `a` and row `row` of
// `b`, with its parts (r, e^{−√5 r}, the Hamming factor) kept for the gradient; computed by the
// numerics active when the buffers were made (gp_numerics.hpp).
struct ColumnBuffers {
  const gp_numerics::Table& numerics = gp_numerics::active();
  gp_numerics::SignalParts parts;

  void signal(const GpKernel& kernel, const gp_numerics::ScaledView& a, Eigen::Index begin,
              Eigen::Index m, const gp_numerics::ScaledView& b, Eigen::Index row) {
    numerics.signal(kernel.amplitude, a, begin, m, b, row, parts);
  }
  Eigen::Map<const Eigen::VectorXd> s(Eigen::Index m) const { return {parts.s, m}; }
};
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

// K(X, X), K(A, B) and the gradient contraction work one column of the matrix at a time: the
// distances from one point to a block of rows are a few contiguous array operations (continuous
// inputs divided by their lengthscale once per call, column-major), and Matérn's exp and sqrt run
// vectorised over the block instead of once per pair.

Eigen::MatrixXd GpCovariance::matrix(const GpKernel& kernel,
                                     const Eigen::Ref<const GpMatrix>& x) const {
  Eigen::MatrixXd k;
  matrix(kernel, x, k);
  return k;
}

void GpCovariance::matrix(const GpKernel& kernel, const Eigen::Ref<const GpMatrix>& x,
                          Eigen::MatrixXd& k) const {
  const Eigen::Index n = x.rows();
  const ScaledInputs s = scale(categorical_, kernel, x);
  const gp_numerics::ScaledView sv = view(s);
  ColumnBuffers buffers;
  k.resize(n, n);
  for (Eigen::Index j = 0; j < n; ++j) {
    k(j, j) = kernel.amplitude + kernel.noise;
    const Eigen::Index m = n - j - 1;
    if (m == 0) continue;
    buffers.signal(kernel, sv, j + 1, m, sv, j);
    k.col(j).segment(j + 1, m) = buffers.s(m);
  }
  k.triangularView<Eigen::StrictlyUpper>() = k.transpose();
}

Eigen::MatrixXd GpCovariance::cross(const GpKernel& kernel, const Eigen::Ref<const GpMatrix>& a,
                                    const Eigen::Ref<const GpMatrix>& b) const {
  return cross_transposed(kernel, b, a).transpose();
}

Eigen::MatrixXd GpCovariance::cross_transposed(const GpKernel& kernel,
                                               const Eigen::Ref<const GpMatrix>& train,
                                               const Eigen::Ref<const GpMatrix>& points) const {
  const ScaledInputs s = scale(categorical_, kernel, train);
  const ScaledInputs p = scale(categorical_, kernel, points);
  const gp_numerics::ScaledView sv = view(s);
  const gp_numerics::ScaledView pv = view(p);
  const Eigen::Index n = train.rows();
  ColumnBuffers buffers;
  Eigen::MatrixXd k(n, points.rows());
  for (Eigen::Index i = 0; i < points.rows(); ++i) {
    buffers.signal(kernel, sv, 0, n, pv, i);
    k.col(i) = buffers.s(n);
  }
  return k;
}

Eigen::VectorXd GpCovariance::contract_gradient(const GpKernel& kernel,
                                                const Eigen::Ref<const GpMatrix>& x,
                                                const Eigen::MatrixXd& w) const {
  const int d = dimensions();
  const Eigen::Index n = x.rows();
  const ScaledInputs s = scale(categorical_, kernel, x);
  const gp_numerics::ScaledView sv = view(s);
  ColumnBuffers buffers;
  Eigen::VectorXd g = Eigen::VectorXd::Zero(d + 2);
  for (Eigen::Index j = 0; j < n; ++j) {
    // the diagonal: M = H = 1, every lengthscale derivative 0
    g(0) += w(j, j) * kernel.amplitude;
    g(d + 1) += w(j, j) * kernel.noise;
    const Eigen::Index m = n - j - 1;
    if (m == 0) continue;
    buffers.signal(kernel, sv, j + 1, m, sv, j);
    buffers.numerics.gradient_column(kernel.amplitude, sv, j, m, w.col(j).data() + j + 1,
                                     buffers.parts, s.continuous_columns.data(),
                                     s.categorical_columns.data(), g.data());
  }
  return g;
}

}  // namespace hypershap
