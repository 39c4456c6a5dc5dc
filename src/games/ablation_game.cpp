// Ablation (Definition 1), from one or several baselines.

#include <chrono>
#include <cmath>
#include <limits>

#include "hypershap/games/closure.hpp"
#include "hypershap/games/games.hpp"

namespace hypershap {

namespace {

class AblationGame final : public ExplanationGame {
 public:
  AblationGame(GameSetup setup, Configuration target, std::vector<Configuration> baselines,
               Aggregation aggregation)
      : ExplanationGame(std::move(setup)),
        target_(std::move(target)),
        baselines_(std::move(baselines)),
        aggregation_(aggregation) {}

  std::string_view kind() const override { return "ablation"; }
  bool has_best_configurations() const override { return baselines_.size() == 1; }
  std::uint64_t evaluations_per_coalition() const override { return baselines_.size(); }

  std::vector<CoalitionOutcome> evaluate(const std::vector<Coalition>& coalitions) const override {
    const auto count = static_cast<Eigen::Index>(baselines_.size());
    const auto d = static_cast<Eigen::Index>(space().size());
    std::vector<CoalitionOutcome> outcomes;
    ConfigurationMatrix blends(count, d);
    std::vector<bool> forbidden(baselines_.size());
    Eigen::VectorXd performance(count);
    for (const Coalition s : coalitions) {
      const auto start = std::chrono::steady_clock::now();
      for (Eigen::Index b = 0; b < count; ++b) {
        forbidden[static_cast<std::size_t>(b)] = space().blend_into(
            target_, baselines_[static_cast<std::size_t>(b)], s, setup().players, blends.row(b));
      }
      setup().model->evaluate(blends, performance);
      performance *= performance_sign();
      std::vector<double> allowed;
      for (Eigen::Index b = 0; b < count; ++b)
        if (!forbidden[static_cast<std::size_t>(b)]) allowed.push_back(performance(b));

      CoalitionOutcome outcome;
      outcome.evaluations = static_cast<std::uint64_t>(count);
      outcome.value =
          aggregate(aggregation_, allowed);  // NaN when every blend is forbidden: see complete()
      if (has_best_configurations()) outcome.best = blends.row(0);
      outcome.seconds =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      outcomes.push_back(std::move(outcome));
    }
    return outcomes;
  }

  /// Forbidden blends (NaN) take the value of the best allowed blend of a subset.
  std::vector<Coalition> complete(std::vector<double>& values,
                                  std::vector<double>& best) const override {
    std::vector<double> closed = values;
    std::vector<Coalition> source;
    subset_closure(closed, n(), ClosureDirection::maximum, source);
    const auto d = static_cast<std::size_t>(space().size());
    std::vector<Coalition> changed;
    for (std::size_t t = 0; t < values.size(); ++t) {
      if (!std::isnan(values[t])) continue;
      values[t] = closed[t];
      if (!best.empty())
        for (std::size_t j = 0; j < d; ++j) best[t * d + j] = best[source[t] * d + j];
      changed.push_back(t);
    }
    return changed;
  }

 private:
  Configuration target_;
  std::vector<Configuration> baselines_;
  Aggregation aggregation_;
};

}  // namespace

std::unique_ptr<ExplanationGame> make_ablation_game(GameSetup setup, Configuration target,
                                                    std::vector<Configuration> baselines,
                                                    Aggregation aggregation) {
  if (baselines.empty()) baselines.push_back(setup.baseline);
  return std::make_unique<AblationGame>(std::move(setup), std::move(target), std::move(baselines),
                                        aggregation);
}

Configuration best_of_search(const GameSetup& setup, const std::vector<int>& free) {
  std::vector<int> searched = setup.players;
  searched.insert(searched.end(), free.begin(), free.end());
  const SearchProblem problem{setup.model.get(), &searched, &setup.baseline,
                              setup.model->maximize() ? 1.0 : -1.0};
  Rng rng = Rng::stream(setup.seed, {stream_key(setup.name), 1});
  OptimizerSpec search;
  search.budget = setup.samples;
  return run_optimizer(search, problem, grand_coalition(static_cast<int>(searched.size())), rng)
      .best;
}

std::vector<Configuration> random_baselines(const GameSetup& setup, int count) {
  const ConfigurationSpace& space = setup.model->space();
  Rng rng = Rng::stream(setup.seed, {stream_key(setup.name), 2});
  const Coalition all = grand_coalition(static_cast<int>(setup.players.size()));
  std::vector<Configuration> baselines;
  while (static_cast<int>(baselines.size()) < count) {
    const Blend b = space.blend(space.sample(rng), setup.baseline, all, setup.players);
    if (!b.forbidden) baselines.push_back(b.configuration);
  }
  return baselines;
}

}  // namespace hypershap
