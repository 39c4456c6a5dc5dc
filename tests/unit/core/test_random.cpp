#include <doctest/doctest.h>

#include <cmath>

#include "hypershap/core/random.hpp"

using namespace hypershap;

TEST_CASE("streams are reproducible and depend on every key") {
  Rng a = Rng::stream(42, {1, 5});
  Rng b = Rng::stream(42, {1, 5});
  Rng c = Rng::stream(42, {5, 1});
  Rng d = Rng::stream(43, {1, 5});
  for (int i = 0; i < 100; ++i) {
    const auto x = a.next();
    CHECK(x == b.next());
    CHECK(x != c.next());
    CHECK(x != d.next());
  }
}

TEST_CASE("uniform, below and normal have the right moments") {
  Rng rng(7);
  const int n = 200000;
  double sum = 0.0, sum_sq = 0.0, normal_sum = 0.0, normal_sq = 0.0;
  std::uint64_t counts[5] = {};
  for (int i = 0; i < n; ++i) {
    const double u = rng.uniform();
    REQUIRE(u >= 0.0);
    REQUIRE(u < 1.0);
    sum += u;
    sum_sq += u * u;
    ++counts[rng.below(5)];
    const double z = rng.normal();
    normal_sum += z;
    normal_sq += z * z;
  }
  // tolerances: 5 standard errors of each estimate
  CHECK(std::fabs(sum / n - 0.5) < 5 * std::sqrt(1.0 / 12 / n));
  CHECK(std::fabs(sum_sq / n - 1.0 / 3) < 5 * std::sqrt(4.0 / 45 / n));
  for (const auto count : counts)
    CHECK(std::fabs(static_cast<double>(count) / n - 0.2) < 5 * std::sqrt(0.16 / n));
  CHECK(std::fabs(normal_sum / n) < 5 * std::sqrt(1.0 / n));
  CHECK(std::fabs(normal_sq / n - 1.0) < 5 * std::sqrt(2.0 / n));
}
