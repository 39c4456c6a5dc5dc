#pragma once
// Formulas as expression trees in SymPy's canonical form (what `sympify` builds): sums and
// products are flat, a - b is a + (-1)·b, a / b is a·b^-1, sqrt(a) is a^(1/2). Every constructor
// applies the automatic simplifications SymPy applies on construction (numbers folded, like terms
// collected, equal bases' exponents added, abs of a non-negative dropped), so the operation count
// (count_ops.hpp) is SymPy's on the same formula.

#include <memory>
#include <string>
#include <vector>

#include "hypershap/symbolic/program.hpp"

namespace hypershap::symbolic {

enum class ExprKind { number, symbol, add, mul, pow, abs, log, exp, sin, cos };

struct Expr;
using ExprPtr = std::shared_ptr<const Expr>;

/// A number: exact (SymPy's Integer or Rational p/q, from the formula's structure, e.g. the -1
/// of a subtraction or the 1/2 of a square root) or a float (every constant of a program).
struct Number {
  double value = 0.0;
  bool exact = false;
  long long p = 0, q = 1;  // exact: value = p / q, q > 0, in lowest terms
};

struct Expr {
  ExprKind kind = ExprKind::number;
  Number number;              // number
  std::string name;           // symbol
  std::vector<ExprPtr> args;  // add, mul: the terms (the number first); pow: base, exponent
};

ExprPtr make_float(double value);
ExprPtr make_rational(long long p, long long q = 1);
ExprPtr make_symbol(const std::string& name);
ExprPtr make_add(std::vector<ExprPtr> terms);
ExprPtr make_mul(std::vector<ExprPtr> factors);
ExprPtr make_pow(const ExprPtr& base, const ExprPtr& exponent);
/// abs, log, exp, sin or cos of `argument`.
ExprPtr make_function(ExprKind kind, const ExprPtr& argument);
ExprPtr make_neg(const ExprPtr& a);
ExprPtr make_sub(const ExprPtr& a, const ExprPtr& b);
ExprPtr make_div(const ExprPtr& a, const ExprPtr& b);

/// Whether `e` is non-negative for every real value of its symbols (a sufficient test).
bool is_nonnegative(const Expr& e);

/// Structural equality (the canonical form makes equal formulas' trees equal in the common cases).
bool same(const Expr& a, const Expr& b);

/// The program as SymPy reads gplearn's text (`sympify` with add/sub/mul/div as operators): the
/// formula as given, protections implicit. Variable i is named `names[i]` (default X0, X1, ...).
ExprPtr program_expression(const Program& program, const std::vector<std::string>& names = {});

/// The readable formula of the paper's code (utils/run_utils.py `convert_symb`): sqrt(x) as
/// sqrt(|x|) and log(x) as log(|x|) (their protections act for every x), then the canonical
/// simplifications, then every float rounded to `decimals` decimals (and folded again). The
/// protections that act only near singular points (div where |den| <= 0.001, log where
/// |x| <= 0.001, exp above 100000) are dropped, as there.
ExprPtr simplify_program(const Program& program, const std::vector<std::string>& names = {},
                         int decimals = 3);

/// Every float of `e` rounded to `decimals` decimals, through the canonical constructors.
ExprPtr round_floats(const ExprPtr& e, int decimals);

/// The value at `values` (by symbol name), with plain (unprotected) real arithmetic; nan where a
/// symbol is missing or the formula is undefined.
double evaluate_expression(const Expr& e, const std::vector<std::string>& names,
                           const std::vector<double>& values);

}  // namespace hypershap::symbolic
