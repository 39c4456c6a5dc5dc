#pragma once
// Reading a formula written in gplearn's prefix form, `add(mul(X0, 0.5), sin(X1))`, or in infix,
// `0.5*x0 + sin(x1)` (the two may be mixed), into a gplearn program.
//   - functions: add, sub, mul, div (two arguments), sqrt, log, exp, sin, cos, abs (one; `Abs`
//     too); operators + - * / with the usual precedence, parentheses;
//   - a power a**n or a^n with an integer 1 <= |n| <= 8 becomes a product (x**2: mul(x, x));
//     n = -k: div(1, a**k); n = 0.5: sqrt(a) (gplearn has no power function);
//   - -a (a not a number) becomes sub(0, a) (SymPy reads it as -a); a number with a minus sign is a
//   negative constant;
//   - any other name is a variable, numbered in order of first appearance.

#include <string>
#include <vector>

#include "hypershap/symbolic/program.hpp"

namespace hypershap::symbolic {

struct ParsedFormula {
  Program program;
  std::vector<std::string> names;  // variable i's name
};

/// invalid_input naming `source` and the position for text that is not a formula.
ParsedFormula parse_formula(const std::string& text, const std::string& source);

}  // namespace hypershap::symbolic
