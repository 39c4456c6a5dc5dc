// Multi-dataset games (Definition 5): the instances' games, complete, aggregated per coalition.

#include "hypershap/games/multi_dataset_game.hpp"

#include <stdexcept>

namespace hypershap {

namespace {

GameSetup renamed(GameSetup setup, std::string name) {
  setup.name = std::move(name);
  return setup;
}

/// Instance i's game under its stored name; everything else is the game's own (its random streams
/// keep deriving from the multi-dataset game's name, as in a single-instance run).
class InstanceGame final : public ExplanationGame {
 public:
  InstanceGame(std::unique_ptr<ExplanationGame> game, std::string name)
      : ExplanationGame(renamed(game->setup(), std::move(name))), game_(std::move(game)) {}

  std::string_view kind() const override { return game_->kind(); }
  bool has_best_configurations() const override { return game_->has_best_configurations(); }
  std::uint64_t evaluations_per_coalition() const override {
    return game_->evaluations_per_coalition();
  }
  std::vector<CoalitionOutcome> evaluate(const std::vector<Coalition>& coalitions) const override {
    return game_->evaluate(coalitions);
  }
  std::vector<Coalition> complete(std::vector<double>& values,
                                  std::vector<double>& best) const override {
    return game_->complete(values, best);
  }

 private:
  std::unique_ptr<ExplanationGame> game_;
};

}  // namespace

std::vector<double> aggregate_games(const Aggregation& aggregation,
                                    const std::vector<std::vector<double>>& instances) {
  if (instances.empty()) throw std::logic_error("aggregate_games: no instances");
  const std::size_t count = instances.front().size();
  std::vector<double> result(count);
  std::vector<double> column(instances.size());
  for (std::size_t s = 0; s < count; ++s) {
    for (std::size_t i = 0; i < instances.size(); ++i) column[i] = instances[i].at(s);
    result[s] = aggregate(aggregation, column);
  }
  return result;
}

MultiDatasetGame::MultiDatasetGame(GameSetup setup,
                                   std::vector<std::unique_ptr<ExplanationGame>> instances,
                                   Aggregation aggregation)
    : ExplanationGame(std::move(setup)), aggregation_(aggregation) {
  if (instances.empty()) throw std::logic_error("make_multi_dataset_game: no games");
  for (auto& game : instances) {
    std::string stored = name() + "@" + game->setup().model->instance();
    instances_.push_back(std::make_unique<InstanceGame>(std::move(game), std::move(stored)));
  }
}

std::uint64_t MultiDatasetGame::evaluations_per_coalition() const {
  std::uint64_t total = 0;
  for (const auto& game : instances_) total += game->evaluations_per_coalition();
  return total;
}

const MultiDatasetGame::Tables& MultiDatasetGame::tables() const {
  const std::lock_guard<std::mutex> lock(mutex_);
  if (tables_) return *tables_;
  std::vector<Coalition> all(coalition_count(n()));
  for (std::size_t s = 0; s < all.size(); ++s) all[s] = s;
  Tables tables;
  tables.evaluations.assign(all.size(), 0);
  tables.seconds.assign(all.size(), 0.0);
  std::vector<std::vector<double>> values;
  for (const auto& game : instances_) {
    const std::vector<CoalitionOutcome> outcomes = game->evaluate(all);
    std::vector<double> v(all.size());
    std::vector<double> best;
    const auto d = static_cast<std::size_t>(game->space().size());
    if (game->has_best_configurations()) best.resize(all.size() * d);
    for (std::size_t s = 0; s < all.size(); ++s) {
      v[s] = outcomes[s].value;
      tables.evaluations[s] += outcomes[s].evaluations;
      tables.seconds[s] += outcomes[s].seconds;
      for (std::size_t j = 0; j < d && !best.empty(); ++j)
        best[s * d + j] = outcomes[s].best(static_cast<Eigen::Index>(j));
    }
    game->complete(v, best);
    values.push_back(std::move(v));
  }
  tables.values = aggregate_games(aggregation_, values);
  tables_ = std::move(tables);
  return *tables_;
}

std::vector<CoalitionOutcome> MultiDatasetGame::evaluate(
    const std::vector<Coalition>& coalitions) const {
  const Tables& t = tables();
  std::vector<CoalitionOutcome> result(coalitions.size());
  for (std::size_t k = 0; k < coalitions.size(); ++k) {
    const auto s = static_cast<std::size_t>(coalitions[k]);
    result[k].value = t.values.at(s);
    result[k].evaluations = t.evaluations.at(s);
    result[k].seconds = t.seconds.at(s);
  }
  return result;
}

std::unique_ptr<MultiDatasetGame> make_multi_dataset_game(
    GameSetup setup, std::vector<std::unique_ptr<ExplanationGame>> games, Aggregation aggregation) {
  return std::make_unique<MultiDatasetGame>(std::move(setup), std::move(games), aggregation);
}

}  // namespace hypershap
