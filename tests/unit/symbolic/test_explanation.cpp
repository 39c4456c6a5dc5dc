// Summaries of symbolic explanations: mean ± sample std (pandas' ddof = 1, as the paper's tables),
// Table 1 cells by instance and parsimony, the sweep's means, its elbow and the fits' Pareto front.

#include <doctest/doctest.h>

#include <cmath>

#include "hypershap/symbolic/explanation.hpp"

using namespace hypershap::symbolic;

namespace {

ExplanationFit fit(const std::string& instance, double parsimony, int operations, double rmse) {
  ExplanationFit f;
  f.instance = instance;
  f.parsimony = parsimony;
  f.operations = operations;
  f.test_rmse = rmse;
  return f;
}

}  // namespace

TEST_CASE("explanation summaries: mean and sample std, cells by instance and parsimony") {
  const MeanStd m = mean_std({1.0, 2.0, 3.0});
  CHECK(m.mean == doctest::Approx(2.0));
  CHECK(m.std == doctest::Approx(1.0));  // sqrt(((1)^2 + 0 + (1)^2) / 2)
  CHECK(m.count == 3);
  CHECK(std::isnan(mean_std({4.0}).std));
  CHECK(std::isnan(mean_std({}).mean));

  ExplanationResults r;
  r.parsimony = {0.0001, 0.01, 0.1};
  // instance a: 0.1 -> 1 op, RMSE 0.3; 0.01 -> 3 ops (mean of 2 and 4), 0.1; 0.0001 -> 9 ops,
  // 0.095 (6 more operations for 5% less RMSE: the elbow stops at 0.01)
  r.fits = {fit("a", 0.1, 1, 0.3), fit("a", 0.01, 2, 0.12), fit("a", 0.01, 4, 0.08),
            fit("a", 0.0001, 9, 0.095), fit("b", 0.0001, 1, 5.0)};
  r.baselines = {{"a", 0, 0.02, 0.2}, {"a", 1, std::nan(""), 0.4}, {"b", 0, 1.0, 1.0}};
  const MeanStd cell = test_rmse_of(r, "a", 0.01);
  CHECK(cell.count == 2);
  CHECK(cell.mean == doctest::Approx(0.1));
  CHECK(test_rmse_of(r, "b", 0.0001).mean == doctest::Approx(5.0));
  CHECK(gp_rmse_of(r, "a").count == 1);  // NaN (no GP) left out
  CHECK(gp_rmse_of(r, "a").mean == doctest::Approx(0.02));
  CHECK(linear_rmse_of(r, "a").mean == doctest::Approx(0.3));

  const std::vector<SweepPoint> sweep = parsimony_sweep(r, "a");
  REQUIRE(sweep.size() == 3);
  CHECK(sweep[1].parsimony == 0.01);
  CHECK(sweep[1].operations == doctest::Approx(3.0));
  CHECK(sweep[1].rmse == doctest::Approx(0.1));
  CHECK(sweep_elbow(sweep) == 1);
  // front of a's fits: (1, 0.3), (2, 0.12), (4, 0.08); (9, 0.095) is dominated by (4, 0.08)
  CHECK(fit_pareto_front(r, "a") == std::vector<std::size_t>{0, 1, 2});
  CHECK(fit_pareto_front(r, "b") == std::vector<std::size_t>{4});
}
