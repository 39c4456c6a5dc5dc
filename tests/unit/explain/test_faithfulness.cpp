#include <doctest/doctest.h>

#include "brute_force.hpp"
#include "hypershap/explain/faithfulness.hpp"
#include "test_support.hpp"

using namespace hypershap;

TEST_CASE("R² of the order-k FSII approximation matches a direct weighted least-squares fit") {
  for (int n = 3; n <= 7; ++n) {
    const GameTable g = test::random_game(n, 31U + static_cast<unsigned>(n));
    const std::vector<double> r2 = faithfulness_r2(g, n);
    REQUIRE(r2.size() == static_cast<std::size_t>(n));
    // the same statistic, from the fit solved directly
    std::vector<double> mu(static_cast<std::size_t>(n + 1), 0.0);
    for (int t = 1; t < n; ++t)
      mu[static_cast<std::size_t>(t)] = (n - 1) / (test::binomial(n, t) * t * (n - t));
    double wsum = 0.0, mean = 0.0;
    for (Coalition t = 0; t < coalition_count(n); ++t) {
      wsum += mu[static_cast<std::size_t>(size_of(t))];
      mean += mu[static_cast<std::size_t>(size_of(t))] * g.value(t);
    }
    mean /= wsum;
    for (int k = 1; k <= n; ++k) {
      const auto beta = test::fsii(g, k);
      double sse = 0.0, sst = 0.0;
      for (Coalition t = 0; t < coalition_count(n); ++t) {
        double fit = 0.0;
        for (const auto& [s, b] : beta)
          if ((s & ~t) == 0) fit += b;
        const double w = mu[static_cast<std::size_t>(size_of(t))];
        sse += w * (g.value(t) - fit) * (g.value(t) - fit);
        sst += w * (g.value(t) - mean) * (g.value(t) - mean);
      }
      CAPTURE(n);
      CAPTURE(k);
      CHECK(r2[static_cast<std::size_t>(k - 1)] == doctest::Approx(1.0 - sse / sst).epsilon(1e-9));
    }
    CHECK(r2.back() == 1.0);
  }
}

TEST_CASE("an additive game is explained perfectly at order 1") {
  GameTable g;
  g.players = {"a", "b", "c", "d"};
  g.values.resize(16);
  for (Coalition s = 0; s < 16; ++s)
    g.values[s] = 0.5 + (contains(s, 0) ? 0.7 : 0.0) + (contains(s, 2) ? 2.0 : 0.0) -
                  (contains(s, 3) ? 1.0 : 0.0);
  const auto r2 = faithfulness_r2(g, 4);
  for (const double x : r2) CHECK(x == doctest::Approx(1.0).epsilon(1e-12));
}
