// The Gaussian process's dense numerics (gp_numerics.hpp). This file is compiled twice: as itself
// (the baseline) and included by gp_numerics_avx2.cpp, with HYPERSHAP_GP_NUMERICS_AVX2 set, AVX2
// and FMA on and Eigen's namespace renamed. It may therefore include nothing that instantiates a
// template outside Eigen (no std containers, strings or streams) and define nothing that runs at
// start-up.
#include "gp_numerics.hpp"

#include <Eigen/Cholesky>
#include <Eigen/Core>
#include <cstdint>

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
// processes (1 and 3 ranks stored different bits). So every vectorised result is computed in
// storage aligned to the packets: this file's own (the signal's parts, handed out, not copied)
// or the caller's matrix where it happens to be aligned, a scratch copy of it otherwise (the
// same bits either way: the peeling depends only on the address modulo the packet).
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

bool packet_aligned(const double* p) {
  return reinterpret_cast<std::uintptr_t>(p) % EIGEN_DEFAULT_ALIGN_BYTES == 0;
}

void signal(double amplitude, const ScaledView& a, long begin, long m, const ScaledView& b,
            long row, SignalParts& out) {
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
  out = {t.r2.data(), t.r.data(), t.e.data(), t.h.data(), t.s.data()};
}

// ∂M/∂log l_c = 5/3 (1 + √5 r) e^{−√5 r} (x_c − y_c)² / l_c²; ∂H/∂log l_c = H [x_c ≠ y_c] / l_c²
void gradient_column(double amplitude, const ScaledView& a, long j, long m, const double* w_below,
                     const SignalParts& parts, const int* continuous_index,
                     const int* categorical_index, double* g) {
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

// Runs `step` on the n × n matrix at `data` in place where it is aligned to the packets, on an
// aligned scratch copy otherwise (copied back).
template <typename Step>
void aligned_in_place(double* data, long n, Step step) {
  Matrix caller(data, n, n);
  if (packet_aligned(data)) {
    step(caller);
    return;
  }
  Eigen::MatrixXd& m = scratch().matrix;
  m = caller;
  step(m);
  caller = m;
}

bool cholesky(double* k, long n) {
  bool positive_definite = false;
  aligned_in_place(k, n, [&](Eigen::Ref<Eigen::MatrixXd> a) {
    const Eigen::LLT<Eigen::Ref<Eigen::MatrixXd>> llt(a);  // in place: a's lower triangle is L
    positive_definite = llt.info() == Eigen::Success;
  });
  return positive_definite;
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

void invert_lower(double* l, long n) { aligned_in_place(l, n, invert_lower_block); }

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

void lower_gram(double* l, long n) { aligned_in_place(l, n, lower_gram_block); }

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
    Array(out + j, width) = norms.head(width);  // a copy: the same bits wherever out lies
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
