// The trial history of `hypershap optimize` in the store: trials appended in order come back
// exactly, with the incumbent so far; a reopened store continues where it stopped; another run's
// settings are refused; h5py reads the layout the README documents.

#include <doctest/doctest.h>

#include <cstring>
#include <limits>

#include "hypershap/core/error.hpp"
#include "hypershap/store/trial_history.hpp"
#include "store_test_support.hpp"

using namespace hypershap;

namespace {

TrialHistoryInfo example_info() {
  TrialHistoryInfo info;
  info.optimizer = "random-search";
  info.budget = 10;
  info.seed = 7;
  info.metric = "accuracy";
  info.maximize = true;
  info.hyperparameters = {"lr", "kernel", "degree"};
  info.snapshots = {5, 10};
  return info;
}

const double missing = std::numeric_limits<double>::quiet_NaN();

TrialRecord trial(double lr, double objective) {
  TrialRecord t;
  t.configuration = {lr, 1.0, missing};
  t.objective = objective;
  t.cost = -objective;
  t.seconds = lr / 10;
  return t;
}

bool same_bits(const std::vector<double>& a, const std::vector<double>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0;
}

}  // namespace

TEST_CASE("trials come back exactly and in order with the incumbent so far") {
  const test::ScratchDir dir;
  const auto path = dir / "run.h5";
  {
    StoreWriter store(path, test::example_job(), {});
    TrialHistoryWriter trials(store, example_info());
    CHECK(trials.count() == 0);
    trials.append({trial(0.1, 0.5), trial(0.2, missing)});  // a failed trial is never the incumbent
    trials.append({trial(0.3, 0.4), trial(0.4, 0.9), trial(0.5, 0.9)});  // a tie keeps the first
    CHECK(trials.count() == 5);
  }
  const StoredTrials t = read_trial_history(path);
  REQUIRE(t.count() == 5);
  CHECK(t.info.optimizer == "random-search");
  CHECK(t.info.budget == 10);
  CHECK(t.info.seed == 7);
  CHECK(t.info.maximize);
  CHECK(t.info.hyperparameters == std::vector<std::string>{"lr", "kernel", "degree"});
  CHECK(t.info.snapshots == std::vector<std::int64_t>{5, 10});
  CHECK(same_bits(t.objective, {0.5, missing, 0.4, 0.9, 0.9}));
  CHECK(same_bits(t.cost, {-0.5, -missing, -0.4, -0.9, -0.9}));
  CHECK(t.incumbent == std::vector<std::int64_t>{0, 0, 0, 3, 3});
  CHECK(same_bits(t.incumbent_cost, {-0.5, -0.5, -0.5, -0.9, -0.9}));
  CHECK(same_bits(t.configurations, {0.1, 1, missing, 0.2, 1, missing, 0.3, 1, missing, 0.4, 1,
                                     missing, 0.5, 1, missing}));
  CHECK(t.seconds[4] == 0.05);
  CHECK(has_trial_history(path));
}

TEST_CASE("a reopened history continues and other settings are refused with the way out") {
  const test::ScratchDir dir;
  const auto path = dir / "run.h5";
  {
    StoreWriter store(path, test::example_job(), {});
    TrialHistoryWriter(store, example_info()).append({trial(0.1, 0.5)});
  }
  {
    StoreWriter store(path, test::example_job(), {});
    CHECK_FALSE(store.created());
    TrialHistoryWriter trials(store, example_info());
    CHECK(trials.count() == 1);
    trials.append({trial(0.2, 0.7)});
    CHECK(trials.read().incumbent == std::vector<std::int64_t>{0, 1});
  }
  StoreWriter store(path, test::example_job(), {});
  TrialHistoryInfo other = example_info();
  other.seed = 8;
  try {
    TrialHistoryWriter trials(store, other);
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(e.code() == ExitCode::invalid_input);
    CHECK(std::string(e.what()).find("seed 7") != std::string::npos);
    CHECK(std::string(e.what()).find("to start fresh") != std::string::npos);
  }
  CHECK(read_trial_history(path).count() == 2);
}

TEST_CASE("more trials than the budget are a bug and a store without trials says what it is") {
  const test::ScratchDir dir;
  const auto path = dir / "run.h5";
  {
    StoreWriter store(path, test::example_job(), test::example_games());
    TrialHistoryInfo info = example_info();
    info.budget = 2;
    TrialHistoryWriter trials(store, info);
    CHECK_THROWS_AS(trials.append({trial(0.1, 1), trial(0.2, 1), trial(0.3, 1)}),
                    std::invalid_argument);
  }
  const auto games_only = dir / "games.h5";
  { StoreWriter store(games_only, test::example_job(), test::example_games()); }
  CHECK_FALSE(has_trial_history(games_only));
  try {
    read_trial_history(games_only);
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(e.code() == ExitCode::invalid_input);
    CHECK(std::string(e.what()).find("not the store of `hypershap optimize`") != std::string::npos);
  }
}
