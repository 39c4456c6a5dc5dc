#pragma once
// A dense, row-major tensor of one of the element types the YAHPO surrogates use. The interpreter
// (model.hpp) passes these between operators; callers build the input tensors and read the outputs.

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

namespace hypershap::onnx {

/// The ONNX element types the interpreter supports (TensorProto.DataType codes in comments).
enum class ElementType { float32 /* 1 */, int32 /* 6 */, int64 /* 7 */, float64 /* 11 */ };

std::string to_string(ElementType type);

using Shape = std::vector<std::int64_t>;

/// Number of elements of a shape (1 for a scalar, the empty shape).
std::int64_t element_count(const Shape& shape);
std::string to_string(const Shape& shape);

class Tensor {
 public:
  using Storage = std::variant<std::vector<float>, std::vector<std::int32_t>,
                               std::vector<std::int64_t>, std::vector<double>>;

  Tensor() : Tensor(Shape{0}, std::vector<float>{}) {}
  /// Throws std::invalid_argument when the element count does not match the shape.
  Tensor(Shape shape, Storage data);

  ElementType type() const { return static_cast<ElementType>(data_.index()); }
  const Shape& shape() const { return shape_; }
  std::int64_t rank() const { return static_cast<std::int64_t>(shape_.size()); }
  std::int64_t size() const { return element_count(shape_); }

  /// The elements; T must match type() (std::bad_variant_access otherwise).
  template <class T>
  const std::vector<T>& data() const {
    return std::get<std::vector<T>>(data_);
  }
  template <class T>
  std::vector<T>& data() {
    return std::get<std::vector<T>>(data_);
  }
  const Storage& storage() const { return data_; }

  /// Same elements, another shape of the same element count.
  Tensor reshaped(Shape shape) const&;
  Tensor reshaped(Shape shape) &&;

  /// Element i converted to double (for tests and small integer tensors such as shapes).
  double value(std::int64_t i) const;
  /// All elements as int64 (shapes, axes, indices); throws for floating-point tensors.
  std::vector<std::int64_t> to_int64() const;

 private:
  Shape shape_;
  Storage data_;
};

}  // namespace hypershap::onnx
