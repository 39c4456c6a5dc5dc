#include "hypershap/games/game_factory.hpp"

#include <algorithm>
#include <map>

#include "hypershap/core/error.hpp"
#include "hypershap/games/games.hpp"
#include "hypershap/models/model_factory.hpp"
#include "name_key.hpp"

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

/// An optimizer of the job as the games run it; `frozen` names become player bits.
OptimizerSpec optimizer_spec(const std::string& optimizer, int samples,
                             const std::vector<std::string>& frozen, const GameSetup& setup,
                             const std::string& context) {
  OptimizerSpec spec;
  spec.kind = parse_optimizer(optimizer);
  spec.budget = samples;
  const ConfigurationSpace& space = setup.model->space();
  for (const std::string& name : frozen) {
    const int index = space.index_of(name, context);
    const auto player = std::find(setup.players.begin(), setup.players.end(), index);
    if (player == setup.players.end()) {
      throw invalid_input(context + " names '" + name +
                          "', which is not a player (it is never tuned anyway); list only "
                          "players in frozen");
    }
    spec.frozen |= Coalition{1} << (player - setup.players.begin());
  }
  return spec;
}

/// λ* = "best-of-search": the best configuration of a random search of `setup.samples` over all
/// players around λ⁰, drawn from Rng::stream(seed, {game, 1}).
Configuration best_of_search(const GameSetup& setup) {
  const SearchProblem problem{setup.model.get(), &setup.players, &setup.baseline,
                              setup.model->maximize() ? 1.0 : -1.0};
  Rng rng = Rng::stream(setup.seed, {games_detail::name_key(setup.name), 1});
  OptimizerSpec search;
  search.budget = setup.samples;
  return run_optimizer(search, problem, grand_coalition(static_cast<int>(setup.players.size())),
                       rng)
      .best;
}

/// The probabilistic baseline: `count` configurations drawn from the space (players only; the
/// other hyperparameters keep λ⁰'s values), from Rng::stream(seed, {game, 2}); forbidden blends
/// are drawn again.
std::vector<Configuration> random_baselines(const GameSetup& setup, int count) {
  const ConfigurationSpace& space = setup.model->space();
  Rng rng = Rng::stream(setup.seed, {games_detail::name_key(setup.name), 2});
  const Coalition all = grand_coalition(static_cast<int>(setup.players.size()));
  std::vector<Configuration> baselines;
  while (static_cast<int>(baselines.size()) < count) {
    const Blend b = space.blend(space.sample(rng), setup.baseline, all, setup.players);
    if (!b.forbidden) baselines.push_back(b.configuration);
  }
  return baselines;
}

BaselineAggregate parse_baseline_aggregate(const std::string& name) {
  if (name == "min") return BaselineAggregate::min;
  if (name == "max") return BaselineAggregate::max;
  if (name == "variance") return BaselineAggregate::variance;
  return BaselineAggregate::mean;
}

}  // namespace

std::unique_ptr<ExplanationGame> make_game(const JobSpec& job, const GameSettings& game,
                                           std::shared_ptr<const PerformanceModel> model) {
  const ConfigurationSpace& space = model->space();
  const std::string where = job.file.filename().string();
  const std::string section = where + ": [games." + game.name + "]";

  // Definition 5: the same game on every instance, aggregated
  if (!game.instances.empty()) {
    GameSettings single = game;
    single.instances.clear();
    std::vector<std::unique_ptr<ExplanationGame>> games;
    for (const std::string& instance : game.instances)
      games.push_back(make_game(job, single, model->for_instance(instance)));
    std::optional<ClosureDirection> closure;
    if (game.kind == GameKind::tunability) closure = ClosureDirection::maximum;
    if (game.kind == GameKind::mistunability) closure = ClosureDirection::minimum;
    GameSetup setup = games.front()->setup();
    return make_multi_instance_game(std::move(setup), std::move(games), game.aggregate, closure);
  }

  GameSetup setup;
  setup.name = game.name;
  setup.seed = job.seed;
  setup.samples = game.samples;

  // λ⁰: the default, then the pinned values, then the game's own baseline
  Configuration baseline = pinned_baseline(job, space);
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

  const auto search_goal = [&](SearchGoal goal) {
    if (game.optimizer == "random-search") return make_random_search_game(std::move(setup), goal);
    const OptimizerSpec inner = optimizer_spec(game.optimizer, game.samples, {}, setup, section);
    return make_search_game(std::move(setup), goal, inner);
  };
  switch (game.kind) {
    case GameKind::tunability: return search_goal(SearchGoal::maximum);
    case GameKind::mistunability: return search_goal(SearchGoal::minimum);
    case GameKind::sensitivity:
      return make_random_search_game(std::move(setup), SearchGoal::variance);
    case GameKind::ablation: {
      Configuration target;
      if (game.target_best_of_search) {
        target = best_of_search(setup);
      } else if (game.target) {
        target = with_values(space, setup.baseline, *game.target, section + " target");
      } else {
        throw invalid_input(section +
                            " an ablation game needs a target configuration λ*: target = { "
                            "name = value, ... } or target = \"best-of-search\"");
      }
      std::vector<Configuration> baselines;
      for (std::size_t b = 0; b < game.baselines.size(); ++b) {
        baselines.push_back(with_values(space, setup.baseline, game.baselines[b],
                                        section + " baselines[" + std::to_string(b) + "]"));
      }
      if (game.baseline_samples > 0) baselines = random_baselines(setup, game.baseline_samples);
      return make_ablation_game(std::move(setup), target, std::move(baselines),
                                parse_baseline_aggregate(game.baseline_aggregate));
    }
    case GameKind::optimizer_bias: {
      const OptimizerSpec studied =
          optimizer_spec(game.optimizer, game.samples, game.frozen, setup, section + " frozen");
      std::vector<OptimizerSpec> ensemble;
      for (std::size_t k = 0; k < game.ensemble.size(); ++k) {
        const OptimizerSettings& o = game.ensemble[k];
        ensemble.push_back(optimizer_spec(o.optimizer, o.samples, o.frozen, setup,
                                          section + " ensemble[" + std::to_string(k) + "] frozen"));
      }
      return make_optimizer_bias_game(std::move(setup), studied, std::move(ensemble));
    }
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
