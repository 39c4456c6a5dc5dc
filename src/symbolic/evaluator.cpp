#include "hypershap/symbolic/evaluator.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "hypershap/symbolic/functions.hpp"

namespace hypershap::symbolic {

namespace {

using Column = Eigen::Map<Eigen::ArrayXd>;
using ConstColumn = Eigen::Map<const Eigen::ArrayXd>;

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
    case Op::sin: result = a.sin(); break;
    case Op::cos: result = a.cos(); break;
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
