#pragma once
// The operator kernels of the interpreter. A kernel is built once per node at load (attributes
// parsed, constant inputs prepared) and then maps input tensors to the node's output.

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <type_traits>
#include <vector>

#include "hypershap/models/onnx_tensor.hpp"

namespace hypershap::onnx::detail {

/// A node's attributes, by kind (ONNX AttributeProto INT, FLOAT, INTS, TENSOR).
struct Attributes {
  std::map<std::string, std::int64_t> ints;
  std::map<std::string, float> floats;
  std::map<std::string, std::vector<std::int64_t>> int_lists;
  std::map<std::string, Tensor> tensors;

  std::int64_t int_or(const std::string& name, std::int64_t fallback) const;
  float float_or(const std::string& name, float fallback) const;
};

/// Inputs of a kernel in node order; nullptr for an omitted optional input.
using Inputs = std::vector<const Tensor*>;
using Kernel = std::function<Tensor(const Inputs&)>;

/// Storage for a kernel's output of n elements, every one of which the kernel overwrites. float
/// vectors come from this thread's pool of released intermediates of the same size (no
/// allocation, no zero fill: in a model run the same sizes recur node after node and batch after
/// batch); other types are new.
std::vector<float> float_buffer(std::size_t n);
template <class T>
std::vector<T> output_buffer(std::size_t n) {
  if constexpr (std::is_same_v<T, float>)
    return float_buffer(n);
  else
    return std::vector<T>(n);
}
/// Moves a released intermediate's float storage into this thread's pool (`released` is left
/// empty).
void recycle(Tensor& released);

bool is_supported(const std::string& op_type);
const std::vector<std::string>& supported_operator_names();

/// The kernel of one node. `known` holds the inputs already known at load (nullptr where they
/// depend on graph inputs); kernels use them to precompute. Throws std::invalid_argument (the
/// caller adds the node and file) for attributes or inputs the kernel does not support.
Kernel make_kernel(const std::string& op_type, const Attributes& attributes, const Inputs& known);

}  // namespace hypershap::onnx::detail
