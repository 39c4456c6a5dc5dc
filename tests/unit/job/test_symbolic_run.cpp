// The [symbolic.NAME] tables run on analytic objectives whose landscape is known in closed form:
// the paper's test grid (cell centres, log-spaced on log scales), the objective and the partial
// dependence on it, the linear-regression baseline (exact on a linear landscape), each fit's test
// RMSE recomputed from its stored program, fANOVA's choice of the top players, the BO and GP
// training sets, and categorical players refused.

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>

#include "hypershap/core/error.hpp"
#include "hypershap/job/job_file.hpp"
#include "hypershap/job/model_setup.hpp"
#include "hypershap/job/symbolic_run.hpp"
#include "hypershap/symbolic/evaluator.hpp"
#include "hypershap/symbolic/formula_parser.hpp"
#include "test_support.hpp"

using namespace hypershap;

namespace {

JobSpec parse(const std::string& text) { return parse_job(text, "/jobs/job.toml", "/jobs", {}); }

const char* const fast = "population = 200\ngenerations = 3\n";

/// The fit's RMSE on the grid, from its program text (an independent path: the parser).
double rmse_from_program(const symbolic::ExplanationFit& fit,
                         const symbolic::ExplanationLandscape& l,
                         const std::vector<std::string>& players) {
  const symbolic::ParsedFormula parsed = symbolic::parse_formula(fit.program, "fit");
  const std::size_t nx = l.axes[0].size(), ny = l.axes[1].size();
  Eigen::MatrixXd grid(static_cast<Eigen::Index>(nx * ny),
                       static_cast<Eigen::Index>(parsed.names.size()));
  for (std::size_t i = 0; i < nx; ++i)
    for (std::size_t j = 0; j < ny; ++j)
      for (std::size_t v = 0; v < parsed.names.size(); ++v)
        grid(static_cast<Eigen::Index>(i * ny + j), static_cast<Eigen::Index>(v)) =
            parsed.names[v] == players[0] ? l.axes[0][i] : l.axes[1][j];
  Eigen::VectorXd values;
  symbolic::Evaluator evaluator;
  if (parsed.names.empty()) {  // a constant program
    values = evaluator.predict(parsed.program, Eigen::MatrixXd::Zero(grid.rows(), 1));
  } else {
    values = evaluator.predict(parsed.program, grid);
  }
  double sum = 0.0;
  for (Eigen::Index c = 0; c < values.size(); ++c)
    sum += (values[c] - l.objective[static_cast<std::size_t>(c)]) *
           (values[c] - l.objective[static_cast<std::size_t>(c)]);
  return std::sqrt(sum / static_cast<double>(values.size()));
}

}  // namespace

TEST_CASE("symbolic grid axis: cell centres, log-spaced on a log scale, integers rounded") {
  Hyperparameter linear;
  linear.kind = HyperparameterKind::uniform_float;
  linear.lower = 0.0;
  linear.upper = 1.0;
  const std::vector<double> a = symbolic_grid_axis(linear, 10);
  REQUIRE(a.size() == 10);
  for (int k = 0; k < 10; ++k)
    CHECK(a[static_cast<std::size_t>(k)] == doctest::Approx(0.05 + 0.1 * k));
  Hyperparameter log = linear;
  log.lower = 1e-4;
  log.upper = 1.0;
  log.log = true;
  const std::vector<double> b = symbolic_grid_axis(log, 4);  // decades: 1e-4 .. 1 in 4 cells
  CHECK(b[0] == doctest::Approx(std::pow(10.0, -3.5)));
  CHECK(b[3] == doctest::Approx(std::pow(10.0, -0.5)));
  Hyperparameter integer = linear;
  integer.kind = HyperparameterKind::uniform_int;
  integer.lower = 1;
  integer.upper = 10;
  CHECK(symbolic_grid_axis(integer, 3) == std::vector<double>{3, 6, 9});  // 2.5, 5.5, 8.5
}

TEST_CASE("symbolic table, random: the objective on the grid, exact linear baseline, fit RMSEs") {
  const JobSpec job = parse(std::string("[model]\nkind = \"analytic\"\nfunction = \"linear-toy\"\n"
                                        "[symbolic.r]\ntraining = \"random\"\nsamples = 50\n"
                                        "repetitions = 2\nsr_seeds = 2\nparsimony = [0.001, "
                                        "0.0001]\n") +
                            fast);
  const auto model = load_model(job);
  const symbolic::ExplanationResults r = run_symbolic_table(job, job.symbolic[0], model);
  CHECK(r.players == std::vector<std::string>{"a", "b"});
  CHECK(r.cost_scale == -1.0);  // linear-toy is maximised: cost = -value
  CHECK(r.parsimony == std::vector<double>{0.0001, 0.001});
  REQUIRE(r.landscapes.size() == 1);
  const auto& l = r.landscapes[0];
  REQUIRE(l.objective.size() == 100);
  for (std::size_t i = 0; i < 10; ++i)
    for (std::size_t j = 0; j < 10; ++j)
      CHECK(l.objective[i * 10 + j] ==
            doctest::Approx(-(0.7 * (0.05 + 0.1 * static_cast<double>(i)) +
                              2.0 * (0.05 + 0.1 * static_cast<double>(j)))));
  CHECK(l.training.size() == 100);  // 50 samples × 2 players
  CHECK(l.training_cost.size() == 50);
  for (std::size_t s = 0; s < 50; ++s)
    CHECK(l.training_cost[s] ==
          doctest::Approx(-(0.7 * l.training[2 * s] + 2 * l.training[2 * s + 1])));
  REQUIRE(r.baselines.size() == 2);
  for (const auto& b : r.baselines) {
    CHECK(std::isnan(b.gp_rmse));  // no BO, no GP
    CHECK(b.linear_rmse < 1e-10);  // the landscape is linear
  }
  REQUIRE(r.fits.size() == 2 * 2 * 2);
  for (const auto& f : r.fits) {
    CHECK(f.test_rmse == doctest::Approx(rmse_from_program(f, l, r.players)).epsilon(1e-9));
    CHECK(f.length > 0);
  }
  CHECK(l.chosen_fit < r.fits.size());
  CHECK(r.fits[l.chosen_fit].repetition == 0);
  CHECK(r.fits[l.chosen_fit].sr_seed == 0);
  REQUIRE(l.formula.size() == 100);
  const symbolic::MeanStd m = symbolic::test_rmse_of(r, "", 0.0001);
  CHECK(m.count == 4);
  // the same table again: the same fits (results depend only on the seeds)
  const symbolic::ExplanationResults again = run_symbolic_table(job, job.symbolic[0], model);
  for (std::size_t i = 0; i < r.fits.size(); ++i) CHECK(again.fits[i].program == r.fits[i].program);
}

TEST_CASE("symbolic table, partial-dependence: fANOVA's top 2 and the closed-form PD") {
  // smooth-interactions: x0 + 0.5 x1 + 0.8 x0 x2 - 0.6 x3 x4 + 0.3 x1 x3 x5 on [0, 1]^6. Main
  // effects: x0 slope 1.4, x1 0.575, x4 -0.3, x3 -0.225, x2 0.4 => the top 2 are x0 and x1, whose
  // PD is 1.4 x0 + 0.575 x1 - 0.15 (exactly linear for any Monte Carlo points).
  const JobSpec job = parse(std::string("[model]\nkind = \"analytic\"\nfunction = "
                                        "\"smooth-interactions\"\n[symbolic.pd]\ntraining = "
                                        "\"partial-dependence\"\nsamples = 40\npd_samples = 400\n"
                                        "repetitions = 1\nsr_seeds = 1\n") +
                            fast);
  const auto model = load_model(job);
  const symbolic::ExplanationResults r = run_symbolic_table(job, job.symbolic[0], model);
  CHECK(r.players == std::vector<std::string>{"x0", "x1"});
  const auto& l = r.landscapes[0];
  for (std::size_t i = 0; i < 10; ++i)
    for (std::size_t j = 0; j < 10; ++j) {
      const double x0 = 0.05 + 0.1 * static_cast<double>(i),
                   x1 = 0.05 + 0.1 * static_cast<double>(j);
      CHECK(l.objective[i * 10 + j] ==
            doctest::Approx(-(1.4 * x0 + 0.575 * x1 - 0.15)).epsilon(0.02));
    }
  REQUIRE(r.baselines.size() == 1);
  CHECK(r.baselines[0].linear_rmse < 1e-10);
}

TEST_CASE("symbolic table, bo and surrogate: BO samples, the GP on them, its baseline") {
  const JobSpec job = parse(std::string("[model]\nkind = \"analytic\"\nfunction = \"linear-toy\"\n"
                                        "[symbolic.bo]\ntraining = \"bo\"\ntrials = 20\n"
                                        "repetitions = 1\nsr_seeds = 1\n"
                                        "[symbolic.gp]\ntraining = \"surrogate\"\ntrials = 20\n"
                                        "samples = 30\nrepetitions = 1\nsr_seeds = 1\n") +
                            fast);
  const auto model = load_model(job);
  const symbolic::ExplanationResults bo = run_symbolic_table(job, job.symbolic[0], model);
  const auto& l = bo.landscapes[0];
  CHECK(l.training_cost.size() == 20);
  for (std::size_t s = 0; s < 20; ++s)
    CHECK(l.training_cost[s] ==
          doctest::Approx(-(0.7 * l.training[2 * s] + 2 * l.training[2 * s + 1])));
  REQUIRE(l.gp_mean.size() == 100);
  // a GP on 20 points of a plane: close to it on the grid
  CHECK(bo.baselines[0].gp_rmse < 0.05);
  const symbolic::ExplanationResults gp = run_symbolic_table(job, job.symbolic[1], model);
  CHECK(gp.landscapes[0].training_cost.size() == 30);
  // the same BO run (same seed): the same GP baseline
  CHECK(gp.baselines[0].gp_rmse == doctest::Approx(bo.baselines[0].gp_rmse));
  // the surrogate's samples are the GP's means, not the objective: not exactly linear
  CHECK(gp.baselines[0].linear_rmse > 0.0);
}

TEST_CASE("symbolic table: a categorical player is refused with the paper's reason") {
  // the default job's SVM space: kernel is categorical
  const std::string data = (test::source_dir() / "jobs" / "data").string();
  const JobSpec job = parse("[model]\nkind = \"random-forest\"\nhistory = \"" + data +
                            "/svm_digits.csv\"\nmetric = \"accuracy\"\nmaximize = true\n"
                            "[space]\nfile = \"" +
                            data +
                            "/svm_digits.configspace.json\"\n[symbolic.r]\ntraining = "
                            "\"random\"\nrepetitions = 1\nsr_seeds = 1\n");
  const auto model = load_model(job);
  CHECK_THROWS_WITH_AS(run_symbolic_table(job, job.symbolic[0], model),
                       doctest::Contains("one_hot = true"), Error);
}

TEST_CASE("symbolic table, one_hot: a categorical player as one 0/1 variable per choice") {
  const std::string data = (test::source_dir() / "jobs" / "data").string();
  const JobSpec job = parse("[model]\nkind = \"random-forest\"\nhistory = \"" + data +
                            "/svm_digits.csv\"\nmetric = \"accuracy\"\nmaximize = true\n"
                            "[space]\nfile = \"" +
                            data +
                            "/svm_digits.configspace.json\"\n[symbolic.r]\ntraining = "
                            "\"random\"\nplayers = [\"C\", \"kernel\"]\none_hot = true\n"
                            "samples = 60\nrepetitions = 1\nsr_seeds = 2\n" +
                            fast);
  const auto model = load_model(job);
  const symbolic::ExplanationResults r = run_symbolic_table(job, job.symbolic[0], model);
  const auto& l = r.landscapes[0];
  CHECK(l.axes[0].size() == 10);
  CHECK(l.axes[1] == std::vector<double>{0, 1, 2, 3});  // linear, rbf, poly, sigmoid
  CHECK(l.objective.size() == 40);
  CHECK(std::isfinite(r.baselines[0].linear_rmse));
  const std::vector<std::string> variables = {"C", "kernel_linear", "kernel_rbf", "kernel_poly",
                                              "kernel_sigmoid"};
  for (const auto& f : r.fits) {
    const symbolic::ParsedFormula parsed = symbolic::parse_formula(f.program, "fit");
    // the fit's RMSE from its program on the grid's features, built here
    Eigen::MatrixXd grid = Eigen::MatrixXd::Zero(
        40, std::max<Eigen::Index>(1, static_cast<Eigen::Index>(parsed.names.size())));
    for (std::size_t v = 0; v < parsed.names.size(); ++v) {
      const auto at = std::find(variables.begin(), variables.end(), parsed.names[v]);
      REQUIRE(at != variables.end());
      const auto which = at - variables.begin();
      for (std::size_t i = 0; i < 10; ++i)
        for (std::size_t c = 0; c < 4; ++c)
          grid(static_cast<Eigen::Index>(i * 4 + c), static_cast<Eigen::Index>(v)) =
              which == 0 ? l.axes[0][i] : (static_cast<std::size_t>(which) == c + 1 ? 1.0 : 0.0);
    }
    symbolic::Evaluator evaluator;
    const Eigen::VectorXd values = evaluator.predict(parsed.program, grid);
    double sum = 0.0;
    for (Eigen::Index c = 0; c < 40; ++c)
      sum += std::pow(values[c] - l.objective[static_cast<std::size_t>(c)], 2);
    CHECK(f.test_rmse == doctest::Approx(std::sqrt(sum / 40)).epsilon(1e-9));
  }
}
