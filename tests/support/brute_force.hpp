#pragma once
// The indices straight from their definitions in the literature (discrete derivatives over all
// coalitions, or the weighted least-squares problems that define FSII and FBII), without the
// Möbius closed forms the engine is built on: an independent check for small n.

#include <Eigen/Dense>
#include <cmath>
#include <map>
#include <vector>

#include "hypershap/core/coalition.hpp"
#include "hypershap/explain/game_table.hpp"

namespace hypershap::test {

inline double factorial(int n) { return n <= 1 ? 1.0 : n * factorial(n - 1); }
inline double binomial(int n, int k) {
  return (k < 0 || k > n) ? 0.0 : factorial(n) / (factorial(k) * factorial(n - k));
}

/// Δ_S v(T) = Σ_{L ⊆ S} (-1)^{|S|-|L|} v(T ∪ L), for T disjoint from S.
inline double discrete_derivative(const GameTable& g, Coalition s, Coalition t) {
  double sum = 0.0;
  Coalition l = s;
  while (true) {
    sum += (((size_of(s) - size_of(l)) % 2 == 0) ? 1.0 : -1.0) * g.value(t | l);
    if (l == 0) break;
    l = (l - 1) & s;
  }
  return sum;
}

/// Σ_{T ⊆ N \ S} weight(|T|) Δ_S v(T).
template <class Weight>
double derivative_sum(const GameTable& g, Coalition s, Weight weight) {
  const Coalition rest = grand_coalition(g.n()) & ~s;
  double sum = 0.0;
  Coalition t = rest;
  while (true) {
    sum += weight(size_of(t)) * discrete_derivative(g, s, t);
    if (t == 0) break;
    t = (t - 1) & rest;
  }
  return sum;
}

inline double sii(const GameTable& g, Coalition s) {  // Grabisch & Roubens 1999
  const int n = g.n();
  const int k = size_of(s);
  return derivative_sum(
      g, s, [&](int t) { return factorial(n - t - k) * factorial(t) / factorial(n - k + 1); });
}

inline double bii(const GameTable& g, Coalition s) {
  return derivative_sum(g, s, [&](int) { return std::pow(0.5, g.n() - size_of(s)); });
}

inline double stii(const GameTable& g, Coalition s, int order) {  // Sundararajan et al. 2020
  if (size_of(s) < order) return discrete_derivative(g, s, 0);
  const int n = g.n();
  return derivative_sum(g, s, [&](int t) { return order / (n * binomial(n - 1, t)); });
}

inline double k_sii(const GameTable& g, Coalition s, int order) {  // Bord et al. 2023
  const double bernoulli[] = {1.0, -0.5, 1.0 / 6, 0.0, -1.0 / 30, 0.0, 1.0 / 42, 0.0, -1.0 / 30};
  double sum = 0.0;
  const Coalition rest = grand_coalition(g.n()) & ~s;
  Coalition extra = rest;
  while (true) {
    if (size_of(s | extra) <= order) sum += bernoulli[size_of(extra)] * sii(g, s | extra);
    if (extra == 0) break;
    extra = (extra - 1) & rest;
  }
  return sum;
}

/// argmin_β Σ_T μ(|T|) (v(T) - Σ_{S ⊆ T, |S| <= order} β_S)², where μ = infinity (an exact
/// constraint) where `constrained(|T|)`; solved through its KKT system.
template <class Kernel, class Constrained>
std::map<Coalition, double> weighted_fit(const GameTable& g, int order, Kernel mu,
                                         Constrained constrained) {
  const int n = g.n();
  const std::vector<Coalition> basis = coalitions_up_to(n, order, true);
  const auto p = static_cast<Eigen::Index>(basis.size());
  std::vector<Coalition> fixed;
  for (Coalition t = 0; t < coalition_count(n); ++t)
    if (constrained(size_of(t))) fixed.push_back(t);
  const auto c = static_cast<Eigen::Index>(fixed.size());
  Eigen::MatrixXd kkt = Eigen::MatrixXd::Zero(p + c, p + c);
  Eigen::VectorXd rhs = Eigen::VectorXd::Zero(p + c);
  for (Coalition t = 0; t < coalition_count(n); ++t) {
    if (constrained(size_of(t))) continue;
    const double w = mu(size_of(t));
    for (Eigen::Index a = 0; a < p; ++a) {
      if ((basis[static_cast<std::size_t>(a)] & ~t) != 0) continue;
      rhs(a) += w * g.value(t);
      for (Eigen::Index b = 0; b < p; ++b)
        if ((basis[static_cast<std::size_t>(b)] & ~t) == 0) kkt(a, b) += w;
    }
  }
  for (Eigen::Index i = 0; i < c; ++i) {
    const Coalition t = fixed[static_cast<std::size_t>(i)];
    for (Eigen::Index a = 0; a < p; ++a) {
      if ((basis[static_cast<std::size_t>(a)] & ~t) == 0) {
        kkt(p + i, a) = 1.0;
        kkt(a, p + i) = 1.0;
      }
    }
    rhs(p + i) = g.value(t);
  }
  const Eigen::VectorXd solution = kkt.fullPivLu().solve(rhs);
  std::map<Coalition, double> beta;
  for (Eigen::Index a = 0; a < p; ++a) beta[basis[static_cast<std::size_t>(a)]] = solution(a);
  return beta;
}

/// FSII (Tsai et al. 2023): Shapley-kernel weighted fit, exact on ∅ and N.
inline std::map<Coalition, double> fsii(const GameTable& g, int order) {
  const int n = g.n();
  return weighted_fit(
      g, order, [n](int t) { return (n - 1) / (binomial(n, t) * t * (n - t)); },
      [n](int t) { return t == 0 || t == n; });
}

/// FBII (Tsai et al. 2023): the unweighted (Banzhaf kernel, p = 1/2) fit over all coalitions.
inline std::map<Coalition, double> fbii(const GameTable& g, int order) {
  return weighted_fit(
      g, order, [](int) { return 1.0; }, [](int) { return false; });
}

}  // namespace hypershap::test
