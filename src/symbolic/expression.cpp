// SymPy's automatic simplification on construction, for the ten functions of the paper.

#include "hypershap/symbolic/expression.hpp"

#include "hypershap/symbolic/functions.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <numeric>

namespace hypershap::symbolic {

namespace {

ExprPtr number_expr(const Number& n) {
  auto e = std::make_shared<Expr>();
  e->kind = ExprKind::number;
  e->number = n;
  return e;
}

Number float_number(double v) {
  Number n;
  n.value = v == 0.0 ? 0.0 : v;  // no -0.0
  return n;
}

/// p/q in lowest terms, or a float when it does not fit.
Number rational_number(__int128_t p, __int128_t q) {
  if (q < 0) {
    p = -p;
    q = -q;
  }
  __int128_t a = p < 0 ? -p : p, b = q;
  while (b != 0) {
    const __int128_t t = a % b;
    a = b;
    b = t;
  }
  if (a > 1) {
    p /= a;
    q /= a;
  }
  constexpr __int128_t limit = std::numeric_limits<long long>::max();
  if (p > limit || -p > limit || q > limit)
    return float_number(static_cast<double>(p) / static_cast<double>(q));
  Number n;
  n.exact = true;
  n.p = static_cast<long long>(p);
  n.q = static_cast<long long>(q);
  n.value = static_cast<double>(n.p) / static_cast<double>(n.q);
  return n;
}

Number add_numbers(const Number& a, const Number& b) {
  if (a.exact && b.exact)
    return rational_number(static_cast<__int128_t>(a.p) * b.q + static_cast<__int128_t>(b.p) * a.q,
                           static_cast<__int128_t>(a.q) * b.q);
  return float_number(a.value + b.value);
}

Number multiply_numbers(const Number& a, const Number& b) {
  if (a.exact && b.exact)
    return rational_number(static_cast<__int128_t>(a.p) * b.p, static_cast<__int128_t>(a.q) * b.q);
  return float_number(a.value * b.value);
}

bool is_number(const Expr& e) { return e.kind == ExprKind::number; }
bool is_number(const Expr& e, long long value) {
  return is_number(e) && e.number.value == static_cast<double>(value);
}
bool is_integer(const Number& n) { return n.exact && n.q == 1; }

/// A total order of trees, for canonical argument order and for grouping equal trees.
std::string key(const Expr& e) {
  switch (e.kind) {
    case ExprKind::number: {
      char text[48];
      if (e.number.exact)
        std::snprintf(text, sizeof text, "#%lld/%lld", e.number.p, e.number.q);
      else
        std::snprintf(text, sizeof text, "#%.17g", e.number.value);
      return text;
    }
    case ExprKind::symbol: return "$" + e.name;
    default: {
      std::string text = std::to_string(static_cast<int>(e.kind)) + "(";
      for (const ExprPtr& a : e.args) text += key(*a) + ",";
      return text + ")";
    }
  }
}

ExprPtr node(ExprKind kind, std::vector<ExprPtr> args) {
  auto e = std::make_shared<Expr>();
  e->kind = kind;
  e->args = std::move(args);
  return e;
}

void sort_terms(std::vector<ExprPtr>& terms) {
  std::stable_sort(terms.begin(), terms.end(),
                   [](const ExprPtr& a, const ExprPtr& b) { return key(*a) < key(*b); });
}

/// A term as coefficient × rest (rest null for a number).
std::pair<Number, ExprPtr> split_coefficient(const ExprPtr& term) {
  if (is_number(*term)) return {term->number, nullptr};
  if (term->kind == ExprKind::mul && is_number(*term->args[0])) {
    std::vector<ExprPtr> rest(term->args.begin() + 1, term->args.end());
    return {term->args[0]->number, rest.size() == 1 ? rest[0] : node(ExprKind::mul, rest)};
  }
  return {rational_number(1, 1), term};
}

/// A base and its exponent (x for x^1).
std::pair<ExprPtr, ExprPtr> split_power(const ExprPtr& factor) {
  if (factor->kind == ExprKind::pow) return {factor->args[0], factor->args[1]};
  return {factor, make_rational(1)};
}

}  // namespace

ExprPtr make_float(double value) { return number_expr(float_number(value)); }
ExprPtr make_rational(long long p, long long q) { return number_expr(rational_number(p, q)); }
ExprPtr make_symbol(const std::string& name) {
  auto e = std::make_shared<Expr>();
  e->kind = ExprKind::symbol;
  e->name = name;
  return e;
}

bool same(const Expr& a, const Expr& b) { return key(a) == key(b); }

ExprPtr make_add(std::vector<ExprPtr> terms) {
  // Flatten, then collect: numbers into one, equal rests' coefficients added.
  std::vector<ExprPtr> flat;
  for (ExprPtr& t : terms) {
    if (t->kind == ExprKind::add)
      flat.insert(flat.end(), t->args.begin(), t->args.end());
    else
      flat.push_back(std::move(t));
  }
  Number constant = rational_number(0, 1);
  std::vector<std::pair<ExprPtr, Number>> groups;
  std::map<std::string, std::size_t> group_of;
  for (const ExprPtr& t : flat) {
    auto [coefficient, rest] = split_coefficient(t);
    if (!rest) {
      constant = add_numbers(constant, coefficient);
      continue;
    }
    const std::string k = key(*rest);
    const auto found = group_of.find(k);
    if (found == group_of.end()) {
      group_of.emplace(k, groups.size());
      groups.emplace_back(rest, coefficient);
    } else {
      groups[found->second].second = add_numbers(groups[found->second].second, coefficient);
    }
  }
  std::vector<ExprPtr> result;
  for (const auto& [rest, coefficient] : groups) {
    if (coefficient.value == 0.0) continue;
    result.push_back(make_mul({number_expr(coefficient), rest}));
  }
  // A zero constant is dropped (SymPy: x + 0.0 is x).
  const bool keep_constant = constant.value != 0.0;
  if (result.empty()) return number_expr(keep_constant ? constant : rational_number(0, 1));
  sort_terms(result);
  if (keep_constant) result.insert(result.begin(), number_expr(constant));
  if (result.size() == 1) return result[0];
  return node(ExprKind::add, std::move(result));
}

ExprPtr make_mul(std::vector<ExprPtr> factors) {
  std::vector<ExprPtr> flat;
  for (ExprPtr& f : factors) {
    if (f->kind == ExprKind::mul)
      flat.insert(flat.end(), f->args.begin(), f->args.end());
    else
      flat.push_back(std::move(f));
  }
  Number coefficient = rational_number(1, 1);
  std::vector<std::pair<ExprPtr, std::vector<ExprPtr>>> bases;  // base, its exponents
  std::map<std::string, std::size_t> base_of;
  for (const ExprPtr& f : flat) {
    if (is_number(*f)) {
      coefficient = multiply_numbers(coefficient, f->number);
      continue;
    }
    auto [base, exponent] = split_power(f);
    const std::string k = key(*base);
    const auto found = base_of.find(k);
    if (found == base_of.end()) {
      base_of.emplace(k, bases.size());
      bases.push_back({base, {exponent}});
    } else {
      bases[found->second].second.push_back(exponent);
    }
  }
  if (coefficient.value == 0.0)
    return number_expr(coefficient.exact ? coefficient : float_number(0.0));
  std::vector<ExprPtr> result;
  bool again = false;  // a power became a number or a product: fold once more
  for (const auto& [base, exponents] : bases) {
    const ExprPtr power =
        exponents.size() == 1 ? make_pow(base, exponents[0]) : make_pow(base, make_add(exponents));
    if (is_number(*power) || power->kind == ExprKind::mul) again = true;
    if (is_number(*power, 1) && power->number.exact) continue;
    result.push_back(power);
  }
  if (again) {
    result.push_back(number_expr(coefficient));
    return make_mul(std::move(result));
  }
  if (result.empty()) return number_expr(coefficient);
  sort_terms(result);
  const bool unit = coefficient.exact && coefficient.p == 1 && coefficient.q == 1;
  // A number times a sum is distributed (SymPy: 2*(x + 1) is 2*x + 2).
  if (!unit && result.size() == 1 && result[0]->kind == ExprKind::add) {
    std::vector<ExprPtr> terms;
    for (const ExprPtr& t : result[0]->args)
      terms.push_back(make_mul({number_expr(coefficient), t}));
    return make_add(std::move(terms));
  }
  if (unit && result.size() == 1) return result[0];
  if (!unit) result.insert(result.begin(), number_expr(coefficient));
  return node(ExprKind::mul, std::move(result));
}

ExprPtr make_pow(const ExprPtr& base, const ExprPtr& exponent) {
  if (is_number(*exponent, 0)) return make_rational(1);
  if (is_number(*exponent, 1) && exponent->number.exact) return base;
  if (is_number(*base, 1) && base->number.exact) return make_rational(1);
  const bool integer_exponent = is_number(*exponent) && is_integer(exponent->number);
  if (is_number(*base) && is_number(*exponent)) {
    const Number& b = base->number;
    const Number& x = exponent->number;
    if (b.exact && integer_exponent && std::abs(x.p) <= 64 && b.p != 0) {
      Number r = rational_number(1, 1);
      for (long long i = 0; i < std::abs(x.p); ++i) r = multiply_numbers(r, b);
      return number_expr(x.p < 0 ? rational_number(r.q, r.p) : r);
    }
    const double v = std::pow(b.value, x.value);
    if (std::isfinite(v) && (!b.exact || !x.exact)) return make_float(v);
  }
  if (integer_exponent) {
    // (b^e)^n = b^(e·n) and (a·b)^n = a^n·b^n for an integer n; |x|^2k = x^2k.
    if (base->kind == ExprKind::pow)
      return make_pow(base->args[0], make_mul({base->args[1], exponent}));
    if (base->kind == ExprKind::mul) {
      std::vector<ExprPtr> factors;
      for (const ExprPtr& f : base->args) factors.push_back(make_pow(f, exponent));
      return make_mul(std::move(factors));
    }
    if (base->kind == ExprKind::abs && exponent->number.p % 2 == 0)
      return make_pow(base->args[0], exponent);
  }
  // (b^e)^c = b^(e·c) for a non-negative b: sqrt(sqrt(|x|)) = |x|^(1/4).
  if (base->kind == ExprKind::pow && is_number(*exponent) && is_nonnegative(*base->args[0]))
    return make_pow(base->args[0], make_mul({base->args[1], exponent}));
  if (base->kind == ExprKind::exp && is_number(*exponent))  // exp(x)^c = exp(c·x)
    return make_function(ExprKind::exp, make_mul({exponent, base->args[0]}));
  // (x^2k)^r = |x|^(2k·r) for real x: sqrt(x^2) = |x|.
  if (base->kind == ExprKind::pow && is_number(*exponent) && is_number(*base->args[1]) &&
      is_integer(base->args[1]->number) && base->args[1]->number.p % 2 == 0)
    return make_pow(make_function(ExprKind::abs, base->args[0]),
                    make_mul({base->args[1], exponent}));
  return node(ExprKind::pow, {base, exponent});
}

ExprPtr make_function(ExprKind kind, const ExprPtr& a) {
  // Floats are evaluated; exact numbers only where the value is exact (SymPy keeps sin(2)).
  if (is_number(*a) && (kind == ExprKind::abs || !a->number.exact || a->number.value == 0.0 ||
                        (kind == ExprKind::log && a->number.value == 1.0))) {
    const Number& n = a->number;
    switch (kind) {
      case ExprKind::abs:
        return number_expr(n.exact ? rational_number(std::abs(n.p), n.q)
                                   : float_number(std::abs(n.value)));
      case ExprKind::exp:
        if (n.value == 0.0) return make_rational(1);
        return make_float(std::exp(n.value));
      case ExprKind::log:
        if (n.value == 1.0) return make_rational(0);
        if (n.value > 0.0) return make_float(std::log(n.value));
        break;
      case ExprKind::sin:
        if (n.value == 0.0) return make_rational(0);
        return make_float(std::sin(n.value));
      case ExprKind::cos:
        if (n.value == 0.0) return make_rational(1);
        return make_float(std::cos(n.value));
      default: break;
    }
  }
  const bool negated =
      a->kind == ExprKind::mul && is_number(*a->args[0]) && a->args[0]->number.value < 0.0;
  switch (kind) {
    case ExprKind::abs:
      if (is_nonnegative(*a)) return a;
      if (a->kind == ExprKind::mul) {
        // SymPy's Abs.eval: factors whose |f| simplifies come out, the rest stay under one abs.
        std::vector<ExprPtr> known, unknown;
        for (const ExprPtr& f : a->args) {
          const ExprPtr g = make_function(ExprKind::abs, f);
          if (g->kind == ExprKind::abs)
            unknown.push_back(g->args[0]);
          else
            known.push_back(g);
        }
        if (!known.empty()) {
          if (!unknown.empty())
            known.push_back(node(ExprKind::abs, {make_mul(std::move(unknown))}));
          return make_mul(std::move(known));
        }
      }
      if (a->kind == ExprKind::pow && is_number(*a->args[1]) && is_integer(a->args[1]->number))
        return make_pow(make_function(ExprKind::abs, a->args[0]), a->args[1]);
      break;
    case ExprKind::log:
      if (a->kind == ExprKind::exp) return a->args[0];  // real arguments
      break;
    case ExprKind::exp:
      if (a->kind == ExprKind::log) return a->args[0];
      break;
    case ExprKind::sin:
      if (negated) return make_neg(make_function(ExprKind::sin, make_neg(a)));
      break;
    case ExprKind::cos:
      if (negated) return make_function(ExprKind::cos, make_neg(a));
      break;
    default: break;
  }
  return node(kind, {a});
}

ExprPtr make_neg(const ExprPtr& a) { return make_mul({make_rational(-1), a}); }
ExprPtr make_sub(const ExprPtr& a, const ExprPtr& b) { return make_add({a, make_neg(b)}); }
ExprPtr make_div(const ExprPtr& a, const ExprPtr& b) {
  return make_mul({a, make_pow(b, make_rational(-1))});
}

bool is_nonnegative(const Expr& e) {
  switch (e.kind) {
    case ExprKind::number: return e.number.value >= 0.0;
    case ExprKind::abs:
    case ExprKind::exp: return true;
    case ExprKind::pow: {
      const Expr& x = *e.args[1];
      if (is_number(x) && is_integer(x.number) && x.number.p % 2 == 0) return true;
      return is_nonnegative(*e.args[0]);
    }
    case ExprKind::add:
    case ExprKind::mul:
      return std::all_of(e.args.begin(), e.args.end(),
                         [](const ExprPtr& a) { return is_nonnegative(*a); });
    default: return false;
  }
}

namespace {

/// The value of the variable-free subtree at `at` with gplearn's protections.
double constant_value(const Program& program, std::size_t& at) {
  const Node& n = program[at++];
  if (n.op == Op::constant) return n.value;
  const double a = constant_value(program, at);
  const double b = arity(n.op) == 2 ? constant_value(program, at) : 0.0;
  return apply_function(n.op, a, b);
}

bool has_variable(const Program& program, std::size_t start) {
  const std::size_t end = subtree_end(program, start);
  for (std::size_t i = start; i < end; ++i)
    if (program[i].op == Op::variable) return true;
  return false;
}

ExprPtr from_program(const Program& program, std::size_t& at, const std::vector<std::string>& names,
                     bool explicit_protections) {
  // A subtree without variables is a number, folded with gplearn's protections (log(0) is 0),
  // so the readable formula keeps its value exactly.
  if (explicit_protections && program[at].is_function() && !has_variable(program, at)) {
    const std::size_t start = at;
    const double value = constant_value(program, at);
    if (std::isfinite(value)) return make_float(value);
    at = start;  // not finite: kept as a formula
  }
  const Node& n = program[at++];
  switch (n.op) {
    case Op::variable:
      return make_symbol(n.variable < names.size() ? names[n.variable]
                                                   : "X" + std::to_string(n.variable));
    case Op::constant: return make_float(n.value);
    default: break;
  }
  const ExprPtr a = from_program(program, at, names, explicit_protections);
  ExprPtr b;
  if (arity(n.op) == 2) b = from_program(program, at, names, explicit_protections);
  switch (n.op) {
    case Op::add: return make_add({a, b});
    case Op::sub: return make_sub(a, b);
    case Op::mul: return make_mul({a, b});
    case Op::div: return make_div(a, b);
    case Op::sqrt:
      return make_pow(explicit_protections ? make_function(ExprKind::abs, a) : a,
                      make_rational(1, 2));
    case Op::log:
      return make_function(ExprKind::log,
                           explicit_protections ? make_function(ExprKind::abs, a) : a);
    case Op::sin: return make_function(ExprKind::sin, a);
    case Op::cos: return make_function(ExprKind::cos, a);
    case Op::abs: return make_function(ExprKind::abs, a);
    case Op::exp: return make_function(ExprKind::exp, a);
    default: return a;
  }
}

ExprPtr rebuild(const Expr& e, const std::vector<ExprPtr>& args) {
  switch (e.kind) {
    case ExprKind::add: return make_add(args);
    case ExprKind::mul: return make_mul(args);
    case ExprKind::pow: return make_pow(args[0], args[1]);
    default: return make_function(e.kind, args[0]);
  }
}

}  // namespace

ExprPtr program_expression(const Program& program, const std::vector<std::string>& names) {
  std::size_t at = 0;
  return from_program(program, at, names, false);
}

ExprPtr round_floats(const ExprPtr& e, int decimals) {
  if (e->kind == ExprKind::number) {
    if (e->number.exact) return e;
    const double scale = std::pow(10.0, decimals);
    return make_float(std::round(e->number.value * scale) / scale);
  }
  if (e->kind == ExprKind::symbol) return e;
  std::vector<ExprPtr> args;
  for (const ExprPtr& a : e->args) args.push_back(round_floats(a, decimals));
  return rebuild(*e, args);
}

ExprPtr simplify_program(const Program& program, const std::vector<std::string>& names,
                         int decimals) {
  std::size_t at = 0;
  return round_floats(from_program(program, at, names, true), decimals);
}

double evaluate_expression(const Expr& e, const std::vector<std::string>& names,
                           const std::vector<double>& values) {
  switch (e.kind) {
    case ExprKind::number: return e.number.value;
    case ExprKind::symbol: {
      const auto it = std::find(names.begin(), names.end(), e.name);
      if (it == names.end()) return std::numeric_limits<double>::quiet_NaN();
      return values[static_cast<std::size_t>(it - names.begin())];
    }
    case ExprKind::add: {
      double sum = 0.0;
      for (const ExprPtr& a : e.args) sum += evaluate_expression(*a, names, values);
      return sum;
    }
    case ExprKind::mul: {
      double product = 1.0;
      for (const ExprPtr& a : e.args) product *= evaluate_expression(*a, names, values);
      return product;
    }
    case ExprKind::pow:
      return std::pow(evaluate_expression(*e.args[0], names, values),
                      evaluate_expression(*e.args[1], names, values));
    case ExprKind::abs: return std::abs(evaluate_expression(*e.args[0], names, values));
    case ExprKind::log: return std::log(evaluate_expression(*e.args[0], names, values));
    case ExprKind::exp: return std::exp(evaluate_expression(*e.args[0], names, values));
    case ExprKind::sin: return std::sin(evaluate_expression(*e.args[0], names, values));
    case ExprKind::cos: return std::cos(evaluate_expression(*e.args[0], names, values));
  }
  return std::numeric_limits<double>::quiet_NaN();
}

}  // namespace hypershap::symbolic
