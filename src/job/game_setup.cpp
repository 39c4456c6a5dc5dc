#include "hypershap/job/game_setup.hpp"

#include <algorithm>
#include <map>

#include "hypershap/core/error.hpp"
#include "hypershap/core/random.hpp"
#include "hypershap/explain/approximation.hpp"
#include "hypershap/games/games.hpp"
#include "hypershap/job/model_setup.hpp"
#include "hypershap/job/players.hpp"

namespace hypershap {

namespace {

/// `base` with `values` set (by name), conditions re-resolved; invalid_input naming `context`.
Configuration with_values(const ConfigurationSpace& space, const Configuration& base,
                          const NamedValues& values, const std::string& context) {
  std::map<std::string, HumanValue> merged = space.to_values(base);
  for (const auto& [name, value] : values) {
    space.index_of(name, context);  // names an unknown hyperparameter clearly
    merged[name] = value;
  }
  return space.from_values(merged, context);
}

/// An optimizer of the job as the games run it; `frozen` names become player bits; `member` (0:
/// the studied optimizer, k: ensemble member k) keys coordinate-search's per-player draws.
OptimizerSpec optimizer_spec(OptimizerKind optimizer, int samples,
                             const std::vector<std::string>& frozen, const GameSetup& setup,
                             const std::string& context, int draws_per_hyperparameter = 0,
                             std::uint64_t member = 0) {
  OptimizerSpec spec;
  spec.kind = optimizer;
  spec.budget = samples;
  spec.draws_per_hyperparameter = draws_per_hyperparameter;
  spec.draws_stream = Rng::stream(setup.seed, {stream_key(setup.name), member}).next();
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

/// λ⁰: the space's default, then the pinned values, then the game's own baseline.
Configuration baseline_of(const JobSpec& job, const GameSettings& game,
                          const ConfigurationSpace& space) {
  const std::string key = "games." + game.name;
  Configuration baseline = pinned_baseline(job, space);
  if (game.baseline)
    baseline = with_values(space, baseline, *game.baseline,
                           job.where(key + ".baseline") + ": [" + key + "] baseline");
  if (const std::string why = space.why_invalid(baseline); !why.empty()) {
    throw invalid_input(job.where(key + ".baseline") + ": the baseline configuration of game '" +
                        game.name + "' is not valid (" + why +
                        "); change [space] pinned or the baseline");
  }
  return baseline;
}

/// The players (job/players.hpp), at most max_players of them.
std::vector<int> players_of(const JobSpec& job, const GameSettings& game,
                            const PerformanceModel& model) {
  const std::string key = "games." + game.name;
  const std::vector<int> players = job_players(job, model, "game '" + game.name + "'", key);
  const bool approximate = players.size() <= static_cast<std::size_t>(max_approximation_players) &&
                           approximates(job.explain, static_cast<int>(players.size()));
  if (approximate && game.instances.size() > 1)
    throw invalid_input(job.where(key) + ": game '" + game.name + "' is a multi-dataset game, " +
                        "which is explained exactly only; set [explain] method = \"exact\" or " +
                        "explain one instance");
  if (players.size() >
      static_cast<std::size_t>(approximate ? max_approximation_players : max_players)) {
    throw invalid_input(
        job.where(key) + ": game '" + game.name + "' has " + std::to_string(players.size()) +
        " players; hypershap computes exact games of up to " + std::to_string(max_players) +
        " players (2^" + std::to_string(max_players) +
        " coalitions) and approximate ones of up to " + std::to_string(max_approximation_players) +
        "; " +
        (players.size() <= static_cast<std::size_t>(max_approximation_players)
             ? "set [explain] method = \"auto\" (with a budget) or list fewer in [space] "
               "players and pin the rest"
             : "list fewer in [space] players and pin the rest"));
  }
  // an interaction has at most all players; the default order (2) is capped at them instead
  if (job.locations.count("explain.order") != 0 &&
      job.explain.order > static_cast<int>(players.size())) {
    throw invalid_input(job.where("explain.order") +
                        ": [explain] order = " + std::to_string(job.explain.order) +
                        ", but game '" + game.name + "' has " + std::to_string(players.size()) +
                        (players.size() == 1 ? " player" : " players") +
                        "; an interaction has at most all of them: set order to " +
                        std::to_string(players.size()) + " or less");
  }
  return players;
}

/// Definition 5: the same game on every instance, aggregated once each instance's game is
/// complete (Tunability-type games closed over subsets first, as in single-instance runs).
std::unique_ptr<ExplanationGame> multi_dataset_game(
    const JobSpec& job, const GameSettings& game,
    const std::shared_ptr<const PerformanceModel>& model) {
  GameSettings single = game;
  single.instances.clear();
  std::vector<std::unique_ptr<ExplanationGame>> games;
  for (const std::string& instance : game.instances)
    games.push_back(make_game(job, single, model->for_instance(instance)));
  GameSetup setup = games.front()->setup();
  return make_multi_dataset_game(std::move(setup), std::move(games), game.aggregate);
}

/// Ablation (Definition 1): λ* as given or the best of a search, from one or several λ⁰.
std::unique_ptr<ExplanationGame> ablation_game(const JobSpec& job, const GameSettings& game,
                                               GameSetup setup) {
  const ConfigurationSpace& space = setup.model->space();
  const std::string key = "games." + game.name;
  Configuration target;
  std::vector<int> free;  // search_free: searched with the players, then λ⁰ takes their values
  if (game.target_best_of_search) {
    const std::string where = job.where(key + ".search_free") + ": [" + key + "] search_free";
    free = space.players(game.search_free, where);
    for (const int f : free) {
      const std::string& name = space.hyperparameter(f).name;
      if (std::find(setup.players.begin(), setup.players.end(), f) != setup.players.end())
        throw invalid_input(where + ": '" + name +
                            "' is a player, and players are searched already; list only "
                            "hyperparameters that are not players (e.g. the fidelity)");
      if (setup.model->is_context(name))
        throw invalid_input(where + ": '" + name +
                            "' selects the model's instance and cannot be searched; remove it");
    }
    target = best_of_search(setup, free);
    // the game is played at the values found: λ⁰ takes them (as blend resolves conditions)
    if (!free.empty()) {
      setup.baseline =
          space.blend(target, setup.baseline, grand_coalition(static_cast<int>(free.size())), free)
              .configuration;
    }
  } else if (game.target) {
    target = with_values(space, setup.baseline, *game.target,
                         job.where(key + ".target") + ": [" + key + "] target");
  } else {
    throw invalid_input(job.where(key) + ": [" + key +
                        "] an ablation game needs a target configuration λ*: target = { "
                        "name = value, ... } or target = \"best-of-search\"");
  }
  std::vector<Configuration> baselines;
  for (std::size_t b = 0; b < game.baselines.size(); ++b) {
    baselines.push_back(with_values(
        space, setup.baseline, game.baselines[b],
        job.where(key + ".baselines") + ": [" + key + "] baselines[" + std::to_string(b) + "]"));
  }
  if (game.baseline_samples > 0) baselines = random_baselines(setup, game.baseline_samples);
  if (!free.empty()) {
    for (Configuration& b : baselines)
      b = space.blend(target, b, grand_coalition(static_cast<int>(free.size())), free)
              .configuration;
  }
  return make_ablation_game(std::move(setup), target, std::move(baselines),
                            game.baseline_aggregate);
}

/// Optimizer Bias (Definition 4): the optimizer under study against its ensemble.
std::unique_ptr<ExplanationGame> optimizer_bias_game(const JobSpec& job, const GameSettings& game,
                                                     GameSetup setup) {
  const std::string key = "games." + game.name;
  const OptimizerSpec studied = optimizer_spec(
      game.optimizer, game.samples, game.frozen, setup,
      job.where(key + ".frozen") + ": [" + key + "] frozen", game.draws_per_hyperparameter, 0);
  std::vector<OptimizerSpec> ensemble;
  for (std::size_t k = 0; k < game.ensemble.size(); ++k) {
    const OptimizerSettings& o = game.ensemble[k];
    ensemble.push_back(optimizer_spec(
        o.optimizer, o.samples, o.frozen, setup,
        job.where(key + ".ensemble") + ": [" + key + "] ensemble[" + std::to_string(k) + "] frozen",
        o.draws_per_hyperparameter, k + 1));
  }
  return make_optimizer_bias_game(std::move(setup), studied, std::move(ensemble));
}

}  // namespace

std::unique_ptr<ExplanationGame> make_game(const JobSpec& job, const GameSettings& game,
                                           std::shared_ptr<const PerformanceModel> model) {
  if (!game.instances.empty()) return multi_dataset_game(job, game, model);

  GameSetup setup;
  setup.name = game.name;
  setup.seed = job.seed;
  setup.samples = game.samples;
  setup.baseline = baseline_of(job, game, model->space());
  setup.players = players_of(job, game, *model);
  setup.model = std::move(model);

  // Tunability and Mistunability search Λ^S with their inner HPO (Definition 3)
  const auto search_game = [&](SearchGoal goal) {
    if (game.optimizer == OptimizerKind::random_search)
      return make_random_search_game(std::move(setup), goal);
    const std::string section = job.where("games." + game.name) + ": [games." + game.name + "]";
    const OptimizerSpec inner = optimizer_spec(game.optimizer, game.samples, {}, setup, section);
    return make_search_game(std::move(setup), goal, inner);
  };
  switch (game.kind) {
    case GameKind::tunability: return search_game(SearchGoal::maximum);
    case GameKind::mistunability: return search_game(SearchGoal::minimum);
    case GameKind::sensitivity:
      return make_random_search_game(std::move(setup), SearchGoal::variance);
    case GameKind::ablation: return ablation_game(job, game, std::move(setup));
    case GameKind::optimizer_bias: return optimizer_bias_game(job, game, std::move(setup));
  }
  throw std::logic_error("unknown game kind");
}

}  // namespace hypershap
