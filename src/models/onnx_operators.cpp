#include "onnx_operators.hpp"

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <numeric>
#include <stdexcept>
#include <type_traits>

#include "onnx_gemm.hpp"

namespace hypershap::onnx::detail {

std::int64_t Attributes::int_or(const std::string& name, std::int64_t fallback) const {
  const auto it = ints.find(name);
  return it == ints.end() ? fallback : it->second;
}

float Attributes::float_or(const std::string& name, float fallback) const {
  const auto it = floats.find(name);
  return it == floats.end() ? fallback : it->second;
}

namespace {

/// The float vectors of released intermediates, most recently released last (still in cache).
std::vector<std::vector<float>>& float_pool() {
  thread_local std::vector<std::vector<float>> pool;
  return pool;
}
constexpr std::size_t float_pool_size = 32;

}  // namespace

std::vector<float> float_buffer(std::size_t n) {
  std::vector<std::vector<float>>& pool = float_pool();
  for (std::size_t i = pool.size(); i-- > 0;) {
    if (pool[i].size() != n) continue;
    std::vector<float> found = std::move(pool[i]);
    pool.erase(pool.begin() + static_cast<std::ptrdiff_t>(i));
    return found;
  }
  return std::vector<float>(n);
}

void recycle(Tensor& released) {
  if (released.type() == ElementType::float32 && !released.data<float>().empty()) {
    std::vector<std::vector<float>>& pool = float_pool();
    if (pool.size() >= float_pool_size) pool.erase(pool.begin());
    pool.push_back(std::move(released.data<float>()));
  }
  released = Tensor();
}

namespace {

std::size_t sz(std::int64_t n) { return static_cast<std::size_t>(n); }

[[noreturn]] void fail(const std::string& message) { throw std::invalid_argument(message); }

const Tensor& required(const Inputs& in, std::size_t i, const char* what) {
  if (i >= in.size() || in[i] == nullptr) fail(std::string("missing input ") + what);
  return *in[i];
}

template <class T>
constexpr bool is_floating = std::is_floating_point_v<T>;

/// Calls f(T{}) with T the element type of `t`.
template <class F>
decltype(auto) with_type(const Tensor& t, F&& f) {
  return std::visit(
      [&](const auto& v) -> decltype(auto) {
        using T = typename std::decay_t<decltype(v)>::value_type;
        return f(T{});
      },
      t.storage());
}

/// Normalizes an axis in [-rank, rank) to [0, rank).
std::int64_t normalize_axis(std::int64_t axis, std::int64_t rank, const char* what) {
  if (axis < -rank || axis >= rank)
    fail(std::string(what) + " " + std::to_string(axis) + " is outside [" + std::to_string(-rank) +
         ", " + std::to_string(rank) + ")");
  return axis < 0 ? axis + rank : axis;
}

std::int64_t product(const Shape& shape, std::size_t begin, std::size_t end) {
  std::int64_t p = 1;
  for (std::size_t i = begin; i < end; ++i) p *= shape[i];
  return p;
}

// ---- broadcasting (numpy rules) --------------------------------------------------------------

Shape broadcast_shape(const Shape& a, const Shape& b) {
  const std::size_t rank = std::max(a.size(), b.size());
  Shape out(rank);
  for (std::size_t d = 0; d < rank; ++d) {
    const std::int64_t x = d + a.size() >= rank ? a[d + a.size() - rank] : 1;
    const std::int64_t y = d + b.size() >= rank ? b[d + b.size() - rank] : 1;
    if (x != y && x != 1 && y != 1)
      fail("shapes " + to_string(a) + " and " + to_string(b) + " do not broadcast");
    out[d] = x == 1 ? y : x;
  }
  return out;
}

/// Element strides of `in` over the dimensions of `out` (0 where `in` is broadcast).
std::vector<std::int64_t> broadcast_strides(const Shape& in, const Shape& out) {
  std::vector<std::int64_t> strides(out.size(), 0);
  std::int64_t stride = 1;
  for (std::size_t k = 0; k < in.size(); ++k) {
    const std::size_t i = in.size() - 1 - k;
    const std::size_t d = out.size() - 1 - k;
    strides[d] = in[i] == 1 ? 0 : stride;
    stride *= in[i];
  }
  return strides;
}

/// out[i] = op(a[...], b[...]) over the broadcast shape, with fast paths for equal shapes and
/// scalars; the general case runs the innermost dimension as a strided loop.
template <class T, class Op>
Tensor broadcast_binary(const Tensor& a, const Tensor& b, Op op) {
  const std::vector<T>& x = a.data<T>();
  const std::vector<T>& y = b.data<T>();
  Shape shape = broadcast_shape(a.shape(), b.shape());
  const std::size_t n = sz(element_count(shape));
  std::vector<T> out = output_buffer<T>(n);
  if (n == 0) return Tensor(std::move(shape), std::move(out));
  if (x.size() == n && y.size() == n && a.shape() == b.shape()) {
    for (std::size_t i = 0; i < n; ++i) out[i] = op(x[i], y[i]);
  } else if (x.size() == n && y.size() == 1) {
    const T s = y[0];
    for (std::size_t i = 0; i < n; ++i) out[i] = op(x[i], s);
  } else if (y.size() == n && x.size() == 1) {
    const T s = x[0];
    for (std::size_t i = 0; i < n; ++i) out[i] = op(s, y[i]);
  } else {
    const std::size_t rank = shape.size();
    const std::vector<std::int64_t> sa = broadcast_strides(a.shape(), shape);
    const std::vector<std::int64_t> sb = broadcast_strides(b.shape(), shape);
    const std::size_t inner = sz(shape[rank - 1]);
    const std::size_t ia = sz(sa[rank - 1]);
    const std::size_t ib = sz(sb[rank - 1]);
    std::vector<std::int64_t> index(rank, 0);
    std::int64_t offset_a = 0;
    std::int64_t offset_b = 0;
    for (std::size_t o = 0; o < n; o += inner) {
      const T* pa = x.data() + offset_a;
      const T* pb = y.data() + offset_b;
      for (std::size_t k = 0; k < inner; ++k) out[o + k] = op(pa[k * ia], pb[k * ib]);
      for (std::size_t d = rank - 1; d-- > 0;) {
        offset_a += sa[d];
        offset_b += sb[d];
        if (++index[d] < shape[d]) break;
        offset_a -= sa[d] * shape[d];
        offset_b -= sb[d] * shape[d];
        index[d] = 0;
      }
    }
  }
  return Tensor(std::move(shape), std::move(out));
}

void check_same_type(const Tensor& a, const Tensor& b) {
  if (a.type() != b.type())
    fail("inputs have different element types, " + to_string(a.type()) + " and " +
         to_string(b.type()));
}

enum class Arithmetic { add, sub, mul, div, max, min };

Tensor arithmetic(Arithmetic kind, const Tensor& a, const Tensor& b) {
  check_same_type(a, b);
  return with_type(a, [&](auto zero) {
    using T = decltype(zero);
    switch (kind) {
      case Arithmetic::add: return broadcast_binary<T>(a, b, [](T x, T y) { return T(x + y); });
      case Arithmetic::sub: return broadcast_binary<T>(a, b, [](T x, T y) { return T(x - y); });
      case Arithmetic::mul: return broadcast_binary<T>(a, b, [](T x, T y) { return T(x * y); });
      case Arithmetic::div:
        if constexpr (is_floating<T>) {
          return broadcast_binary<T>(a, b, [](T x, T y) { return T(x / y); });
        } else {
          return broadcast_binary<T>(a, b, [](T x, T y) {
            if (y == 0) fail("integer division by zero");
            return T(x / y);
          });
        }
      case Arithmetic::max:
        return broadcast_binary<T>(a, b, [](T x, T y) {
          if constexpr (is_floating<T>)
            if (std::isnan(x) || std::isnan(y)) return std::numeric_limits<T>::quiet_NaN();
          return std::max(x, y);
        });
      case Arithmetic::min:
        return broadcast_binary<T>(a, b, [](T x, T y) {
          if constexpr (is_floating<T>)
            if (std::isnan(x) || std::isnan(y)) return std::numeric_limits<T>::quiet_NaN();
          return std::min(x, y);
        });
    }
    fail("unknown arithmetic operator");
  });
}

Kernel binary_kernel(Arithmetic kind) {
  return [kind](const Inputs& in) {
    return arithmetic(kind, required(in, 0, "A"), required(in, 1, "B"));
  };
}

/// Max and Min take one or more inputs.
Kernel variadic_kernel(Arithmetic kind) {
  return [kind](const Inputs& in) {
    Tensor result = required(in, 0, "data_0");
    for (std::size_t i = 1; i < in.size(); ++i)
      result = arithmetic(kind, result, required(in, i, "data_i"));
    return result;
  };
}

// ---- elementwise unary -------------------------------------------------------------------------

template <class Op>
Tensor map_floating(const Tensor& x, const char* op_name, Op op) {
  return with_type(x, [&](auto zero) -> Tensor {
    using T = decltype(zero);
    if constexpr (is_floating<T>) {
      const std::vector<T>& v = x.data<T>();
      std::vector<T> out = output_buffer<T>(v.size());
      for (std::size_t i = 0; i < v.size(); ++i) out[i] = op(v[i]);
      return Tensor(x.shape(), std::move(out));
    } else {
      fail(std::string(op_name) + " needs a floating-point input, got " + to_string(x.type()));
    }
  });
}

Kernel unary_floating_kernel(const std::string& op_type) {
  if (op_type == "Log")
    return [](const Inputs& in) {
      return map_floating(required(in, 0, "input"), "Log", [](auto v) { return std::log(v); });
    };
  if (op_type == "Exp")
    return [](const Inputs& in) {
      return map_floating(required(in, 0, "input"), "Exp", [](auto v) { return std::exp(v); });
    };
  if (op_type == "Cos")
    return [](const Inputs& in) {
      return map_floating(required(in, 0, "input"), "Cos", [](auto v) { return std::cos(v); });
    };
  if (op_type == "Sin")
    return [](const Inputs& in) {
      return map_floating(required(in, 0, "input"), "Sin", [](auto v) { return std::sin(v); });
    };
  return [](const Inputs& in) {
    return map_floating(required(in, 0, "X"), "Sigmoid", [](auto v) {
      using T = decltype(v);
      return T(1) / (T(1) + std::exp(-v));
    });
  };
}

/// ONNX Round: to the nearest integer, halves to the even one (as onnxruntime's std::nearbyint in
/// the default rounding mode), computed without depending on the floating-point environment. The
/// sign of zero is kept (round(-0.4) = -0), NaN and infinities pass through.
template <class T>
T round_half_to_even(T v) {
  T r = std::floor(v);
  const T below = v - r;  // in [0, 1]; exact near 0.5 (only tiny negative v round, to 1)
  if (below > T(0.5) || (below == T(0.5) && std::fmod(r, T(2)) != T(0))) r += T(1);
  return std::copysign(r, v);
}

template <class Op>
Tensor map_any(const Tensor& x, Op op) {
  return with_type(x, [&](auto zero) {
    using T = decltype(zero);
    const std::vector<T>& v = x.data<T>();
    std::vector<T> out = output_buffer<T>(v.size());
    for (std::size_t i = 0; i < v.size(); ++i) out[i] = op(v[i]);
    return Tensor(x.shape(), std::move(out));
  });
}

// ---- type conversion ---------------------------------------------------------------------------

template <class To, class From>
std::vector<To> convert(const std::vector<From>& v) {
  std::vector<To> out(v.size());
  if constexpr (is_floating<From> && !is_floating<To>) {
    for (std::size_t i = 0; i < v.size(); ++i) {
      if (!std::isfinite(v[i]) || std::abs(static_cast<double>(v[i])) >=
                                      static_cast<double>(std::numeric_limits<To>::max()))
        fail("Cast of " + std::to_string(v[i]) + " to an integer type is undefined");
      out[i] = static_cast<To>(v[i]);
    }
  } else {
    for (std::size_t i = 0; i < v.size(); ++i) out[i] = static_cast<To>(v[i]);
  }
  return out;
}

ElementType element_type_of_onnx_code(std::int64_t code) {
  switch (code) {
    case 1: return ElementType::float32;
    case 6: return ElementType::int32;
    case 7: return ElementType::int64;
    case 11: return ElementType::float64;
    default:
      fail("Cast to ONNX data type " + std::to_string(code) +
           " is not supported (supported: 1 float, 6 int32, 7 int64, 11 double)");
  }
}

Tensor cast(const Tensor& x, ElementType to) {
  if (x.type() == to) return x;
  return std::visit(
      [&](const auto& v) -> Tensor {
        switch (to) {
          case ElementType::float32: return Tensor(x.shape(), convert<float>(v));
          case ElementType::int32: return Tensor(x.shape(), convert<std::int32_t>(v));
          case ElementType::int64: return Tensor(x.shape(), convert<std::int64_t>(v));
          case ElementType::float64: return Tensor(x.shape(), convert<double>(v));
        }
        fail("unknown element type");
      },
      x.storage());
}

// ---- indexing and shapes -----------------------------------------------------------------------

Tensor gather(const Tensor& data, const Tensor& indices, std::int64_t axis_attribute) {
  const Shape& ds = data.shape();
  const std::int64_t axis = normalize_axis(axis_attribute, data.rank(), "Gather axis");
  const std::vector<std::int64_t> index = indices.to_int64();
  const std::int64_t axis_dim = ds[sz(axis)];
  const std::int64_t outer = product(ds, 0, sz(axis));
  const std::int64_t inner = product(ds, sz(axis) + 1, ds.size());
  Shape shape(ds.begin(), ds.begin() + axis);
  shape.insert(shape.end(), indices.shape().begin(), indices.shape().end());
  shape.insert(shape.end(), ds.begin() + axis + 1, ds.end());
  std::vector<std::int64_t> rows(index.size());
  for (std::size_t j = 0; j < index.size(); ++j) {
    const std::int64_t k = index[j] < 0 ? index[j] + axis_dim : index[j];
    if (k < 0 || k >= axis_dim)
      fail("Gather index " + std::to_string(index[j]) + " is outside [" +
           std::to_string(-axis_dim) + ", " + std::to_string(axis_dim) + ") on axis " +
           std::to_string(axis) + " of a tensor of shape " + to_string(ds));
    rows[j] = k;
  }
  return with_type(data, [&](auto zero) {
    using T = decltype(zero);
    const std::vector<T>& v = data.data<T>();
    std::vector<T> out = output_buffer<T>(sz(element_count(shape)));
    const std::size_t n_index = rows.size();
    const std::size_t block = sz(inner);
    for (std::size_t o = 0; o < sz(outer); ++o) {
      for (std::size_t j = 0; j < n_index; ++j) {
        const T* from = v.data() + (o * sz(axis_dim) + sz(rows[j])) * block;
        std::copy(from, from + block, out.data() + (o * n_index + j) * block);
      }
    }
    return Tensor(shape, std::move(out));
  });
}

Tensor concat(const Inputs& in, std::int64_t axis_attribute) {
  const Tensor& first = required(in, 0, "inputs");
  const std::int64_t axis = normalize_axis(axis_attribute, first.rank(), "Concat axis");
  Shape shape = first.shape();
  shape[sz(axis)] = 0;
  for (std::size_t i = 0; i < in.size(); ++i) {
    const Tensor& t = required(in, i, "inputs");
    check_same_type(first, t);
    bool compatible = t.rank() == first.rank();
    for (std::size_t d = 0; compatible && d < shape.size(); ++d)
      compatible = d == sz(axis) || t.shape()[d] == first.shape()[d];
    if (!compatible)
      fail("Concat inputs of shapes " + to_string(first.shape()) + " and " + to_string(t.shape()) +
           " differ outside axis " + std::to_string(axis));
    shape[sz(axis)] += t.shape()[sz(axis)];
  }
  const std::size_t outer = sz(product(shape, 0, sz(axis)));
  const std::size_t out_block = sz(product(shape, sz(axis), shape.size()));
  return with_type(first, [&](auto zero) {
    using T = decltype(zero);
    std::vector<T> out = output_buffer<T>(outer * out_block);
    std::size_t column = 0;
    for (const Tensor* t : in) {
      const std::vector<T>& v = t->data<T>();
      const std::size_t block = sz(product(t->shape(), sz(axis), t->shape().size()));
      for (std::size_t o = 0; o < outer; ++o)
        std::copy(v.data() + o * block, v.data() + (o + 1) * block,
                  out.data() + o * out_block + column);
      column += block;
    }
    return Tensor(shape, std::move(out));
  });
}

Tensor unsqueeze(const Tensor& x, std::vector<std::int64_t> axes) {
  const std::int64_t rank = x.rank() + static_cast<std::int64_t>(axes.size());
  for (std::int64_t& axis : axes) axis = normalize_axis(axis, rank, "Unsqueeze axis");
  std::sort(axes.begin(), axes.end());
  if (std::adjacent_find(axes.begin(), axes.end()) != axes.end()) fail("Unsqueeze axes repeat");
  Shape shape;
  std::size_t from = 0;
  for (std::int64_t d = 0; d < rank; ++d) {
    if (std::binary_search(axes.begin(), axes.end(), d))
      shape.push_back(1);
    else
      shape.push_back(x.shape()[from++]);
  }
  return x.reshaped(shape);
}

Tensor reshape(const Tensor& x, const std::vector<std::int64_t>& target, bool allow_zero) {
  Shape shape(target.size());
  std::int64_t known = 1;
  std::size_t inferred = target.size();
  for (std::size_t d = 0; d < target.size(); ++d) {
    if (target[d] == -1) {
      if (inferred != target.size()) fail("Reshape has more than one -1");
      inferred = d;
      continue;
    }
    if (target[d] == 0 && !allow_zero) {
      if (d >= x.shape().size()) fail("Reshape copies a dimension the input does not have");
      shape[d] = x.shape()[d];
    } else {
      shape[d] = target[d];
    }
    known *= shape[d];
  }
  if (inferred != target.size()) {
    if (known == 0 || x.size() % known != 0)
      fail("Reshape cannot infer -1 for " + to_string(x.shape()));
    shape[inferred] = x.size() / known;
  }
  if (element_count(shape) != x.size())
    fail("Reshape of " + to_string(x.shape()) + " to " + to_string(shape) +
         " changes the element count");
  return x.reshaped(shape);
}

Tensor slice(const Tensor& x, const Inputs& in) {
  const std::vector<std::int64_t> starts = required(in, 1, "starts").to_int64();
  const std::vector<std::int64_t> ends = required(in, 2, "ends").to_int64();
  std::vector<std::int64_t> axes(starts.size());
  std::iota(axes.begin(), axes.end(), std::int64_t{0});
  if (in.size() > 3 && in[3] != nullptr) axes = in[3]->to_int64();
  std::vector<std::int64_t> steps(starts.size(), 1);
  if (in.size() > 4 && in[4] != nullptr) steps = in[4]->to_int64();
  if (ends.size() != starts.size() || axes.size() != starts.size() || steps.size() != starts.size())
    fail("Slice starts, ends, axes and steps differ in length");

  const Shape& xs = x.shape();
  const std::size_t rank = xs.size();
  std::vector<std::int64_t> first(rank, 0);
  std::vector<std::int64_t> step(rank, 1);
  Shape shape = xs;
  for (std::size_t k = 0; k < starts.size(); ++k) {
    const std::size_t a = sz(normalize_axis(axes[k], x.rank(), "Slice axis"));
    const std::int64_t dim = xs[a];
    const std::int64_t s = steps[k];
    if (s == 0) fail("Slice step is 0");
    std::int64_t begin = starts[k] < 0 ? starts[k] + dim : starts[k];
    std::int64_t end = ends[k] < 0 ? ends[k] + dim : ends[k];
    if (s > 0) {
      begin = std::clamp<std::int64_t>(begin, 0, dim);
      end = std::clamp<std::int64_t>(end, 0, dim);
    } else {
      begin = std::clamp<std::int64_t>(begin, 0, dim - 1);
      end = std::clamp<std::int64_t>(end, -1, dim - 1);
    }
    const std::int64_t count = s > 0 ? (end - begin + s - 1) / s : (begin - end - s - 1) / (-s);
    first[a] = begin;
    step[a] = s;
    shape[a] = std::max<std::int64_t>(count, 0);
  }
  return with_type(x, [&](auto zero) {
    using T = decltype(zero);
    const std::vector<T>& v = x.data<T>();
    const std::size_t n = sz(element_count(shape));
    std::vector<T> out = output_buffer<T>(n);
    if (n == 0) return Tensor(shape, std::move(out));
    if (rank == 0) {
      out[0] = v[0];
      return Tensor(shape, std::move(out));
    }
    std::vector<std::int64_t> stride(rank, 1);
    for (std::size_t d = rank - 1; d-- > 0;) stride[d] = stride[d + 1] * xs[d + 1];
    std::int64_t offset = 0;
    for (std::size_t d = 0; d < rank; ++d) offset += first[d] * stride[d];
    const std::size_t inner = sz(shape[rank - 1]);
    const std::int64_t inner_step = step[rank - 1];
    std::vector<std::int64_t> index(rank, 0);
    for (std::size_t o = 0; o < n; o += inner) {
      const T* from = v.data() + offset;
      if (inner_step == 1) {
        std::copy(from, from + inner, out.data() + o);
      } else {
        for (std::size_t k = 0; k < inner; ++k)
          out[o + k] = from[static_cast<std::int64_t>(k) * inner_step];
      }
      for (std::size_t d = rank - 1; d-- > 0;) {
        offset += step[d] * stride[d];
        if (++index[d] < shape[d]) break;
        offset -= step[d] * stride[d] * shape[d];
        index[d] = 0;
      }
    }
    return Tensor(shape, std::move(out));
  });
}

Tensor shape_of(const Tensor& x, const Attributes& attributes) {
  const std::int64_t rank = x.rank();
  auto clamp_axis = [rank](std::int64_t axis) {
    return std::clamp<std::int64_t>(axis < 0 ? axis + rank : axis, 0, rank);
  };
  const std::int64_t begin = clamp_axis(attributes.int_or("start", 0));
  const std::int64_t end = clamp_axis(attributes.int_or("end", rank));
  std::vector<std::int64_t> dims;
  for (std::int64_t d = begin; d < end; ++d) dims.push_back(x.shape()[sz(d)]);
  const auto count = static_cast<std::int64_t>(dims.size());
  return Tensor(Shape{count}, std::move(dims));
}

// ---- linear algebra ----------------------------------------------------------------------------

template <class T>
using RowMatrix = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
template <class T>
using ConstMap = Eigen::Map<const RowMatrix<T>>;

/// The weights of a Gemm or MatMul node whose B is a float32 matrix known at load, packed for the
/// AVX2+FMA kernel (onnx_gemm.hpp), with Gemm's constant bias row beta·C; null when the node does
/// not have that form (the Eigen products then run on every processor).
struct VectorGemm {
  PackedWeights weights;
  std::vector<float> bias;  // beta·C, as the Eigen path computes it; empty: no bias
};

std::shared_ptr<const VectorGemm> vector_gemm(const Tensor* b, bool trans_b, const Tensor* c,
                                              float beta) {
  if (!processor_has_avx2_fma() || b == nullptr || b->type() != ElementType::float32 ||
      b->rank() != 2)
    return nullptr;
  const std::int64_t k = trans_b ? b->shape()[1] : b->shape()[0];
  const std::int64_t n = trans_b ? b->shape()[0] : b->shape()[1];
  std::vector<float> bias;
  if (c != nullptr && beta != 0.0f) {
    if (c->type() != ElementType::float32 || c->size() != n ||
        !(c->rank() == 1 || (c->rank() == 2 && c->shape()[0] == 1)))
      return nullptr;
    for (const float v : c->data<float>()) bias.push_back(beta * v);
  }
  return std::make_shared<const VectorGemm>(
      VectorGemm{PackedWeights(b->data<float>().data(), k, n, trans_b), std::move(bias)});
}

/// Y = alpha · A · B + bias by the AVX2+FMA kernel, A float32 [M, K] (leading dimensions folded
/// into the rows); `shape` is Y's.
Tensor vector_product(const VectorGemm& g, const Tensor& a, float alpha, Shape shape) {
  const std::int64_t k = g.weights.k();
  const std::int64_t rows = k == 0 ? 0 : a.size() / k;
  std::vector<float> out = float_buffer(sz(rows * g.weights.n()));
  g.weights.multiply(a.data<float>().data(), k, rows, g.bias.empty() ? nullptr : g.bias.data(),
                     alpha, out.data(), g.weights.n());
  return Tensor(std::move(shape), std::move(out));
}

/// Gemm: Y = alpha * op(A) * op(B) + beta * C, C broadcast to [M, N].
Kernel gemm_kernel(const Attributes& attributes, const Inputs& known) {
  const float alpha = attributes.float_or("alpha", 1.0f);
  const float beta = attributes.float_or("beta", 1.0f);
  const bool trans_a = attributes.int_or("transA", 0) != 0;
  const bool trans_b = attributes.int_or("transB", 0) != 0;
  const bool c_given = known.size() > 2 && known[2] != nullptr;
  const bool c_omitted = known.size() <= 2;  // an input given at run time is neither
  std::shared_ptr<const VectorGemm> fast;
  if (!trans_a && known.size() > 1 && (c_given || c_omitted))
    fast = vector_gemm(known[1], trans_b, c_given ? known[2] : nullptr, beta);
  return [=](const Inputs& in) {
    if (fast != nullptr && vector_kernels_active()) {
      const Tensor& a = required(in, 0, "A");
      if (a.type() == ElementType::float32 && a.rank() == 2 && a.shape()[1] == fast->weights.k())
        return vector_product(*fast, a, alpha, Shape{a.shape()[0], fast->weights.n()});
    }
    const Tensor& a = required(in, 0, "A");
    const Tensor& b = required(in, 1, "B");
    check_same_type(a, b);
    if (a.rank() != 2 || b.rank() != 2)
      fail("Gemm needs 2-D A and B, got " + to_string(a.shape()) + " and " + to_string(b.shape()));
    const std::int64_t m = trans_a ? a.shape()[1] : a.shape()[0];
    const std::int64_t k = trans_a ? a.shape()[0] : a.shape()[1];
    const std::int64_t kb = trans_b ? b.shape()[1] : b.shape()[0];
    const std::int64_t n = trans_b ? b.shape()[0] : b.shape()[1];
    if (k != kb)
      fail("Gemm inner dimensions differ: A " + to_string(a.shape()) + ", B " +
           to_string(b.shape()) + (trans_a ? " (A transposed)" : "") +
           (trans_b ? " (B transposed)" : ""));
    return with_type(a, [&](auto zero) -> Tensor {
      using T = decltype(zero);
      if constexpr (is_floating<T>) {
        std::vector<T> out;
        if (in.size() > 2 && in[2] != nullptr && beta != 0.0f) {
          const Tensor& c = *in[2];
          check_same_type(a, c);
          const T b_scale = static_cast<T>(beta);
          if (c.size() == n && (c.rank() == 1 || (c.rank() == 2 && c.shape()[0] == 1))) {
            // the common bias row: copy it into every row
            out.resize(sz(m * n));
            const std::vector<T>& row = c.data<T>();
            for (std::size_t i = 0; i < sz(m); ++i)
              for (std::size_t j = 0; j < sz(n); ++j) out[i * sz(n) + j] = b_scale * row[j];
          } else {
            Tensor bias = broadcast_binary<T>(Tensor(Shape{m, n}, std::vector<T>(sz(m * n))), c,
                                              [b_scale](T, T cv) { return b_scale * cv; });
            if (bias.shape() != Shape{m, n})
              fail("Gemm C of shape " + to_string(c.shape()) + " does not broadcast to " +
                   to_string(Shape{m, n}));
            out = std::move(bias.template data<T>());
          }
        } else {
          out.assign(sz(m * n), T(0));
        }
        Eigen::Map<RowMatrix<T>> y(out.data(), m, n);
        const ConstMap<T> am(a.data<T>().data(), a.shape()[0], a.shape()[1]);
        const ConstMap<T> bm(b.data<T>().data(), b.shape()[0], b.shape()[1]);
        const T scale = static_cast<T>(alpha);
        if (!trans_a && !trans_b) y.noalias() += scale * am * bm;
        if (!trans_a && trans_b) y.noalias() += scale * am * bm.transpose();
        if (trans_a && !trans_b) y.noalias() += scale * am.transpose() * bm;
        if (trans_a && trans_b) y.noalias() += scale * am.transpose() * bm.transpose();
        return Tensor(Shape{m, n}, std::move(out));
      } else {
        fail("Gemm needs floating-point inputs, got " + to_string(a.type()));
      }
    });
  };
}

/// MatMul for A [..., M, K] times a 2-D B [K, N] (the leading dimensions of A are folded into
/// the rows) and for equal batch dimensions [..., M, K] x [..., K, N].
Tensor matmul(const Tensor& a, const Tensor& b) {
  check_same_type(a, b);
  if (a.rank() < 2 || b.rank() < 2)
    fail("MatMul with a 1-D operand is not supported, got " + to_string(a.shape()) + " and " +
         to_string(b.shape()));
  const std::int64_t m = a.shape()[sz(a.rank() - 2)];
  const std::int64_t k = a.shape()[sz(a.rank() - 1)];
  const std::int64_t kb = b.shape()[sz(b.rank() - 2)];
  const std::int64_t n = b.shape()[sz(b.rank() - 1)];
  if (k != kb)
    fail("MatMul inner dimensions differ: " + to_string(a.shape()) + " and " +
         to_string(b.shape()));
  const Shape a_batch(a.shape().begin(), a.shape().end() - 2);
  const Shape b_batch(b.shape().begin(), b.shape().end() - 2);
  if (!b_batch.empty() && a_batch != b_batch)
    fail("MatMul with broadcast batch dimensions is not supported, got " + to_string(a.shape()) +
         " and " + to_string(b.shape()));
  Shape shape = a_batch;
  shape.push_back(m);
  shape.push_back(n);
  return with_type(a, [&](auto zero) -> Tensor {
    using T = decltype(zero);
    if constexpr (is_floating<T>) {
      std::vector<T> out(sz(element_count(shape)));
      const std::int64_t batches = element_count(a_batch);
      if (b_batch.empty()) {
        Eigen::Map<RowMatrix<T>> y(out.data(), batches * m, n);
        y.noalias() =
            ConstMap<T>(a.data<T>().data(), batches * m, k) * ConstMap<T>(b.data<T>().data(), k, n);
      } else {
        for (std::int64_t i = 0; i < batches; ++i) {
          Eigen::Map<RowMatrix<T>> y(out.data() + i * m * n, m, n);
          y.noalias() = ConstMap<T>(a.data<T>().data() + i * m * k, m, k) *
                        ConstMap<T>(b.data<T>().data() + i * k * n, k, n);
        }
      }
      return Tensor(shape, std::move(out));
    } else {
      fail("MatMul needs floating-point inputs, got " + to_string(a.type()));
    }
  });
}

/// BatchNormalization in inference mode: y = (x - mean) / sqrt(var + epsilon) * scale + bias per
/// channel (axis 1), folded into y = x * a + b; a and b are computed once when the statistics are
/// constants of the graph.
Kernel batch_normalization_kernel(const Attributes& attributes, const Inputs& known) {
  if (attributes.int_or("training_mode", 0) != 0)
    fail("BatchNormalization with training_mode=1 is not supported (inference only)");
  const double epsilon = static_cast<double>(attributes.float_or("epsilon", 1e-5f));
  auto coefficients = [epsilon](const Inputs& in) {
    const std::vector<double> scale =
        cast(required(in, 1, "scale"), ElementType::float64).data<double>();
    const std::vector<double> bias =
        cast(required(in, 2, "B"), ElementType::float64).data<double>();
    const std::vector<double> mean =
        cast(required(in, 3, "input_mean"), ElementType::float64).data<double>();
    const std::vector<double> var =
        cast(required(in, 4, "input_var"), ElementType::float64).data<double>();
    const std::size_t channels = scale.size();
    if (bias.size() != channels || mean.size() != channels || var.size() != channels)
      fail("BatchNormalization scale, B, mean and var differ in length");
    std::pair<std::vector<double>, std::vector<double>> ab;
    ab.first.resize(channels);
    ab.second.resize(channels);
    for (std::size_t c = 0; c < channels; ++c) {
      ab.first[c] = scale[c] / std::sqrt(var[c] + epsilon);
      ab.second[c] = bias[c] - mean[c] * ab.first[c];
    }
    return ab;
  };
  auto apply = [](const Tensor& x, const std::vector<double>& a, const std::vector<double>& b) {
    if (x.rank() < 2 || sz(x.shape()[1]) != a.size())
      fail("BatchNormalization input " + to_string(x.shape()) + " does not have " +
           std::to_string(a.size()) + " channels on axis 1");
    return with_type(x, [&](auto zero) -> Tensor {
      using T = decltype(zero);
      if constexpr (is_floating<T>) {
        const std::vector<T>& v = x.data<T>();
        std::vector<T> out = output_buffer<T>(v.size());
        const std::vector<T> at(a.begin(), a.end());
        const std::vector<T> bt(b.begin(), b.end());
        const std::size_t outer = sz(x.shape()[0]);
        const std::size_t channels = a.size();
        const std::size_t inner = sz(product(x.shape(), 2, x.shape().size()));
        if (inner == 1) {  // [batch, channels]: a loop over the channels that vectorizes
          for (std::size_t o = 0; o < outer; ++o) {
            const T* row = v.data() + o * channels;
            T* y = out.data() + o * channels;
            for (std::size_t c = 0; c < channels; ++c) y[c] = row[c] * at[c] + bt[c];
          }
        } else {
          std::size_t i = 0;
          for (std::size_t o = 0; o < outer; ++o)
            for (std::size_t c = 0; c < channels; ++c)
              for (std::size_t k = 0; k < inner; ++k, ++i) out[i] = v[i] * at[c] + bt[c];
        }
        return Tensor(x.shape(), std::move(out));
      } else {
        fail("BatchNormalization needs a floating-point input, got " + to_string(x.type()));
      }
    });
  };
  const bool constant_statistics =
      known.size() >= 5 && std::all_of(known.begin() + 1, known.begin() + 5,
                                       [](const Tensor* t) { return t != nullptr; });
  if (constant_statistics) {
    auto ab = coefficients(known);
    return [apply, ab = std::move(ab)](const Inputs& in) {
      return apply(required(in, 0, "X"), ab.first, ab.second);
    };
  }
  return [apply, coefficients](const Inputs& in) {
    const auto ab = coefficients(in);
    return apply(required(in, 0, "X"), ab.first, ab.second);
  };
}

}  // namespace

const std::vector<std::string>& supported_operator_names() {
  static const std::vector<std::string> names = {"Add",      "BatchNormalization",
                                                 "Cast",     "Concat",
                                                 "Constant", "Cos",
                                                 "Div",      "Exp",
                                                 "Flatten",  "Gather",
                                                 "Gemm",     "Identity",
                                                 "Log",      "MatMul",
                                                 "Max",      "Min",
                                                 "Mul",      "Neg",
                                                 "Relu",     "Reshape",
                                                 "Round",    "Shape",
                                                 "Sigmoid",  "Sin",
                                                 "Slice",    "Sub",
                                                 "Unsqueeze"};
  return names;
}

bool is_supported(const std::string& op_type) {
  const auto& names = supported_operator_names();
  return std::find(names.begin(), names.end(), op_type) != names.end();
}

Kernel make_kernel(const std::string& op, const Attributes& attributes, const Inputs& known) {
  if (op == "Add") return binary_kernel(Arithmetic::add);
  if (op == "Sub") return binary_kernel(Arithmetic::sub);
  if (op == "Mul") return binary_kernel(Arithmetic::mul);
  if (op == "Div") return binary_kernel(Arithmetic::div);
  if (op == "Max") return variadic_kernel(Arithmetic::max);
  if (op == "Min") return variadic_kernel(Arithmetic::min);
  if (op == "Log" || op == "Exp" || op == "Cos" || op == "Sin" || op == "Sigmoid")
    return unary_floating_kernel(op);
  if (op == "Neg")
    return [](const Inputs& in) {
      return map_any(required(in, 0, "X"), [](auto v) { return decltype(v)(-v); });
    };
  if (op == "Relu")
    return [](const Inputs& in) {
      return map_any(required(in, 0, "X"),
                     [](auto v) { return v > decltype(v)(0) ? v : decltype(v)(0); });
    };
  if (op == "Round")
    return [](const Inputs& in) {
      return map_floating(required(in, 0, "X"), "Round",
                          [](auto v) { return round_half_to_even(v); });
    };
  if (op == "Identity") return [](const Inputs& in) { return required(in, 0, "input"); };
  if (op == "Cast") {
    const auto to_attribute = attributes.ints.find("to");
    if (to_attribute == attributes.ints.end()) fail("Cast has no attribute 'to'");
    const ElementType to = element_type_of_onnx_code(to_attribute->second);
    return [to](const Inputs& in) { return cast(required(in, 0, "input"), to); };
  }
  if (op == "Gather") {
    const std::int64_t axis = attributes.int_or("axis", 0);
    return [axis](const Inputs& in) {
      return gather(required(in, 0, "data"), required(in, 1, "indices"), axis);
    };
  }
  if (op == "Concat") {
    const auto axis = attributes.ints.find("axis");
    if (axis == attributes.ints.end()) fail("Concat has no attribute 'axis'");
    return [axis = axis->second](const Inputs& in) { return concat(in, axis); };
  }
  if (op == "Unsqueeze") {
    const auto axes = attributes.int_lists.find("axes");  // before opset 13 an attribute
    if (axes != attributes.int_lists.end())
      return [axes = axes->second](const Inputs& in) {
        return unsqueeze(required(in, 0, "data"), axes);
      };
    return [](const Inputs& in) {
      return unsqueeze(required(in, 0, "data"), required(in, 1, "axes").to_int64());
    };
  }
  if (op == "Flatten") {
    const std::int64_t axis_attribute = attributes.int_or("axis", 1);
    return [axis_attribute](const Inputs& in) {
      const Tensor& x = required(in, 0, "input");
      const std::int64_t axis = axis_attribute == x.rank()
                                    ? x.rank()
                                    : normalize_axis(axis_attribute, x.rank(), "Flatten axis");
      const std::int64_t rows = product(x.shape(), 0, sz(axis));
      return x.reshaped(Shape{rows, rows == 0 ? 0 : x.size() / rows});
    };
  }
  if (op == "Reshape") {
    const bool allow_zero = attributes.int_or("allowzero", 0) != 0;
    return [allow_zero](const Inputs& in) {
      return reshape(required(in, 0, "data"), required(in, 1, "shape").to_int64(), allow_zero);
    };
  }
  if (op == "Shape")
    return [attributes](const Inputs& in) { return shape_of(required(in, 0, "data"), attributes); };
  if (op == "Slice") return [](const Inputs& in) { return slice(required(in, 0, "data"), in); };
  if (op == "Gemm") return gemm_kernel(attributes, known);
  if (op == "MatMul") {
    std::shared_ptr<const VectorGemm> fast =
        known.size() > 1 ? vector_gemm(known[1], false, nullptr, 0.0f) : nullptr;
    return [fast](const Inputs& in) {
      const Tensor& a = required(in, 0, "A");
      if (fast != nullptr && vector_kernels_active() && a.type() == ElementType::float32 &&
          a.rank() >= 2 && a.shape().back() == fast->weights.k()) {
        Shape shape = a.shape();
        shape.back() = fast->weights.n();
        return vector_product(*fast, a, 1.0f, std::move(shape));
      }
      return matmul(a, required(in, 1, "B"));
    };
  }
  if (op == "BatchNormalization") return batch_normalization_kernel(attributes, known);
  fail("operator " + op + " is not implemented");
}

}  // namespace hypershap::onnx::detail
