// Each operator on a tiny graph whose result is computed by hand.

#include <doctest/doctest.h>

#include <cmath>
#include <limits>

#include "graph_builder.hpp"
#include "hypershap/core/error.hpp"
#include "hypershap/models/onnx_model.hpp"

using namespace hypershap;
using hypershap::onnx::Model;
using hypershap::onnx::NamedTensors;
using hypershap::onnx::Shape;
using hypershap::onnx::Tensor;
using test::GraphBuilder;

namespace {

constexpr int kFloat = ::onnx::TensorProto::FLOAT;
constexpr int kInt32 = ::onnx::TensorProto::INT32;
constexpr int kInt64 = ::onnx::TensorProto::INT64;
constexpr int kDouble = ::onnx::TensorProto::DOUBLE;

Tensor floats(Shape shape, std::vector<float> values) {
  return Tensor(std::move(shape), std::move(values));
}

void check_floats(const Tensor& t, const Shape& shape, const std::vector<float>& expected) {
  REQUIRE(t.type() == hypershap::onnx::ElementType::float32);
  REQUIRE(t.shape() == shape);
  const std::vector<float>& v = t.data<float>();
  for (std::size_t i = 0; i < expected.size(); ++i)
    CHECK(static_cast<double>(v[i]) ==
          doctest::Approx(static_cast<double>(expected[i])).epsilon(1e-6));
}

/// A graph y = op(a, b) with both as inputs of dynamic first dimension.
Tensor binary(const std::string& op, const Tensor& a, const Tensor& b, int type = kFloat) {
  GraphBuilder g;
  std::vector<std::int64_t> da(a.shape().begin(), a.shape().end());
  std::vector<std::int64_t> db(b.shape().begin(), b.shape().end());
  g.input("a", type, da).input("b", type, db).output("y", type, {});
  g.node(op, {"a", "b"}, {"y"});
  return g.build().run({{"a", a}, {"b", b}}).at("y");
}

Tensor unary(const std::string& op, const Tensor& x) {
  GraphBuilder g;
  g.input("x", kFloat, std::vector<std::int64_t>(x.shape().begin(), x.shape().end()))
      .output("y", kFloat, {});
  g.node(op, {"x"}, {"y"});
  return g.build().run({{"x", x}}).at("y");
}

}  // namespace

TEST_CASE("Add, Sub, Mul, Div broadcast like numpy") {
  const Tensor m = floats({2, 3}, {1, 2, 3, 4, 5, 6});
  check_floats(binary("Add", m, floats({3}, {10, 20, 30})), {2, 3}, {11, 22, 33, 14, 25, 36});
  check_floats(binary("Sub", m, floats({}, {1})), {2, 3}, {0, 1, 2, 3, 4, 5});
  check_floats(binary("Div", floats({}, {12}), m), {2, 3}, {12, 6, 4, 3, 2.4f, 2});
  // [2,1] x [1,3]: the outer product
  check_floats(binary("Mul", floats({2, 1}, {2, 3}), floats({1, 3}, {1, 10, 100})), {2, 3},
               {2, 20, 200, 3, 30, 300});
  // [3,1,2] + [2,1]: both broadcast, rank extended on the left
  check_floats(binary("Add", floats({3, 1, 2}, {0, 1, 2, 3, 4, 5}), floats({2, 1}, {10, 20})),
               {3, 2, 2}, {10, 11, 20, 21, 12, 13, 22, 23, 14, 15, 24, 25});
  CHECK_THROWS_AS(binary("Add", m, floats({2}, {1, 2})), Error);
}

TEST_CASE("integer Div truncates and Max/Min take the larger/smaller element") {
  const Tensor a(Shape{3}, std::vector<std::int64_t>{7, 9, 10});
  const Tensor b(Shape{1}, std::vector<std::int64_t>{2});
  const Tensor q = binary("Div", a, b, kInt64);
  CHECK(q.data<std::int64_t>() == std::vector<std::int64_t>{3, 4, 5});
  check_floats(binary("Max", floats({3}, {1, 5, -2}), floats({}, {0})), {3}, {1, 5, 0});
  check_floats(binary("Min", floats({3}, {1, 5, -2}), floats({}, {0})), {3}, {0, 0, -2});
}

TEST_CASE("unary operators") {
  const Tensor x = floats({4}, {-2.0f, -0.5f, 0.5f, 2.0f});
  check_floats(unary("Relu", x), {4}, {0, 0, 0.5f, 2});
  check_floats(unary("Neg", x), {4}, {2, 0.5f, -0.5f, -2});
  check_floats(unary("Sigmoid", x), {4},
               {1 / (1 + std::exp(2.0f)), 1 / (1 + std::exp(0.5f)), 1 / (1 + std::exp(-0.5f)),
                1 / (1 + std::exp(-2.0f))});
  check_floats(unary("Exp", x), {4},
               {std::exp(-2.0f), std::exp(-0.5f), std::exp(0.5f), std::exp(2.0f)});
  check_floats(unary("Sin", x), {4},
               {std::sin(-2.0f), std::sin(-0.5f), std::sin(0.5f), std::sin(2.0f)});
  check_floats(unary("Cos", x), {4},
               {std::cos(-2.0f), std::cos(-0.5f), std::cos(0.5f), std::cos(2.0f)});
  check_floats(unary("Log", floats({2}, {1.0f, 10.0f})), {2}, {0.0f, std::log(10.0f)});
}

TEST_CASE("Round: to the nearest integer, halves to the even one, as onnxruntime") {
  // float: halves go to the even neighbour on both sides of 0; -0.5 and -0.4 give -0; from 2^23
  // on every float is an integer (2^22 + 0.5 is the largest tie); infinities and NaN pass through
  const float inf = std::numeric_limits<float>::infinity();
  const Tensor y =
      unary("Round",
            floats({20}, {0.5f,       1.5f,       2.5f,       3.5f,   -0.5f, -1.5f,      -2.5f,
                          -3.5f,      0.4f,       0.6f,       -0.4f,  -0.6f, 2.4999998f, 2.5000002f,
                          4194304.5f, 4194305.5f, 8388609.0f, -1e10f, inf,   -inf}));
  const std::vector<float> expected = {
      0.0f,  2.0f,  2.0f, 4.0f, -0.0f,      -2.0f,      -2.0f,      -4.0f,  0.0f, 1.0f,
      -0.0f, -1.0f, 2.0f, 3.0f, 4194304.0f, 4194306.0f, 8388609.0f, -1e10f, inf,  -inf};
  REQUIRE(y.shape() == Shape{20});
  const std::vector<float>& got = y.data<float>();
  for (std::size_t i = 0; i < expected.size(); ++i) {
    CAPTURE(i);
    CHECK(got[i] == expected[i]);
    CHECK(std::signbit(got[i]) == std::signbit(expected[i]));
  }
  CHECK(std::isnan(unary("Round", floats({1}, {std::nanf("")})).data<float>()[0]));

  // double: 2^52 - 0.5 ties between an odd and an even integer
  GraphBuilder g;
  g.input("x", kDouble, {4}).output("y", kDouble, {4});
  g.node("Round", {"x"}, {"y"});
  const Tensor d =
      g.build()
          .run({{"x", Tensor(Shape{4}, std::vector<double>{4503599627370495.5, -6.5,
                                                           0.49999999999999994, 1e300})}})
          .at("y");
  CHECK(d.data<double>() == std::vector<double>{4503599627370496.0, -6.0, 0.0, 1e300});

  // integers have no Round in ONNX
  GraphBuilder ints;
  ints.input("x", kInt32, {1}).output("y", kInt32, {1});
  ints.node("Round", {"x"}, {"y"});
  CHECK_THROWS_WITH_AS(ints.build().run({{"x", Tensor(Shape{1}, std::vector<std::int32_t>{1})}}),
                       doctest::Contains("floating-point"), Error);
}

TEST_CASE("Cast converts between float, double, int32 and int64 (float to int truncates)") {
  GraphBuilder g;
  g.input("x", kFloat, {3}).output("d", kDouble, {3}).output("i", kInt32, {3});
  test::set_int(g.node("Cast", {"x"}, {"d"}), "to", kDouble);
  test::set_int(g.node("Cast", {"d"}, {"i"}), "to", kInt32);
  const NamedTensors y = g.build().run({{"x", floats({3}, {1.75f, -2.5f, 3.0f})}});
  CHECK(y.at("d").data<double>() == std::vector<double>{1.75, -2.5, 3.0});
  CHECK(y.at("i").data<std::int32_t>() == std::vector<std::int32_t>{1, -2, 3});
}

TEST_CASE(
    "Gather selects along its axis; the output shape is data[:axis] + indices + data[axis+1:]") {
  // data [3, 2] = [[1, 2], [3, 4], [5, 6]]
  const Tensor data = floats({3, 2}, {1, 2, 3, 4, 5, 6});
  auto gather = [&](std::int64_t axis, const Tensor& indices) {
    GraphBuilder g;
    g.input("data", kFloat, {-1, 2}).input("indices", kInt64, {}).output("y", kFloat, {});
    test::set_int(g.node("Gather", {"data", "indices"}, {"y"}), "axis", axis);
    return g.build().run({{"data", data}, {"indices", indices}}).at("y");
  };
  check_floats(gather(0, Tensor(Shape{2}, std::vector<std::int64_t>{2, 0})), {2, 2}, {5, 6, 1, 2});
  check_floats(gather(0, Tensor(Shape{2, 1}, std::vector<std::int64_t>{-1, 1})), {2, 1, 2},
               {5, 6, 3, 4});
  // axis 1 with a scalar index: column 1, rank drops by one
  check_floats(gather(1, Tensor(Shape{}, std::vector<std::int64_t>{1})), {3}, {2, 4, 6});
  CHECK_THROWS_AS(gather(0, Tensor(Shape{1}, std::vector<std::int64_t>{3})), Error);

  // an embedding lookup: int32 indices into a weight initializer, as in the YAHPO graphs
  GraphBuilder g;
  g.input("codes", kInt32, {-1}).output("y", kFloat, {});
  g.initializer("table", {3, 2}, {1, 2, 3, 4, 5, 6});
  g.node("Gather", {"table", "codes"}, {"y"});
  check_floats(
      g.build().run({{"codes", Tensor(Shape{3}, std::vector<std::int32_t>{1, 1, 0})}}).at("y"),
      {3, 2}, {3, 4, 3, 4, 1, 2});
}

TEST_CASE("Slice with axes, clamped ends, negative starts and negative steps") {
  const Tensor x = floats({3, 4}, {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11});
  auto slice = [&](std::vector<std::int64_t> starts, std::vector<std::int64_t> ends,
                   std::vector<std::int64_t> axes, std::vector<std::int64_t> steps) {
    GraphBuilder g;
    g.input("x", kFloat, {-1, 4}).output("y", kFloat, {});
    const auto n = static_cast<std::int64_t>(starts.size());
    g.initializer_int64("starts", {n}, starts).initializer_int64("ends", {n}, ends);
    g.initializer_int64("axes", {n}, axes).initializer_int64("steps", {n}, steps);
    g.node("Slice", {"x", "starts", "ends", "axes", "steps"}, {"y"});
    return g.build().run({{"x", x}}).at("y");
  };
  check_floats(slice({1}, {100}, {1}, {1}), {3, 3}, {1, 2, 3, 5, 6, 7, 9, 10, 11});
  check_floats(slice({-2, 0}, {3, 2}, {0, 1}, {1, 1}), {2, 2}, {4, 5, 8, 9});
  check_floats(slice({-1}, {-100}, {1}, {-2}), {3, 2}, {3, 1, 7, 5, 11, 9});
  check_floats(slice({2}, {0}, {0}, {-1}), {2, 4}, {8, 9, 10, 11, 4, 5, 6, 7});
  check_floats(slice({3}, {1}, {1}, {1}), {3, 0}, {});
}

TEST_CASE("BatchNormalization computes (x - mean) / sqrt(var + eps) * scale + bias per channel") {
  GraphBuilder g;
  g.input("x", kFloat, {-1, 2}).output("y", kFloat, {});
  g.initializer("scale", {2}, {2.0f, 0.5f}).initializer("bias", {2}, {1.0f, -1.0f});
  g.initializer("mean", {2}, {3.0f, -2.0f}).initializer("var", {2}, {4.0f, 0.25f});
  auto& node = g.node("BatchNormalization", {"x", "scale", "bias", "mean", "var"}, {"y"});
  test::set_float(node, "epsilon", 0.0f);
  // channel 0: (x - 3) / 2 * 2 + 1 = x - 2; channel 1: (x + 2) / 0.5 * 0.5 - 1 = x + 1
  check_floats(g.build().run({{"x", floats({2, 2}, {5, 0, 1, 4})}}).at("y"), {2, 2}, {3, 1, -1, 5});

  // a [N, C, L] input with the default epsilon 1e-5
  GraphBuilder h;
  h.input("x", kFloat, {-1, 1, 2}).output("y", kFloat, {});
  h.initializer("scale", {1}, {1.0f}).initializer("bias", {1}, {0.0f});
  h.initializer("mean", {1}, {1.0f}).initializer("var", {1}, {1.0f});
  h.node("BatchNormalization", {"x", "scale", "bias", "mean", "var"}, {"y"});
  const float s = 1.0f / std::sqrt(1.0f + 1e-5f);
  check_floats(h.build().run({{"x", floats({1, 1, 2}, {3, -1})}}).at("y"), {1, 1, 2},
               {2 * s, -2 * s});
}

TEST_CASE("Gemm: alpha * op(A) * op(B) + beta * C with the bias broadcast") {
  GraphBuilder g;
  g.input("a", kFloat, {-1, 2}).output("y", kFloat, {});
  g.initializer("w", {3, 2}, {1, 2, 3, 4, 5, 6});  // [N, K], used transposed
  g.initializer("bias", {3}, {1, 1, 1});
  auto& node = g.node("Gemm", {"a", "w", "bias"}, {"y"});
  test::set_int(node, "transB", 1);
  test::set_float(node, "alpha", 2.0f);
  test::set_float(node, "beta", 0.5f);
  // A = [[1, 0], [1, 1]]: A W^T = [[1, 3, 5], [3, 7, 11]]
  check_floats(g.build().run({{"a", floats({2, 2}, {1, 0, 1, 1})}}).at("y"), {2, 3},
               {2.5f, 6.5f, 10.5f, 6.5f, 14.5f, 22.5f});

  GraphBuilder t;  // transA, no C
  t.input("a", kFloat, {2, -1}).input("b", kFloat, {2, 2}).output("y", kFloat, {});
  test::set_int(t.node("Gemm", {"a", "b"}, {"y"}), "transA", 1);
  // A^T = [[1, 3], [2, 4]], B = I*2
  check_floats(t.build()
                   .run({{"a", floats({2, 2}, {1, 2, 3, 4})}, {"b", floats({2, 2}, {2, 0, 0, 2})}})
                   .at("y"),
               {2, 2}, {2, 6, 4, 8});
}

TEST_CASE("MatMul folds the leading dimensions of A into rows") {
  GraphBuilder g;
  g.input("a", kFloat, {-1, 2, 2}).output("y", kFloat, {});
  g.initializer("b", {2, 1}, {1, 10});
  g.node("MatMul", {"a", "b"}, {"y"});
  check_floats(g.build().run({{"a", floats({2, 2, 2}, {1, 2, 3, 4, 5, 6, 7, 8})}}).at("y"),
               {2, 2, 1}, {21, 43, 65, 87});
}

TEST_CASE("Concat, Unsqueeze, Flatten, Shape and Reshape move no numbers, only shapes") {
  GraphBuilder g;
  g.input("x", kFloat, {-1}).output("c", kFloat, {}).output("f", kFloat, {});
  g.output("s", kInt64, {}).output("r", kFloat, {});
  g.initializer_int64("axes", {1}, {1});
  g.initializer_int64("shape", {2}, {-1, 1});
  g.node("Unsqueeze", {"x", "axes"}, {"u"});                            // [n, 1]
  test::set_int(g.node("Concat", {"u", "u", "u"}, {"c"}), "axis", -1);  // [n, 3]
  g.node("Unsqueeze", {"c", "axes"}, {"u3"});                           // [n, 1, 3]
  g.node("Flatten", {"u3"}, {"f"});                                     // [n, 3]
  g.node("Shape", {"u3"}, {"s"});
  g.node("Reshape", {"c", "shape"}, {"r"});  // [3n, 1]
  const NamedTensors y = g.build().run({{"x", floats({2}, {1, 2})}});
  check_floats(y.at("c"), {2, 3}, {1, 1, 1, 2, 2, 2});
  check_floats(y.at("f"), {2, 3}, {1, 1, 1, 2, 2, 2});
  CHECK(y.at("s").data<std::int64_t>() == std::vector<std::int64_t>{2, 1, 3});
  check_floats(y.at("r"), {6, 1}, {1, 1, 1, 2, 2, 2});

  GraphBuilder c;  // Concat on axis 0 of rank-2 tensors of different lengths
  c.input("a", kFloat, {-1, 2}).input("b", kFloat, {-1, 2}).output("y", kFloat, {});
  test::set_int(c.node("Concat", {"a", "b"}, {"y"}), "axis", 0);
  check_floats(
      c.build().run({{"a", floats({1, 2}, {1, 2})}, {"b", floats({2, 2}, {3, 4, 5, 6})}}).at("y"),
      {3, 2}, {1, 2, 3, 4, 5, 6});
}

TEST_CASE("nodes computed only from constants are folded at load") {
  GraphBuilder g;
  g.input("x", kFloat, {-1, 2}).output("y", kFloat, {});
  g.initializer("w", {2}, {1, 2});
  auto& constant = g.node("Constant", {}, {"three"});
  auto* value = constant.add_attribute();
  value->set_name("value");
  value->set_type(::onnx::AttributeProto::TENSOR);
  value->mutable_t()->set_data_type(kFloat);
  value->mutable_t()->add_float_data(3.0f);
  g.node("Mul", {"w", "three"}, {"w3"});  // folded: [3, 6]
  g.node("Add", {"x", "w3"}, {"y"});
  const Model model = g.build();
  CHECK(model.runtime_node_count() == 1);
  check_floats(model.run({{"x", floats({1, 2}, {1, 1})}}).at("y"), {1, 2}, {4, 7});
}

TEST_CASE("an unsupported operator is an error naming the operator and the node") {
  GraphBuilder g;
  g.input("x", kFloat, {-1}).output("y", kFloat, {});
  g.node("Tanh", {"x"}, {"y"}, "the_tanh");
  try {
    g.build();
    FAIL("no error for Tanh");
  } catch (const Error& e) {
    CHECK(e.code() == ExitCode::invalid_input);
    const std::string message = e.what();
    CHECK(message.find("Tanh") != std::string::npos);
    CHECK(message.find("the_tanh") != std::string::npos);
    CHECK(message.find("Gemm") != std::string::npos);  // the list of what is implemented
  }
}

TEST_CASE("wrong inputs are errors naming the input") {
  GraphBuilder g;
  g.input("x", kFloat, {-1, 2}).output("y", kFloat, {});
  g.node("Relu", {"x"}, {"y"});
  const Model model = g.build();
  CHECK_THROWS_WITH_AS(model.run({}), doctest::Contains("'x' is missing"), Error);
  CHECK_THROWS_WITH_AS(model.run({{"x", floats({2}, {1, 2})}}), doctest::Contains("'x' must be"),
                       Error);
  CHECK_THROWS_WITH_AS(model.run({{"x", floats({1, 2}, {1, 2})}, {"z", floats({1}, {1})}}),
                       doctest::Contains("no input 'z'"), Error);
  CHECK_THROWS_AS(Model::from_bytes("not a model", "junk"), Error);
  CHECK_THROWS_AS(Model::from_file("/nonexistent/model.onnx"), Error);
}
