// The HyperSHAP paper's Table 1 example and the Python reference's toy, end to end: job text ->
// game -> every coalition -> Shapley values.

#include <doctest/doctest.h>

#include <cmath>

#include "hypershap/explain/shapley_interactions.hpp"
#include "hypershap/games/tabulate.hpp"
#include "hypershap/job/game_setup.hpp"
#include "hypershap/job/job_file.hpp"
#include "hypershap/models/analytic_models.hpp"

using namespace hypershap;

namespace {

struct Explained {
  GameTable game;
  InteractionValues sv;
  InteractionValues sii;
};

Explained run(const std::string& model_lines, const std::string& game_lines,
              const std::vector<std::string>& overrides = {}) {
  const JobSpec job = parse_job(
      "[model]\nkind = \"analytic\"\n" + model_lines + "\n[games.g]\n" + game_lines + "\n",
      "/jobs/test.toml", "/jobs", overrides);
  const auto model = make_analytic_model(job.model.function, job.model.m);
  const auto game = make_game(job, job.games.front(), model);
  Explained e{tabulate(*game), {}, {}};
  e.sv = explain(e.game, Index::sv, 1);
  e.sii = explain(e.game, Index::sii, 2);
  return e;
}

// Standard error of a Bernoulli(p) variance estimated from k draws, by the delta method:
// d/dp p(1-p) = 1 - 2p, so SE ≈ |1 - 2p| sqrt(p(1-p)/k) plus the O(1/k) bias term.
double variance_tolerance(double p, int k) {
  return 5.0 * (std::fabs(1 - 2 * p) * std::sqrt(p * (1 - p) / k) + 1.0 / k);
}

}  // namespace

TEST_CASE("Table 1, Sensitivity: SV of λ1 = 1/4 and of λ2 = m/(m+1)², no interaction") {
  const int m = 3;
  const int k = 20000;
  const auto e = run("function = \"table1\"\nm = 3", "kind = \"sensitivity\"\nsamples = 20000");
  CHECK(e.game.values[0] == 0.0);
  CHECK(std::fabs(e.sv.at(0b01) - 0.25) < variance_tolerance(0.5, k));
  const double p = 1.0 / (m + 1);
  CHECK(std::fabs(e.sv.at(0b10) - m / double((m + 1) * (m + 1))) < variance_tolerance(p, k));
  // independent hyperparameters: the variance is additive up to sampling covariance
  CHECK(std::fabs(e.sii.at(0b11)) < 5.0 * std::sqrt(p * (1 - p) * 0.25 / k) * 2);
}

TEST_CASE("Table 1, Tunability: SV 1 and 1 and no interaction") {
  const auto e = run("function = \"table1\"\nm = 3", "kind = \"tunability\"\nsamples = 1000");
  CHECK(e.game.values == std::vector<double>{0.0, 1.0, 1.0, 2.0});
  CHECK(e.sv.at(0b01) == doctest::Approx(1.0));
  CHECK(e.sv.at(0b10) == doctest::Approx(1.0));
  CHECK(e.sii.at(0b11) == doctest::Approx(0.0).scale(1.0));
}

TEST_CASE("Table 1, Tunability is 0 everywhere when λ⁰ = λ*") {
  const auto e =
      run("function = \"table1\"\nm = 3",
          "kind = \"tunability\"\nsamples = 1000\nbaseline = { lambda1 = 1, lambda2 = 3 }");
  for (const double v : e.game.values) CHECK(v == 2.0);
  CHECK(e.sv.at(0b01) == doctest::Approx(0.0).scale(1.0));
  CHECK(e.sv.at(0b10) == doctest::Approx(0.0).scale(1.0));
}

TEST_CASE("the toy 0.7a + 2b: ablation (0,0) -> (1,1) gives SV 0.7 and 2, no interaction") {
  const auto e =
      run("function = \"linear-toy\"", "kind = \"ablation\"\ntarget = { a = 1.0, b = 1.0 }");
  CHECK(e.sv.at(0b01) == doctest::Approx(0.7));
  CHECK(e.sv.at(0b10) == doctest::Approx(2.0));
  CHECK(e.sii.at(0b11) == doctest::Approx(0.0).scale(1.0));
}

// How far the best of k random draws falls short of the optimum, at most, except with probability
// 1e-6: for one player P(0.7 (1 - a) > e) = 1 - e/0.7, so (1 - e/0.7)^k <= 1e-6 at
// e = 0.7 ln(1e6) / k; for both, P(0.7 (1 - a) + 2 (1 - b) < e) = e² / 2.8 (a triangle), so
// e = sqrt(2.8 ln(1e6) / k).
struct Shortfall {
  double a, b, both;
};
Shortfall toy_shortfall(int k) {
  const double l = std::log(1e6);
  return {0.7 * l / k, 2.0 * l / k, std::sqrt(2.8 * l / k)};
}

TEST_CASE("the toy 0.7a + 2b: tunability gives SV about 0.7 and 2") {
  const Shortfall e_max = toy_shortfall(10000);
  const auto e = run("function = \"linear-toy\"", "kind = \"tunability\"");
  // SV_a = (v(a) - v(∅) + v(N) - v(b)) / 2: off by at most half the sum of the shortfalls
  const double sv_tolerance = (e_max.a + e_max.b + e_max.both) / 2;
  CHECK(std::fabs(e.sv.at(0b01) - 0.7) < sv_tolerance);
  CHECK(std::fabs(e.sv.at(0b10) - 2.0) < sv_tolerance);
  CHECK(std::fabs(e.sii.at(0b11)) < e_max.a + e_max.b + e_max.both);
  for (const double v : e.game.values) CHECK(v >= e.game.values[0]);  // λ⁰ ∈ Λ^S
}

TEST_CASE("the toy 0.7a + 2b: mistunability from (1,1) gives SV about -0.7 and -2") {
  const Shortfall e_min = toy_shortfall(10000);  // the same by symmetry (1 - a for a)
  const auto e =
      run("function = \"linear-toy\"", "kind = \"mistunability\"\nbaseline = { a = 1.0, b = 1.0 }");
  CHECK(e.game.values[0] == doctest::Approx(2.7));
  const double sv_tolerance = (e_min.a + e_min.b + e_min.both) / 2;
  CHECK(std::fabs(e.sv.at(0b01) + 0.7) < sv_tolerance);
  CHECK(std::fabs(e.sv.at(0b10) + 2.0) < sv_tolerance);
  for (const double v : e.game.values) CHECK(v <= e.game.values[0]);
}

TEST_CASE("smooth-interactions: ablation from 0 to 1 recovers the Möbius coefficients") {
  const auto e = run("function = \"smooth-interactions\"",
                     "kind = \"ablation\"\ntarget = { x0 = 1.0, x1 = 1.0, x2 = 1.0, x3 = 1.0, x4 = "
                     "1.0, x5 = 1.0 }");
  const auto m = explain(e.game, Index::moebius, 6);
  for (std::size_t i = 1; i < m.coalitions.size(); ++i) {
    const Coalition s = m.coalitions[i];
    const double expected = s == 0b1        ? 1.0
                            : s == 0b10     ? 0.5
                            : s == 0b101    ? 0.8
                            : s == 0b11000  ? -0.6
                            : s == 0b101010 ? 0.3
                                            : 0.0;
    CAPTURE(s);
    CHECK(m.values[i] == doctest::Approx(expected).scale(1.0));
  }
}

TEST_CASE("a coalition's value does not depend on the batch it is evaluated in") {
  const JobSpec job = parse_job(
      "[model]\nkind = \"analytic\"\nfunction = \"smooth-interactions\"\n"
      "[games.t]\nkind = \"tunability\"\nsamples = 300\n",
      "/jobs/t.toml", "/jobs");
  const auto game =
      make_game(job, job.games.front(), make_analytic_model("smooth-interactions", 0));
  const auto together = game->evaluate({5, 17, 63, 0});
  const auto alone = game->evaluate({63});
  CHECK(together[2].value == alone[0].value);
  CHECK(together[2].best == alone[0].best);
  // a second game object (another process) draws the same samples
  const auto again =
      make_game(job, job.games.front(), make_analytic_model("smooth-interactions", 0));
  CHECK(again->evaluate({17})[0].value == together[1].value);
}

TEST_CASE("bad game set-ups name the job file and the key") {
  const auto model = make_analytic_model("linear-toy", 0);
  const auto error_of = [&](const std::string& text) -> std::string {
    const JobSpec job =
        parse_job("[model]\nkind = \"analytic\"\nfunction = \"linear-toy\"\n" + text,
                  "/jobs/t.toml", "/jobs");
    try {
      make_game(job, job.games.front(), model);
    } catch (const std::exception& e) {
      return e.what();
    }
    return "no error";
  };
  CHECK(error_of("[space]\nplayers = [\"c\"]\n[games.g]\nkind = \"tunability\"\n").find("'c'") !=
        std::string::npos);
  CHECK(error_of("[space]\npinned = { a = 5.0 }\n[games.g]\nkind = \"tunability\"\n")
            .find("t.toml:5:10: [space] pinned") != std::string::npos);
  CHECK(error_of("[games.g]\nkind = \"ablation\"\n").find("needs a target") != std::string::npos);
  CHECK(error_of("[space]\npinned = { a = 0.5, b = 0.5 }\n[games.g]\nkind = \"tunability\"\n")
            .find("has no players") != std::string::npos);
}
