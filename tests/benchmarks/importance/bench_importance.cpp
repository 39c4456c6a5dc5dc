// Seconds for fANOVA at order 2 on forests of 10 and 100 trees over 7 and 20 hyperparameters
// (fitted on 1,000 random points of a function with main effects and interactions, SMAC3's forest
// settings), and for a 20×20 partial dependence with 1,000 Monte Carlo points on the YAHPO lcbench
// surrogate (instance 3945). The fANOVA figures are the best of 5 runs.
//   bench_importance [LCBENCH_JOB]

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <filesystem>

#include "hypershap/core/random.hpp"
#include "hypershap/importance/fanova.hpp"
#include "hypershap/importance/importance_job.hpp"
#include "hypershap/importance/partial_dependence.hpp"
#include "hypershap/job/job_file.hpp"
#include "hypershap/job/model_setup.hpp"
#include "hypershap/job/players.hpp"

using namespace hypershap;

namespace {

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

int main(int argc, char** argv) {
  for (const int d : {7, 20}) {
    Rng rng(11);
    const int n = 1000;
    RowMatrix x(n, d);
    Eigen::VectorXd y(n);
    for (int i = 0; i < n; ++i) {
      for (int j = 0; j < d; ++j) x(i, j) = rng.uniform();
      y[i] = 0.0;
      for (int j = 0; j < d; ++j) y[i] += std::sin(3.0 * x(i, j)) / (1.0 + j);
      y[i] += 2.0 * x(i, 0) * x(i, 1) + x(i, 2) * x(i, 3) * x(i, 3);
    }
    const std::vector<FanovaDomain> domains(static_cast<std::size_t>(d),
                                            FanovaDomain::continuous(0, 1));
    std::vector<int> features(static_cast<std::size_t>(d));
    for (int j = 0; j < d; ++j) features[static_cast<std::size_t>(j)] = j;
    for (const int trees : {10, 100}) {
      ForestOptions options;
      options.n_trees = trees;
      const RandomForest forest = RandomForest::fit(x, y, options);
      double best = 1e300;
      double best_cpu = 1e300;
      std::size_t terms = 0;
      for (int repeat = 0; repeat < 5; ++repeat) {
        const auto start = std::chrono::steady_clock::now();
        const std::clock_t cpu = std::clock();
        const FanovaResult result = fanova(forest, domains, features, 2);
        best_cpu = std::min(best_cpu, static_cast<double>(std::clock() - cpu) / CLOCKS_PER_SEC);
        best = std::min(best, seconds_since(start));
        terms = result.terms.size();
      }
      std::printf(
          "fANOVA order 2, %3d trees (%zu nodes), %2d hyperparameters, %3zu terms: %.4f s, "
          "CPU %.4f s\n",
          trees, forest.n_nodes(), d, terms, best, best_cpu);
    }
  }

  const std::filesystem::path job_path = argc > 1 ? std::filesystem::path(argv[1])
                                                  : std::filesystem::path(HYPERSHAP_SOURCE_DIR) /
                                                        "jobs" / "lcbench-fanova-comparison.toml";
  const JobSpec job = read_job_file(job_path);
  const auto model = load_model(job);
  const std::vector<int> players = job_players(job, *model, "the job", "importance");
  const Configuration baseline = pinned_baseline(job, model->space());
  PartialDependenceOptions options;
  options.grid = 20;
  options.samples = 1000;
  const std::vector<int> pair = {model->space().index_of("learning_rate", "bench"),
                                 model->space().index_of("batch_size", "bench")};
  const auto start = std::chrono::steady_clock::now();
  const std::clock_t cpu = std::clock();
  const PartialDependence pd = partial_dependence(*model, players, baseline, pair, options);
  const double seconds = seconds_since(start);
  const double cpu_seconds = static_cast<double>(std::clock() - cpu) / CLOCKS_PER_SEC;
  std::printf(
      "partial dependence %zu×%zu grid (learning_rate × batch_size), %d MC points, lcbench "
      "%s: %.3f s, CPU %.3f s (%.0f evaluations per CPU second)\n",
      pd.axes[0].size(), pd.axes[1].size(), options.samples, job.model.instance.c_str(), seconds,
      cpu_seconds, static_cast<double>(pd.mean.size()) * options.samples / cpu_seconds);
  return 0;
}
