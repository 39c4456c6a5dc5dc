#pragma once
// Turns the models' AVX2+FMA kernels on or off for one test case and back on however it ends
// (models/vector_kernels.hpp: the switch is process-wide).

#include "hypershap/models/vector_kernels.hpp"

namespace hypershap::test {

struct VectorKernels {
  explicit VectorKernels(bool on) { set_vector_kernels(on); }
  ~VectorKernels() { set_vector_kernels(true); }
  VectorKernels(const VectorKernels&) = delete;
  VectorKernels& operator=(const VectorKernels&) = delete;
};

}  // namespace hypershap::test
