#include <doctest/doctest.h>

#include "hypershap/core/error.hpp"
#include "hypershap/symbolic/formula_parser.hpp"
#include "hypershap/symbolic/program.hpp"

using namespace hypershap::symbolic;

TEST_CASE("a program's length, depth and gplearn text") {
  // add(mul(X0, 0.5), sin(X1)): 6 nodes; two functions nested on the longest path.
  const Program p{Node::function(Op::add), Node::function(Op::mul), Node::feature(0),
                  Node::number(0.5),       Node::function(Op::sin), Node::feature(1)};
  CHECK(program_length(p) == 6);
  CHECK(program_depth(p) == 2);
  CHECK(is_complete(p));
  CHECK(to_prefix_string(p) == "add(mul(X0, 0.500), sin(X1))");
  CHECK(to_prefix_string(p, {"alpha", "batch"}) == "add(mul(alpha, 0.500), sin(batch))");
  CHECK(subtree_end(p, 0) == 6);
  CHECK(subtree_end(p, 1) == 4);
  CHECK(subtree_end(p, 3) == 4);
  CHECK(subtree_end(p, 4) == 6);

  CHECK(program_depth({Node::feature(0)}) == 0);
  CHECK(program_depth({Node::function(Op::sqrt), Node::function(Op::abs), Node::feature(0)}) == 2);
  CHECK_FALSE(is_complete({Node::function(Op::add), Node::feature(0)}));
  CHECK_FALSE(is_complete({Node::feature(0), Node::feature(1)}));
  CHECK_FALSE(is_complete({}));
}

TEST_CASE("formulas are read in prefix and infix form into gplearn programs") {
  const ParsedFormula prefix = parse_formula("add(mul(X0, 0.5), sin(X1))", "test");
  CHECK(to_prefix_string(prefix.program, prefix.names) == "add(mul(X0, 0.500), sin(X1))");
  const ParsedFormula infix = parse_formula("0.5*x0 + sin(x1)", "test");
  CHECK(to_prefix_string(infix.program, infix.names) == "add(mul(0.500, x0), sin(x1))");
  CHECK(infix.names == std::vector<std::string>{"x0", "x1"});
  // Precedence, left associativity, unary minus, powers as products.
  CHECK(to_prefix_string(parse_formula("a - b - c*d/e", "t").program, {"a", "b", "c", "d", "e"}) ==
        "sub(sub(a, b), div(mul(c, d), e))");
  CHECK(to_prefix_string(parse_formula("-x**2", "t").program, {"x"}) == "sub(0.000, mul(x, x))");
  CHECK(to_prefix_string(parse_formula("x^-2 + -0.25", "t").program, {"x"}) ==
        "add(div(1.000, mul(x, x)), -0.250)");
  CHECK(to_prefix_string(parse_formula("x**0.5", "t").program, {"x"}) == "sqrt(x)");
  CHECK(to_prefix_string(parse_formula("Abs(x)", "t").program, {"x"}) == "abs(x)");

  CHECK_THROWS_WITH_AS(parse_formula("add(x0)", "--formula"),
                       doctest::Contains("--formula: expected ','"), hypershap::Error);
  CHECK_THROWS_WITH_AS(parse_formula("tan(x0)", "f"), doctest::Contains("unknown function 'tan'"),
                       hypershap::Error);
  CHECK_THROWS_WITH_AS(parse_formula("x ** y", "f"), doctest::Contains("exponent must be a number"),
                       hypershap::Error);
  CHECK_THROWS_WITH_AS(parse_formula("x +", "f"), doctest::Contains("ends early"),
                       hypershap::Error);
  CHECK_THROWS_WITH_AS(parse_formula("(x", "f"), doctest::Contains("expected ')'"),
                       hypershap::Error);
  CHECK_THROWS_WITH_AS(parse_formula("x y", "f"), doctest::Contains("unexpected 'y'"),
                       hypershap::Error);
  CHECK_THROWS_AS(parse_formula("", "f"), hypershap::Error);
}
