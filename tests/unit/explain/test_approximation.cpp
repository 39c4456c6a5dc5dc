// The approximators (explain/approximation.hpp) against the exact engine and closed forms.

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "hypershap/core/random.hpp"
#include "hypershap/explain/approximation.hpp"
#include "hypershap/explain/kernel_coalition_sample.hpp"
#include "hypershap/explain/shapley_interactions.hpp"

using namespace hypershap;

namespace {

GameTable random_game(int n, std::uint64_t seed) {
  GameTable game;
  for (int i = 0; i < n; ++i) game.players.push_back(std::to_string(i));
  Rng rng(seed);
  game.values.resize(coalition_count(n));
  for (double& v : game.values) v = 3.0 + rng.normal();
  return game;
}

CoalitionValueFunction table_of(const GameTable& game) {
  return [&game](const std::vector<Coalition>& coalitions) {
    std::vector<double> out;
    for (const Coalition s : coalitions) out.push_back(game.value(s));
    return out;
  };
}

struct Case {
  ApproximationMethod method;
  Index index;
  int order;
};

}  // namespace

TEST_CASE("regression and shap-iq are exact when the budget reaches 2^n, with standard error 0") {
  for (const int n : {2, 3, 8}) {
    CAPTURE(n);
    const GameTable game = random_game(n, 11);
    const std::vector<Case> cases = {
        {ApproximationMethod::regression, Index::sv, 1},
        {ApproximationMethod::regression, Index::fsii, 2},
        {ApproximationMethod::regression, Index::fsii, 3},
        {ApproximationMethod::regression, Index::k_sii, 1},
        {ApproximationMethod::shap_iq, Index::sv, 1},
        {ApproximationMethod::shap_iq, Index::bv, 1},
        {ApproximationMethod::shap_iq, Index::sii, 2},
        {ApproximationMethod::shap_iq, Index::k_sii, 2},
        {ApproximationMethod::shap_iq, Index::k_sii, 3},
        {ApproximationMethod::shap_iq, Index::stii, 2},
        {ApproximationMethod::shap_iq, Index::fsii, 2},
        {ApproximationMethod::shap_iq, Index::fbii, 2},
    };
    for (const std::uint64_t budget : {coalition_count(n), coalition_count(n) + 77}) {
      for (const Case& c : cases) {
        if (c.order > n || (c.method == ApproximationMethod::regression && c.order == n)) continue;
        CAPTURE(name_of(c.method));
        CAPTURE(name_of(c.index));
        CAPTURE(c.order);
        CAPTURE(budget);
        const Approximation approx =
            approximate(table_of(game), n, c.index, c.order, {budget, 5, c.method});
        const InteractionValues exact = explain(game, c.index, c.order);
        CHECK(approx.exact);
        CHECK(approx.evaluated_coalitions == coalition_count(n));
        REQUIRE(approx.values.coalitions == exact.coalitions);
        for (std::size_t i = 0; i < exact.values.size(); ++i) {
          CHECK(std::fabs(approx.values.values[i] - exact.values[i]) <= 1e-10);
          CHECK(approx.standard_errors[i] == 0.0);
        }
      }
    }
  }
}

TEST_CASE("one player: every method gives SV = v(N) - v(∅)") {
  const GameTable game = random_game(1, 2);
  for (const auto method : {ApproximationMethod::regression, ApproximationMethod::permutation,
                            ApproximationMethod::shap_iq}) {
    CAPTURE(name_of(method));
    const Approximation approx = approximate(table_of(game), 1, Index::sv, 1, {10, 0, method});
    REQUIRE(approx.values.values.size() == 2);
    CHECK(approx.values.values[1] == doctest::Approx(game.grand_value() - game.empty_value()));
    CHECK(approx.standard_errors[1] == 0.0);
  }
}

TEST_CASE("the kernel sample: whole sizes from the outside in, then complementary pairs") {
  const int n = 12;
  for (const std::uint64_t budget :
       {std::uint64_t{100}, std::uint64_t{1000}, std::uint64_t{3000}}) {
    CAPTURE(budget);
    const KernelCoalitionSample sample = draw_kernel_coalition_sample(n, budget, 4);
    CHECK(2 + sample.enumerated.size() + sample.sampled.size() <= budget);
    CHECK(sample.sampled.size() % 2 == 0);
    CHECK(sample.pairs() >= 2);
    std::vector<std::size_t> per_size(n + 1, 0);
    for (const Coalition s : sample.enumerated) ++per_size[static_cast<std::size_t>(size_of(s))];
    double open_mass = 0.0;
    for (int t = 1; t < n; ++t) {
      const auto ut = static_cast<std::size_t>(t);
      CHECK(static_cast<bool>(sample.size_enumerated[ut]) ==
            static_cast<bool>(sample.size_enumerated[static_cast<std::size_t>(n - t)]));
      double c = 1.0;
      for (int i = 1; i <= t; ++i) c = c * (n - t + i) / i;
      if (sample.size_enumerated[ut]) {
        CHECK(per_size[ut] == static_cast<std::size_t>(std::llround(c)));
      } else {
        CHECK(per_size[ut] == 0);
        open_mass += shapley_kernel(n, t) * c;
      }
    }
    CHECK(sample.size_enumerated[1]);  // the outermost sizes go first
    CHECK(sample.sampled_mass == doctest::Approx(open_mass));
    for (std::size_t j = 0; j < sample.pairs(); ++j) {
      CHECK(sample.sampled[2 * j + 1] == (grand_coalition(n) & ~sample.sampled[2 * j]));
      CHECK_FALSE(sample.size_enumerated[static_cast<std::size_t>(size_of(sample.sampled[2 * j]))]);
    }
  }
  CHECK(draw_kernel_coalition_sample(n, 4096, 1).complete());
  CHECK(draw_kernel_coalition_sample(n, 4096, 1).enumerated.size() == 4094);
}

TEST_CASE("below 2^n: at most budget coalitions, ∅ and N first, the same for the same seed") {
  const int n = 10;
  for (const auto method : {ApproximationMethod::regression, ApproximationMethod::permutation,
                            ApproximationMethod::shap_iq}) {
    CAPTURE(name_of(method));
    const auto a = make_approximator(n, Index::sv, 1, {300, 7, method});
    const auto b = make_approximator(n, Index::sv, 1, {300, 7, method});
    const auto c = make_approximator(n, Index::sv, 1, {300, 8, method});
    CHECK(a->coalitions().size() <= 300);
    CHECK(a->coalitions()[0] == 0);
    CHECK(a->coalitions()[1] == grand_coalition(n));
    CHECK(a->coalitions() == b->coalitions());
    CHECK(a->coalitions() != c->coalitions());
    std::vector<Coalition> sorted = a->coalitions();
    std::sort(sorted.begin(), sorted.end());
    CHECK(std::adjacent_find(sorted.begin(), sorted.end()) == sorted.end());
  }
}

TEST_CASE("the estimates are within a few standard errors of the exact values and converge") {
  // One seed per budget: |estimate - exact| <= 5 SE for (nearly) every entry, and the mean
  // standard error falls at least by about 4 when the budget grows 16-fold. n = 14
  // keeps 2^13 below 2^n.
  const int n = 14;
  const GameTable game = random_game(n, 3);
  const std::vector<Case> cases = {
      {ApproximationMethod::regression, Index::sv, 1},
      {ApproximationMethod::regression, Index::fsii, 2},
      {ApproximationMethod::permutation, Index::sv, 1},
      {ApproximationMethod::permutation, Index::sii, 2},
      {ApproximationMethod::permutation, Index::k_sii, 2},
      {ApproximationMethod::shap_iq, Index::sv, 1},
      {ApproximationMethod::shap_iq, Index::k_sii, 2},
      {ApproximationMethod::shap_iq, Index::fsii, 2},
  };
  for (const Case& c : cases) {
    CAPTURE(name_of(c.method));
    CAPTURE(name_of(c.index));
    const InteractionValues exact = explain(game, c.index, c.order);
    double mean_se[2] = {0.0, 0.0};
    const std::uint64_t budgets[2] = {1U << 9, 1U << 13};
    for (int b = 0; b < 2; ++b) {
      const Approximation approx =
          approximate(table_of(game), n, c.index, c.order, {budgets[b], 1, c.method});
      CHECK_FALSE(approx.exact);
      std::size_t outside = 0;
      for (std::size_t i = 1; i < exact.values.size(); ++i) {
        mean_se[b] += approx.standard_errors[i];
        if (std::fabs(approx.values.values[i] - exact.values[i]) > 5 * approx.standard_errors[i])
          ++outside;
      }
      // A 5-SE deviation has probability < 1e-6 per Gaussian entry; allow 1 for heavy tails. At
      // the small budget permutation sampling has pairs that were never adjacent (estimate 0,
      // SE 0), so only the large budget is checked.
      if (b == 1) CHECK(outside <= 1);
      CHECK(approx.values.values[0] == game.empty_value());
      CHECK(approx.standard_errors[0] == 0.0);
    }
    // At least the 1/√budget rate (faster where the border trick enumerates more sizes).
    CHECK(mean_se[0] / mean_se[1] > 2.8);
  }
}

namespace {
// v(S) = c + Σ_{i∈S} a_i + d·1{P ⊆ S} with P = {0, .., q-1}, q = 2 or 3. The closed forms from
// the Möbius transform (m(P) = d, m({i}) = a_i): SV_i = SII_i = a_i + d/q on P; at order 2 SII,
// k-SII and FSII of a pair in P are d (q = 2) or d/2 (q = 3); k-SII and FSII of a singleton are
// a_i (q = 2) or a_i - d/6 (q = 3: B_1 = -1/2 times two pairs of d/2, resp. FSII's closed form).
struct KnownGame {
  int n;
  double d;
  int q = 2;
  double a(int i) const { return 0.3 * (i + 1) * (i % 2 == 0 ? 1.0 : -1.0); }
  Coalition interaction() const { return grand_coalition(q); }
  double value(Coalition s) const {
    double v = 1.5;
    for (int i = 0; i < n; ++i)
      if (contains(s, i)) v += a(i);
    if ((s & interaction()) == interaction()) v += d;
    return v;
  }
  double truth(Index index, Coalition s) const {
    const bool inside = (s & interaction()) == s;
    if (size_of(s) == 1) {
      const int i = __builtin_ctzll(s);
      if (!inside) return a(i);
      if (index == Index::sv || index == Index::sii) return a(i) + d / q;
      return a(i) + (q == 2 ? 0.0 : -d / 6);
    }
    if (size_of(s) == 2 && inside) return q == 2 ? d : d / 2;
    return 0.0;
  }
};
}  // namespace

TEST_CASE("unbiased within the reported standard error on additive and pairwise games") {
  // Over 200 seeds the mean estimate has standard deviation ≈ rms(SE)/√200 if each seed's
  // estimate has standard deviation ≈ SE. |mean - truth| < 4 rms(SE)/√200 fails by chance with
  // probability ~6e-5 per entry, so a failure means bias (or an SE too small). The spread of the
  // estimates over seeds must also match the reported SE (within 0.7..1.4): an honest SE.
  // Regression is a ratio estimator, unbiased only as the budget grows: its bias is O(1/budget),
  // below this tolerance at budget 400 (n = 10, 1024 coalitions).
  const int seeds = 200;
  const std::vector<Case> cases = {
      {ApproximationMethod::regression, Index::sv, 1},
      {ApproximationMethod::permutation, Index::sv, 1},
      {ApproximationMethod::permutation, Index::sii, 2},
      {ApproximationMethod::permutation, Index::k_sii, 2},
      {ApproximationMethod::shap_iq, Index::sv, 1},
      {ApproximationMethod::shap_iq, Index::sii, 2},
      {ApproximationMethod::shap_iq, Index::k_sii, 2},
      {ApproximationMethod::shap_iq, Index::fsii, 2},
  };
  for (const KnownGame known : {KnownGame{10, 0.0}, KnownGame{10, 2.0, 2}, KnownGame{10, 2.0, 3}}) {
    const CoalitionValueFunction v = [&known](const std::vector<Coalition>& coalitions) {
      std::vector<double> out;
      for (const Coalition s : coalitions) out.push_back(known.value(s));
      return out;
    };
    for (const Case& c : cases) {
      CAPTURE(known.d);
      CAPTURE(known.q);
      CAPTURE(name_of(c.method));
      CAPTURE(name_of(c.index));
      std::vector<double> mean;  // Welford over the seeds
      std::vector<double> squares;
      std::vector<double> se_sq;
      InteractionValues frame;
      for (int seed = 0; seed < seeds; ++seed) {
        const Approximation approx = approximate(v, known.n, c.index, c.order,
                                                 {400, static_cast<std::uint64_t>(seed), c.method});
        frame = approx.values;
        mean.resize(frame.values.size(), 0.0);
        squares.resize(frame.values.size(), 0.0);
        se_sq.resize(frame.values.size(), 0.0);
        for (std::size_t i = 0; i < frame.values.size(); ++i) {
          const double delta = frame.values[i] - mean[i];
          mean[i] += delta / (seed + 1);
          squares[i] += delta * (frame.values[i] - mean[i]);
          se_sq[i] += approx.standard_errors[i] * approx.standard_errors[i];
        }
      }
      for (std::size_t i = 1; i < frame.values.size(); ++i) {
        CAPTURE(frame.coalitions[i]);
        const double spread = std::sqrt(squares[i] / seeds);
        const double se = std::sqrt(se_sq[i] / seeds);
        const double truth = known.truth(c.index, frame.coalitions[i]);
        // A game the estimator recovers exactly from any sample: additive games for all, and
        // pairwise ones for paired regression (its SE is then roundoff of A⁻¹, ~1e-10).
        if (se <= 1e-8) {
          CHECK(std::fabs(mean[i] - truth) <= 1e-9);
          CHECK(spread <= 1e-9);
          continue;
        }
        CHECK(std::fabs(mean[i] - truth) < 4.0 * se / std::sqrt(double{seeds}));
        CHECK(spread > 0.7 * se);
        CHECK(spread < 1.4 * se);
      }
    }
  }
}

TEST_CASE("regression recovers a game of order <= k exactly from any sample") {
  // FSII_k of a k-additive game is its Möbius transform, and the least-squares fit has zero
  // residual on every sample, so the estimate is exact and the standard error 0.
  const KnownGame known{16, 2.0};
  const CoalitionValueFunction v = [&known](const std::vector<Coalition>& coalitions) {
    std::vector<double> out;
    for (const Coalition s : coalitions) out.push_back(known.value(s));
    return out;
  };
  const Approximation approx =
      approximate(v, known.n, Index::fsii, 2, {1000, 3, ApproximationMethod::regression});
  CHECK_FALSE(approx.exact);
  for (std::size_t i = 1; i < approx.values.values.size(); ++i) {
    CHECK(std::fabs(approx.values.values[i] -
                    known.truth(Index::fsii, approx.values.coalitions[i])) <= 1e-9);
    CHECK(approx.standard_errors[i] <= 1e-9);
  }
}

TEST_CASE("64 players: every method draws bitmask coalitions without 2^n arrays") {
  const KnownGame known{64, 1.0};
  const CoalitionValueFunction v = [&known](const std::vector<Coalition>& coalitions) {
    std::vector<double> out;
    for (const Coalition s : coalitions) out.push_back(known.value(s));
    return out;
  };
  for (const auto method : {ApproximationMethod::regression, ApproximationMethod::permutation,
                            ApproximationMethod::shap_iq}) {
    CAPTURE(name_of(method));
    const Approximation approx = approximate(v, 64, Index::sv, 1, {4000, 1, method});
    CHECK(approx.evaluated_coalitions <= 4000);
    double total = 0.0;
    for (std::size_t i = 1; i < approx.values.values.size(); ++i) {
      total += approx.values.values[i];
      CHECK(std::fabs(approx.values.values[i] -
                      known.truth(Index::sv, approx.values.coalitions[i])) <=
            6 * approx.standard_errors[i] + 1e-9);
    }
    CHECK(std::fabs(total - (known.value(grand_coalition(64)) - known.value(0))) <= 1e-8 * 64);
  }
}

TEST_CASE("requests an approximator cannot serve are refused with the fix") {
  CHECK_THROWS_WITH(
      make_approximator(10, Index::sii, 2, {1000, 0, ApproximationMethod::regression}),
      doctest::Contains("use regression for SV and FSII"));
  CHECK_THROWS_WITH(make_approximator(10, Index::sv, 1, {20, 0, ApproximationMethod::permutation}),
                    doctest::Contains("raise budget to at least"));
  CHECK_THROWS_WITH(
      make_approximator(20, Index::fsii, 2, {100, 0, ApproximationMethod::regression}),
      doctest::Contains("raise budget above"));
  CHECK_THROWS_WITH(make_approximator(10, Index::sv, 1, {5, 0, ApproximationMethod::shap_iq}),
                    doctest::Contains("raise budget to at least"));
  CHECK_THROWS_WITH(
      make_approximator(6, Index::fsii, 6, {1000, 0, ApproximationMethod::regression}),
      doctest::Contains("is the Möbius transform"));
  CHECK_THROWS_WITH(make_approximator(65, Index::sv, 1, {1000, 0, ApproximationMethod::shap_iq}),
                    doctest::Contains("1 to 64 players"));
  CHECK_THROWS_WITH(make_approximator(5, Index::sv, 6, {1000, 0, ApproximationMethod::shap_iq}),
                    doctest::Contains("out of range"));
  CHECK_THROWS_WITH(parse_approximation_method("kernel"),
                    doctest::Contains("use regression, permutation or shap-iq"));
  CHECK(parse_approximation_method("SHAP-IQ") == ApproximationMethod::shap_iq);
}
