// The Gaussian process's dense numerics (models/gp_numerics.hpp), the baseline and the AVX2+FMA
// copy each against its definition computed here the plain way: the Matérn/Hamming signal
// against GpCovariance::signal pair by pair, L Lᵀ = K, L L⁻¹ = I, Lᵀ L by triple loops, and
// ‖M v‖² by dot products. Then the GP itself on both paths (predictions and log marginal
// likelihood agree to rounding). Tolerances are what double rounding allows, not measured
// differences.

#include <doctest/doctest.h>

#include <Eigen/Core>
#include <cmath>
#include <cstring>
#include <random>
#include <vector>

#include "gp_numerics.hpp"  // src/models: the numerics themselves
#include "hypershap/models/gaussian_process.hpp"
#include "hypershap/models/vector_kernels.hpp"
#include "reference_csv.hpp"  // test::close
#include "vector_kernels_guard.hpp"

using namespace hypershap;
using test::VectorKernels;

namespace {

// The implementations this processor can run, with their names.
std::vector<std::pair<const char*, const gp_numerics::Table*>> tables() {
  std::vector<std::pair<const char*, const gp_numerics::Table*>> out = {
      {"baseline", &gp_numerics::baseline()}};
  if (processor_has_avx2_fma()) {
    const VectorKernels on(true);
    out.emplace_back("avx2", &gp_numerics::active());
  } else {
    MESSAGE("this processor has no AVX2+FMA: the baseline only");
  }
  return out;
}

// A random symmetric positive definite matrix (a Gram matrix plus a ridge).
Eigen::MatrixXd spd(Eigen::Index n, std::mt19937& rng) {
  std::normal_distribution<double> z;
  Eigen::MatrixXd a(n, n + 3);
  for (Eigen::Index i = 0; i < a.size(); ++i) a.data()[i] = z(rng);
  Eigen::MatrixXd k = a * a.transpose() / static_cast<double>(n);
  k.diagonal().array() += 0.5;
  return k;
}

// |a − b| ≤ tolerance · (1 + |b|)
bool close(double a, double b, double tolerance) { return test::close(a, b, tolerance, tolerance); }

}  // namespace

TEST_CASE("the GP numerics: signal against GpCovariance::signal pair by pair") {
  std::mt19937 rng(3);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  const std::vector<bool> categorical = {false, true, false, false, true};
  const GpCovariance covariance(categorical);
  GpKernel kernel;
  kernel.amplitude = 1.7;
  kernel.lengthscales = Eigen::VectorXd(5);
  kernel.lengthscales << 0.3, 0.8, 1.1, 0.05, 2.0;
  const Eigen::Index rows = 37;
  GpMatrix x(rows, 5);
  for (Eigen::Index i = 0; i < rows; ++i)
    for (int j = 0; j < 5; ++j)
      x(i, j) = categorical[static_cast<std::size_t>(j)] ? std::floor(3.0 * u(rng)) : u(rng);
  // the view the numerics read: continuous columns over their lengthscale, categorical raw
  Eigen::MatrixXd continuous(rows, 3), cats(rows, 2);
  Eigen::VectorXd weight(2);
  continuous << x.col(0) / 0.3, x.col(2) / 1.1, x.col(3) / 0.05;
  cats << x.col(1), x.col(4);
  weight << 1.0 / (2 * 0.8 * 0.8), 1.0 / (2 * 2.0 * 2.0);
  gp_numerics::ScaledView view{continuous.data(), 3, cats.data(), 2, weight.data(), rows};
  for (const auto& [name, table] : tables()) {
    INFO(name);
    for (const Eigen::Index begin : {0, 5}) {
      const Eigen::Index m = rows - begin;
      for (Eigen::Index row = 0; row < rows; row += 6) {
        gp_numerics::SignalParts parts;
        table->signal(kernel.amplitude, view, begin, m, view, row, parts);
        for (Eigen::Index i = 0; i < m; ++i) {
          const double expected =
              covariance.signal(kernel, x.row(begin + i).data(), x.row(row).data());
          REQUIRE(close(parts.s[i], expected, 1e-13));
        }
      }
    }
  }
}

TEST_CASE("the GP numerics: Cholesky, L⁻¹, LᵀL and ‖M v‖² against their definitions") {
  std::mt19937 rng(11);
  for (const auto& [name, table] : tables()) {
    INFO(name);
    for (const Eigen::Index n : {1, 7, 32, 33, 100, 203}) {
      CAPTURE(n);
      const Eigen::MatrixXd k = spd(n, rng);
      Eigen::MatrixXd l = k;
      REQUIRE(table->cholesky(l.data(), n));
      l.triangularView<Eigen::StrictlyUpper>().setZero();
      CHECK(((l * l.transpose()) - k).cwiseAbs().maxCoeff() <= 1e-12 * k.cwiseAbs().maxCoeff());

      Eigen::MatrixXd inverse = l;
      table->invert_lower(inverse.data(), n);
      CHECK((inverse.triangularView<Eigen::StrictlyUpper>().toDenseMatrix().cwiseAbs().maxCoeff() ==
             0.0));
      CHECK(((l * inverse) - Eigen::MatrixXd::Identity(n, n)).cwiseAbs().maxCoeff() <= 1e-11);

      Eigen::MatrixXd gram = inverse;
      table->lower_gram(gram.data(), n);
      for (Eigen::Index j = 0; j < n; ++j)
        for (Eigen::Index i = j; i < n; ++i) {
          double sum = 0.0;
          for (Eigen::Index q = i; q < n; ++q) sum += inverse(q, i) * inverse(q, j);
          REQUIRE(close(gram(i, j), sum, 1e-12));
        }

      const Eigen::Index m = 150;  // more than two blocks of 64 columns
      Eigen::MatrixXd v = Eigen::MatrixXd::Random(n, m);
      std::vector<double> norms(static_cast<std::size_t>(m));
      table->lower_squared_norms(inverse.data(), n, v.data(), m, norms.data());
      for (Eigen::Index j = 0; j < m; ++j) {
        double expected = 0.0;
        for (Eigen::Index i = 0; i < n; ++i) {
          double dot = 0.0;
          for (Eigen::Index q = 0; q <= i; ++q) dot += inverse(i, q) * v(q, j);
          expected += dot * dot;
        }
        REQUIRE(close(norms[static_cast<std::size_t>(j)], expected, 1e-12));
      }
    }
    // not positive definite: reported, not factorised into NaNs silently
    Eigen::MatrixXd indefinite = Eigen::MatrixXd::Identity(4, 4);
    indefinite(2, 2) = -1.0;
    CHECK_FALSE(table->cholesky(indefinite.data(), 4));
  }
}

TEST_CASE("the GP on the AVX2+FMA path agrees with the baseline to rounding") {
  if (!processor_has_avx2_fma()) {
    MESSAGE("skipped: this processor has no AVX2+FMA");
    return;
  }
  std::mt19937 rng(5);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  const Eigen::Index n = 120;
  GpMatrix x(n, 4), points(300, 4);
  Eigen::VectorXd y(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    for (int j = 0; j < 4; ++j) x(i, j) = j == 3 ? std::floor(4.0 * u(rng)) : u(rng);
    y(i) = std::sin(6.0 * x(i, 0)) + x(i, 1) * x(i, 2) + 0.3 * x(i, 3) + 0.01 * u(rng);
  }
  for (Eigen::Index i = 0; i < points.rows(); ++i)
    for (int j = 0; j < 4; ++j) points(i, j) = j == 3 ? std::floor(4.0 * u(rng)) : u(rng);
  const std::vector<bool> categorical = {false, false, false, true};
  GpOptions options;
  GpKernel fixed;
  fixed.amplitude = 0.9;
  fixed.lengthscales = Eigen::VectorXd::Constant(4, 0.4);
  fixed.noise = 1e-4;
  options.fixed = fixed;  // the same kernel on both paths, so only the numerics differ
  Eigen::VectorXd mean[2], std[2];
  double lml[2];
  Eigen::VectorXd gradient[2];
  for (const bool avx2 : {false, true}) {
    const VectorKernels guard(avx2);
    const GaussianProcess gp = GaussianProcess::fit(x, y, categorical, options);
    const int p = avx2 ? 1 : 0;
    mean[p].resize(points.rows());
    gp.predict(points, mean[p], &std[p]);
    lml[p] = GaussianProcess::log_marginal_likelihood(gp.covariance(), x, y, fixed, &gradient[p]);
  }
  for (Eigen::Index i = 0; i < points.rows(); ++i) {
    CHECK(close(mean[1](i), mean[0](i), 1e-9));
    CHECK(close(std[1](i), std[0](i), 1e-7));
  }
  CHECK(close(lml[1], lml[0], 1e-10));
  for (Eigen::Index p = 0; p < gradient[0].size(); ++p)
    CHECK(close(gradient[1](p), gradient[0](p), 1e-8));
}

TEST_CASE("the GP numerics give the same bits wherever the caller's buffers lie") {
  // Two copies of every input and output, one 8 bytes further into its allocation than the
  // other: with 32-byte AVX2 packets, Eigen would otherwise treat their first elements
  // differently (1 and 3 ranks once stored different bits because of this).
  const long rows = 45, n = 45, m = 70;
  for (const auto& [name, table] : tables()) {
    INFO(name);
    std::vector<double> results[2];
    for (const int shift : {0, 1}) {
      std::mt19937 same(23);  // the same data for both shifts
      std::uniform_real_distribution<double> v(0.0, 1.0);
      std::vector<double> inputs(static_cast<std::size_t>(shift + 3 * rows));
      for (std::size_t i = static_cast<std::size_t>(shift); i < inputs.size(); ++i)
        inputs[i] = v(same);
      const double* continuous = inputs.data() + shift;
      std::vector<double> cats(static_cast<std::size_t>(shift + rows));
      for (std::size_t i = static_cast<std::size_t>(shift); i < cats.size(); ++i)
        cats[i] = std::floor(3.0 * v(same));
      const double weight = 0.4;
      const gp_numerics::ScaledView view{continuous, 3, cats.data() + shift, 1, &weight, rows};
      std::vector<double>& result = results[shift];
      for (long row = 0; row < rows; row += 4) {
        gp_numerics::SignalParts parts;
        table->signal(1.3, view, 1, rows - 1, view, row, parts);
        for (const double* part : {parts.r2, parts.r, parts.e, parts.h, parts.s})
          result.insert(result.end(), part, part + rows - 1);
      }
      std::vector<double> k(static_cast<std::size_t>(shift + n * n));
      const Eigen::MatrixXd matrix = spd(n, same);
      std::copy(matrix.data(), matrix.data() + n * n, k.data() + shift);
      REQUIRE(table->cholesky(k.data() + shift, n));
      table->invert_lower(k.data() + shift, n);
      std::vector<double> columns(static_cast<std::size_t>(shift + n * m));
      for (std::size_t i = static_cast<std::size_t>(shift); i < columns.size(); ++i)
        columns[i] = v(same);
      std::vector<double> norms(static_cast<std::size_t>(shift + m));
      table->lower_squared_norms(k.data() + shift, n, columns.data() + shift, m,
                                 norms.data() + shift);
      result.insert(result.end(), norms.begin() + shift, norms.end());
      table->lower_gram(k.data() + shift, n);
      result.insert(result.end(), k.begin() + shift, k.end());
    }
    REQUIRE(results[0].size() == results[1].size());
    CHECK(std::memcmp(results[0].data(), results[1].data(), results[0].size() * sizeof(double)) ==
          0);
  }
}
