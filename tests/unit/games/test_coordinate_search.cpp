// Coordinate-wise search with a fixed number of draws per hyperparameter (the HyperSHAP paper's
// plain Optimizer Bias setting, 49 draws), against brute force on a model over a small grid: with
// 49 draws of 4 values per hyperparameter every value is seen (a value is missed with probability
// (3/4)^49 < 1e-6), so the search must return exactly the per-coordinate optimum from λ⁰, and the
// Optimizer Bias game exactly that minus the best over the grid.

#include <doctest/doctest.h>

#include <array>
#include <cmath>

#include "hypershap/core/error.hpp"
#include "hypershap/games/games.hpp"
#include "hypershap/games/tabulate.hpp"
#include "hypershap/job/game_setup.hpp"
#include "hypershap/job/job_file.hpp"
#include "hypershap/models/analytic_models.hpp"

using namespace hypershap;

namespace {

constexpr int grid = 4;  // each hyperparameter takes 0, 1, 2, 3; λ⁰ = (0, 0, 0)

// Interacting, without ties among the values of one coordinate: x2 alone lowers f from λ⁰, but
// with x0 high it pays, which coordinate-wise search cannot see.
double f(double x0, double x1, double x2) {
  return x0 - 0.15 * x0 * x0 + 0.5 * (x1 == 2.0 ? 1.0 : 0.0) + 0.1 * x1 - 0.15 * x2 + 0.3 * x0 * x2;
}

std::string integer(const std::string& name) {
  return R"({"name": ")" + name +
         R"(", "type": "uniform_int", "log": false, "lower": 0, "upper": 3, "default_value": 0})";
}

class GridModel final : public PerformanceModel {
 public:
  GridModel()
      : json_(R"({"name": "grid", "hyperparameters": [)" + integer("x0") + ", " + integer("x1") +
              ", " + integer("x2") +
              R"(], "conditions": [], "forbiddens": [], "python_module_version": "1.2.0", )"
              R"("format_version": 0.4})"),
        space_(ConfigurationSpace::from_string(json_, "the grid space")) {}
  const ConfigurationSpace& space() const override { return space_; }
  const std::string& space_json() const override { return json_; }
  std::vector<std::string> outputs() const override { return {metric_}; }
  const std::string& metric() const override { return metric_; }
  bool maximize() const override { return true; }
  void evaluate(const ConfigurationMatrix& configurations,
                Eigen::Ref<Eigen::VectorXd> values) const override {
    for (Eigen::Index r = 0; r < configurations.rows(); ++r)
      values(r) = f(configurations(r, 0), configurations(r, 1), configurations(r, 2));
  }
  std::string describe() const override { return "the grid toy"; }

 private:
  std::string json_;
  ConfigurationSpace space_;
  std::string metric_ = "performance";
};

double value_at(const std::array<int, 3>& x) { return f(x[0], x[1], x[2]); }

/// Brute force, coordinate-wise: each j in S takes the value maximising f with the others at
/// λ⁰ (λ⁰'s own value on a tie), then f of the combination.
double coordinate_wise(Coalition s) {
  std::array<int, 3> combined = {0, 0, 0};
  for (int j = 0; j < 3; ++j) {
    if ((s >> j & 1) == 0) continue;
    int best = 0;
    for (int value = 1; value < grid; ++value) {
      std::array<int, 3> x = {0, 0, 0};
      std::array<int, 3> incumbent = {0, 0, 0};
      x[static_cast<std::size_t>(j)] = value;
      incumbent[static_cast<std::size_t>(j)] = best;
      if (value_at(x) > value_at(incumbent)) best = value;
    }
    combined[static_cast<std::size_t>(j)] = best;
  }
  return value_at(combined);
}

/// Brute force Tunability: the best of the grid over the players in S, the others at λ⁰.
double best_over_grid(Coalition s) {
  double best = -1e300;
  for (int code = 0; code < grid * grid * grid; ++code) {
    const std::array<int, 3> x = {code % grid, code / grid % grid, code / (grid * grid)};
    bool inside = true;
    for (int j = 0; j < 3; ++j)
      if ((s >> j & 1) == 0 && x[static_cast<std::size_t>(j)] != 0) inside = false;
    if (inside) best = std::max(best, value_at(x));
  }
  return best;
}

JobSpec job_of(const std::string& game_lines) {
  return parse_job(
      "[model]\nkind = \"analytic\"\nfunction = \"linear-toy\"\n[games.g]\n" + game_lines + "\n",
      "/jobs/test.toml", "/jobs", {});
}

std::string error_of(const std::string& game_lines) {
  try {
    job_of(game_lines);
  } catch (const Error& e) {
    return e.what();
  }
  FAIL("no error for: " << game_lines);
  return {};
}

}  // namespace

TEST_CASE(
    "coordinate search with 49 draws per hyperparameter returns the coordinate-wise optimum") {
  const GridModel model;
  const std::vector<int> players = {0, 1, 2};
  const Configuration baseline = model.space().default_configuration();
  const SearchProblem problem{&model, &players, &baseline, 1.0};
  OptimizerSpec coordinate;
  coordinate.kind = OptimizerKind::coordinate_search;
  coordinate.draws_per_hyperparameter = 49;
  coordinate.draws_stream = 12345;
  coordinate.budget = 3;  // unused with draws per hyperparameter
  for (Coalition s = 0; s < 8; ++s) {
    CAPTURE(s);
    Rng rng = Rng::stream(1, {s});
    const SearchResult found = run_optimizer(coordinate, problem, s, rng);
    CHECK(found.objective == coordinate_wise(s));
    // λ⁰ and 49 draws per player of S, then the combination (λ⁰ alone for ∅)
    const auto size = static_cast<std::uint64_t>(size_of(s));
    CHECK(found.evaluations == (s == 0 ? 1 : size * 50 + 1));
  }
  // the brute force differs from the optimum exactly where x0 and x2 interact
  CHECK(coordinate_wise(0b101) < best_over_grid(0b101));
  CHECK(coordinate_wise(0b011) == best_over_grid(0b011));
}

TEST_CASE(
    "each hyperparameter's draws are the same in every coalition (the game is additive on "
    "an additive model)") {
  const auto toy = make_analytic_model("linear-toy", 3);  // 0.7 a + 2 b
  const std::vector<int> players = {0, 1};
  const Configuration baseline = toy->space().default_configuration();
  const SearchProblem problem{toy.get(), &players, &baseline, 1.0};
  OptimizerSpec coordinate;
  coordinate.kind = OptimizerKind::coordinate_search;
  coordinate.draws_per_hyperparameter = 49;
  coordinate.draws_stream = 99;
  std::vector<SearchResult> found;
  for (Coalition s = 0; s < 4; ++s) {
    Rng rng = Rng::stream(7, {s});  // a different stream per coalition, as the games give
    found.push_back(run_optimizer(coordinate, problem, s, rng));
  }
  // a from {a} and from {a, b}: the same draw; likewise b
  CHECK(found[1].best(0) == found[3].best(0));
  CHECK(found[2].best(1) == found[3].best(1));
  CHECK(found[1].best(0) > 0.9);  // the best of 49 uniform draws, below 1 - 0.9 w.p. 0.9^49
  CHECK(found[3].objective - found[2].objective ==
        doctest::Approx(found[1].objective - found[0].objective).epsilon(1e-12));
  // the budget split over S instead draws from the coalition's stream: a differs
  coordinate.draws_per_hyperparameter = 0;
  coordinate.budget = 99;
  Rng r1 = Rng::stream(7, {1});
  Rng r3 = Rng::stream(7, {3});
  CHECK(run_optimizer(coordinate, problem, 1, r1).best(0) !=
        run_optimizer(coordinate, problem, 3, r3).best(0));
}

TEST_CASE("the Optimizer Bias game of the plain setting equals brute force on the grid") {
  const JobSpec job = job_of(
      "kind = \"optimizer-bias\"\noptimizer = \"coordinate-search\"\n"
      "draws_per_hyperparameter = 49\nensemble = [ { optimizer = \"random-search\", samples = "
      "2000 } ]");
  REQUIRE(job.games.front().draws_per_hyperparameter == 49);
  const auto model = std::make_shared<GridModel>();
  const auto game = make_game(job, job.games.front(), model);
  // per coalition on average: 3/2 players × 50 + 1 of the search, 2000 of the ensemble
  CHECK(game->evaluations_per_coalition() == 3 * 50 / 2 + 1 + 2000);
  const GameTable g = tabulate(*game);
  for (Coalition s = 0; s < 8; ++s) {
    CAPTURE(s);
    // 2000 draws of 64 grid points miss the best with probability (63/64)^2000 < 1e-13
    CHECK(g.value(s) == coordinate_wise(s) - best_over_grid(s));
  }
  CHECK(g.value(0b101) < 0.0);
  CHECK(g.value(0b001) == 0.0);
}

TEST_CASE("draws_per_hyperparameter: only with coordinate-search, a positive count") {
  CHECK(error_of("kind = \"optimizer-bias\"\noptimizer = \"random-search\"\n"
                 "draws_per_hyperparameter = 49")
            .find("[games.g] draws_per_hyperparameter applies only to optimizer = "
                  "'coordinate-search', not 'random-search'") != std::string::npos);
  CHECK(error_of("kind = \"optimizer-bias\"\noptimizer = \"coordinate-search\"\n"
                 "draws_per_hyperparameter = 0")
            .find("draws_per_hyperparameter") != std::string::npos);
  CHECK(error_of("kind = \"tunability\"\ndraws_per_hyperparameter = 49")
            .find("draws_per_hyperparameter applies only to optimizer = 'coordinate-search'") !=
        std::string::npos);
  const JobSpec member = job_of(
      "kind = \"optimizer-bias\"\nensemble = [ { optimizer = \"coordinate-search\", "
      "draws_per_hyperparameter = 10 } ]");
  CHECK(member.games.front().ensemble.front().draws_per_hyperparameter == 10);
  CHECK(error_of("kind = \"optimizer-bias\"\nensemble = [ { optimizer = \"local-search\", "
                 "draws_per_hyperparameter = 10 } ]")
            .find("[games.g.ensemble[0]] draws_per_hyperparameter applies only to optimizer = "
                  "'coordinate-search', not 'local-search'") != std::string::npos);
}
