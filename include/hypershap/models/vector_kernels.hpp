#pragma once
// The switch between the models' portable code and their AVX2+FMA kernels, chosen at run time so
// that one binary runs on every x86-64 (no -m flags for the rest of the program): the ONNX Gemm
// kernel (onnx_gemm) and the Gaussian process's numerics (gp_numerics). Fused multiply-adds round
// once per term, so the two paths may differ in the last bits, and so may machines with and
// without AVX2; on one machine every result is the same whatever the ranks or batches.

namespace hypershap {

/// Whether the processor has AVX2 and FMA.
bool processor_has_avx2_fma();
/// Whether the AVX2+FMA kernels run: the processor has them, HYPERSHAP_NO_AVX2 was not set (to
/// anything but "" or "0") when the program started, and set_vector_kernels(false) was not called.
bool vector_kernels_active();
/// Turns the AVX2+FMA kernels on or off for the whole process (tests compare both paths); on has
/// no effect on a processor without them.
void set_vector_kernels(bool enabled);

}  // namespace hypershap
