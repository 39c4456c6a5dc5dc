// The Gaussian process's dense numerics (gp_numerics.hpp). This file is compiled twice: as itself
// (the baseline) and included by gp_numerics_avx2.cpp, with HYPERSHAP_GP_NUMERICS_AVX2 set, AVX2
// and FMA on and Eigen's namespace renamed. It may therefore include nothing that instantiates a
// template outside Eigen (no std containers, strings or streams) and define nothing that runs at
// start-up.
#include "gp_numerics.hpp"

#include <Eigen/Cholesky>
#include <Eigen/Core>

#ifndef HYPERSHAP_GP_NUMERICS_AVX2
#include "hypershap/models/vector_kernels.hpp"
#endif

namespace hypershap::gp_numerics {

#if HYPERSHAP_GP_NUMERICS_AVX2
namespace avx2_variant {
#else
namespace baseline_variant {
#endif

namespace {

constexpr double sqrt5 = 2.23606797749978969640917366873127623544061835961152572427089;

using Array = Eigen::Map<Eigen::ArrayXd>;
using ConstArray = Eigen::Map<const Eigen::ArrayXd>;
using Matrix = Eigen::Map<Eigen::MatrixXd>;
using ConstMatrix = Eigen::Map<const Eigen::MatrixXd>;

// Results never depend on where the caller's buffers lie. Eigen peels a vectorised assignment
// until its destination is aligned to a packet and computes the peeled elements the scalar way
// (the library's exp, fused multiply-adds): with the AVX2 copy's 32-byte packets and a caller's
// 16-byte-aligned buffer, values would depend on the heap's layout, which differs between
// processes (1 and 3 ranks stored different bits). So every vectorised result is computed into
// storage this file's Eigen allocated, aligned to its packets, and copied out.
struct Scratch {
  Eigen::ArrayXd r2, r, e, h, s, weight, factor;
  Eigen::MatrixXd matrix;

  // the vectors at least m long (kept between calls: a GP evaluates columns of one length range)
  void reserve(long m) {
    if (r2.size() >= m) return;
    for (Eigen::ArrayXd* v : {&r2, &r, &e, &h, &s, &weight, &factor}) v->resize(m);
  }
};

Scratch& scratch() {
  thread_local Scratch buffers;
  return buffers;
}

void copy_out(const Eigen::ArrayXd& from, long m, double* to) { Array(to, m) = from.head(m); }

void signal(double amplitude, const ScaledView& a, long begin, long m, const ScaledView& b,
            long row, const SignalParts& out) {
  Scratch& t = scratch();
  t.reserve(m);
  auto r2 = t.r2.head(m), r = t.r.head(m), e = t.e.head(m), h = t.h.head(m), s = t.s.head(m);
  r2.setZero();
  for (long c = 0; c < a.continuous_cols; ++c)
    r2 += (ConstArray(a.continuous + c * a.rows + begin, m) - b.continuous[c * b.rows + row])
              .square();
  r = r2.sqrt();
  e = (-sqrt5 * r).exp();
  if (a.categorical_cols == 0) {
    h.setOnes();
  } else {
    h.setZero();  // the Hamming sum first, its exponential below
    for (long c = 0; c < a.categorical_cols; ++c)
      h += a.hamming_weight[c] *
           (ConstArray(a.categorical + c * a.rows + begin, m) != b.categorical[c * b.rows + row])
               .cast<double>();
    h = (-h).exp();
  }
  s = amplitude * (1.0 + sqrt5 * r + (5.0 / 3.0) * r2) * e * h;
  copy_out(t.r2, m, out.r2);
  copy_out(t.r, m, out.r);
  copy_out(t.e, m, out.e);
  copy_out(t.h, m, out.h);
  copy_out(t.s, m, out.s);
}

// ∂M/∂log l_c = 5/3 (1 + √5 r) e^{−√5 r} (x_c − y_c)² / l_c²; ∂H/∂log l_c = H [x_c ≠ y_c] / l_c²
void gradient_column(double amplitude, const ScaledView& a, long j, long m, const double* w_below,
                     const SignalParts& parts, const int* continuous_index,
                     const int* categorical_index, double* weight_buffer, double* factor_buffer,
                     double* g) {
  (void)weight_buffer;  // the scratch's own, aligned (above)
  (void)factor_buffer;
  Scratch& t = scratch();
  t.reserve(m);
  auto weight = t.weight.head(m), factor = t.factor.head(m);
  const ConstArray r(parts.r, m), e(parts.e, m), h(parts.h, m), s(parts.s, m);
  weight = 2.0 * ConstArray(w_below, m);  // W_ij and W_ji
  g[0] += (weight * s).sum();
  factor = weight * amplitude * h * (5.0 / 3.0) * (1.0 + sqrt5 * r) * e;
  for (long c = 0; c < a.continuous_cols; ++c)
    g[1 + continuous_index[c]] +=
        (factor *
         (ConstArray(a.continuous + c * a.rows + j + 1, m) - a.continuous[c * a.rows + j]).square())
            .sum();
  for (long c = 0; c < a.categorical_cols; ++c) {
    const double inverse_l2 = 2.0 * a.hamming_weight[c];
    g[1 + categorical_index[c]] +=
        inverse_l2 *
        ((ConstArray(a.categorical + c * a.rows + j + 1, m) != a.categorical[c * a.rows + j])
             .cast<double>() *
         weight * s)
            .sum();
  }
}

// The n × n matrix at `data` in the scratch (aligned), and back.
Eigen::MatrixXd& copy_in(const double* data, long n) {
  Eigen::MatrixXd& m = scratch().matrix;
  m = ConstMatrix(data, n, n);
  return m;
}

bool cholesky(double* k, long n) {
  Eigen::MatrixXd& a = copy_in(k, n);
  const Eigen::LLT<Eigen::Ref<Eigen::MatrixXd>> llt(a);  // in place: a's lower triangle is L
  Matrix(k, n, n) = a;
  return llt.info() == Eigen::Success;
}

// The blocks of a recursion by halves on a lower triangular n × n matrix: [A 0; B C], A of
// h × h with h = n / 2.
struct Halves {
  using Block = Eigen::Block<Eigen::Ref<Eigen::MatrixXd>>;
  Block a, b, c;
  explicit Halves(Eigen::Ref<Eigen::MatrixXd>& l)
      : a(l.topLeftCorner(l.rows() / 2, l.rows() / 2)),
        b(l.bottomLeftCorner(l.rows() - l.rows() / 2, l.rows() / 2)),
        c(l.bottomRightCorner(l.rows() - l.rows() / 2, l.rows() - l.rows() / 2)) {}
};

// LAPACK's trtri, recursively by halves: [A 0; B C]⁻¹ = [A⁻¹ 0; −C⁻¹ B A⁻¹ C⁻¹], n³/3
// multiply-adds where a solve against the identity takes n³.
void invert_lower_block(Eigen::Ref<Eigen::MatrixXd> l) {
  const Eigen::Index n = l.rows();
  if (n <= 32) {
    for (Eigen::Index j = 0; j < n; ++j) {
      l(j, j) = 1.0 / l(j, j);
      for (Eigen::Index i = j + 1; i < n; ++i) {
        double sum = 0.0;
        for (Eigen::Index k = j; k < i; ++k) sum += l(i, k) * l(k, j);
        l(i, j) = -sum / l(i, i);
      }
    }
    return;
  }
  Halves q(l);
  invert_lower_block(q.a);
  invert_lower_block(q.c);
  Eigen::MatrixXd ba = q.b * q.a.triangularView<Eigen::Lower>();
  q.b.noalias() = -(q.c.triangularView<Eigen::Lower>() * ba);
}

void invert_lower(double* l, long n) {
  Eigen::MatrixXd& a = copy_in(l, n);
  invert_lower_block(a);
  Matrix(l, n, n) = a;
}

// LAPACK's lauum, by halves: [A 0; B C]ᵀ [A 0; B C] = [AᵀA + BᵀB, BᵀC; CᵀB, CᵀC]; with
// L = chol(K)⁻¹ it is K⁻¹.
void lower_gram_block(Eigen::Ref<Eigen::MatrixXd> l) {
  const Eigen::Index n = l.rows();
  if (n <= 32) {
    for (Eigen::Index j = 0; j < n; ++j)
      for (Eigen::Index i = j; i < n; ++i) {
        double sum = 0.0;
        for (Eigen::Index k = i; k < n; ++k) sum += l(k, i) * l(k, j);
        l(i, j) = sum;  // (LᵀL)_ij uses rows k ≥ i of columns i and j, not yet overwritten
      }
    return;
  }
  Halves q(l);
  lower_gram_block(q.a);
  q.a.selfadjointView<Eigen::Lower>().rankUpdate(q.b.transpose());
  q.b = q.c.triangularView<Eigen::Lower>().transpose() * q.b;
  lower_gram_block(q.c);
}

void lower_gram(double* l, long n) {
  Eigen::MatrixXd& a = copy_in(l, n);
  lower_gram_block(a);
  Matrix(l, n, n) = a;
}

// By blocks of 64 columns: a block of M v stays in the cache, where one triangular product over
// the thousands of points of an acquisition search streams its n × m result through memory (3×
// slower at n = 200, m = 6,000); each column's value is the same bit for bit.
void lower_squared_norms(const double* m_lower, long n, const double* v, long m, double* out) {
  constexpr long block = 64;
  const ConstMatrix lower(m_lower, n, n);
  const ConstMatrix columns(v, n, m);
  Eigen::MatrixXd w(n, m < block ? m : block);
  Eigen::ArrayXd norms(m < block ? m : block);
  for (long j = 0; j < m; j += block) {
    const long width = m - j < block ? m - j : block;
    w.leftCols(width).noalias() =
        lower.triangularView<Eigen::Lower>() * columns.middleCols(j, width);
    norms.head(width) = w.leftCols(width).colwise().squaredNorm().transpose().array();
    copy_out(norms, width, out + j);
  }
}

}  // namespace

const Table& table() {
  static constexpr Table numerics{&signal,       &gradient_column, &cholesky,
                                  &invert_lower, &lower_gram,      &lower_squared_norms};
  return numerics;
}

}  // namespace avx2_variant / baseline_variant

#ifndef HYPERSHAP_GP_NUMERICS_AVX2

#if HYPERSHAP_GP_AVX2
namespace avx2_variant {
const Table& table();  // gp_numerics_avx2.cpp
}
#endif

const Table& baseline() { return baseline_variant::table(); }

const Table& active() {
#if HYPERSHAP_GP_AVX2
  if (vector_kernels_active()) return avx2_variant::table();
#endif
  return baseline();
}

#endif

}  // namespace hypershap::gp_numerics
