// Bayesian optimization and its Gaussian process, measured (figures, not tests):
//   1. simple regret of BO and random search after 25/50/100 trials on Branin and Hartmann-6,
//      median over 10 seeds (one 100-trial run per seed; the initial design is capped at 25);
//   2. seconds per BO proposal with 50, 200 and 1,000 observations (Hartmann-6, random history),
//      over one period of the kernel schedule (a full fit, then warm refits);
//   3. GP fit time against n (SMAC's 10 restarts, and one start);
//   4. BO and random search with the lcbench surrogate (instance 3945, epoch 52) as objective.
// Times are CPU seconds of the (single) thread on one core.
// Usage: bench_bo [--quick] [regret|iteration|fit|lcbench]
//   (--quick: 3 seeds, no n = 1,000; a section name runs that section only)
#include <cstdio>
#include <cstring>
#include <ctime>
#include <map>
#include <nlohmann/json.hpp>

#include "../../unit/optimize/bo_test_functions.hpp"
#include "hypershap/models/gp_model.hpp"
#include "hypershap/models/yahpo_model.hpp"
#include "hypershap/optimize/bayesian_optimization.hpp"

using namespace hypershap;

namespace {

// CPU seconds of this thread: the figures hold on a shared, oversubscribed machine too (the work
// is single-threaded).
struct Clock {
  using time_point = double;
  static double now() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
  }
};

double seconds_since(double start) { return Clock::now() - start; }

void regret_table(int seeds) {
  std::printf(
      "\n1. median simple regret over %d seeds (BO: GP + EI, SMAC BlackBoxFacade "
      "defaults; RS: random search)\n",
      seeds);
  std::printf("%-12s %-8s %12s %12s %12s\n", "function", "method", "25 trials", "50 trials",
              "100 trials");
  for (const test::TestFunction& function : {test::branin_function(), test::hartmann6_function()}) {
    std::map<std::string, std::vector<std::vector<double>>> regret;  // method → seed → trial
    double bo_seconds = 0.0;
    for (int seed = 1; seed <= seeds; ++seed) {
      BayesianOptimizationSettings settings;
      settings.trials = 100;
      const auto bo =
          make_bayesian_optimization(function.space, settings, static_cast<std::uint64_t>(seed));
      const auto rs = make_random_search(function.space, static_cast<std::uint64_t>(seed));
      const double start = Clock::now();
      regret["BO"].push_back(test::run_regret(*bo, function, 100));
      bo_seconds += seconds_since(start);
      regret["RS"].push_back(test::run_regret(*rs, function, 100));
    }
    for (const char* method : {"BO", "RS"}) {
      std::printf("%-12s %-8s", function.name.c_str(), method);
      for (const int trials : {25, 50, 100}) {
        std::vector<double> at;
        for (const auto& run : regret[method])
          at.push_back(run[static_cast<std::size_t>(trials - 1)]);
        std::printf(" %12.4g", test::median(at));
      }
      std::printf("\n");
    }
    std::printf("%-12s BO CPU time %.1f s per 100-trial run\n", function.name.c_str(),
                bo_seconds / seeds);
  }
}

std::vector<Trial> random_history(const test::TestFunction& function, int n) {
  Rng rng(7);
  std::vector<Trial> history;
  for (int i = 0; i < n; ++i) {
    Configuration c = function.space->sample(rng);
    const double cost = function.f(c);
    history.push_back({std::move(c), cost, 0.0});
  }
  return history;
}

void seconds_per_iteration(const std::vector<int>& sizes) {
  const BayesianOptimizationSettings defaults;
  const int k = defaults.gp_full_fit_every;
  std::printf(
      "\n2. seconds per BO proposal (Hartmann-6, a random history; GP refit + EI search over "
      "1,000 random candidates and local search), over the %d proposals from a full GP fit "
      "(%d restarts) at n observations to the next: one optimizer asked in turn, as a run asks "
      "it\n",
      k, defaults.gp_restarts);
  std::printf("  %6s %12s %12s %12s %14s\n", "n", "mean [s]", "full fit [s]", "warm [s]",
              "GP fit alone");
  const test::TestFunction function = test::hartmann6_function();
  for (const int n : sizes) {
    const std::vector<Trial> history = random_history(function, n + k);
    BayesianOptimizationSettings settings;
    settings.random_probability = 0.0;  // always the GP path
    settings.initial_design = n;        // trial n is a full fit, n + 1 ... n + k − 1 warm
    const auto bo = make_bayesian_optimization(function.space, settings, 1);
    std::vector<double> warm;
    double total = 0.0, full = 0.0;
    for (int t = n; t < n + k; ++t) {
      const std::vector<Trial> prefix(history.begin(), history.begin() + t);
      const double start = Clock::now();
      const Configuration c = bo->propose(prefix);
      const double seconds = seconds_since(start);
      (void)c;
      total += seconds;
      if (t == n)
        full = seconds;
      else
        warm.push_back(seconds);
    }
    // the GP fit alone at n (full: SMAC's initial kernel and the restarts)
    ConfigurationMatrix configs(n, function.space->size());
    Eigen::VectorXd costs(n);
    for (int i = 0; i < n; ++i) {
      configs.row(i) = history[static_cast<std::size_t>(i)].configuration;
      costs(i) = history[static_cast<std::size_t>(i)].cost;
    }
    GpOptions options;
    options.restarts = settings.gp_restarts;
    const double fit_start = Clock::now();
    const GaussianProcess gp =
        GaussianProcess::fit(gp_inputs(*function.space, configs), costs,
                             gp_categorical_columns(*function.space), options);
    const double fit = seconds_since(fit_start);
    std::printf("  %6d %12.4f %12.4f %12.4f %14.4f\n", n, total / k, full, test::median(warm), fit);
  }
}

void gp_fit_time(const std::vector<int>& sizes) {
  std::printf("\n3. GP fit time on Hartmann-6 data (6 inputs, L-BFGS-B with analytic gradients)\n");
  std::printf("  %6s %14s %14s %16s\n", "n", "1 start [s]", "11 starts [s]", "one LML+grad [s]");
  const test::TestFunction function = test::hartmann6_function();
  for (const int n : sizes) {
    const std::vector<Trial> history = random_history(function, n);
    ConfigurationMatrix configs(n, function.space->size());
    Eigen::VectorXd costs(n);
    for (int i = 0; i < n; ++i) {
      configs.row(i) = history[static_cast<std::size_t>(i)].configuration;
      costs(i) = history[static_cast<std::size_t>(i)].cost;
    }
    const GpMatrix x = gp_inputs(*function.space, configs);
    const std::vector<bool> continuous(6, false);
    double times[2];
    int index = 0;
    for (const int restarts : {0, 10}) {
      GpOptions options;
      options.restarts = restarts;
      const double start = Clock::now();
      const GaussianProcess gp = GaussianProcess::fit(x, costs, continuous, options);
      times[index++] = seconds_since(start);
    }
    const GpCovariance cov(continuous);
    GpKernel k;
    k.lengthscales = Eigen::VectorXd::Constant(6, 0.5);
    k.noise = 1e-4;
    Eigen::VectorXd g;
    const Eigen::VectorXd y = (costs.array() - costs.mean()).matrix();
    const double start = Clock::now();
    GaussianProcess::log_marginal_likelihood(cov, x, y, k, &g);
    std::printf("  %6d %14.4f %14.4f %16.5f\n", n, times[0], times[1], seconds_since(start));
  }
}

void lcbench(int seeds) {
  const std::filesystem::path folder = HYPERSHAP_LCBENCH;
  if (!std::filesystem::is_directory(folder)) {
    std::printf("\n4. skipped: %s is missing\n", folder.string().c_str());
    return;
  }
  YahpoModelOptions options;
  options.folder = folder;
  options.instance = "3945";
  options.metric = "val_accuracy";
  const auto model = load_yahpo_model(options);
  // the tuned space: lcbench's seven hyperparameters (not the instance, not the epoch)
  nlohmann::json json = nlohmann::json::parse(model->space_json());
  nlohmann::json kept = nlohmann::json::array();
  for (const auto& h : json["hyperparameters"])
    if (h["name"] != "OpenML_task_id" && h["name"] != "epoch") kept.push_back(h);
  json["hyperparameters"] = kept;
  json["conditions"] = nlohmann::json::array();
  json["forbiddens"] = nlohmann::json::array();
  const auto space = std::make_shared<const ConfigurationSpace>(
      ConfigurationSpace::from_string(json.dump(), "lcbench tuned space"));
  const ConfigurationSpace& full = model->space();
  const auto val_accuracy = [&](const Configuration& c) {
    std::map<std::string, HumanValue> values = space->to_values(c);
    values["OpenML_task_id"] = std::string("3945");
    values["epoch"] = 52.0;
    ConfigurationMatrix row(1, full.size());
    row.row(0) = full.from_values(values, "bench");
    Eigen::VectorXd v(1);
    model->evaluate(row, v);
    return v(0);
  };
  std::printf(
      "\n4. lcbench surrogate (instance 3945, epoch 52) as objective: median best "
      "val_accuracy over %d seeds\n",
      seeds);
  std::printf("  %-8s %10s %10s %10s %16s\n", "method", "25", "50", "100", "s per proposal");
  for (const char* method : {"BO", "RS"}) {
    std::vector<std::vector<double>> best(3);
    double proposal_seconds = 0.0;
    for (int seed = 1; seed <= seeds; ++seed) {
      BayesianOptimizationSettings settings;
      settings.trials = 100;
      const auto optimizer =
          std::string(method) == "BO"
              ? make_bayesian_optimization(space, settings, static_cast<std::uint64_t>(seed))
              : make_random_search(space, static_cast<std::uint64_t>(seed));
      std::vector<Trial> history;
      double top = -1e300;
      for (int t = 1; t <= 100; ++t) {
        const double start = Clock::now();
        Configuration c = optimizer->propose(history);
        proposal_seconds += seconds_since(start);
        const double acc = val_accuracy(c);
        top = std::max(top, acc);
        history.push_back({std::move(c), -acc, 0.0});
        if (t == 25) best[0].push_back(top);
        if (t == 50) best[1].push_back(top);
        if (t == 100) best[2].push_back(top);
      }
    }
    std::printf("  %-8s %10.4f %10.4f %10.4f %16.4f\n", method, test::median(best[0]),
                test::median(best[1]), test::median(best[2]), proposal_seconds / (100.0 * seeds));
  }
}

}  // namespace

int main(int argc, char** argv) {
  std::setvbuf(stdout, nullptr, _IOLBF, 0);  // each figure as it is measured, also into a file
  bool quick = false;
  std::string only;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--quick") == 0)
      quick = true;
    else
      only = argv[i];
  }
  const int seeds = quick ? 3 : 10;
  if (only.empty() || only == "regret") regret_table(seeds);
  if (only.empty() || only == "iteration")
    seconds_per_iteration(quick ? std::vector<int>{50, 200} : std::vector<int>{50, 200, 1000});
  if (only.empty() || only == "fit")
    gp_fit_time(quick ? std::vector<int>{50, 100, 200} : std::vector<int>{50, 100, 200, 500, 1000});
  if (only.empty() || only == "lcbench") lcbench(quick ? 2 : 5);
  return 0;
}
