// The readers and the forest on real run histories: the SMAC3 runs in ../shared and the embedded
// default in jobs/data.

#include <doctest/doctest.h>

#include <cmath>
#include <filesystem>
#include <string>

#include "hypershap/models/random_forest.hpp"
#include "hypershap/models/run_history.hpp"
#include "hypershap/models/simple_encoding.hpp"
#include "test_support.hpp"

using namespace hypershap;

namespace {

struct Expected {
  const char* folder;
  std::size_t kept;
  std::size_t skipped;
  std::size_t hyperparameters;
};

// counted independently with Python's json module: runs by status, SUCCESS kept
constexpr Expected smac_runs[] = {
    {"SMAC3v2/mlp/run_1", 20, 0, 4},
    {"SMAC3v2/mlp/run_2", 60, 0, 4},
    {"SMAC3v2/mlp/run_3", 100, 0, 4},
    {"SMAC3v2/multi-fidelity/run_1", 179, 0, 7},
    {"SMAC3v2/multi-fidelity/run_2", 266, 0, 7},
    {"SMAC3v2/mlp-nondeterministic/run_1", 154, 0, 7},
    {"SMAC3v2/mlp-nondeterministic/run_2", 49, 1, 7},
    {"SMAC3v1/outlier-detection/SMAC-pendigits-015-0-0", 650, 23, 39},
    {"SMAC3v1/outlier-detection/SMAC-pendigits-015-0-25", 640, 31, 39},
    {"SMAC3v1/outlier-detection/SMAC-pendigits-015-0-50", 652, 17, 39},
    {"SMAC3v1/outlier-detection/DEHB-pendigits-015-0-0", 492, 9, 39},
    {"SMAC3v1/outlier-detection/DEHB-pendigits-015-0-25", 488, 13, 39},
    {"SMAC3v1/outlier-detection/DEHB-pendigits-015-0-50", 494, 7, 39},
};

}  // namespace

TEST_CASE("every shared SMAC3 run is read, and a forest on it reports a finite OOB error") {
  const std::filesystem::path root = test::shared_dir_or_skip("data/deepcave_hpo_runs");
  for (const Expected& expected : smac_runs) {
    const std::string folder = expected.folder;
    CAPTURE(folder);
    const RunHistory h = read_smac_run(root / expected.folder);
    CHECK(h.size() == expected.kept);
    CHECK(h.skipped == expected.skipped);
    CHECK(h.hyperparameters.size() == expected.hyperparameters);
    CHECK_FALSE(h.maximize);
    for (const double cost : h.metric) CHECK(std::isfinite(cost));
    const EncodedRunHistory e = encode_simply(h);
    ForestOptions options;
    options.seed = 0;
    const RandomForest forest =
        RandomForest::fit(e.features, e.targets, options, e.categories, Objective{"cost", false});
    const OutOfBagError& oob = forest.oob_error();
    CHECK(std::isfinite(oob.rmse));
    CHECK(std::isfinite(oob.r2));
    CHECK(oob.rows > 0);
    double sd = 0.0, mean = e.targets.mean();
    for (const double y : e.targets) sd += (y - mean) * (y - mean);
    sd = std::sqrt(sd / static_cast<double>(e.targets.size()));
    // multi-fidelity runs mix budgets the encoding does not see; the top budget alone, for the
    // report
    const RunHistory top = highest_budget_runs(h);
    std::string top_text = "all runs at one budget";
    if (top.size() < h.size() && top.size() >= 2) {
      const EncodedRunHistory et = encode_simply(top);
      const RandomForest ft = RandomForest::fit(et.features, et.targets, options, et.categories);
      top_text = "top budget: " + std::to_string(top.size()) + " runs, OOB RMSE " +
                 std::to_string(ft.oob_error().rmse) + ", R² " + std::to_string(ft.oob_error().r2);
    }
    MESSAGE(folder << ": " << h.size() << " runs (" << h.skipped << " skipped), OOB RMSE "
                   << oob.rmse << " (sd of cost " << sd << "), R² " << oob.r2 << "; " << top_text);
  }
}

TEST_CASE("the SMAC3 v1 statuses of the outlier-detection runs are counted by name") {
  const std::filesystem::path root = test::shared_dir_or_skip("data/deepcave_hpo_runs");
  const RunHistory smac = read_smac_run(root / "SMAC3v1/outlier-detection/SMAC-pendigits-015-0-0");
  CHECK(smac.skipped_by_status.at("CRASHED") == 21);
  CHECK(smac.skipped_by_status.at("RUNNING") == 2);
  const RunHistory dehb = read_smac_run(root / "SMAC3v1/outlier-detection/DEHB-pendigits-015-0-0");
  CHECK(dehb.skipped_by_status.at("CRASHED") == 8);
  CHECK(dehb.skipped_by_status.at("STOP") == 1);
  // budgets 11.1, 33.3, 100: the top fidelity holds the runs SMAC reports its incumbent at
  const RunHistory top = highest_budget_runs(smac);
  CHECK(top.size() > 0);
  CHECK(top.size() < smac.size());
  for (const double b : top.budget) CHECK(b == 100.0);
}

TEST_CASE("the shared DeepCAVE runs are read with accuracy maximised, every budget kept") {
  const std::filesystem::path root = test::shared_dir_or_skip("data/deepcave_hpo_runs");
  for (const char* run : {"run_1", "run_2", "run_3"}) {
    const std::string folder = std::string("DeepCAVE/digits_sklearn/") + run;
    CAPTURE(folder);
    const RunHistory h = read_deepcave_run(root / folder, "accuracy");
    CHECK(h.size() == 2000);  // 200 configurations x 10 budgets, all SUCCESS
    CHECK(h.skipped == 0);
    CHECK(h.maximize);
    CHECK(h.hyperparameters.size() == 6);
    const RunHistory top = highest_budget_runs(h);
    CHECK(top.size() == 200);
    const EncodedRunHistory e = encode_simply(top);
    const RandomForest forest =
        RandomForest::fit(e.features, e.targets, {}, e.categories, Objective{"accuracy", true});
    CHECK(std::isfinite(forest.oob_error().rmse));
    MESSAGE(folder << " at budget 100: " << top.size() << " runs, OOB RMSE "
                   << forest.oob_error().rmse << ", R² " << forest.oob_error().r2);
  }
}

TEST_CASE("the embedded default run history (jobs/data/svm_digits.csv) is read and modelled") {
  const std::filesystem::path file = test::source_dir() / "jobs/data/svm_digits.csv";
  const RunHistory h = read_run_history_csv(file, "accuracy", true);
  CHECK(h.hyperparameters == std::vector<std::string>{"C", "gamma", "kernel", "degree", "coef0"});
  CHECK(h.size() == 200);
  for (const double a : h.metric) {
    CHECK(a >= 0.0);
    CHECK(a <= 1.0);
  }
  const EncodedRunHistory e = encode_simply(h);
  CHECK(e.categories == std::vector<int>{0, 0, 4, 0, 0});
  ForestOptions options;
  const RandomForest forest =
      RandomForest::fit(e.features, e.targets, options, e.categories, Objective{"accuracy", true});
  CHECK(std::isfinite(forest.oob_error().rmse));
  // random search over a space where a third of C x gamma fails badly: a forest explains most of it
  CHECK(forest.oob_error().r2 > 0.5);
  MESSAGE("svm_digits: OOB RMSE " << forest.oob_error().rmse << ", R² " << forest.oob_error().r2);
}
