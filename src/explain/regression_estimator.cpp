#include "hypershap/explain/regression_estimator.hpp"

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <string>
#include <unordered_map>

#include "hypershap/core/error.hpp"
#include "hypershap/core/memory.hpp"
#include "hypershap/explain/coalition_features.hpp"

namespace hypershap {

namespace {
constexpr Eigen::Index block_rows = 256;

// Rows of the design, in blocks: x_S(T) = 1[S ⊆ T] for the features 1 <= |S| <= k.
class DesignBlock {
 public:
  explicit DesignBlock(const CoalitionFeatures& features)
      : features_(features), x_(block_rows, static_cast<Eigen::Index>(features.size() - 1)) {}

  void clear() {
    x_.setZero();
    rows_ = 0;
  }
  bool full() const { return rows_ == block_rows; }
  Eigen::Index rows() const { return rows_; }
  Eigen::Index add(Coalition t) {
    features_.for_each_subset(t, [&](std::size_t i) {
      x_(rows_, static_cast<Eigen::Index>(i) - 1) = 1.0;  // feature 0 is ∅, not a column
    });
    return rows_++;
  }
  Eigen::Ref<const Eigen::MatrixXd> x() const { return x_.topRows(rows_); }
  double dot(Eigen::Index row, const Eigen::VectorXd& beta) const { return x_.row(row) * beta; }

 private:
  const CoalitionFeatures& features_;
  Eigen::MatrixXd x_;
  Eigen::Index rows_ = 0;
};
}  // namespace

RegressionEstimator::RegressionEstimator(int n, Index index, int order,
                                         const ApproximationSettings& settings)
    : n_(n),
      index_(index),
      order_(effective_order(index, order)),
      sample_(draw_kernel_coalition_sample(n, settings.budget, settings.seed)) {
  if (order_ == n && n > 1) {
    // N is a feature that no row other than the constraint sees: the problem is not a regression.
    throw invalid_input("regression FSII of order " + std::to_string(order_) + " on " +
                        std::to_string(n) +
                        " players is the Möbius transform, which sampling cannot estimate: use an "
                        "order below the number of players, or the exact engine");
  }
  std::size_t features = 0;
  for (int s = 1; s <= order_; ++s) {
    double c = 1.0;
    for (int i = 1; i <= s; ++i) c = c * (n - s + i) / i;
    features += static_cast<std::size_t>(std::llround(c));
  }
  const std::size_t rows = sample_.enumerated.size() + sample_.sampled.size();
  if (rows < features + 1 && !sample_.complete()) {
    throw invalid_input("regression " + std::string(name_of(index)) + " of order " +
                        std::to_string(order_) + " on " + std::to_string(n) + " players has " +
                        std::to_string(features) + " coefficients, more than a budget of " +
                        std::to_string(settings.budget) +
                        " coalitions determines: raise budget above " +
                        std::to_string(features + 3) + " (several times that for accuracy)");
  }
  // A, A⁻¹ and the scores' scatter matrix, p × p each.
  require_memory(3 * features * features * sizeof(double),
                 "regression " + std::string(name_of(index)) + " of order " +
                     std::to_string(order_) + " on " + std::to_string(n) + " players");
  coalitions_.push_back(0);
  coalitions_.push_back(grand_coalition(n));
  coalitions_.insert(coalitions_.end(), sample_.enumerated.begin(), sample_.enumerated.end());
  std::unordered_map<Coalition, std::size_t> slot;
  sampled_slot_.reserve(sample_.sampled.size());
  for (const Coalition t : sample_.sampled) {
    const auto [it, added] = slot.emplace(t, coalitions_.size());
    if (added) coalitions_.push_back(t);
    sampled_slot_.push_back(it->second);
  }

  // A = Σ w_T x_T x_T' depends on the coalitions alone: factorised before any value is computed,
  // so a sample that does not determine the coefficients is refused before evaluating it.
  const CoalitionFeatures design(n, order_);
  const auto p = static_cast<Eigen::Index>(design.size() - 1);
  Eigen::MatrixXd a = Eigen::MatrixXd::Zero(p, p);
  DesignBlock block(design);
  Eigen::VectorXd w(block_rows);
  const auto flush = [&] {
    const Eigen::Index r = block.rows();
    if (r == 0) return;
    const Eigen::MatrixXd weighted = w.head(r).cwiseSqrt().asDiagonal() * block.x();  // √w_T x_T
    a.selfadjointView<Eigen::Lower>().rankUpdate(weighted.transpose());
    block.clear();
  };
  block.clear();
  const double sampled_weight =
      sample_.sampled.empty() ? 0.0
                              : sample_.sampled_mass / static_cast<double>(sample_.sampled.size());
  for (const Coalition t : sample_.enumerated) {
    w(block.add(t)) = shapley_kernel(n, size_of(t));
    if (block.full()) flush();
  }
  for (const Coalition t : sample_.sampled) {
    w(block.add(t)) = sampled_weight;
    if (block.full()) flush();
  }
  flush();
  a.triangularView<Eigen::StrictlyUpper>() = a.transpose();
  if (n == 1) a(0, 0) = 1.0;  // no coalition between ∅ and N: efficiency alone gives β
  normal_matrix_.compute(a);
  const Eigen::VectorXd pivots = normal_matrix_.vectorD();
  if (normal_matrix_.info() != Eigen::Success || pivots.minCoeff() <= 1e-12 * pivots.maxCoeff()) {
    throw invalid_input("the " + std::to_string(coalitions_.size()) + " coalitions a budget of " +
                        std::to_string(settings.budget) +
                        " draws do not determine the regression's " + std::to_string(p) +
                        " coefficients: raise budget (several times the coefficients)");
  }
  ones_solution_ = normal_matrix_.solve(Eigen::VectorXd::Ones(p));
}

Approximation RegressionEstimator::estimate(const std::vector<double>& values) const {
  const CoalitionFeatures features(n_, order_);
  const auto p = static_cast<Eigen::Index>(features.size() - 1);
  const double v0 = values[0];
  const double grand = values[1] - v0;
  const std::size_t enumerated = sample_.enumerated.size();
  const double sampled_weight =
      sample_.sampled.empty() ? 0.0
                              : sample_.sampled_mass / static_cast<double>(sample_.sampled.size());

  // b = Σ w_T x_T y_T of the weighted problem on y(T) = v(T) - v(∅); A is the constructor's.
  Eigen::VectorXd b = Eigen::VectorXd::Zero(p);
  DesignBlock block(features);
  Eigen::VectorXd wy(block_rows);
  const auto flush = [&] {
    b.noalias() += block.x().transpose() * wy.head(block.rows());
    block.clear();
  };
  block.clear();
  const std::size_t rows = enumerated + sample_.sampled.size();
  for (std::size_t i = 0; i < rows; ++i) {
    const bool is_enumerated = i < enumerated;
    const Coalition t = is_enumerated ? sample_.enumerated[i] : sample_.sampled[i - enumerated];
    const double value = is_enumerated ? values[2 + i] : values[sampled_slot_[i - enumerated]];
    const Eigen::Index row = block.add(t);
    wy(row) = (is_enumerated ? shapley_kernel(n_, size_of(t)) : sampled_weight) * (value - v0);
    if (block.full()) flush();
  }
  flush();
  const Eigen::LDLT<Eigen::MatrixXd>& ldlt = normal_matrix_;
  const Eigen::VectorXd& u = ones_solution_;

  // Efficiency Σ β = v(N) - v(∅) by a Lagrange multiplier: β = β_u - u (1'β_u - c) / (1'u).
  const Eigen::VectorXd beta_free = ldlt.solve(b);
  const Eigen::VectorXd beta = beta_free - u * ((beta_free.sum() - grand) / u.sum());

  Eigen::VectorXd variance = Eigen::VectorXd::Zero(p);
  const std::size_t pairs = sample_.pairs();
  if (pairs >= 2) {
    // Scores of the pairs z_j = (M_R/m)(x_S r_S + x_S' r_S'); Var(Σ z) ≈ Σ (z - z̄)(z - z̄)' ·
    // J/(J-1).
    Eigen::MatrixXd scatter = Eigen::MatrixXd::Zero(p, p);
    Eigen::VectorXd score_sum = Eigen::VectorXd::Zero(p);
    Eigen::MatrixXd scores(block_rows / 2, p);
    Eigen::Index filled = 0;
    const auto flush_scores = [&] {
      if (filled == 0) return;
      scatter.selfadjointView<Eigen::Lower>().rankUpdate(scores.topRows(filled).transpose());
      score_sum += scores.topRows(filled).colwise().sum().transpose();
      filled = 0;
    };
    block.clear();
    for (std::size_t j = 0; j < pairs; ++j) {
      Eigen::VectorXd z = Eigen::VectorXd::Zero(p);
      for (std::size_t half = 0; half < 2; ++half) {
        const std::size_t draw = 2 * j + half;
        const Eigen::Index row = block.add(sample_.sampled[draw]);
        const double residual = values[sampled_slot_[draw]] - v0 - block.dot(row, beta);
        z += sampled_weight * residual * block.x().row(row).transpose();
      }
      scores.row(filled++) = z.transpose();
      if (block.full()) block.clear();
      if (filled == scores.rows()) flush_scores();
    }
    flush_scores();
    scatter.triangularView<Eigen::StrictlyUpper>() = scatter.transpose();
    const double count = static_cast<double>(pairs);
    scatter -= score_sum * score_sum.transpose() / count;
    scatter *= count / (count - 1.0);
    Eigen::MatrixXd g = ldlt.solve(Eigen::MatrixXd::Identity(p, p));
    g -= u * u.transpose() / u.sum();
    variance = (g * scatter).cwiseProduct(g).rowwise().sum();
  }

  Approximation result;
  InteractionValues& out = result.values;
  out = explanation_frame(n_, index_, order_, v0, values[1]);
  result.standard_errors.assign(features.size(), 0.0);
  for (Eigen::Index i = 0; i < p; ++i) {
    out.values[static_cast<std::size_t>(i + 1)] = beta(i);
    result.standard_errors[static_cast<std::size_t>(i + 1)] = std::sqrt(std::max(0.0, variance(i)));
  }
  result.evaluated_coalitions = coalitions_.size();
  result.exact = sample_.complete();
  return result;
}

}  // namespace hypershap
