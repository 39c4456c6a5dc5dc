#include <doctest/doctest.h>

#include "brute_force.hpp"
#include "hypershap/explain/transforms.hpp"
#include "test_support.hpp"

using namespace hypershap;

TEST_CASE("the Möbius transform is the alternating subset sum and the subset sum inverts it") {
  const GameTable g = test::random_game(6, 3);
  std::vector<double> m = g.values;
  moebius_transform(m, 6);
  for (Coalition s = 0; s < coalition_count(6); ++s)
    CHECK(m[s] == doctest::Approx(test::discrete_derivative(g, s, 0)).epsilon(1e-12));
  subset_sum_transform(m, 6);
  for (Coalition s = 0; s < coalition_count(6); ++s)
    CHECK(m[s] == doctest::Approx(g.values[s]).epsilon(1e-12));
}

TEST_CASE("the superset sum adds every superset") {
  const GameTable g = test::random_game(5, 4);
  std::vector<double> up = g.values;
  superset_sum_transform(up, 5);
  for (Coalition s = 0; s < coalition_count(5); ++s) {
    double expected = 0.0;
    for (Coalition u = 0; u < coalition_count(5); ++u)
      if ((u & s) == s) expected += g.values[u];
    CHECK(up[s] == doctest::Approx(expected).epsilon(1e-12));
  }
}
