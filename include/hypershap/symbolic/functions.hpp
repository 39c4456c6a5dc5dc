#pragma once
// The function set with gplearn's protections (gplearn/functions.py) and the paper's capped exp
// (its utils/symb_reg_utils.py), one value at a time: the definition the batch evaluator's kernels
// follow, used by `hypershap formula --at` and by the tests.

#include <cmath>

#include "hypershap/symbolic/program.hpp"

namespace hypershap::symbolic {

/// Below this magnitude division gives 1 and log gives 0 (gplearn's protection threshold).
inline constexpr double protection_threshold = 0.001;
/// The paper's cap on exp, keeping programs finite.
inline constexpr double exp_cap = 100000.0;

inline double protected_div(double a, double b) {
  return std::abs(b) > protection_threshold ? a / b : 1.0;
}
inline double protected_sqrt(double a) { return std::sqrt(std::abs(a)); }
inline double protected_log(double a) {
  return std::abs(a) > protection_threshold ? std::log(std::abs(a)) : 0.0;
}
inline double capped_exp(double a) {
  const double e = std::exp(a);
  return e > exp_cap ? exp_cap : e;  // nan stays nan, as np.minimum
}

/// The function `op` (arity 1 or 2) at `a` (and `b`).
inline double apply_function(Op op, double a, double b = 0.0) {
  switch (op) {
    case Op::add: return a + b;
    case Op::sub: return a - b;
    case Op::mul: return a * b;
    case Op::div: return protected_div(a, b);
    case Op::sqrt: return protected_sqrt(a);
    case Op::log: return protected_log(a);
    case Op::sin: return std::sin(a);
    case Op::cos: return std::cos(a);
    case Op::abs: return std::abs(a);
    case Op::exp: return capped_exp(a);
    default: return a;
  }
}

}  // namespace hypershap::symbolic
