#include "hypershap/symbolic/program.hpp"

#include <algorithm>
#include <cstdio>

namespace hypershap::symbolic {

const char* function_name(Op op) {
  switch (op) {
    case Op::add: return "add";
    case Op::sub: return "sub";
    case Op::mul: return "mul";
    case Op::div: return "div";
    case Op::sqrt: return "sqrt";
    case Op::log: return "log";
    case Op::sin: return "sin";
    case Op::cos: return "cos";
    case Op::abs: return "abs";
    case Op::exp: return "exp";
    case Op::variable: return "variable";
    case Op::constant: return "constant";
  }
  return "?";
}

int program_depth(const Program& program) {
  // The pending-argument stack of gplearn's `_depth`: its height is the nesting of functions.
  std::vector<int> pending{0};
  int depth = 1;
  for (const Node& node : program) {
    if (node.is_function()) {
      pending.push_back(arity(node.op));
      depth = std::max(depth, static_cast<int>(pending.size()));
    } else {
      --pending.back();
      while (pending.size() > 1 && pending.back() == 0) {
        pending.pop_back();
        --pending.back();
      }
    }
  }
  return depth - 1;
}

bool is_complete(const Program& program) {
  if (program.empty()) return false;
  long open = 1;  // subtrees still to be read
  for (std::size_t i = 0; i < program.size(); ++i) {
    if (open == 0) return false;
    open += arity(program[i].op) - 1;
  }
  return open == 0;
}

std::size_t subtree_end(const Program& program, std::size_t start) {
  std::size_t open = 1;
  std::size_t end = start;
  while (open > 0) {
    open += static_cast<std::size_t>(arity(program[end].op));
    --open;
    ++end;
  }
  return end;
}

std::string to_prefix_string(const Program& program, const std::vector<std::string>& names,
                             bool exact) {
  std::string text;
  std::vector<int> pending;
  for (std::size_t i = 0; i < program.size(); ++i) {
    const Node& node = program[i];
    if (node.is_function()) {
      text += function_name(node.op);
      text += '(';
      pending.push_back(arity(node.op));
      continue;
    }
    if (node.op == Op::variable) {
      text +=
          node.variable < names.size() ? names[node.variable] : "X" + std::to_string(node.variable);
    } else {
      char number[40];
      std::snprintf(number, sizeof number, exact ? "%.17g" : "%.3f", node.value);
      text += number;
    }
    while (!pending.empty() && --pending.back() == 0) {
      pending.pop_back();
      text += ')';
    }
    if (i + 1 != program.size()) text += ", ";
  }
  return text;
}

}  // namespace hypershap::symbolic
