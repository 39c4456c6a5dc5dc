#pragma once
// The paper's complexity measure (Appendix B): the operation count of a formula as SymPy's
// `count_ops` (sympy/core/function.py, visual=False) counts it on SymPy's canonical tree:
//   - each function (abs, log, exp, sin, cos) and each power counts 1 (x**2: 1);
//   - a sum of k terms counts k - 1 (each + or -), plus 1 when every term is negative
//     (-x - y: NEG + SUB = 2); a negative term counts as a subtraction, not a negation
//     (x - 0.5: 1);
//   - a product of k factors counts k - 1 (2*x: 1), plus 1 for a negative coefficient
//     (-0.5*x: 2, -x: 1), and one division for all factors with negative exponents together
//     (x*y/(a*b): DIV + 2 MUL = 3; 2/x: 1);
//   - x**-1 is one division (1/x: 1);
//   - an exact rational counts a negation when negative and a division when not an integer
//     (-1/3: 2), so sqrt(x) = x**(1/2) counts POW + DIV = 2; floats count nothing;
//   - symbols and floats count 0.
// Worked examples (expected values computed by SymPy 1.11, tests/unit/symbolic/sympy_ops.py):
//   0.5*X0 + sin(X1): 3;  sqrt(Abs(X0)): 3;  0.078*exp((a/b)**0.25): 4.

#include "hypershap/symbolic/expression.hpp"

namespace hypershap::symbolic {

/// SymPy's count_ops(e).
int count_ops(const Expr& e);

}  // namespace hypershap::symbolic
