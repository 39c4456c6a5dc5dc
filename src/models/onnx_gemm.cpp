#include "onnx_gemm.hpp"

#include <algorithm>
#include <cstring>

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define HYPERSHAP_X86_KERNELS 1
#else
#define HYPERSHAP_X86_KERNELS 0
#endif

namespace hypershap::onnx::detail {

namespace {

constexpr std::int64_t panel_width = 16;  // two 8-float AVX registers
constexpr int tile_rows = 6;              // 6 × 2 accumulators + 2 weights + 1 broadcast ≤ 16
// rows per pass over the weight panels: a pass's rows of X (≤ 64 × 910 floats) stay in L2
// while each panel (K × 16 floats, ≤ 30 KB) is reused from L1 by every tile of the pass
constexpr std::int64_t pass_rows = 8 * tile_rows;

#if HYPERSHAP_X86_KERNELS

/// One tile: `rows` ≤ 6 rows of Y, the 16 columns of one panel (`cols` ≤ 16 of them stored).
/// Always computes 6 rows (a short tile re-reads its last row: the same memory, the extra results
/// dropped), with the accumulators as named variables so that they stay in registers.
__attribute__((target("avx2,fma"))) void tile(const float* x, std::int64_t ldx, std::int64_t k,
                                              const float* panel, const float* bias, float alpha,
                                              float* y, std::int64_t ldy, int rows,
                                              std::int64_t cols) {
  const float* x0 = x;
  const float* x1 = x + std::min(1, rows - 1) * ldx;
  const float* x2 = x + std::min(2, rows - 1) * ldx;
  const float* x3 = x + std::min(3, rows - 1) * ldx;
  const float* x4 = x + std::min(4, rows - 1) * ldx;
  const float* x5 = x + std::min(5, rows - 1) * ldx;
  __m256 c00 = _mm256_setzero_ps(), c01 = _mm256_setzero_ps();
  __m256 c10 = _mm256_setzero_ps(), c11 = _mm256_setzero_ps();
  __m256 c20 = _mm256_setzero_ps(), c21 = _mm256_setzero_ps();
  __m256 c30 = _mm256_setzero_ps(), c31 = _mm256_setzero_ps();
  __m256 c40 = _mm256_setzero_ps(), c41 = _mm256_setzero_ps();
  __m256 c50 = _mm256_setzero_ps(), c51 = _mm256_setzero_ps();
  for (std::int64_t kk = 0; kk < k; ++kk) {
    const __m256 b0 = _mm256_loadu_ps(panel + kk * panel_width);
    const __m256 b1 = _mm256_loadu_ps(panel + kk * panel_width + 8);
    __m256 a = _mm256_broadcast_ss(x0 + kk);
    c00 = _mm256_fmadd_ps(a, b0, c00);
    c01 = _mm256_fmadd_ps(a, b1, c01);
    a = _mm256_broadcast_ss(x1 + kk);
    c10 = _mm256_fmadd_ps(a, b0, c10);
    c11 = _mm256_fmadd_ps(a, b1, c11);
    a = _mm256_broadcast_ss(x2 + kk);
    c20 = _mm256_fmadd_ps(a, b0, c20);
    c21 = _mm256_fmadd_ps(a, b1, c21);
    a = _mm256_broadcast_ss(x3 + kk);
    c30 = _mm256_fmadd_ps(a, b0, c30);
    c31 = _mm256_fmadd_ps(a, b1, c31);
    a = _mm256_broadcast_ss(x4 + kk);
    c40 = _mm256_fmadd_ps(a, b0, c40);
    c41 = _mm256_fmadd_ps(a, b1, c41);
    a = _mm256_broadcast_ss(x5 + kk);
    c50 = _mm256_fmadd_ps(a, b0, c50);
    c51 = _mm256_fmadd_ps(a, b1, c51);
  }
  alignas(32) float out[tile_rows][panel_width];
  _mm256_store_ps(out[0], c00);
  _mm256_store_ps(out[0] + 8, c01);
  _mm256_store_ps(out[1], c10);
  _mm256_store_ps(out[1] + 8, c11);
  _mm256_store_ps(out[2], c20);
  _mm256_store_ps(out[2] + 8, c21);
  _mm256_store_ps(out[3], c30);
  _mm256_store_ps(out[3] + 8, c31);
  _mm256_store_ps(out[4], c40);
  _mm256_store_ps(out[4] + 8, c41);
  _mm256_store_ps(out[5], c50);
  _mm256_store_ps(out[5] + 8, c51);
  const __m256 scale = _mm256_set1_ps(alpha);
  const __m256 c0 = bias != nullptr ? _mm256_loadu_ps(bias) : _mm256_setzero_ps();
  const __m256 c1 = bias != nullptr ? _mm256_loadu_ps(bias + 8) : _mm256_setzero_ps();
  for (int i = 0; i < rows; ++i) {
    __m256 v0 = _mm256_load_ps(out[i]);
    __m256 v1 = _mm256_load_ps(out[i] + 8);
    if (alpha != 1.0f) {
      v0 = _mm256_mul_ps(v0, scale);
      v1 = _mm256_mul_ps(v1, scale);
    }
    if (bias != nullptr) {
      v0 = _mm256_add_ps(c0, v0);
      v1 = _mm256_add_ps(c1, v1);
    }
    if (cols == panel_width) {
      _mm256_storeu_ps(y + i * ldy, v0);
      _mm256_storeu_ps(y + i * ldy + 8, v1);
    } else {
      _mm256_store_ps(out[i], v0);
      _mm256_store_ps(out[i] + 8, v1);
      std::memcpy(y + i * ldy, out[i], static_cast<std::size_t>(cols) * sizeof(float));
    }
  }
}

#endif

}  // namespace

}  // namespace hypershap::onnx::detail

namespace hypershap::onnx::detail {

PackedWeights::PackedWeights(const float* b, std::int64_t k, std::int64_t n, bool transposed)
    : k_(k), n_(n) {
  const std::int64_t panels = (n + panel_width - 1) / panel_width;
  panels_.assign(static_cast<std::size_t>(panels * k * panel_width), 0.0f);
  for (std::int64_t p = 0; p < panels; ++p)
    for (std::int64_t kk = 0; kk < k; ++kk)
      for (std::int64_t jj = 0; jj < panel_width; ++jj) {
        const std::int64_t j = p * panel_width + jj;
        if (j >= n) break;
        panels_[static_cast<std::size_t>((p * k + kk) * panel_width + jj)] =
            transposed ? b[j * k + kk] : b[kk * n + j];
      }
}

void PackedWeights::multiply(const float* x, std::int64_t ldx, std::int64_t m, const float* bias,
                             float alpha, float* y, std::int64_t ldy) const {
#if HYPERSHAP_X86_KERNELS
  const std::int64_t panels = (n_ + panel_width - 1) / panel_width;
  alignas(32) float bias_panel[panel_width];
  for (std::int64_t first = 0; first < m; first += pass_rows) {
    const std::int64_t last = std::min(m, first + pass_rows);
    for (std::int64_t p = 0; p < panels; ++p) {
      const std::int64_t column = p * panel_width;
      const std::int64_t cols = std::min(panel_width, n_ - column);
      const float* panel_bias = nullptr;
      if (bias != nullptr) {
        std::fill(bias_panel, bias_panel + panel_width, 0.0f);
        std::copy(bias + column, bias + column + cols, bias_panel);
        panel_bias = bias_panel;
      }
      const float* panel = panels_.data() + p * k_ * panel_width;
      for (std::int64_t i = first; i < last; i += tile_rows) {
        const auto rows = static_cast<int>(std::min<std::int64_t>(tile_rows, last - i));
        tile(x + i * ldx, ldx, k_, panel, panel_bias, alpha, y + i * ldy + column, ldy, rows, cols);
      }
    }
  }
#else
  (void)x, (void)ldx, (void)m, (void)bias, (void)alpha, (void)y, (void)ldy;
#endif
}

}  // namespace hypershap::onnx::detail
