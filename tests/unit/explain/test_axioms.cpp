// The indices against their definitions (brute_force.hpp) and the Shapley axioms on random games.

#include <doctest/doctest.h>

#include "brute_force.hpp"
#include "hypershap/core/error.hpp"
#include "hypershap/explain/shapley_interactions.hpp"
#include "test_support.hpp"

using namespace hypershap;

namespace {
double sum_nonempty(const InteractionValues& v) {
  double sum = 0.0;
  for (std::size_t i = 1; i < v.values.size(); ++i) sum += v.values[i];
  return sum;
}
}  // namespace

TEST_CASE("every index equals its definition on random games") {
  for (int n = 1; n <= 7; ++n) {
    const GameTable g = test::random_game(n, 100U + static_cast<unsigned>(n));
    for (int order = 1; order <= std::min(n, 3); ++order) {
      CAPTURE(n);
      CAPTURE(order);
      const auto results = explain(g, all_indices(), order, EmptySetConvention::shapiq);
      const auto fsii = test::fsii(g, order);
      const auto fbii = test::fbii(g, order);
      for (const auto& r : results) {
        CAPTURE(name_of(r.index));
        for (std::size_t i = 1; i < r.coalitions.size(); ++i) {
          const Coalition s = r.coalitions[i];
          double expected = 0.0;
          switch (r.index) {
            case Index::moebius: expected = test::discrete_derivative(g, s, 0); break;
            case Index::sv:
            case Index::sii: expected = test::sii(g, s); break;
            case Index::bv: expected = test::bii(g, s); break;
            case Index::k_sii: expected = test::k_sii(g, s, order); break;
            case Index::stii: expected = test::stii(g, s, order); break;
            case Index::fsii: expected = fsii.at(s); break;
            case Index::fbii: expected = fbii.at(s); break;
          }
          CHECK(r.values[i] == doctest::Approx(expected).epsilon(1e-10).scale(1.0));
        }
        if (r.index == Index::fbii)
          CHECK(r.values[0] == doctest::Approx(fbii.at(0)).epsilon(1e-10));
        if (r.index == Index::sii)
          CHECK(r.values[0] == doctest::Approx(test::sii(g, 0)).epsilon(1e-10));
        if (r.index == Index::bv)
          CHECK(r.values[0] == doctest::Approx(test::bii(g, 0)).epsilon(1e-10));
      }
    }
  }
}

TEST_CASE("efficiency: SV, k-SII, STII and FSII sum to v(N) - v(∅)") {
  for (int n = 2; n <= 10; ++n) {
    const GameTable g = test::random_game(n, 7U * static_cast<unsigned>(n));
    for (int order = 1; order <= std::min(n, 4); ++order) {
      for (const Index index : {Index::sv, Index::k_sii, Index::stii, Index::fsii}) {
        CAPTURE(n);
        CAPTURE(order);
        CAPTURE(name_of(index));
        const auto r = explain(g, index, order);
        CHECK(sum_nonempty(r) == doctest::Approx(g.grand_value() - g.empty_value()).epsilon(1e-11));
        CHECK(r.values[0] == g.empty_value());  // baseline convention
      }
    }
  }
}

TEST_CASE("symmetry: players 0 and 1 that are interchangeable get equal values") {
  const int n = 6;
  GameTable g = test::random_game(n, 5);
  for (Coalition s = 0; s < coalition_count(n); ++s) {
    const Coalition swapped = (s & ~Coalition{3}) | ((s & 1U) << 1) | ((s >> 1) & 1U);
    if (swapped < s) g.values[s] = g.values[swapped];
  }
  for (const auto& r : explain(g, all_indices(), 3)) {
    CAPTURE(name_of(r.index));
    CHECK(r.at(0b1) == doctest::Approx(r.at(0b10)).epsilon(1e-12));
    CHECK(r.at(0b101) == doctest::Approx(r.at(0b110)).epsilon(1e-12));
    CHECK(r.at(0b11001) == doctest::Approx(r.at(0b11010)).epsilon(1e-12));
  }
}

TEST_CASE("dummy: a player that adds a constant gets that constant and no interaction") {
  const int n = 6;
  const int dummy = 3;
  const double c = 0.75;
  GameTable g = test::random_game(n, 9);
  for (Coalition s = 0; s < coalition_count(n); ++s)
    if (contains(s, dummy)) g.values[s] = g.values[s & ~(Coalition{1} << dummy)] + c;
  for (const auto& r : explain(g, all_indices(), 3)) {
    CAPTURE(name_of(r.index));
    for (std::size_t i = 1; i < r.coalitions.size(); ++i) {
      const Coalition s = r.coalitions[i];
      if (!contains(s, dummy)) continue;
      CAPTURE(s);
      CHECK(r.values[i] ==
            doctest::Approx(s == (Coalition{1} << dummy) ? c : 0.0).scale(1.0).epsilon(1e-12));
    }
  }
}

TEST_CASE("linearity: the index of a sum of games is the sum of the indices") {
  const GameTable a = test::random_game(5, 1);
  const GameTable b = test::random_game(5, 2);
  GameTable sum = a;
  for (std::size_t i = 0; i < sum.values.size(); ++i)
    sum.values[i] = 2.0 * a.values[i] - b.values[i];
  const auto ra = explain(a, all_indices(), 2);
  const auto rb = explain(b, all_indices(), 2);
  const auto rs = explain(sum, all_indices(), 2);
  for (std::size_t k = 0; k < rs.size(); ++k)
    for (std::size_t i = 0; i < rs[k].values.size(); ++i)
      CHECK(rs[k].values[i] ==
            doctest::Approx(2.0 * ra[k].values[i] - rb[k].values[i]).scale(1.0).epsilon(1e-12));
}

TEST_CASE("orders above 3 use the general enumeration and still match the definitions") {
  const GameTable g = test::random_game(7, 77);
  const auto r = explain(g, Index::stii, 5);
  for (std::size_t i = 1; i < r.coalitions.size(); ++i)
    CHECK(r.values[i] ==
          doctest::Approx(test::stii(g, r.coalitions[i], 5)).scale(1.0).epsilon(1e-10));
}

TEST_CASE("a request that cannot fit in memory is refused with what it would need") {
  try {
    check_explanation_request(40, 12);
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(e.code() == ExitCode::resource_limit);
    CHECK(std::string(e.what()).find(
              "explaining a game on 40 players up to order 12 needs about") != std::string::npos);
    CHECK(std::string(e.what()).find("with at least") != std::string::npos);
  }
  CHECK_THROWS_AS(check_explanation_request(5, 6), Error);
  CHECK_THROWS_AS(check_explanation_request(5, 0), Error);
}
