// The forest fast path of the random-search games (issue 16) against the plain definition:
// RandomForest::blend_sums against predict_one of each blend built by hand, and Tunability,
// Mistunability and Sensitivity on a forest against brute force over every coalition (each
// blend made by ConfigurationSpace::blend and predicted alone), bit for bit, on random forests
// with categorical splits, whatever the batches; a conditional space (where blends re-resolve
// conditions and the per-coalition path runs) against the same brute force.

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "hypershap/core/random.hpp"
#include "hypershap/games/games.hpp"
#include "hypershap/models/forest_model.hpp"
#include "hypershap/models/history_data.hpp"
#include "hypershap/models/random_forest.hpp"

using namespace hypershap;

namespace {

const char* const plain_space = R"({
  "name": "plain",
  "hyperparameters": [
    {"type": "uniform_float", "name": "a", "lower": 0.0, "upper": 1.0, "default_value": 0.5, "log": false},
    {"type": "uniform_float", "name": "b", "lower": 0.0001, "upper": 1.0, "default_value": 0.01, "log": true},
    {"type": "uniform_int", "name": "c", "lower": 1, "upper": 16, "default_value": 8, "log": false},
    {"type": "categorical", "name": "d", "choices": ["p", "q", "r", "s"], "default_value": "q"},
    {"type": "uniform_float", "name": "e", "lower": -1.0, "upper": 1.0, "default_value": 0.0, "log": false},
    {"type": "categorical", "name": "f", "choices": ["x", "y", "z"], "default_value": "x"},
    {"type": "uniform_float", "name": "g", "lower": 0.0, "upper": 1.0, "default_value": 0.9, "log": false}
  ],
  "conditions": [], "forbiddens": []
})";

const char* const conditional_space = R"({
  "name": "conditional",
  "hyperparameters": [
    {"type": "categorical", "name": "kind", "choices": ["p", "q"], "default_value": "p"},
    {"type": "uniform_float", "name": "a", "lower": 0.0, "upper": 1.0, "default_value": 0.5, "log": false},
    {"type": "uniform_float", "name": "b", "lower": 0.0, "upper": 1.0, "default_value": 0.2, "log": false},
    {"type": "uniform_int", "name": "c", "lower": 1, "upper": 8, "default_value": 2, "log": false}
  ],
  "conditions": [
    {"child": "b", "parent": "kind", "type": "EQ", "value": "q"}
  ],
  "forbiddens": []
})";

double nan_to(double x, double fallback) { return std::isnan(x) ? fallback : x; }

/// A forest of `trees` trees fitted on 400 random runs of `space_json` with a cost that mixes
/// every hyperparameter (categories by their index), seeded.
std::shared_ptr<const PerformanceModel> random_forest_model(const char* space_json, int trees,
                                                            std::uint64_t seed) {
  HistoryData data;
  data.space = ConfigurationSpace::from_string(space_json, "test");
  data.space_json = space_json;
  data.source = "test";
  data.metric_name = "cost";
  Rng rng(seed);
  data.configurations = data.space.sample(400, rng);
  data.metric.resize(data.configurations.rows());
  for (Eigen::Index r = 0; r < data.configurations.rows(); ++r) {
    double y = 0.0;
    for (Eigen::Index j = 0; j < data.configurations.cols(); ++j) {
      const double x = nan_to(data.configurations(r, j), -0.5);
      y += std::sin(1.7 * x + static_cast<double>(j)) * (1.0 + 0.3 * static_cast<double>(j));
      if (j > 0) y += 0.4 * x * nan_to(data.configurations(r, j - 1), 0.3);
    }
    data.metric(r) = y + 0.05 * rng.normal();
  }
  ForestModelOptions options;
  options.trees = trees;
  options.seed = seed;
  return load_forest_model(options, &data);
}

/// The same model without its forest: games over it take the per-coalition path, and it keeps
/// the configurations of the last batch evaluated.
class HiddenForest final : public PerformanceModel {
 public:
  explicit HiddenForest(std::shared_ptr<const PerformanceModel> model) : model_(std::move(model)) {}
  const ConfigurationSpace& space() const override { return model_->space(); }
  const std::string& space_json() const override { return model_->space_json(); }
  std::vector<std::string> outputs() const override { return model_->outputs(); }
  const std::string& metric() const override { return model_->metric(); }
  bool maximize() const override { return model_->maximize(); }
  void evaluate(const ConfigurationMatrix& configurations,
                Eigen::Ref<Eigen::VectorXd> values) const override {
    last = configurations;
    model_->evaluate(configurations, values);
  }
  std::string describe() const override { return "hidden forest"; }
  mutable ConfigurationMatrix last;

 private:
  std::shared_ptr<const PerformanceModel> model_;
};

GameSetup setup_of(std::shared_ptr<const PerformanceModel> model, std::vector<int> players,
                   int samples) {
  GameSetup setup;
  setup.name = "g";
  setup.model = std::move(model);
  setup.players = std::move(players);
  setup.baseline = setup.model->space().default_configuration();
  setup.seed = 11;
  setup.samples = samples;
  return setup;
}

/// The game's samples: the rows its per-coalition path evaluates for the grand coalition, where
/// every hyperparameter is a player (a blend of x with every player is x).
ConfigurationMatrix samples_of(const std::shared_ptr<const PerformanceModel>& forest, int samples) {
  const auto hidden = std::make_shared<HiddenForest>(forest);
  std::vector<int> all(static_cast<std::size_t>(forest->space().size()));
  for (std::size_t i = 0; i < all.size(); ++i) all[i] = static_cast<int>(i);
  const auto game = make_random_search_game(setup_of(hidden, all, samples), SearchGoal::maximum);
  game->evaluate({grand_coalition(static_cast<int>(all.size()))});
  return hidden->last.bottomRows(samples);
}

/// v(S) and the best configuration by the definition: every blend made by blend() and
/// predicted alone; λ⁰ first, ties keep the earlier row, forbidden blends left out.
CoalitionOutcome brute_force(const PerformanceModel& model, const GameSetup& setup,
                             const ConfigurationMatrix& samples, SearchGoal goal, Coalition s) {
  const ConfigurationSpace& space = model.space();
  const RandomForest& forest = *model.random_forest();
  const double sign = model.maximize() ? 1.0 : -1.0;
  const double base = forest.predict_one(setup.baseline.data()) * sign;
  CoalitionOutcome out;
  out.value = goal == SearchGoal::variance ? 0.0 : base;
  out.best = setup.baseline;
  if (s == 0) return out;
  double sum = 0.0, sum_sq = 0.0;
  std::size_t used = 0;
  for (Eigen::Index r = 0; r < samples.rows(); ++r) {
    const Blend blend = space.blend(samples.row(r), setup.baseline, s, setup.players);
    if (blend.forbidden) continue;
    const double p = forest.predict_one(blend.configuration.data()) * sign;
    if (goal == SearchGoal::variance) {
      sum += p - base;
      sum_sq += (p - base) * (p - base);
      ++used;
    } else if (goal == SearchGoal::maximum ? p > out.value : p < out.value) {
      out.value = p;
      out.best = blend.configuration;
    }
  }
  if (goal == SearchGoal::variance && used > 0) {
    const double mean = sum / static_cast<double>(used);
    out.value = std::max(0.0, sum_sq / static_cast<double>(used) - mean * mean);
  }
  return out;
}

bool same(const Configuration& a, const Configuration& b) {
  if (a.size() != b.size()) return false;
  for (Eigen::Index i = 0; i < a.size(); ++i)
    if (!(a[i] == b[i] || (std::isnan(a[i]) && std::isnan(b[i])))) return false;
  return true;
}

/// The order seed that asks for coalitions 64 apart (s, s + 64, s + 128, ...): batches spread
/// as thin as a sparse game's sample, which take the one-coalition path of the forest games.
constexpr std::uint64_t strided = ~std::uint64_t{0};

/// Every coalition in batches of the given sizes, in a shuffled (or strided) order.
std::vector<CoalitionOutcome> evaluate_in_batches(const ExplanationGame& game, std::size_t size,
                                                  std::uint64_t seed) {
  const auto count = static_cast<Coalition>(coalition_count(game.n()));
  std::vector<Coalition> order(count);
  for (Coalition s = 0; s < count; ++s) order[s] = s;
  if (seed == strided) {
    std::stable_sort(order.begin(), order.end(),
                     [](Coalition a, Coalition b) { return a % 64 < b % 64; });
  } else if (seed != 0) {
    Rng rng(seed);
    for (std::size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[rng.below(i)]);
  }
  std::vector<CoalitionOutcome> outcomes(count);
  for (std::size_t first = 0; first < order.size(); first += size) {
    const std::vector<Coalition> batch(
        order.begin() + static_cast<std::ptrdiff_t>(first),
        order.begin() + static_cast<std::ptrdiff_t>(std::min(order.size(), first + size)));
    const std::vector<CoalitionOutcome> got = game.evaluate(batch);
    for (std::size_t i = 0; i < batch.size(); ++i) outcomes[batch[i]] = got[i];
  }
  return outcomes;
}

/// A space of `n` hyperparameters without conditions: floats, log floats, integers, categoricals.
std::string wide_space(int n) {
  std::string json = R"({"name": "wide", "conditions": [], "forbiddens": [], "hyperparameters": [)";
  for (int j = 0; j < n; ++j) {
    const std::string name = "\"h" + std::to_string(j) + "\"";
    if (j > 0) json += ",";
    switch (j % 4) {
      case 0:
        json += R"({"type": "uniform_float", "name": )" + name +
                R"(, "lower": 0.0, "upper": 1.0, "default_value": 0.3, "log": false})";
        break;
      case 1:
        json += R"({"type": "uniform_float", "name": )" + name +
                R"(, "lower": 0.001, "upper": 1.0, "default_value": 0.1, "log": true})";
        break;
      case 2:
        json += R"({"type": "uniform_int", "name": )" + name +
                R"(, "lower": 1, "upper": 9, "default_value": 4, "log": false})";
        break;
      default:
        json += R"({"type": "categorical", "name": )" + name +
                R"(, "choices": ["u", "v", "w"], "default_value": "w"})";
    }
  }
  return json + "]}";
}

void check_game(const char* space_json, std::vector<int> players, int trees, std::uint64_t seed,
                int samples = 150) {
  const auto forest = random_forest_model(space_json, trees, seed);
  const ConfigurationMatrix x = samples_of(forest, samples);
  for (const SearchGoal goal : {SearchGoal::maximum, SearchGoal::minimum, SearchGoal::variance}) {
    const GameSetup setup = setup_of(forest, players, samples);
    const auto fast = make_random_search_game(setup, goal);
    const auto plain = make_random_search_game(
        setup_of(std::make_shared<HiddenForest>(forest), players, samples), goal);
    const int n = fast->n();
    std::vector<CoalitionOutcome> expected;
    for (Coalition s = 0; s < coalition_count(n); ++s)
      expected.push_back(brute_force(*forest, setup, x, goal, s));
    for (const auto& [size, order_seed] :
         std::vector<std::pair<std::size_t, std::uint64_t>>{{coalition_count(n), 0},
                                                            {1, 0},
                                                            {5, 3},
                                                            {16, 0},
                                                            {37, 9},
                                                            {300, 0},
                                                            {700, 5},
                                                            {2, strided}}) {
      for (const ExplanationGame* game : {fast.get(), plain.get()}) {
        CAPTURE(size);
        CAPTURE(static_cast<int>(goal));
        CAPTURE(game == fast.get());
        const std::vector<CoalitionOutcome> got = evaluate_in_batches(*game, size, order_seed);
        int mismatches = 0;
        for (Coalition s = 0; s < coalition_count(n); ++s) {
          const bool value_ok = got[s].value == expected[s].value;
          const bool best_ok = goal == SearchGoal::variance || same(got[s].best, expected[s].best);
          const bool evaluations_ok =
              got[s].evaluations == (s == 0 ? 1U : static_cast<std::uint64_t>(samples) + 1U);
          if (!(value_ok && best_ok && evaluations_ok) && ++mismatches <= 3) {
            CAPTURE(s);
            CHECK(got[s].value == expected[s].value);
            CHECK(best_ok);
            CHECK(evaluations_ok);
          }
        }
        CHECK(mismatches == 0);
      }
    }
  }
}

}  // namespace

TEST_CASE("blend_sums gives predict_one of every blend of a block, bit for bit") {
  for (const int trees : {1, 7, 30}) {
    const auto model = random_forest_model(plain_space, trees, 100U + static_cast<unsigned>(trees));
    const RandomForest& forest = *model->random_forest();
    const ConfigurationSpace& space = model->space();
    const std::vector<int> players = {0, 2, 3, 5, 6};  // b and e stay at λ⁰
    std::vector<int> player_of(static_cast<std::size_t>(space.size()), -1);
    for (std::size_t j = 0; j < players.size(); ++j)
      player_of[static_cast<std::size_t>(players[j])] = static_cast<int>(j);
    Rng rng(5);
    const ConfigurationMatrix x = space.sample(40, rng);
    const Configuration lambda0 = space.sample(1, rng).row(0);
    int checked = 0;
    for (Eigen::Index r = 0; r < x.rows(); ++r) {
      for (const int low_bits : {0, 1, 3, 5}) {
        const Coalition high =
            rng.below(coalition_count(5)) & ~static_cast<Coalition>(coalition_count(low_bits) - 1);
        std::vector<double> sums(coalition_count(low_bits), -1.0);
        forest.blend_sums(x.row(r).data(), lambda0.data(), player_of, low_bits, high, sums.data());
        for (Coalition l = 0; l < coalition_count(low_bits); ++l) {
          const Coalition s = high | l;
          Configuration blend = lambda0;
          for (std::size_t j = 0; j < players.size(); ++j)
            if (contains(s, static_cast<int>(j))) blend[players[j]] = x(r, players[j]);
          const double expected = forest.predict_one(blend.data());
          if (sums[l] / static_cast<double>(forest.n_trees()) != expected) {
            CAPTURE(s);
            CHECK(sums[l] / static_cast<double>(forest.n_trees()) == expected);
          }
          ++checked;
        }
      }
    }
    CHECK(checked == 40 * (1 + 2 + 8 + 32));
  }
}

TEST_CASE("forest Tunability Mistunability and Sensitivity equal brute force bit for bit") {
  check_game(plain_space, {0, 1, 2, 3, 4, 5, 6}, 10, 1);
  check_game(plain_space, {0, 1, 2, 3, 4, 5, 6}, 1, 2);
}

TEST_CASE("forest games with some hyperparameters not players equal brute force bit for bit") {
  check_game(plain_space, {6, 3, 0, 5}, 12, 3);
}

TEST_CASE("forest games with 10 players (blocks of 2^8 coalitions and more) equal brute force") {
  const std::string space = wide_space(11);
  check_game(space.c_str(), {10, 0, 1, 2, 3, 4, 5, 6, 7, 8}, 4, 5, 40);
}

TEST_CASE("forest games on a conditional space equal brute force bit for bit") {
  check_game(conditional_space, {0, 1, 2, 3}, 10, 4);
}
