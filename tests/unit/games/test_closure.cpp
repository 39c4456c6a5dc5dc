#include <doctest/doctest.h>

#include <cmath>

#include "hypershap/games/closure.hpp"
#include "test_support.hpp"

using namespace hypershap;

TEST_CASE("the subset closure is the max over subsets, with its argmax") {
  const int n = 5;
  const GameTable g = test::random_game(n, 11);
  std::vector<double> closed = g.values;
  std::vector<Coalition> source;
  subset_closure(closed, n, ClosureDirection::maximum, source);
  for (Coalition t = 0; t < coalition_count(n); ++t) {
    double best = -INFINITY;
    for (Coalition s = 0; s < coalition_count(n); ++s)
      if ((s & ~t) == 0) best = std::max(best, g.values[s]);
    CHECK(closed[t] == best);
    CHECK((source[t] & ~t) == 0);
    CHECK(g.values[source[t]] == best);
  }
  std::vector<double> minimum = g.values;
  subset_closure(minimum, n, ClosureDirection::minimum, source);
  for (Coalition t = 0; t < coalition_count(n); ++t) CHECK(minimum[t] <= g.values[t]);
  CHECK(minimum[0] == g.values[0]);
}

TEST_CASE("NaN entries never win and take their best subset's value") {
  std::vector<double> v = {1.0, 3.0, NAN, NAN};
  std::vector<Coalition> source;
  subset_closure(v, 2, ClosureDirection::maximum, source);
  CHECK(v[2] == 1.0);
  CHECK(source[2] == 0);
  CHECK(v[3] == 3.0);
  CHECK(source[3] == 1);
}
