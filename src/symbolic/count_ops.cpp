// SymPy's count_ops (sympy/core/function.py) over hypershap's canonical trees.

#include "hypershap/symbolic/count_ops.hpp"

namespace hypershap::symbolic {

namespace {

/// SymPy's _coeff_isneg: a negative number, or a product whose coefficient is negative.
bool coefficient_is_negative(const Expr& e) {
  if (e.kind == ExprKind::number) return e.number.value < 0.0;
  if (e.kind == ExprKind::mul)
    return e.args[0]->kind == ExprKind::number && e.args[0]->number.value < 0.0;
  return false;
}

/// -e for a term whose coefficient is negative.
ExprPtr negated(const ExprPtr& e) { return make_neg(e); }

bool is_one(const Expr& e) {
  return e.kind == ExprKind::number && e.number.exact && e.number.p == 1 && e.number.q == 1;
}

/// Whether a factor goes to the denominator in SymPy's `fraction`, and what it contributes
/// there: x**-1 gives x, x**-e gives x**e, exp(-x) gives exp(x).
ExprPtr denominator_part(const ExprPtr& f) {
  if (f->kind == ExprKind::pow && f->args[1]->kind == ExprKind::number &&
      f->args[1]->number.value < 0.0)
    return make_pow(f->args[0], make_neg(f->args[1]));
  if (f->kind == ExprKind::pow && coefficient_is_negative(*f->args[1]) &&
      f->args[1]->kind == ExprKind::mul)
    return make_pow(f->args[0], make_neg(f->args[1]));
  if (f->kind == ExprKind::exp && coefficient_is_negative(*f->args[0]))
    return make_function(ExprKind::exp, make_neg(f->args[0]));
  return nullptr;
}

int count(const ExprPtr& start) {
  int ops = 0;
  ExprPtr a = start;
  switch (a->kind) {
    case ExprKind::number: {
      const Number& n = a->number;
      if (!n.exact || (n.p == 1 && n.q == 1)) return 0;
      return (n.p < 0 ? 1 : 0) + (n.q != 1 ? 1 : 0);
    }
    case ExprKind::symbol: return 0;
    case ExprKind::add: {
      const std::size_t k = a->args.size();
      std::size_t negatives = 0;
      for (const ExprPtr& t : a->args) {
        if (coefficient_is_negative(*t)) {
          ++negatives;
          ops += count(negated(t));
        } else {
          ops += count(t);
        }
      }
      ops += static_cast<int>(k - 1);  // an ADD or a SUB between terms
      if (negatives == k) ++ops;       // -x - y: NEG + SUB
      return ops;
    }
    case ExprKind::mul: {
      if (coefficient_is_negative(*a)) {
        ++ops;  // NEG
        a = negated(a);
        if (a->kind != ExprKind::mul) break;  // -x: x is counted below
      }
      // SymPy's fraction(a): numerator n and denominator d.
      std::vector<ExprPtr> numerator, denominator;
      for (const ExprPtr& f : a->args) {
        if (f->kind == ExprKind::number && f->number.exact) {
          numerator.push_back(make_rational(f->number.p));
          denominator.push_back(make_rational(f->number.q));
        } else if (const ExprPtr d = denominator_part(f)) {
          denominator.push_back(d);
        } else {
          numerator.push_back(f);
        }
      }
      const ExprPtr n = make_mul(numerator);
      const ExprPtr d = make_mul(denominator);
      if (n->kind == ExprKind::number && n->number.exact && n->number.q == 1) {
        return ops + 1 + count(d);  // DIV (n is positive here)
      }
      if (!is_one(*d)) {
        const bool d_integer = d->kind == ExprKind::number && d->number.exact && d->number.q == 1;
        return ops + 1 + (d_integer ? 0 : count(d)) + count(n);
      }
      ops += static_cast<int>(a->args.size()) - 1;  // MUL between factors
      for (const ExprPtr& f : a->args) ops += count(f);
      return ops;
    }
    default: break;
  }
  // After a stripped sign, `a` may be any kind again.
  switch (a->kind) {
    case ExprKind::mul:
    case ExprKind::add: return ops + count(a);
    case ExprKind::number:
    case ExprKind::symbol: return ops + count(a);
    case ExprKind::pow: {
      const Expr& x = *a->args[1];
      if (x.kind == ExprKind::number && x.number.exact && x.number.p == -1 && x.number.q == 1)
        return ops + 1 + count(a->args[0]);                    // DIV
      return ops + 1 + count(a->args[0]) + count(a->args[1]);  // POW
    }
    default: return ops + 1 + count(a->args[0]);  // ABS, LOG, EXP, SIN, COS
  }
}

}  // namespace

int count_ops(const Expr& e) {
  // The counting walks shared subtrees; a copy of the root keeps the interface a reference.
  return count(std::make_shared<Expr>(e));
}

}  // namespace hypershap::symbolic
