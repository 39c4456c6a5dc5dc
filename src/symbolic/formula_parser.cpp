#include "hypershap/symbolic/formula_parser.hpp"

#include <cctype>
#include <cmath>
#include <cstdlib>

#include "hypershap/core/error.hpp"

namespace hypershap::symbolic {

namespace {

struct FunctionName {
  const char* name;
  Op op;
};
constexpr FunctionName function_names[] = {{"add", Op::add}, {"sub", Op::sub},   {"mul", Op::mul},
                                           {"div", Op::div}, {"sqrt", Op::sqrt}, {"log", Op::log},
                                           {"exp", Op::exp}, {"sin", Op::sin},   {"cos", Op::cos},
                                           {"abs", Op::abs}, {"Abs", Op::abs}};

Program binary(Op op, const Program& a, const Program& b) {
  Program p{Node::function(op)};
  p.insert(p.end(), a.begin(), a.end());
  p.insert(p.end(), b.begin(), b.end());
  return p;
}

Program unary(Op op, const Program& a) {
  Program p{Node::function(op)};
  p.insert(p.end(), a.begin(), a.end());
  return p;
}

class Parser {
 public:
  Parser(const std::string& text, const std::string& source) : text_(text), source_(source) {}

  ParsedFormula parse() {
    Program p = sum();
    skip_space();
    if (at_ < text_.size()) fail("unexpected '" + text_.substr(at_, 1) + "'");
    return {p, names_};
  }

 private:
  [[noreturn]] void fail(const std::string& what) const {
    throw invalid_input(source_ + ": " + what + " at character " + std::to_string(at_ + 1) +
                        " of '" + text_ +
                        "'; write a formula such as 'add(mul(X0, 0.5), sin(X1))' or "
                        "'0.5*x0 + sin(x1)' (functions: add sub mul div sqrt log exp sin cos "
                        "abs)");
  }

  void skip_space() {
    while (at_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[at_]))) ++at_;
  }

  bool accept(const std::string& token) {
    skip_space();
    if (text_.compare(at_, token.size(), token) == 0) {
      at_ += token.size();
      return true;
    }
    return false;
  }

  void expect(char c) {
    if (!accept(std::string(1, c))) fail(std::string("expected '") + c + "'");
  }

  Program sum() {
    Program p = product();
    for (;;) {
      if (accept("+"))
        p = binary(Op::add, p, product());
      else if (accept("-"))
        p = binary(Op::sub, p, product());
      else
        return p;
    }
  }

  Program product() {
    Program p = signed_factor();
    for (;;) {
      if (accept("*"))
        p = binary(Op::mul, p, signed_factor());
      else if (accept("/"))
        p = binary(Op::div, p, signed_factor());
      else
        return p;
    }
  }

  Program signed_factor() {
    if (accept("-")) {
      Program p = signed_factor();
      if (p.size() == 1 && p[0].op == Op::constant) {
        p[0].value = -p[0].value;
        return p;
      }
      return binary(Op::sub, Program{Node::number(0.0)}, p);
    }
    if (accept("+")) return signed_factor();
    return power();
  }

  Program power() {
    Program base = primary();
    if (!accept("**") && !accept("^")) return base;
    const Program exponent = signed_factor();
    if (exponent.size() != 1 || exponent[0].op != Op::constant)
      fail("the exponent must be a number (gplearn has no power function)");
    const double n = exponent[0].value;
    if (n == 0.5) return unary(Op::sqrt, base);
    if (n != std::round(n) || n == 0.0 || std::abs(n) > 8.0)
      fail("the exponent must be an integer from -8 to 8 (not 0) or 0.5");
    Program p = base;
    for (int i = 1; i < static_cast<int>(std::abs(n)); ++i) p = binary(Op::mul, p, base);
    if (n < 0) p = binary(Op::div, Program{Node::number(1.0)}, p);
    return p;
  }

  Program primary() {
    skip_space();
    if (at_ >= text_.size()) fail("the formula ends early");
    const char c = text_[at_];
    if (c == '(') {
      ++at_;
      Program p = sum();
      expect(')');
      return p;
    }
    if (std::isdigit(static_cast<unsigned char>(c)) || c == '.') {
      const char* begin = text_.c_str() + at_;
      char* end = nullptr;
      const double value = std::strtod(begin, &end);
      if (end == begin) fail("a number is expected");
      at_ += static_cast<std::size_t>(end - begin);
      if (!std::isfinite(value)) fail("the number is out of range");
      return {Node::number(value)};
    }
    if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
      const std::size_t start = at_;
      while (at_ < text_.size() &&
             (std::isalnum(static_cast<unsigned char>(text_[at_])) || text_[at_] == '_'))
        ++at_;
      const std::string name = text_.substr(start, at_ - start);
      skip_space();
      if (at_ < text_.size() && text_[at_] == '(') {
        for (const FunctionName& f : function_names) {
          if (name != f.name) continue;
          ++at_;
          Program a = sum();
          if (arity(f.op) == 2) {
            expect(',');
            Program b = sum();
            expect(')');
            return binary(f.op, a, b);
          }
          expect(')');
          return unary(f.op, a);
        }
        at_ = start;
        fail("unknown function '" + name + "'");
      }
      for (const FunctionName& f : function_names)
        if (name == f.name) fail("function '" + name + "' needs its arguments in parentheses");
      return {Node::feature(variable(name))};
    }
    fail("unexpected '" + std::string(1, c) + "'");
  }

  std::uint32_t variable(const std::string& name) {
    for (std::size_t i = 0; i < names_.size(); ++i)
      if (names_[i] == name) return static_cast<std::uint32_t>(i);
    names_.push_back(name);
    return static_cast<std::uint32_t>(names_.size() - 1);
  }

  const std::string& text_;
  const std::string& source_;
  std::size_t at_ = 0;
  std::vector<std::string> names_;
};

}  // namespace

ParsedFormula parse_formula(const std::string& text, const std::string& source) {
  return Parser(text, source).parse();
}

}  // namespace hypershap::symbolic
