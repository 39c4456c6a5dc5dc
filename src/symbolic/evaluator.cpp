#include "hypershap/symbolic/evaluator.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "hypershap/symbolic/functions.hpp"

namespace hypershap::symbolic {

namespace {

using Column = Eigen::Map<Eigen::ArrayXd>;
using ConstColumn = Eigen::Map<const Eigen::ArrayXd>;

// sin and cos over a column. glibc's scalar sin/cos took most of a fit's time (Eigen 3.4 has no
// vectorised double sin/cos); this is the classic scheme of fdlibm (Sun, 1993): a Cody-Waite
// reduction by pi/2 in three parts, exact for |x| <= 2^19, then minimax polynomials on
// [-pi/4, pi/4]; larger or non-finite arguments go to the C library. Error within 1e-15 of
// std::sin.
constexpr double two_over_pi = 6.36619772367581382433e-01;
constexpr double pio2_1 = 1.57079632673412561417e+00;   // first 33 bits of pi/2
constexpr double pio2_2 = 6.07710050630396597660e-11;   // next 33 bits
constexpr double pio2_3 = 2.02226624871116645580e-21;   // next 33 bits
constexpr double pio2_3t = 8.47842766036889956997e-32;  // the rest
constexpr double reduce_limit = 524288.0;               // 2^19: k has at most 19 bits
constexpr double round_shift = 6755399441055744.0;      // 1.5 * 2^52: adding rounds to an integer

inline double sin_kernel(double r) {
  const double z = r * r;
  return r +
         r * z *
             (-1.66666666666666324348e-01 +
              z * (8.33333333332248946124e-03 +
                   z * (-1.98412698298579493134e-04 +
                        z * (2.75573137070700676789e-06 +
                             z * (-2.50507602534068634195e-08 + z * 1.58969099521155010221e-10)))));
}

inline double cos_kernel(double r) {
  const double z = r * r;
  return 1.0 - 0.5 * z +
         z * z *
             (4.16666666666666019037e-02 +
              z * (-1.38888888888741095749e-03 +
                   z * (2.48015872894767294178e-05 +
                        z * (-2.75573143513906633035e-07 +
                             z * (2.08757232129817482790e-09 + z * -1.13596475577881948265e-11)))));
}

/// sin (`cosine` false) or cos of `rows` values.
void sin_cos(bool cosine, double* out, const double* in, Eigen::Index rows) {
  for (Eigen::Index i = 0; i < rows; ++i) {
    const double x = in[i];
    if (!(std::abs(x) <= reduce_limit)) {
      out[i] = cosine ? std::cos(x) : std::sin(x);
      continue;
    }
    const double k = (x * two_over_pi + round_shift) - round_shift;
    const double r = ((x - k * pio2_1) - k * pio2_2) - k * pio2_3 - k * pio2_3t;
    const auto quadrant = (static_cast<long>(k) + (cosine ? 1 : 0)) & 3;  // cos x = sin(x + pi/2)
    const double v = (quadrant & 1) ? cos_kernel(r) : sin_kernel(r);
    out[i] = (quadrant & 2) ? -v : v;
  }
}

/// One function over `rows` values: out = op(a, b). `out` may alias `a` or `b` (elementwise).
void apply_kernel(Op op, double* out, const double* a_data, const double* b_data,
                  Eigen::Index rows) {
  Column result(out, rows);
  const ConstColumn a(a_data, rows);
  switch (op) {
    case Op::add: result = a + ConstColumn(b_data, rows); break;
    case Op::sub: result = a - ConstColumn(b_data, rows); break;
    case Op::mul: result = a * ConstColumn(b_data, rows); break;
    case Op::div: {
      const ConstColumn b(b_data, rows);
      result = (b.abs() > protection_threshold).select(a / b, 1.0);
      break;
    }
    case Op::sqrt: result = a.abs().sqrt(); break;
    case Op::log: result = (a.abs() > protection_threshold).select(a.abs().log(), 0.0); break;
    case Op::sin: sin_cos(false, out, a_data, rows); break;
    case Op::cos: sin_cos(true, out, a_data, rows); break;
    case Op::abs: result = a.abs(); break;
    case Op::exp:
      result = a.exp();
      result = (result > exp_cap).select(exp_cap, result);  // nan stays nan, as np.minimum
      break;
    default: break;
  }
}

}  // namespace

template <typename Consume>
void Evaluator::run(const Program& program, const Eigen::Ref<const Eigen::MatrixXd>& data,
                    Consume&& consume) {
  const Eigen::Index n = data.rows();
  const std::size_t slots = program.size();
  buffers_.resize(slots * static_cast<std::size_t>(batch_rows));
  stack_.resize(slots);
  for (Eigen::Index first = 0; first < n; first += batch_rows) {
    const Eigen::Index rows = std::min(batch_rows, n - first);
    std::size_t top = 0;  // the stack's height
    for (std::size_t i = program.size(); i-- > 0;) {
      const Node& node = program[i];
      const int k = arity(node.op);
      if (k == 0) {
        if (node.op == Op::variable) {
          stack_[top] = data.col(static_cast<Eigen::Index>(node.variable)).data() + first;
        } else {
          double* slot = buffers_.data() + top * static_cast<std::size_t>(batch_rows);
          std::fill(slot, slot + rows, node.value);
          stack_[top] = slot;
        }
        ++top;
        continue;
      }
      // The first argument was pushed last (prefix order read backwards).
      const std::size_t result = top - static_cast<std::size_t>(k);
      double* out = buffers_.data() + result * static_cast<std::size_t>(batch_rows);
      apply_kernel(node.op, out, stack_[top - 1], k == 2 ? stack_[top - 2] : nullptr, rows);
      stack_[result] = out;
      top = result + 1;
    }
    consume(first, rows, stack_[0]);
  }
}

Eigen::VectorXd Evaluator::predict(const Program& program,
                                   const Eigen::Ref<const Eigen::MatrixXd>& data) {
  Eigen::VectorXd values(data.rows());
  run(program, data, [&](Eigen::Index first, Eigen::Index rows, const double* batch) {
    std::copy(batch, batch + rows, values.data() + first);
  });
  return values;
}

double Evaluator::rmse(const Program& program, const Eigen::Ref<const Eigen::MatrixXd>& data,
                       const Eigen::Ref<const Eigen::VectorXd>& target) {
  double sum = 0.0;
  run(program, data, [&](Eigen::Index first, Eigen::Index rows, const double* batch) {
    sum += (ConstColumn(batch, rows) - target.segment(first, rows).array()).square().sum();
  });
  const double value = std::sqrt(sum / static_cast<double>(data.rows()));
  return std::isfinite(value) ? value : std::numeric_limits<double>::infinity();
}

}  // namespace hypershap::symbolic
