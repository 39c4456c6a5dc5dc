#pragma once
// A symbolic-regression program as gplearn's `_Program` holds it: a flat list of nodes in prefix
// order (a function, then its arguments' subtrees), with gplearn's `length_` and `depth_`.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace hypershap::symbolic {

/// The functions of the paper's function set (Appendix D), in the order its code lists them to
/// gplearn (the order the random draws index), then the two kinds of terminal.
enum class Op : std::uint8_t {
  add,
  sub,
  mul,
  div,   // protected: 1 where |denominator| <= 0.001
  sqrt,  // protected: sqrt(|x|)
  log,   // protected: log(|x|), 0 where |x| <= 0.001
  sin,
  cos,
  abs,
  exp,  // the paper's capped exp: min(exp(x), 100000)
  variable,
  constant,
};

/// The number of functions (add .. exp).
inline constexpr int function_count = 10;

/// 2 for add, sub, mul, div; 1 for the other functions; 0 for terminals.
constexpr int arity(Op op) {
  switch (op) {
    case Op::add:
    case Op::sub:
    case Op::mul:
    case Op::div: return 2;
    case Op::variable:
    case Op::constant: return 0;
    default: return 1;
  }
}

/// gplearn's name of a function ("add", "sqrt", ...).
const char* function_name(Op op);

struct Node {
  Op op = Op::constant;
  std::uint32_t variable = 0;  // Op::variable: the column (gplearn's X0, X1, ...)
  double value = 0.0;          // Op::constant

  static Node function(Op f) { return Node{f, 0, 0.0}; }
  static Node feature(std::uint32_t column) { return Node{Op::variable, column, 0.0}; }
  static Node number(double v) { return Node{Op::constant, 0, v}; }
  bool is_function() const { return arity(op) > 0; }
};

using Program = std::vector<Node>;

/// gplearn's `length_`: the number of functions and terminals.
inline std::size_t program_length(const Program& program) { return program.size(); }

/// gplearn's `depth_`: the number of nested functions on the longest path (a terminal alone: 0).
int program_depth(const Program& program);

/// Whether `program` is one complete prefix tree (gplearn's `validate_program`).
bool is_complete(const Program& program);

/// The end (one past the last node) of the subtree that starts at `start`.
std::size_t subtree_end(const Program& program, std::size_t start);

/// gplearn's text of a program: `add(mul(X0, 0.500), sin(X1))`, constants with 3 decimals, or
/// with `names` in place of X0, X1, ... (`exact`: constants with 17 significant digits).
std::string to_prefix_string(const Program& program, const std::vector<std::string>& names = {},
                             bool exact = false);

}  // namespace hypershap::symbolic
