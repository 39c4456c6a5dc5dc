#include "hypershap/models/onnx_tensor.hpp"

#include <cmath>
#include <stdexcept>

namespace hypershap::onnx {

std::string to_string(ElementType type) {
  switch (type) {
    case ElementType::float32: return "float32";
    case ElementType::int32: return "int32";
    case ElementType::int64: return "int64";
    case ElementType::float64: return "float64";
  }
  return "unknown";
}

std::int64_t element_count(const Shape& shape) {
  std::int64_t count = 1;
  for (const std::int64_t dim : shape) count *= dim;
  return count;
}

std::string to_string(const Shape& shape) {
  std::string text = "[";
  for (std::size_t i = 0; i < shape.size(); ++i) {
    if (i > 0) text += ", ";
    text += std::to_string(shape[i]);
  }
  return text + "]";
}

Tensor::Tensor(Shape shape, Storage data) : shape_(std::move(shape)), data_(std::move(data)) {
  for (const std::int64_t dim : shape_)
    if (dim < 0) throw std::invalid_argument("negative dimension in shape " + to_string(shape_));
  const std::size_t stored = std::visit([](const auto& v) { return v.size(); }, data_);
  if (static_cast<std::int64_t>(stored) != element_count(shape_))
    throw std::invalid_argument("a tensor of shape " + to_string(shape_) + " needs " +
                                std::to_string(element_count(shape_)) + " elements, got " +
                                std::to_string(stored));
}

Tensor Tensor::reshaped(Shape shape) const& { return Tensor(std::move(shape), data_); }
Tensor Tensor::reshaped(Shape shape) && { return Tensor(std::move(shape), std::move(data_)); }

double Tensor::value(std::int64_t i) const {
  return std::visit(
      [i](const auto& v) { return static_cast<double>(v[static_cast<std::size_t>(i)]); }, data_);
}

std::vector<std::int64_t> Tensor::to_int64() const {
  if (const auto* v = std::get_if<std::vector<std::int64_t>>(&data_)) return *v;
  if (const auto* v = std::get_if<std::vector<std::int32_t>>(&data_))
    return std::vector<std::int64_t>(v->begin(), v->end());
  throw std::invalid_argument("expected an integer tensor, got " + onnx::to_string(type()));
}

}  // namespace hypershap::onnx
