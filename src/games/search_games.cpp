// Games whose value per coalition is an optimizer's result: Tunability and Mistunability with any
// inner HPO, and Optimizer Bias (Definition 4).

#include <chrono>

#include "hypershap/games/closure.hpp"
#include "hypershap/games/games.hpp"

namespace hypershap {

namespace {

class SearchGame final : public ExplanationGame {
 public:
  SearchGame(GameSetup setup, SearchGoal goal, OptimizerSpec optimizer)
      : ExplanationGame(std::move(setup)), goal_(goal), optimizer_(optimizer) {}

  std::string_view kind() const override {
    return goal_ == SearchGoal::maximum ? "tunability" : "mistunability";
  }
  bool has_best_configurations() const override { return true; }
  std::uint64_t evaluations_per_coalition() const override {
    return static_cast<std::uint64_t>(optimizer_.budget);
  }

  std::vector<CoalitionOutcome> evaluate(const std::vector<Coalition>& coalitions) const override {
    // minimising VAL's performance = maximising its negation
    const double sign = goal_ == SearchGoal::maximum ? performance_sign() : -performance_sign();
    const SearchProblem problem{setup().model.get(), &setup().players, &setup().baseline, sign};
    std::vector<CoalitionOutcome> outcomes;
    for (const Coalition s : coalitions) {
      const auto start = std::chrono::steady_clock::now();
      Rng rng = Rng::stream(setup().seed, {stream_key(name()), 0, s});
      const SearchResult found = run_optimizer(optimizer_, problem, s, rng);
      CoalitionOutcome outcome;
      outcome.value = goal_ == SearchGoal::maximum ? found.objective : -found.objective;
      outcome.evaluations = found.evaluations;
      outcome.best = found.best;
      outcome.seconds =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      outcomes.push_back(std::move(outcome));
    }
    return outcomes;
  }

  std::vector<Coalition> complete(std::vector<double>& values,
                                  std::vector<double>& best) const override {
    return complete_by_closure(
        values, best, n(), static_cast<std::size_t>(space().size()),
        goal_ == SearchGoal::maximum ? ClosureDirection::maximum : ClosureDirection::minimum);
  }

 private:
  SearchGoal goal_;
  OptimizerSpec optimizer_;
};

class OptimizerBiasGame final : public ExplanationGame {
 public:
  OptimizerBiasGame(GameSetup setup, OptimizerSpec optimizer, std::vector<OptimizerSpec> ensemble)
      : ExplanationGame(std::move(setup)), optimizer_(optimizer), ensemble_(std::move(ensemble)) {}

  std::string_view kind() const override { return "optimizer-bias"; }
  bool has_best_configurations() const override { return true; }
  std::uint64_t evaluations_per_coalition() const override {
    std::uint64_t total = mean_evaluations(optimizer_, n());
    for (const OptimizerSpec& o : ensemble_) total += mean_evaluations(o, n());
    return total;
  }

  std::vector<CoalitionOutcome> evaluate(const std::vector<Coalition>& coalitions) const override {
    const SearchProblem problem{setup().model.get(), &setup().players, &setup().baseline,
                                performance_sign()};
    const std::uint64_t game = stream_key(name());
    std::vector<CoalitionOutcome> outcomes;
    for (const Coalition s : coalitions) {
      const auto start = std::chrono::steady_clock::now();
      Rng rng = Rng::stream(setup().seed, {game, 0, s});
      const SearchResult studied = run_optimizer(optimizer_, problem, s, rng);
      double virtual_best = studied.objective;  // the ensemble includes O
      CoalitionOutcome outcome;
      outcome.evaluations = studied.evaluations;
      for (std::size_t k = 0; k < ensemble_.size(); ++k) {
        Rng member_rng = Rng::stream(setup().seed, {game, k + 1, s});
        const SearchResult member = run_optimizer(ensemble_[k], problem, s, member_rng);
        virtual_best = std::max(virtual_best, member.objective);
        outcome.evaluations += member.evaluations;
      }
      outcome.value = studied.objective - virtual_best;
      outcome.best = studied.best;
      outcome.seconds =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      outcomes.push_back(std::move(outcome));
    }
    return outcomes;
  }

 private:
  OptimizerSpec optimizer_;
  std::vector<OptimizerSpec> ensemble_;
};

}  // namespace

std::unique_ptr<ExplanationGame> make_search_game(GameSetup setup, SearchGoal goal,
                                                  OptimizerSpec optimizer) {
  if (goal == SearchGoal::variance)
    throw std::logic_error("make_search_game: Sensitivity is a variance, not a search");
  return std::make_unique<SearchGame>(std::move(setup), goal, optimizer);
}

std::unique_ptr<ExplanationGame> make_optimizer_bias_game(GameSetup setup, OptimizerSpec optimizer,
                                                          std::vector<OptimizerSpec> ensemble) {
  return std::make_unique<OptimizerBiasGame>(std::move(setup), optimizer, std::move(ensemble));
}

}  // namespace hypershap
