#include "hypershap/games/game_factory.hpp"

#include <algorithm>
#include <map>

#include "hypershap/core/error.hpp"
#include "hypershap/games/games.hpp"

namespace hypershap {

namespace {

std::map<std::string, HumanValue> to_map(const NamedValues& values) {
  std::map<std::string, HumanValue> map;
  for (const auto& [name, value] : values) {
    if (const auto* d = std::get_if<double>(&value)) {
      map[name] = *d;
    } else {
      map[name] = std::get<std::string>(value);
    }
  }
  return map;
}

/// `base` with `values` set (by name), conditions re-resolved; invalid_input naming `context`.
Configuration with_values(const ConfigurationSpace& space, const Configuration& base,
                          const NamedValues& values, const std::string& context) {
  std::map<std::string, HumanValue> merged = space.to_values(base);
  for (const auto& [name, value] : to_map(values)) {
    space.index_of(name, context);  // names an unknown hyperparameter clearly
    merged[name] = value;
  }
  return space.from_values(merged, context);
}

}  // namespace

std::unique_ptr<ExplanationGame> make_game(const JobSpec& job, const GameSettings& game,
                                           std::shared_ptr<const PerformanceModel> model) {
  const ConfigurationSpace& space = model->space();
  const std::string where = job.file.filename().string();
  GameSetup setup;
  setup.name = game.name;
  setup.seed = job.seed;
  setup.samples = game.samples;

  // λ⁰: the default, then the pinned values, then the game's own baseline
  Configuration baseline = space.default_configuration();
  if (!job.space.pinned.empty())
    baseline = with_values(space, baseline, job.space.pinned, where + ": [space] pinned");
  if (game.baseline)
    baseline = with_values(space, baseline, *game.baseline,
                           where + ": [games." + game.name + "] baseline");
  if (const std::string why = space.why_invalid(baseline); !why.empty()) {
    throw invalid_input(where + ": the baseline configuration of game '" + game.name +
                        "' is not valid (" + why + "); change [space] pinned or the baseline");
  }
  setup.baseline = baseline;

  // players: as listed, or every hyperparameter not pinned and not the model's instance
  if (!job.space.players.empty()) {
    setup.players = space.players(job.space.players, where + ": [space] players");
  } else {
    for (int i = 0; i < space.size(); ++i) {
      const std::string& name = space.hyperparameter(i).name;
      const bool pinned = std::any_of(job.space.pinned.begin(), job.space.pinned.end(),
                                      [&](const auto& p) { return p.first == name; });
      if (!pinned && !model->is_context(name)) setup.players.push_back(i);
    }
  }
  for (const int i : setup.players) {
    if (model->is_context(space.hyperparameter(i).name)) {
      throw invalid_input(where + ": [space] players names '" + space.hyperparameter(i).name +
                          "', which selects the model's instance; set it with [model] instance");
    }
  }
  if (setup.players.empty()) {
    throw invalid_input(where + ": game '" + game.name +
                        "' has no players; list them in [space] "
                        "players or pin fewer hyperparameters");
  }
  if (setup.players.size() > 30) {
    throw invalid_input(where + ": game '" + game.name + "' has " +
                        std::to_string(setup.players.size()) +
                        " players; hypershap computes "
                        "exact games of up to 30 players (2^30 coalitions); list fewer in [space] "
                        "players and pin the rest");
  }
  setup.model = std::move(model);

  switch (game.kind) {
    case GameKind::tunability:
      return make_random_search_game(std::move(setup), SearchGoal::maximum);
    case GameKind::mistunability:
      return make_random_search_game(std::move(setup), SearchGoal::minimum);
    case GameKind::sensitivity:
      return make_random_search_game(std::move(setup), SearchGoal::variance);
    case GameKind::ablation: {
      if (!game.target) {
        throw invalid_input(where + ": [games." + game.name +
                            "] an ablation game needs a target "
                            "configuration λ*: target = { name = value, ... }");
      }
      const Configuration target = with_values(space, setup.baseline, *game.target,
                                               where + ": [games." + game.name + "] target");
      return make_ablation_game(std::move(setup), target, {}, BaselineAggregate::mean);
    }
    case GameKind::optimizer_bias:
      throw invalid_input(where + ": [games." + game.name +
                          "] kind = 'optimizer-bias' is not "
                          "available yet in this version of hypershap");
  }
  throw std::logic_error("unknown game kind");
}

Game tabulate(const ExplanationGame& game) {
  const int n = game.n();
  std::vector<Coalition> all(coalition_count(n));
  for (std::size_t s = 0; s < all.size(); ++s) all[s] = s;
  const std::vector<CoalitionOutcome> outcomes = game.evaluate(all);
  Game result;
  result.players = game.player_names();
  result.values.resize(all.size());
  std::vector<double> best;
  const auto d = static_cast<std::size_t>(game.space().size());
  if (game.has_best_configurations()) best.resize(all.size() * d);
  for (std::size_t s = 0; s < all.size(); ++s) {
    result.values[s] = outcomes[s].value;
    for (std::size_t j = 0; j < d && !best.empty(); ++j)
      best[s * d + j] = outcomes[s].best(static_cast<Eigen::Index>(j));
  }
  game.complete(result.values, best);
  return result;
}

}  // namespace hypershap
