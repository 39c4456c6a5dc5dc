#pragma once
// Y = X·B (+ bias) for a B known at load (the weights of a Gemm or MatMul node), by a hand-written
// AVX2+FMA kernel chosen at run time. The binary stays portable: the kernel is compiled with
// function target attributes (no -m flags, so no Eigen template is ever instantiated for AVX2 and
// merged into baseline code by the linker), and it runs only where the processor has AVX2 and FMA.
// Elsewhere, or with HYPERSHAP_NO_AVX2=1 in the environment, the interpreter keeps its portable
// Eigen products. Every output element is bias + Σ_k x_ik·b_kj summed in k order with one fused
// multiply-add per term, whatever the batch: a row's result never depends on the other rows.

#include <cstdint>
#include <vector>

#include "hypershap/models/onnx_model.hpp"

namespace hypershap::onnx::detail {

/// B [K, N] packed in panels of 16 columns, K rows each (zero beyond column N), the layout the
/// kernel reads with two aligned-width loads per k.
class PackedWeights {
 public:
  /// `b` row-major: [K, N] when `transposed` is false, [N, K] (Gemm's transB = 1) when true.
  PackedWeights(const float* b, std::int64_t k, std::int64_t n, bool transposed);

  std::int64_t k() const { return k_; }
  std::int64_t n() const { return n_; }

  /// y[i, j] = bias[j] + alpha · Σ_k x[i, k] b[k, j] for M rows (bias null: 0 +; alpha 1: no
  /// multiplication). x and y are row-major with row strides ldx and ldy. Only when
  /// onnx::vector_kernels_active().
  void multiply(const float* x, std::int64_t ldx, std::int64_t m, const float* bias, float alpha,
                float* y, std::int64_t ldy) const;

 private:
  std::int64_t k_;
  std::int64_t n_;
  std::vector<float> panels_;
};

}  // namespace hypershap::onnx::detail
