// Bayesian optimization: it beats random search on Branin and Hartmann-6 (the issue's acceptance:
// median simple regret after 50 trials over 10 seeds at most a third of random search's), its
// proposals are a pure function of the seed and the history (what resuming relies on), and
// crashed trials and awkward spaces do not break it.
#include <doctest/doctest.h>

#include <cstdio>

#include "bo_test_functions.hpp"
#include "hypershap/optimize/bayesian_optimization.hpp"

using namespace hypershap;

namespace {

void check_beats_random_search(const test::TestFunction& function) {
  constexpr int trials = 50;
  std::vector<double> bo_regret, rs_regret;
  for (std::uint64_t seed = 1; seed <= 10; ++seed) {
    BayesianOptimizationSettings settings;
    settings.trials = trials;
    settings.random_candidates = 1000;  // the default (SMAC3 BlackBoxFacade's challengers)
    const auto bo = make_bayesian_optimization(function.space, settings, seed);
    const auto rs = make_random_search(function.space, seed);
    bo_regret.push_back(test::run_regret(*bo, function, trials).back());
    rs_regret.push_back(test::run_regret(*rs, function, trials).back());
  }
  const double bo = test::median(bo_regret);
  const double rs = test::median(rs_regret);
  std::printf("%s, 50 trials, median simple regret over 10 seeds: BO %.3g, random search %.3g\n",
              function.name.c_str(), bo, rs);
  CAPTURE(bo);
  CAPTURE(rs);
  CHECK(bo <= rs / 3.0);
}

}  // namespace

TEST_CASE("BO's median regret after 50 trials is at most a third of random search's: Branin") {
  check_beats_random_search(test::branin_function());
}

TEST_CASE("BO's median regret after 50 trials is at most a third of random search's: Hartmann-6") {
  check_beats_random_search(test::hartmann6_function());
}

TEST_CASE("BO proposals depend only on the seed and the history (resume is exact)") {
  const test::TestFunction function = test::branin_function();
  BayesianOptimizationSettings settings;
  settings.initial_design = 5;
  settings.random_candidates = 500;
  settings.gp_full_fit_every = 4;  // full fits at trials 5, 9, 13, 17; warm refits in between
  const auto first = make_bayesian_optimization(function.space, settings, 42);
  std::vector<Trial> history;
  for (int t = 0; t < 20; ++t) {
    Configuration c = first->propose(history);
    CHECK(function.space->is_valid(c));
    history.push_back({c, function.f(c), 0.0});
  }
  const auto prefix = [&](std::size_t t) {
    return std::vector<Trial>(history.begin(), history.begin() + static_cast<long>(t));
  };
  // a fresh optimizer (a resumed run) asked at every prefix proposes the same configurations
  const auto resumed = make_bayesian_optimization(function.space, settings, 42);
  for (std::size_t t = 0; t < history.size(); ++t) {
    CAPTURE(t);
    CHECK(resumed->propose(prefix(t)) == history[t].configuration);
  }
  // and in any order, each time from scratch (its kernel cache a speed-up only)
  for (std::size_t t = history.size(); t-- > 5;) {
    CAPTURE(t);
    const auto fresh = make_bayesian_optimization(function.space, settings, 42);
    CHECK(fresh->propose(prefix(t)) == history[t].configuration);
    CHECK(resumed->propose(prefix(t)) == history[t].configuration);
  }
  // a history that differs in one cost drops the cached kernels after it; the original history
  // then gives the original proposals again
  std::vector<Trial> changed = prefix(15);
  changed[7].cost += 1.0;
  (void)resumed->propose(changed);
  for (std::size_t t = 8; t < 20; ++t) {
    CAPTURE(t);
    CHECK(resumed->propose(prefix(t)) == history[t].configuration);
  }
  // another seed, another run
  const auto other = make_bayesian_optimization(function.space, settings, 43);
  CHECK(other->propose({}) != history[0].configuration);
  // the initial design fills the box: 5 distinct points
  for (std::size_t a = 0; a < 5; ++a)
    for (std::size_t b = 0; b < a; ++b) CHECK(history[a].configuration != history[b].configuration);
}

TEST_CASE("BO handles crashed trials, all-crashed histories and conditional categorical spaces") {
  const auto space =
      std::make_shared<const ConfigurationSpace>(ConfigurationSpace::from_string(R"({
    "hyperparameters": [
      {"name": "C", "type": "uniform_float", "lower": 0.01, "upper": 100.0, "log": true,
       "default_value": 1.0},
      {"name": "kernel", "type": "categorical", "choices": ["rbf", "poly", "linear"],
       "default_value": "rbf"},
      {"name": "degree", "type": "uniform_int", "lower": 2, "upper": 6, "default_value": 3}],
    "conditions": [{"child": "degree", "parent": "kernel", "type": "EQ", "value": "poly"}]})",
                                                                                 "svm space"));
  BayesianOptimizationSettings settings;
  settings.initial_design = 4;
  settings.random_candidates = 300;
  const auto bo = make_bayesian_optimization(space, settings, 3);
  std::vector<Trial> history;
  // every trial crashes: BO keeps proposing valid configurations (random ones)
  for (int t = 0; t < 6; ++t) {
    Configuration c = bo->propose(history);
    REQUIRE(space->is_valid(c));
    history.push_back({c, std::nan(""), 0.0});
  }
  // then costs arrive, crashed ones among them: the best region is poly with degree 2, C = 1
  for (int t = 0; t < 25; ++t) {
    Configuration c = bo->propose(history);
    REQUIRE(space->is_valid(c));
    const bool crash = t % 5 == 0;
    const double cost = crash ? std::nan("")
                              : std::pow(std::log10(c(0)), 2) + (c(1) == 1.0 ? 0.0 : 1.0) +
                                    (c(1) == 1.0 ? 0.1 * (c(2) - 2.0) : 0.0);
    history.push_back({c, cost, 0.0});
  }
  double best = std::numeric_limits<double>::infinity();
  for (const Trial& trial : history)
    if (std::isfinite(trial.cost)) best = std::min(best, trial.cost);
  CHECK(best < 0.5);  // found the poly kernel (other kernels cost at least 1)
}
