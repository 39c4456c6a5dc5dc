// Optimizer Bias (Definition 4) with its four optimizers, local search as the inner HPO, the
// ablation variants and multi-dataset games (Definition 5), each against a closed form.
// Tolerances come from the sample sizes: the best of B uniform draws of a linear function
// c1·a + c2·b on [0,1]² misses the maximum by about sqrt(2·c1·c2 / B) (the corner triangle
// {f > max − t} has area t² / (2·c1·c2)), of B one-dimensional draws by about c / B.

#include <doctest/doctest.h>

#include <cmath>

#include "hypershap/core/error.hpp"
#include "hypershap/explain/shapley_interactions.hpp"
#include "hypershap/games/games.hpp"
#include "hypershap/games/tabulate.hpp"
#include "hypershap/job/game_setup.hpp"
#include "hypershap/job/job_file.hpp"
#include "hypershap/models/analytic_models.hpp"

using namespace hypershap;

namespace {

JobSpec job_of(const std::string& model_lines, const std::string& game_lines,
               const std::string& space_lines = "") {
  return parse_job("[model]\nkind = \"analytic\"\n" + model_lines + "\n[space]\n" + space_lines +
                       "\n[games.g]\n" + game_lines + "\n",
                   "/jobs/test.toml", "/jobs", {});
}

std::unique_ptr<ExplanationGame> game_of(const std::string& model_lines,
                                         const std::string& game_lines,
                                         const std::string& space_lines = "") {
  const JobSpec job = job_of(model_lines, game_lines, space_lines);
  return make_game(job, job.games.front(), make_analytic_model(job.model.function, job.model.m));
}

// A = 0b01 (a), B = 0b10 (b) on the toy 0.7a + 2b
constexpr Coalition A = 0b01;
constexpr Coalition B = 0b10;
constexpr Coalition AB = 0b11;

double corner_miss(double c1, double c2, int budget) { return std::sqrt(2.0 * c1 * c2 / budget); }

}  // namespace

TEST_CASE("optimizer bias of an unbiased optimizer (random search, the ensemble's budget) is ~0") {
  const int budget = 5000;
  const auto game =
      game_of("function = \"linear-toy\"",
              "kind = \"optimizer-bias\"\noptimizer = \"random-search\"\nsamples = "
              "5000\nensemble = [ { optimizer = \"random-search\", samples = 5000 } ]");
  const GameTable g = tabulate(*game);
  CHECK(g.values[0] == 0.0);
  const double tolerance = 5.0 * corner_miss(0.7, 2.0, budget);
  for (const double v : g.values) {
    CHECK(v <= 0.0);  // the ensemble includes O
    CHECK(v > -tolerance);
  }
  const InteractionValues sv = explain(g, Index::sv, 1);
  CHECK(std::fabs(sv.at(A)) < tolerance);
  CHECK(std::fabs(sv.at(B)) < tolerance);
}

TEST_CASE("the frozen optimizer on 0.7a + 2b with b frozen: v(S) = -2 for S with b, SV_b = -2") {
  const int budget = 5000;
  const auto game =
      game_of("function = \"linear-toy\"",
              "kind = \"optimizer-bias\"\noptimizer = \"frozen-search\"\nfrozen = [\"b\"]\n"
              "samples = 5000\nensemble = [ { optimizer = \"random-search\", samples = 5000 } ]");
  const GameTable g = tabulate(*game);
  const double tolerance = 5.0 * corner_miss(0.7, 2.0, budget);
  CHECK(g.values[0] == 0.0);
  // S = {a}: both tune a alone; the best of `budget` draws of 0.7a each
  CHECK(g.value(A) <= 0.0);
  CHECK(g.value(A) > -5.0 * 0.7 / budget);
  // S = {b}: frozen search stays at λ⁰ (0), random search finds 2b ≈ 2
  CHECK(std::fabs(g.value(B) + 2.0) < 5.0 * 2.0 / budget);
  // S = {a, b}: 0.7 against 2.7
  CHECK(std::fabs(g.value(AB) + 2.0) < tolerance);
  const InteractionValues sv = explain(g, Index::sv, 1);
  CHECK(std::fabs(sv.at(B) + 2.0) < tolerance);
  CHECK(std::fabs(sv.at(A)) < tolerance);
}

TEST_CASE("coordinate-wise search is biased exactly on the coalitions holding an interaction") {
  // x0 + 0.5 x1 + 0.8 x0 x2 with x3 = x4 = x5 = 0 at λ⁰: coordinate-wise search tunes x2 from
  // x2 = 0 where it does not matter and keeps λ⁰'s 0 (ties keep λ⁰), so it misses 0.8 x0 x2
  const int budget = 6000;
  const auto game = game_of("function = \"smooth-interactions\"",
                            "kind = \"optimizer-bias\"\noptimizer = \"coordinate-search\"\n"
                            "samples = 6000\nensemble = [ { optimizer = \"random-search\", "
                            "samples = 6000 }, { optimizer = \"local-search\", samples = 6000 } ]",
                            "players = [\"x0\", \"x1\", \"x2\"]");
  const GameTable g = tabulate(*game);
  // per coordinate about budget / 3 one-dimensional draws; local search reaches the corner
  const double tolerance = 5.0 * 1.8 * 3.0 / budget + 1e-3;
  for (Coalition s = 0; s < 8; ++s) {
    const bool interacting = (s & 0b101) == 0b101;
    CAPTURE(s);
    CHECK(std::fabs(g.value(s) - (interacting ? -0.8 : 0.0)) < tolerance);
  }
  const InteractionValues sii = explain(g, Index::sii, 2);
  CHECK(std::fabs(sii.at(0b101) + 0.8) < 2 * tolerance);
  CHECK(std::fabs(sii.at(0b011)) < 2 * tolerance);
  CHECK(std::fabs(sii.at(0b110)) < 2 * tolerance);
}

TEST_CASE("local search finds the optimum of the toys within its budget") {
  for (const auto& [function, optimum] : std::vector<std::pair<std::string, double>>{
           {"linear-toy", 2.7}, {"smooth-interactions", 2.6}}) {
    CAPTURE(function);
    const auto model = make_analytic_model(function, 3);
    const std::vector<int> players = model->space().all_players();
    const Configuration baseline = model->space().default_configuration();
    const SearchProblem problem{model.get(), &players, &baseline, 1.0};
    OptimizerSpec local;
    local.kind = OptimizerKind::local_search;
    local.budget = 2000;
    Rng rng = Rng::stream(7, {1});
    const SearchResult found =
        run_optimizer(local, problem, grand_coalition(static_cast<int>(players.size())), rng);
    CHECK(found.evaluations <= 2000);
    CHECK(found.objective > optimum - 1e-3);
    CHECK(found.objective <= optimum + 1e-12);
  }
}

TEST_CASE("local search as the inner HPO of Tunability and Mistunability on the toy") {
  const GameTable t = tabulate(*game_of("function = \"linear-toy\"",
                                        "kind = \"tunability\"\noptimizer = \"local-search\"\n"
                                        "samples = 300"));
  CHECK(t.values[0] == 0.0);
  CHECK(t.value(A) == doctest::Approx(0.7).epsilon(1e-3));
  CHECK(t.value(B) == doctest::Approx(2.0).epsilon(1e-3));
  CHECK(t.value(AB) == doctest::Approx(2.7).epsilon(1e-3));
  const GameTable m = tabulate(*game_of("function = \"linear-toy\"",
                                        "kind = \"mistunability\"\noptimizer = \"local-search\"\n"
                                        "samples = 300\nbaseline = { a = 1.0, b = 1.0 }"));
  CHECK(m.values[0] == doctest::Approx(2.7));
  CHECK(m.value(A) == doctest::Approx(2.0).epsilon(1e-3));
  CHECK(m.value(B) == doctest::Approx(0.7).epsilon(1e-3));
  CHECK(m.value(AB) == doctest::Approx(0.0).scale(1).epsilon(1e-3));
}

TEST_CASE("ablation from several baselines: mean, min, max, variance of the toy's blends") {
  // λ* = (1, 1); baselines (0.2, 0.4) and (0.6, 0)
  const auto f = [](double a, double b) { return 0.7 * a + 2.0 * b; };
  const double a0[2] = {0.2, 0.6};
  const double b0[2] = {0.4, 0.0};
  for (const std::string aggregate : {"mean", "min", "max", "variance"}) {
    CAPTURE(aggregate);
    const GameTable g = tabulate(*game_of(
        "function = \"linear-toy\"",
        "kind = \"ablation\"\ntarget = { a = 1.0, b = 1.0 }\nbaselines = [ { a = 0.2, b = 0.4 }, "
        "{ a = 0.6, b = 0.0 } ]\nbaseline_aggregate = \"" +
            aggregate + "\""));
    for (Coalition s = 0; s < 4; ++s) {
      double v[2];
      for (int k = 0; k < 2; ++k)
        v[k] = f(contains(s, 0) ? 1.0 : a0[k], contains(s, 1) ? 1.0 : b0[k]);
      const double expected = aggregate == "mean"  ? (v[0] + v[1]) / 2
                              : aggregate == "min" ? std::min(v[0], v[1])
                              : aggregate == "max" ? std::max(v[0], v[1])
                                                   : (v[0] - v[1]) * (v[0] - v[1]) / 4;
      CHECK(g.value(s) == doctest::Approx(expected));
    }
    if (aggregate == "mean") {
      const InteractionValues sv = explain(g, Index::sv, 1);
      CHECK(sv.at(A) == doctest::Approx(0.7 * (1 - 0.4)));  // 0.7 (1 − mean a0)
      CHECK(sv.at(B) == doctest::Approx(2.0 * (1 - 0.2)));  // 2 (1 − mean b0)
    }
  }
}

TEST_CASE("ablation from a probabilistic baseline: the expectation and variance over λ⁰ ~ U") {
  const int k = 4000;
  const GameTable mean = tabulate(*game_of("function = \"linear-toy\"",
                                           "kind = \"ablation\"\ntarget = { a = 1.0, b = 1.0 }\n"
                                           "baseline = \"random\"\nbaseline_samples = 4000"));
  // E f(λ* ⊕_S λ⁰) with a0, b0 ~ U(0, 1): 0.7 (1 or 1/2) + 2 (1 or 1/2)
  const double sd = std::sqrt((0.49 + 4.0) / 12.0);
  const double tolerance = 5.0 * sd / std::sqrt(k);
  CHECK(std::fabs(mean.value(0) - 1.35) < tolerance);
  CHECK(std::fabs(mean.value(A) - 1.7) < tolerance);
  CHECK(std::fabs(mean.value(B) - 2.35) < tolerance);
  CHECK(mean.value(AB) == doctest::Approx(2.7));
  const InteractionValues sv = explain(mean, Index::sv, 1);
  CHECK(std::fabs(sv.at(A) - 0.35) < 2 * tolerance);
  CHECK(std::fabs(sv.at(B) - 1.0) < 2 * tolerance);

  const GameTable variance =
      tabulate(*game_of("function = \"linear-toy\"",
                        "kind = \"ablation\"\ntarget = { a = 1.0, b = 1.0 }\n"
                        "baseline = \"random\"\nbaseline_samples = 4000\n"
                        "baseline_aggregate = \"variance\""));
  // the variance of the terms left at λ⁰; a sample variance of uniforms has standard error
  // σ² sqrt((kurtosis − 1) / k) with kurtosis 1.8
  const auto var_tolerance = [&](double sigma2) { return 5.0 * sigma2 * std::sqrt(0.8 / k); };
  CHECK(std::fabs(variance.value(0) - 4.49 / 12) < var_tolerance(4.49 / 12));
  CHECK(std::fabs(variance.value(A) - 4.0 / 12) < var_tolerance(4.0 / 12));
  CHECK(std::fabs(variance.value(B) - 0.49 / 12) < var_tolerance(0.49 / 12));
  CHECK(variance.value(AB) == doctest::Approx(0.0).scale(1));
}

TEST_CASE("ablation towards the best of a random search on the model") {
  const int samples = 20000;
  const GameTable g = tabulate(*game_of(
      "function = \"linear-toy\"",
      "kind = \"ablation\"\ntarget = \"best-of-search\"\nsamples = " + std::to_string(samples)));
  CHECK(g.values[0] == 0.0);
  CHECK(g.value(AB) <= 2.7);
  CHECK(g.value(AB) > 2.7 - 5.0 * corner_miss(0.7, 2.0, samples));
  // additive: v({a}) + v({b}) = v({a, b})
  CHECK(g.value(A) + g.value(B) == doctest::Approx(g.value(AB)));
}

namespace {

/// A stand-in for a model with instances: instance i's performance is w_i · (0.7a + 2b) + c_i·a·b.
class InstancedToy final : public PerformanceModel {
 public:
  explicit InstancedToy(std::string instance)
      : toy_(make_analytic_model("linear-toy", 3)), instance_(std::move(instance)) {}
  const ConfigurationSpace& space() const override { return toy_->space(); }
  const std::string& space_json() const override { return toy_->space_json(); }
  std::vector<std::string> outputs() const override { return toy_->outputs(); }
  const std::string& metric() const override { return toy_->metric(); }
  bool maximize() const override { return true; }
  void evaluate(const ConfigurationMatrix& configurations,
                Eigen::Ref<Eigen::VectorXd> values) const override {
    const double w = 1.0 + std::stod(instance_);
    const double c = instance_ == "2" ? -1.5 : 0.5;
    for (Eigen::Index r = 0; r < configurations.rows(); ++r) {
      const double a = configurations(r, 0), b = configurations(r, 1);
      values(r) = w * (0.7 * a + 2.0 * b) + c * a * b;
    }
  }
  const std::string& instance() const override { return instance_; }
  std::vector<std::string> instances() const override { return {"1", "2", "3"}; }
  std::shared_ptr<const PerformanceModel> for_instance(const std::string& i) const override {
    return std::make_shared<InstancedToy>(i);
  }
  std::string describe() const override { return "the toy on instance " + instance_; }

 private:
  std::shared_ptr<const PerformanceModel> toy_;
  std::string instance_;
};

}  // namespace

TEST_CASE("a multi-dataset game is the aggregate of the single-instance games") {
  for (const std::string kind : {"tunability", "mistunability", "sensitivity"}) {
    CAPTURE(kind);
    const std::string lines = "kind = \"" + kind + "\"\nsamples = 200\n";
    const JobSpec multi = job_of("function = \"linear-toy\"",
                                 lines + "instances = [\"1\", \"2\"]\naggregate = \"mean\"");
    const JobSpec single = job_of("function = \"linear-toy\"", lines);
    const auto model = std::make_shared<InstancedToy>("1");
    const GameTable g = tabulate(*make_game(multi, multi.games.front(), model));
    const GameTable g1 =
        tabulate(*make_game(single, single.games.front(), model->for_instance("1")));
    const GameTable g2 =
        tabulate(*make_game(single, single.games.front(), model->for_instance("2")));
    for (Coalition s = 0; s < 4; ++s)
      CHECK(g.value(s) == doctest::Approx((g1.value(s) + g2.value(s)) / 2).epsilon(1e-12));
  }
}

TEST_CASE("multi-dataset aggregates: median, min, max and quantiles over three instances") {
  CHECK(aggregate(*parse_aggregation("median"), {3.0, 1.0, 2.0}) == 2.0);
  CHECK(aggregate(*parse_aggregation("min"), {3.0, 1.0, 2.0}) == 1.0);
  CHECK(aggregate(*parse_aggregation("max"), {3.0, 1.0, 2.0}) == 3.0);
  CHECK(aggregate(*parse_aggregation("mean"), {3.0, 1.0, 2.0}) == 2.0);
  CHECK(aggregate(*parse_aggregation("median"), {3.0, 1.0, 2.0, 4.0}) == 2.5);
  CHECK(aggregate(*parse_aggregation("quantile:0.75"), {3.0, 1.0, 2.0}) == 2.5);
  const JobSpec job = job_of("function = \"linear-toy\"",
                             "kind = \"tunability\"\nsamples = 200\ninstances = [\"1\", \"2\", "
                             "\"3\"]\naggregate = \"min\"");
  const auto model = std::make_shared<InstancedToy>("1");
  const GameTable g = tabulate(*make_game(job, job.games.front(), model));
  JobSpec single = job;
  single.games.front().instances.clear();
  for (Coalition s = 0; s < 4; ++s) {
    double expected = 1e300;
    for (const std::string i : {"1", "2", "3"})
      expected = std::min(
          expected,
          tabulate(*make_game(single, single.games.front(), model->for_instance(i))).value(s));
    CHECK(g.value(s) == doctest::Approx(expected).epsilon(1e-12));
  }
}

TEST_CASE("the new games give a coalition the same value whatever batch evaluates it") {
  const auto model = std::make_shared<InstancedToy>("1");
  const std::vector<std::string> games = {
      "kind = \"optimizer-bias\"\noptimizer = \"coordinate-search\"\nsamples = 300",
      "kind = \"optimizer-bias\"\noptimizer = \"local-search\"\nsamples = 300\nensemble = [ { "
      "optimizer = \"frozen-search\", frozen = [\"a\"], samples = 300 } ]",
      "kind = \"tunability\"\noptimizer = \"local-search\"\nsamples = 300",
      "kind = \"tunability\"\nsamples = 300\ninstances = [\"1\", \"3\"]"};
  for (const std::string& lines : games) {
    CAPTURE(lines);
    const JobSpec job = job_of("function = \"linear-toy\"", lines);
    // a new game for each order: the multi-dataset game keeps per-instance estimates
    const auto fresh = [&] { return make_game(job, job.games.front(), model); };
    const std::vector<Coalition> all = {0, 1, 2, 3};
    const std::vector<CoalitionOutcome> together = fresh()->evaluate(all);
    const std::vector<CoalitionOutcome> reversed = fresh()->evaluate({3, 2, 1, 0});
    for (std::size_t s = 0; s < all.size(); ++s) {
      const std::vector<CoalitionOutcome> alone = fresh()->evaluate({all[s]});
      CHECK(alone.front().value == together[s].value);
      CHECK(reversed[3 - s].value == together[s].value);
    }
  }
}

TEST_CASE("frozen names that are not players are refused, naming the game") {
  const auto error_of = [](const std::string& lines, const std::string& space) {
    try {
      game_of("function = \"smooth-interactions\"", lines, space);
    } catch (const Error& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  CHECK(error_of("kind = \"optimizer-bias\"\noptimizer = \"frozen-search\"\nfrozen = [\"x9\"]", "")
            .find("[games.g] frozen") != std::string::npos);
  CHECK(error_of("kind = \"optimizer-bias\"\noptimizer = \"frozen-search\"\nfrozen = [\"x4\"]",
                 "players = [\"x0\", \"x1\"]")
            .find("names 'x4', which is not a player") != std::string::npos);
}

TEST_CASE("each game states its model evaluations per coalition") {
  CHECK(game_of("function = \"linear-toy\"", "kind = \"tunability\"\nsamples = 40")
            ->evaluations_per_coalition() == 41);
  CHECK(game_of("function = \"linear-toy\"",
                "kind = \"tunability\"\noptimizer = \"local-search\"\nsamples = 40")
            ->evaluations_per_coalition() == 40);
  CHECK(game_of("function = \"linear-toy\"",
                "kind = \"optimizer-bias\"\nsamples = 40\nensemble = [ { optimizer = "
                "\"random-search\", samples = 60 } ]")
            ->evaluations_per_coalition() == 100);
  CHECK(game_of("function = \"linear-toy\"",
                "kind = \"ablation\"\ntarget = { a = 1 }\nbaselines = [ { a = 0.5 }, { b = 0.5 } "
                "]")
            ->evaluations_per_coalition() == 2);
  const JobSpec job = job_of("function = \"linear-toy\"",
                             "kind = \"sensitivity\"\nsamples = 40\ninstances = [\"1\", \"2\"]");
  CHECK(make_game(job, job.games.front(), std::make_shared<InstancedToy>("1"))
            ->evaluations_per_coalition() == 82);
}
