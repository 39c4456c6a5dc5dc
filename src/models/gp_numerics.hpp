#pragma once
// The dense numerics of the Gaussian process, where a BO proposal spends its time: the
// Matérn/Hamming signal of a block of pairs (exp and sqrt), the Cholesky factor, L⁻¹, L⁻ᵀL⁻¹ and
// the prediction variances (matrix products). They sit behind plain pointers so that one source,
// gp_numerics.cpp, is compiled twice: for the baseline x86-64 and, as gp_numerics_avx2.cpp, for
// AVX2+FMA, chosen at run time like the ONNX kernels (models/vector_kernels.hpp). Eigen's
// products and its vectorised exp then run on 4 doubles per instruction instead of 2.
//
// Why the second copy renames Eigen's namespace: the AVX2 object instantiates Eigen's templates
// (gebp_kernel, LLT, ...) with AVX2 code. Under their usual names they would be weak symbols,
// and the linker may keep the AVX2 copy for the baseline code too: an illegal instruction on a
// processor without AVX2. Renamed, they are distinct functions. The test
// `models:avx2-object-isolated` checks that the AVX2 object defines no other weak symbol and
// runs no code at start-up.

namespace hypershap::gp_numerics {

/// A point set as the kernel reads it: continuous columns divided by their lengthscales and
/// categorical columns as category indices, each column-major with `rows` rows.
struct ScaledView {
  const double* continuous = nullptr;
  long continuous_cols = 0;
  const double* categorical = nullptr;
  long categorical_cols = 0;
  const double* hamming_weight = nullptr;  // 1 / (2 l²) per categorical column
  long rows = 0;
};

/// The parts of one block of a column of K, m each: r², r, e^{−√5 r}, the Hamming factor H and
/// the signal s = amplitude · (1 + √5 r + 5r²/3) e^{−√5 r} H.
struct SignalParts {
  const double* r2 = nullptr;
  const double* r = nullptr;
  const double* e = nullptr;
  const double* h = nullptr;
  const double* s = nullptr;
};

/// One implementation of the numerics. Matrices are column-major n × n, their lower triangle
/// used.
struct Table {
  /// The signal between rows [begin, begin + m) of `a` and row `row` of `b`, in buffers of the
  /// numerics' own (per thread, aligned to their packets) that `parts` is set to point to: valid
  /// until the next call on this thread.
  void (*signal)(double amplitude, const ScaledView& a, long begin, long m, const ScaledView& b,
                 long row, SignalParts& parts);
  /// Column j's share of the likelihood gradient's contraction Σ W_ij ∂K_ij/∂θ_p below the
  /// diagonal (W_ij and W_ji), with `parts` the signal of rows j + 1 ... j + m against row j (as
  /// signal() gave it) and `w_below` W's entries there; added to g[0] (log amplitude) and
  /// g[1 + index[c]] for the c-th continuous and categorical column (log lengthscales).
  void (*gradient_column)(double amplitude, const ScaledView& a, long j, long m,
                          const double* w_below, const SignalParts& parts,
                          const int* continuous_index, const int* categorical_index, double* g);
  /// In place: the lower Cholesky factor L of `k` (K = L Lᵀ); false if K is not positive
  /// definite.
  bool (*cholesky)(double* k, long n);
  /// In place: the inverse of the lower triangular `l`.
  void (*invert_lower)(double* l, long n);
  /// In place: the lower triangle of Lᵀ L for the lower triangular `l`.
  void (*lower_gram)(double* l, long n);
  /// out[j] = ‖M v_j‖² for the m columns of v (n × m) and the lower triangular M (n × n).
  void (*lower_squared_norms)(const double* m_lower, long n, const double* v, long m, double* out);
};

/// The baseline implementation (every x86-64, every other processor).
const Table& baseline();
/// The AVX2+FMA implementation where it was compiled and the processor has it and it is not
/// switched off (HYPERSHAP_NO_AVX2, set_vector_kernels); the baseline otherwise.
const Table& active();

}  // namespace hypershap::gp_numerics
