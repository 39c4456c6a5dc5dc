#pragma once
// A small ONNX interpreter for the YAHPO Gym surrogates (feed-forward graphs of opset 13: Gemm,
// MatMul, BatchNormalization, elementwise arithmetic, Gather, Slice, Concat, ...). A Model is
// loaded once and evaluates a whole batch per call; everything that does not depend on the graph
// inputs (initializers, Constant nodes and the nodes computed only from them) is evaluated at load.

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "hypershap/models/onnx_tensor.hpp"
#include "hypershap/models/vector_kernels.hpp"

namespace hypershap::onnx {

using NamedTensors = std::map<std::string, Tensor>;

/// A graph input or output as the model declares it; batch dimensions are -1 in `shape`.
struct ValueInfo {
  std::string name;
  ElementType type = ElementType::float32;
  bool shape_known = true;  // false: any shape is accepted
  Shape shape;
};

/// Gemm and MatMul nodes with weights known at load run a hand-written AVX2+FMA kernel where
/// vector_kernels_active() (models/vector_kernels.hpp) and Eigen's portable products elsewhere.
/// Fused multiply-adds round once per term, so results may differ in the last bits between the
/// two paths (and so between machines with and without AVX2); on one machine a row's result
/// never depends on the batch it is evaluated in.

/// The operators the interpreter implements, e.g. for error messages and tests.
const std::vector<std::string>& supported_operators();

class Model {
 public:
  /// Loads a .onnx file. io_error when it cannot be read, invalid_input when it is not a valid ONNX
  /// model or uses an operator or attribute the interpreter does not implement (naming the
  /// operator, the node and the file).
  static Model from_file(const std::filesystem::path& path);
  /// The same from the serialized ModelProto; `origin` names it in error messages.
  static Model from_bytes(const std::string& bytes, const std::string& origin);

  const std::vector<ValueInfo>& inputs() const;
  const std::vector<ValueInfo>& outputs() const;

  /// Evaluates the graph on a batch. Every graph input must be given with its declared element
  /// type and rank (invalid_input otherwise, naming the input); returns every graph output.
  /// Const and free of shared mutable state: threads may run one Model concurrently.
  NamedTensors run(const NamedTensors& inputs) const;

  /// Number of nodes left to evaluate per run after constant folding at load.
  std::size_t runtime_node_count() const;

  struct Impl;

 private:
  explicit Model(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}
  std::shared_ptr<const Impl> impl_;
};

}  // namespace hypershap::onnx
