#include "hypershap/symbolic/formula_text.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

namespace hypershap::symbolic {

std::string shortest_number(double value) {
  char text[40];
  for (int digits = 1; digits <= 17; ++digits) {
    std::snprintf(text, sizeof text, "%.*g", digits, value);
    if (std::strtod(text, nullptr) == value) break;
  }
  return text;
}

namespace {

enum Precedence { add_level = 1, mul_level = 2, pow_level = 3, atom_level = 4 };

bool negative_coefficient(const Expr& e) {
  if (e.kind == ExprKind::number) return e.number.value < 0.0;
  return e.kind == ExprKind::mul && e.args[0]->kind == ExprKind::number &&
         e.args[0]->number.value < 0.0;
}

/// The order terms are printed in: positive terms first, then negative ones, the number last
/// (SymPy prints 0.25/x - 0.5*y + 1, not -0.5*y + 0.25/x + 1).
void order_terms(std::vector<ExprPtr>& terms) {
  std::stable_partition(terms.begin(), terms.end(), [](const ExprPtr& t) {
    return t->kind != ExprKind::number && !negative_coefficient(*t);
  });
  std::stable_partition(terms.begin(), terms.end(),
                        [](const ExprPtr& t) { return t->kind != ExprKind::number; });
}

int precedence(const Expr& e) {
  switch (e.kind) {
    case ExprKind::add: return add_level;
    case ExprKind::mul: return mul_level;
    case ExprKind::number:
      if (e.number.value < 0.0) return add_level;
      return e.number.exact && e.number.q != 1 ? mul_level : atom_level;
    case ExprKind::pow: return pow_level;
    default: return atom_level;
  }
}

bool is_exponent(const Expr& x, long long p, long long q) {
  return x.kind == ExprKind::number && x.number.exact && x.number.p == p && x.number.q == q;
}

/// A product's factors split into numerator and denominator (positive exponents).
void split_fraction(const Expr& e, std::vector<ExprPtr>& numerator,
                    std::vector<ExprPtr>& denominator) {
  const std::vector<ExprPtr> factors =
      e.kind == ExprKind::mul ? e.args : std::vector<ExprPtr>{std::make_shared<Expr>(e)};
  for (const ExprPtr& f : factors) {
    if (f->kind == ExprKind::number && f->number.exact && f->number.q != 1) {
      if (f->number.p != 1) numerator.push_back(make_rational(f->number.p));
      denominator.push_back(make_rational(f->number.q));
    } else if (f->kind == ExprKind::pow && f->args[1]->kind == ExprKind::number &&
               f->args[1]->number.value < 0.0) {
      denominator.push_back(make_pow(f->args[0], make_neg(f->args[1])));
    } else {
      numerator.push_back(f);
    }
  }
}

const char* function_text(ExprKind kind) {
  switch (kind) {
    case ExprKind::abs: return "abs";
    case ExprKind::log: return "log";
    case ExprKind::exp: return "exp";
    case ExprKind::sin: return "sin";
    default: return "cos";
  }
}

struct TextPrinter {
  std::string print(const Expr& e, int level) const {
    const std::string text = plain(e);
    return precedence(e) < level ? "(" + text + ")" : text;
  }

  std::string product(const std::vector<ExprPtr>& factors) const {
    std::string text;
    for (const ExprPtr& f : factors) text += (text.empty() ? "" : "*") + print(*f, mul_level);
    return text.empty() ? "1" : text;
  }

  std::string plain(const Expr& e) const {
    switch (e.kind) {
      case ExprKind::number:
        if (e.number.exact)
          return std::to_string(e.number.p) +
                 (e.number.q != 1 ? "/" + std::to_string(e.number.q) : "");
        return shortest_number(e.number.value);
      case ExprKind::symbol: return e.name;
      case ExprKind::add: {
        std::string text;
        std::vector<ExprPtr> terms(e.args.begin(), e.args.end());
        order_terms(terms);
        for (const ExprPtr& t : terms) {
          if (text.empty())
            text = print(*t, add_level);
          else if (negative_coefficient(*t))
            text += " - " + print(*make_neg(t), mul_level);
          else
            text += " + " + print(*t, add_level);
        }
        return text;
      }
      case ExprKind::mul: {
        if (negative_coefficient(e))
          return "-" + print(*make_neg(std::make_shared<Expr>(e)), mul_level);
        std::vector<ExprPtr> numerator, denominator;
        split_fraction(e, numerator, denominator);
        const std::string top = product(numerator);
        if (denominator.empty()) return top;
        if (denominator.size() == 1) return top + "/" + print(*denominator[0], pow_level);
        return top + "/(" + product(denominator) + ")";
      }
      case ExprKind::pow: {
        const Expr& x = *e.args[1];
        if (is_exponent(x, 1, 2)) return "sqrt(" + plain(*e.args[0]) + ")";
        if (is_exponent(x, -1, 1)) return "1/" + print(*e.args[0], pow_level);
        if (is_exponent(x, -1, 2)) return "1/sqrt(" + plain(*e.args[0]) + ")";
        return print(*e.args[0], atom_level) + "**" + print(x, atom_level);
      }
      default: return std::string(function_text(e.kind)) + "(" + plain(*e.args[0]) + ")";
    }
  }
};

std::string latex_name(const std::string& name) {
  // X0 -> X_{0}; a one-letter name as is; anything else upright, underscores escaped.
  if (name.size() >= 2 && std::isalpha(static_cast<unsigned char>(name[0])) &&
      name.find_first_not_of("0123456789", 1) == std::string::npos)
    return name.substr(0, 1) + "_{" + name.substr(1) + "}";
  if (name.size() == 1) return name;
  std::string text = "\\mathrm{";
  for (const char c : name) {
    if (c == '_' || c == '%' || c == '&' || c == '#' || c == '$') text += '\\';
    text += c;
  }
  return text + "}";
}

struct LatexPrinter {
  std::string print(const Expr& e, int level) const {
    const std::string text = plain(e);
    return precedence(e) < level ? "\\left(" + text + "\\right)" : text;
  }

  std::string product(const std::vector<ExprPtr>& factors) const {
    std::string text;
    for (const ExprPtr& f : factors) {
      if (!text.empty()) text += f->kind == ExprKind::number ? " \\cdot " : " ";
      text += print(*f, mul_level);
    }
    return text.empty() ? "1" : text;
  }

  std::string plain(const Expr& e) const {
    switch (e.kind) {
      case ExprKind::number:
        if (e.number.exact && e.number.q != 1)
          return std::string(e.number.p < 0 ? "-" : "") + "\\frac{" +
                 std::to_string(std::abs(e.number.p)) + "}{" + std::to_string(e.number.q) + "}";
        if (e.number.exact) return std::to_string(e.number.p);
        return shortest_number(e.number.value);
      case ExprKind::symbol: return latex_name(e.name);
      case ExprKind::add: {
        std::string text;
        std::vector<ExprPtr> terms(e.args.begin(), e.args.end());
        order_terms(terms);
        for (const ExprPtr& t : terms) {
          if (text.empty())
            text = print(*t, add_level);
          else if (negative_coefficient(*t))
            text += " - " + print(*make_neg(t), mul_level);
          else
            text += " + " + print(*t, add_level);
        }
        return text;
      }
      case ExprKind::mul: {
        if (negative_coefficient(e))
          return "-" + print(*make_neg(std::make_shared<Expr>(e)), mul_level);
        std::vector<ExprPtr> numerator, denominator;
        split_fraction(e, numerator, denominator);
        if (denominator.empty()) return product(numerator);
        // A fraction bar groups: a single numerator or denominator needs no parentheses.
        const auto part = [&](const std::vector<ExprPtr>& factors) {
          return factors.size() == 1 ? plain(*factors[0]) : product(factors);
        };
        return "\\frac{" + part(numerator) + "}{" + part(denominator) + "}";
      }
      case ExprKind::pow: {
        const Expr& x = *e.args[1];
        if (is_exponent(x, 1, 2)) return "\\sqrt{" + plain(*e.args[0]) + "}";
        if (is_exponent(x, -1, 1)) return "\\frac{1}{" + plain(*e.args[0]) + "}";
        if (is_exponent(x, -1, 2)) return "\\frac{1}{\\sqrt{" + plain(*e.args[0]) + "}}";
        return print(*e.args[0], atom_level) + "^{" + plain(x) + "}";
      }
      case ExprKind::abs: return "\\left|" + plain(*e.args[0]) + "\\right|";
      case ExprKind::exp: return "e^{" + plain(*e.args[0]) + "}";
      default:
        return std::string("\\") + function_text(e.kind) + "{\\left(" + plain(*e.args[0]) +
               "\\right)}";
    }
  }
};

const char* json_op(ExprKind kind) {
  switch (kind) {
    case ExprKind::add: return "add";
    case ExprKind::mul: return "mul";
    case ExprKind::pow: return "pow";
    default: return function_text(kind);
  }
}

}  // namespace

std::string to_text(const Expr& e) { return TextPrinter{}.plain(e); }
std::string to_latex(const Expr& e) { return LatexPrinter{}.plain(e); }

nlohmann::json to_json(const Expr& e) {
  switch (e.kind) {
    case ExprKind::number:
      if (e.number.exact && e.number.q != 1)
        return {{"number", e.number.value}, {"rational", {e.number.p, e.number.q}}};
      return {{"number", e.number.value}};
    case ExprKind::symbol: return {{"symbol", e.name}};
    default: {
      nlohmann::json args = nlohmann::json::array();
      for (const ExprPtr& a : e.args) args.push_back(to_json(*a));
      return {{"op", json_op(e.kind)}, {"args", args}};
    }
  }
}

}  // namespace hypershap::symbolic
