// Benchmark (not a test): the game step of issue 16 — the Python reference's task. A random forest
// (SMAC3's defaults, 10 or 100 trees) fitted on 1,000 runs of an unconditional space of n
// hyperparameters (tests/benchmarks/data/forest-nN.*, made by make_forest_runs.py there), the
// Tunability game with 10,000 samples, every one of the 2^n coalitions evaluated in batches of
// up to 4,096 (the scheduler's largest). Prints per game: CPU seconds (user + sys of this process;
// run it on one otherwise idle core), the naive node visits (every coalition × sample × tree,
// the root-to-leaf path of the blend; estimated from 64 coalitions × 1,000 samples), the visits
// per CPU second that amounts to, the share of the naive limit (those visits at 1.3 ns each, the
// best rate issue 16 measured for a plain traversal), and a checksum of the values (the sum and a
// hash of their bits, to check that two builds compute the same game).
//
//   bench_game_step [--n 8,10,12,14] [--trees 10,100] [--samples 10000] [--batch 4096]

#include <time.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "hypershap/core/random.hpp"
#include "hypershap/games/games.hpp"
#include "hypershap/models/forest_model.hpp"
#include "hypershap/models/random_forest.hpp"

using namespace hypershap;

namespace {

double cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + 1e-9 * static_cast<double>(t.tv_nsec);
}

std::vector<int> int_list(const char* text) {
  std::vector<int> out;
  std::stringstream in(text);
  std::string item;
  while (std::getline(in, item, ',')) out.push_back(std::stoi(item));
  return out;
}

/// Nodes on the path of `row` through tree `t`, the leaf included.
int path_length(const RandomForest& forest, int t, const double* row) {
  std::int32_t index = forest.tree_root(t);
  int visits = 1;
  for (RandomForest::NodeView node = forest.node(index); !node.leaf; ++visits) {
    const double x = row[node.feature];
    bool left = false;
    if (node.left_categories == 0) {
      left = !(x > node.threshold);
    } else if (x != x) {
      left = (node.left_categories & 1U) != 0;
    } else {
      left = x >= -1.0 && x < 63.0 &&
             ((node.left_categories >> static_cast<unsigned>(static_cast<int>(x) + 1)) & 1U) != 0;
    }
    index = left ? node.left : node.right;
    node = forest.node(index);
  }
  return visits;
}

/// Mean root-to-leaf path length (summed over the trees) of the blends of `coalitions` of the
/// first `samples` draws of `space` with λ⁰: the naive evaluation's node visits per row.
double mean_visits_per_row(const RandomForest& forest, const ConfigurationSpace& space,
                           const Configuration& baseline, const std::vector<int>& players,
                           int samples) {
  Rng rng(1616);
  const ConfigurationMatrix x = space.sample(static_cast<std::size_t>(samples), rng);
  const Coalition all = (Coalition{1} << players.size()) - 1;
  double visits = 0.0;
  Configuration blend(space.size());
  constexpr int coalitions = 64;
  for (int c = 0; c < coalitions; ++c) {
    const Coalition s = rng.below(all + 1);
    for (Eigen::Index r = 0; r < x.rows(); ++r) {
      space.blend_into(x.row(r), baseline, s, players, blend);
      for (int t = 0; t < forest.n_trees(); ++t) visits += path_length(forest, t, blend.data());
    }
  }
  return visits / (coalitions * static_cast<double>(x.rows()));
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<int> sizes = {8, 10, 12, 14};
  std::vector<int> tree_counts = {10, 100};
  int samples = 10000;
  std::size_t batch = 4096;
  for (int a = 1; a + 1 < argc; a += 2) {
    if (std::strcmp(argv[a], "--n") == 0)
      sizes = int_list(argv[a + 1]);
    else if (std::strcmp(argv[a], "--trees") == 0)
      tree_counts = int_list(argv[a + 1]);
    else if (std::strcmp(argv[a], "--samples") == 0)
      samples = std::stoi(argv[a + 1]);
    else if (std::strcmp(argv[a], "--batch") == 0)
      batch = std::stoul(argv[a + 1]);
  }
  // issue 16's table: HyperSHAP v0.0.5 on shapiq 1.4.1, CPU seconds of the same task
  const std::map<std::pair<int, int>, double> reference = {{{8, 10}, 5.8},   {{8, 100}, 17.0},
                                                           {{10, 10}, 12.6}, {{10, 100}, 68.5},
                                                           {{12, 10}, 33.9}, {{12, 100}, 264.8}};
  constexpr double best_ns_per_visit = 1.3;
  const std::string data = std::string(HYPERSHAP_SOURCE_DIR) + "/tests/benchmarks/data/";
  std::printf("%3s %5s %9s %9s %12s %12s %9s %9s  %s\n", "n", "trees", "CPU s", "wall s",
              "naive visits", "visits/CPU s", "of limit", "ref/ours", "checksum (sum, bits hash)");
  for (const int n : sizes) {
    for (const int trees : tree_counts) {
      ForestModelOptions options;
      options.history = data + "forest-n" + std::to_string(n) + ".csv";
      options.space_file = data + "forest-n" + std::to_string(n) + ".configspace.json";
      options.metric = "cost";
      options.maximize = false;
      options.trees = trees;
      options.context = "bench_game_step";
      GameSetup setup;
      setup.name = "tunability";
      setup.model = load_forest_model(options);
      for (int j = 0; j < n; ++j) setup.players.push_back(j);
      setup.baseline = setup.model->space().default_configuration();
      setup.samples = samples;
      const auto game = make_random_search_game(setup, SearchGoal::maximum);

      const Coalition count = Coalition{1} << n;
      std::vector<double> values;
      values.reserve(count);
      const double cpu_start = cpu_seconds();
      const auto wall_start = std::chrono::steady_clock::now();
      for (Coalition first = 0; first < count; first += batch) {
        std::vector<Coalition> coalitions;
        for (Coalition s = first; s < std::min<Coalition>(count, first + batch); ++s)
          coalitions.push_back(s);
        for (const CoalitionOutcome& o : game->evaluate(coalitions)) values.push_back(o.value);
      }
      const double cpu = cpu_seconds() - cpu_start;
      const double wall =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();

      const double per_row =
          mean_visits_per_row(*setup.model->random_forest(), setup.model->space(), setup.baseline,
                              setup.players, std::min(samples, 1000));
      const double visits = per_row * static_cast<double>(count) * (samples + 1);
      double sum = 0.0;
      std::uint64_t hash = 0xcbf29ce484222325ULL;
      for (const double v : values) {
        sum += v;
        std::uint64_t bits = 0;
        std::memcpy(&bits, &v, sizeof bits);
        hash = (hash ^ bits) * 0x100000001b3ULL;
      }
      const auto ref = reference.find({n, trees});
      char ratio[32] = "-";
      if (ref != reference.end()) std::snprintf(ratio, sizeof ratio, "%.2f", ref->second / cpu);
      std::printf("%3d %5d %9.2f %9.2f %12.3g %12.3g %8.1f%% %9s  %.17g %016llx\n", n, trees, cpu,
                  wall, visits, visits / cpu, 100.0 * visits * best_ns_per_visit * 1e-9 / cpu,
                  ratio, sum, static_cast<unsigned long long>(hash));
      std::fflush(stdout);
    }
  }
  return 0;
}
