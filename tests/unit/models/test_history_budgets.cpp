// [model] budget and the run folders a job names: which runs of a multi-fidelity SMAC3 or
// DeepCAVE run a model is fitted on, and what is said about the others. The expected counts were
// taken with Python's json module from the shared runs (runs with status SUCCESS per budget).

#include <doctest/doctest.h>

#include <cmath>
#include <filesystem>
#include <string>

#include "hypershap/core/error.hpp"
#include "hypershap/models/history_data.hpp"
#include "test_support.hpp"

using namespace hypershap;

namespace {

HistorySource source_of(const std::filesystem::path& folder, BudgetChoice budget) {
  HistorySource source;
  source.history = folder;
  source.budget = budget;
  source.context = "job.toml: [model]";
  return source;
}

BudgetChoice at(double value) { return {BudgetChoice::Kind::value, value}; }

std::string refusal(const HistorySource& source) {
  try {
    (void)load_history_data(source);
  } catch (const Error& e) {
    CHECK(e.code() == ExitCode::invalid_input);
    return e.what();
  }
  FAIL("the history was accepted");
  return {};
}

}  // namespace

TEST_CASE("a multi-fidelity SMAC3 run: the highest budget by default, the others counted") {
  const std::filesystem::path run =
      test::shared_dir_or_skip("data/deepcave_hpo_runs") / "SMAC3v2/multi-fidelity/run_1";
  // 80 runs at 25/9, 61 at 25/3, 38 at 25
  const HistoryData highest = load_history_data(source_of(run, {}));
  CHECK(highest.configurations.rows() + static_cast<Eigen::Index>(highest.invalid) == 38);
  CHECK(highest.budgets.find("141 runs at other budgets left out") == 0);
  CHECK(highest.budgets.find("2.77778 (80 runs), 8.33333 (61 runs)") != std::string::npos);
  CHECK(highest.fitted_summary().find("141 runs at other budgets") != std::string::npos);

  // a budget as a job writes it (rounded) selects the nearest within 1%
  const HistoryData lowest = load_history_data(source_of(run, at(2.78)));
  CHECK(lowest.configurations.rows() + static_cast<Eigen::Index>(lowest.invalid) == 80);
  CHECK(lowest.budgets.find("99 runs at other budgets left out") == 0);
  const HistoryData middle = load_history_data(source_of(run, at(8.333333333333332)));
  CHECK(middle.configurations.rows() + static_cast<Eigen::Index>(middle.invalid) == 61);

  // all runs, the budget a hyperparameter whose default is the highest budget
  const HistoryData all = load_history_data(source_of(run, {BudgetChoice::Kind::all, 0.0}));
  CHECK(all.configurations.rows() + static_cast<Eigen::Index>(all.invalid) == 179);
  CHECK(all.budgets.empty());
  const int b = all.space.find(budget_hyperparameter);
  REQUIRE(b >= 0);
  CHECK(all.space.size() == highest.space.size() + 1);
  const Eigen::Index column = b;
  double low = INFINITY;
  double high = -INFINITY;
  for (Eigen::Index r = 0; r < all.configurations.rows(); ++r) {
    low = std::min(low, all.configurations(r, column));
    high = std::max(high, all.configurations(r, column));
  }
  CHECK(low < high);  // the budgets differ between the runs kept

  const std::string none = refusal(source_of(run, at(50.0)));
  CHECK(none.find("budget = 50 matches no run") != std::string::npos);
  CHECK(none.find("2.77778 (80 runs), 8.33333 (61 runs), 25 (38 runs)") != std::string::npos);
}

TEST_CASE("a SMAC3 run's metric is its cost: another metric or maximize = true is refused") {
  const std::filesystem::path run =
      test::shared_dir_or_skip("data/deepcave_hpo_runs") / "SMAC3v2/mlp/run_1";
  HistorySource source = source_of(run, {});
  source.metric = "accuracy";
  CHECK(refusal(source).find("metric = \"accuracy\", but a SMAC3 run records one metric") !=
        std::string::npos);
  source.metric = "cost";
  source.maximize = true;
  CHECK(refusal(source).find("maximize = true, but") != std::string::npos);
  source.maximize = false;
  CHECK(load_history_data(source).configurations.rows() > 0);
  // a single-fidelity run has no budget to choose
  CHECK(refusal(source_of(run, at(1.0))).find("applies only to a multi-fidelity run") !=
        std::string::npos);
  CHECK(refusal(source_of(run, {BudgetChoice::Kind::all, 0.0}))
            .find("applies only to a multi-fidelity run") != std::string::npos);
}

TEST_CASE("a DeepCAVE run folder is read as a job's history, with its objective's direction") {
  const std::filesystem::path run =
      test::shared_dir_or_skip("data/deepcave_hpo_runs") / "DeepCAVE/digits_sklearn/run_1";
  // 200 configurations at each of the budgets 10, 20, ..., 100
  const HistoryData accuracy = load_history_data(source_of(run, {}));
  CHECK(accuracy.metric_name == "accuracy");
  CHECK(accuracy.maximize);
  CHECK(accuracy.configurations.rows() + static_cast<Eigen::Index>(accuracy.invalid) == 200);
  CHECK(accuracy.budgets.find("1800 runs at other budgets left out") == 0);
  CHECK(accuracy.space.size() == 6);

  HistorySource time = source_of(run, at(10.0));
  time.metric = "time";
  const HistoryData t = load_history_data(time);
  CHECK(t.metric_name == "time");
  CHECK_FALSE(t.maximize);
  CHECK(t.configurations.rows() + static_cast<Eigen::Index>(t.invalid) == 200);

  time.maximize = true;
  CHECK(refusal(time).find("says its metric 'time' is minimised") != std::string::npos);
}

TEST_CASE("a folder that is neither a SMAC3 nor a DeepCAVE run is refused by name") {
  const std::filesystem::path empty =
      std::filesystem::temp_directory_path() / "hypershap-test-not-a-run";
  std::filesystem::create_directories(empty);
  CHECK(refusal(source_of(empty, {})).find("neither a SMAC3 run") != std::string::npos);
  std::filesystem::remove_all(empty);
}
