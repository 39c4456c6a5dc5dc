#include <doctest/doctest.h>

#include <cmath>

#include "hypershap/core/random.hpp"
#include "hypershap/symbolic/count_ops.hpp"
#include "hypershap/symbolic/expression.hpp"
#include "hypershap/symbolic/formula_parser.hpp"
#include "hypershap/symbolic/formula_text.hpp"
#include "hypershap/symbolic/functions.hpp"
#include "hypershap/symbolic/operators.hpp"

using namespace hypershap;
using namespace hypershap::symbolic;

namespace {

ExprPtr given(const std::string& text) {
  const ParsedFormula f = parse_formula(text, "test");
  return program_expression(f.program, f.names);
}

std::string simplified(const std::string& text) {
  const ParsedFormula f = parse_formula(text, "test");
  return to_text(*simplify_program(f.program, f.names));
}

/// The program's value with gplearn's protections, and whether a protection acted (there the
/// readable formula, which drops them, may differ).
double protected_value(const Program& p, std::size_t& at, const std::vector<double>& x,
                       bool& protection_acted) {
  const Node& n = p[at++];
  if (n.op == Op::variable) return x[n.variable];
  if (n.op == Op::constant) return n.value;
  const double a = protected_value(p, at, x, protection_acted);
  const double b = arity(n.op) == 2 ? protected_value(p, at, x, protection_acted) : 0.0;
  if ((n.op == Op::div && std::abs(b) <= 0.0011) || (n.op == Op::log && std::abs(a) <= 0.0011) ||
      (n.op == Op::exp && a >= std::log(100000.0) - 1e-6))
    protection_acted = true;
  return apply_function(n.op, a, b);
}

}  // namespace

TEST_CASE("operation counts as SymPy's count_ops on worked examples") {
  // Expected values computed by SymPy 1.11 (tests/unit/symbolic/sympy_ops.py), not by hypershap.
  const std::pair<const char*, int> examples[] = {
      {"add(mul(X0, 0.5), sin(X1))", 3},               // 0.5*X0 + sin(X1)
      {"sub(X0, X1)", 1},                              // X0 - X1
      {"mul(-1.0, X0)", 2},                            // -1.0*X0
      {"sub(mul(-0.5, X0), X1)", 3},                   // -0.5*X0 - X1
      {"div(X0, X1)", 1},                              // X0/X1
      {"div(1.0, X0)", 1},                             // 1.0/X0
      {"div(mul(X0, X1), mul(X1, add(X0, 0.3)))", 2},  // X0/(X0 + 0.3)
      {"add(X0, X0)", 1},                              // 2*X0
      {"mul(X0, X0)", 1},                              // X0**2
      {"div(X0, mul(X0, X0))", 1},                     // 1/X0
      {"sqrt(X0)", 2},                                 // sqrt(X0)
      {"div(1.0, sqrt(X0))", 3},                       // 1.0/sqrt(X0)
      {"log(X0)", 1},                                  // log(X0)
      {"exp(sub(0.0, X0))", 2},                        // exp(-X0)
      {"mul(0.078, exp(mul(X0, 0.25)))", 3},           // 0.078*exp(0.25*X0)
      {"add(sin(X0), mul(sin(X0), sin(X0)))", 4},      // sin(X0)**2 + sin(X0)
      {"sub(0.5, add(X0, X1))", 2},                    // -X0 - X1 + 0.5
      {"abs(mul(-2.0, X0))", 2},                       // 2.0*Abs(X0)
      {"cos(mul(-3.0, X1))", 2},                       // cos(3.0*X1)
      {"sub(sub(0.0, X0), X1)", 2},                    // -X0 - X1
      {"mul(add(X0, 1.0), 2.0)", 2},                   // 2.0*X0 + 2.0
      {"div(X0, 2.0)", 1},                             // 0.5*X0
      {"abs(exp(X0))", 1},                             // exp(X0)
      {"div(sub(X0, X1), add(X0, X1))", 3},            // (X0 - X1)/(X0 + X1)
      {"mul(X0, mul(X1, div(0.5, cos(X0))))", 4},      // 0.5*X0*X1/cos(X0)
  };
  for (const auto& [text, ops] : examples) {
    CAPTURE(text);
    const ExprPtr e = given(text);
    CAPTURE(to_text(*e));
    CHECK(count_ops(*e) == ops);
  }
}

TEST_CASE("the readable formula: protections explicit, like terms, identities, rounding") {
  CHECK(simplified("add(mul(X0, 0.5), sin(X1))") == "0.5*X0 + sin(X1)");
  CHECK(simplified("sqrt(X0)") == "sqrt(abs(X0))");       // gplearn's sqrt(|x|)
  CHECK(simplified("log(X0)") == "log(abs(X0))");         // and log(|x|)
  CHECK(simplified("sqrt(mul(X0, X0))") == "abs(X0)");    // sqrt(x²) = |x|
  CHECK(simplified("abs(sqrt(X0))") == "sqrt(abs(X0))");  // abs of a non-negative
  CHECK(simplified("abs(exp(X1))") == "exp(X1)");
  CHECK(simplified("sub(X0, X0)") == "0");
  CHECK(simplified("div(X0, X0)") == "1");
  CHECK(simplified("add(mul(0.3, X0), mul(X0, 0.2))") == "0.5*X0");
  CHECK(simplified("add(add(X0, 0.25), sub(X1, 0.25))") == "X0 + X1");
  CHECK(simplified("mul(0.12345, X0)") == "0.123*X0");  // 3 decimals
  CHECK(simplified("add(X0, 0.0004)") == "X0");         // rounds to 0, then folds
  CHECK(simplified("mul(mul(X0, X0), X0)") == "X0**3");
  CHECK(simplified("div(X0, mul(X1, 2.0))") == "0.5*X0/X1");
  CHECK(simplified("sub(0.0, X1)") == "-X1");
  CHECK(simplified("exp(log(X0))") == "abs(X0)");
  CHECK(simplified("div(1.0, X0)") == "1/X0");
  CHECK(simplified("0.1041*sqrt(abs(sin(a))) + 0.0702") == "0.104*sqrt(abs(sin(a))) + 0.07");

  const ParsedFormula f = parse_formula("div(sqrt(alpha), add(batch_size, 1.5))", "t");
  const ExprPtr e = simplify_program(f.program, f.names);
  CHECK(to_latex(*e) ==
        "\\frac{\\sqrt{\\left|\\mathrm{alpha}\\right|}}{\\mathrm{batch\\_size} + 1.5}");
  CHECK(to_json(*given("add(X0, 0.5)")).dump() ==
        R"({"args":[{"number":0.5},{"symbol":"X0"}],"op":"add"})");
}

TEST_CASE("simplification never changes a formula's value on random points (property)") {
  ProgramShape shape;
  shape.features = 2;
  Rng rng(17);
  int compared = 0;
  for (int k = 0; k < 2000; ++k) {
    const Program p = random_program(shape, rng);
    const ExprPtr readable = simplify_program(p, {"X0", "X1"}, 300);  // no rounding
    for (int point = 0; point < 5; ++point) {
      const std::vector<double> x{rng.uniform(-3.0, 3.0), rng.uniform(-3.0, 3.0)};
      bool acted = false;
      std::size_t at = 0;
      const double want = protected_value(p, at, x, acted);
      if (acted || !std::isfinite(want) || std::abs(want) > 1e8) continue;
      const double got = evaluate_expression(*readable, {"X0", "X1"}, x);
      CAPTURE(to_prefix_string(p, {}, true));
      CAPTURE(to_text(*readable));
      CHECK(got == doctest::Approx(want).epsilon(1e-8).scale(1.0));
      ++compared;
    }
  }
  CHECK(compared > 5000);
}

TEST_CASE("readable formulas and their operation counts as SymPy counts the printed text") {
  // Expected counts: SymPy 1.11's count_ops of the readable text
  // (tests/unit/symbolic/sympy_ops.py).
  struct Example {
    const char* given;
    const char* readable;
    int ops;
  };
  const Example examples[] = {
      {"sqrt(X0)", "sqrt(abs(X0))", 3},
      {"log(X0)", "log(abs(X0))", 2},
      {"div(X0, mul(X1, 2.0))", "0.5*X0/X1", 2},
      {"mul(mul(X0, X0), X0)", "X0**3", 1},
      {"sub(0.0, X1)", "-X1", 1},
      {"0.1041*sqrt(abs(sin(a))) + 0.0702", "0.104*sqrt(abs(sin(a))) + 0.07", 6},
      {"sqrt(sqrt(sqrt(abs(cos(cos(X1))))))", "abs(cos(cos(X1)))**(1/8)", 5},
      {"0.5*X0 + sqrt(X1)/X0", "0.5*X0 + sqrt(abs(X1))/X0", 6},
      {"X0/(X1 + cos(sqrt(X1)))", "X0/(X1 + cos(sqrt(abs(X1))))", 6},
      {"-0.5*exp(-X0) + 0.25/sqrt(X1)", "0.25/sqrt(abs(X1)) - 0.5*exp(-X0)", 7},
  };
  for (const Example& example : examples) {
    CAPTURE(example.given);
    const ParsedFormula f = parse_formula(example.given, "test");
    const ExprPtr e = simplify_program(f.program, f.names);
    CHECK(to_text(*e) == example.readable);
    CHECK(count_ops(*e) == example.ops);
  }
}
