// Tunability, Mistunability and Sensitivity by random search with common random numbers.

#include <chrono>
#include <cmath>
#include <limits>

#include "hypershap/core/random.hpp"
#include "hypershap/games/closure.hpp"
#include "hypershap/games/games.hpp"

namespace hypershap {

namespace {

class RandomSearchGame final : public ExplanationGame {
 public:
  RandomSearchGame(GameSetup setup, SearchGoal goal)
      : ExplanationGame(std::move(setup)), goal_(goal) {
    Rng rng = Rng::stream(this->setup().seed, {stream_key(name()), 0});
    samples_ = space().sample(static_cast<std::size_t>(this->setup().samples), rng);
  }

  std::string_view kind() const override {
    switch (goal_) {
      case SearchGoal::maximum: return "tunability";
      case SearchGoal::minimum: return "mistunability";
      case SearchGoal::variance: return "sensitivity";
    }
    return "?";
  }
  bool has_best_configurations() const override { return goal_ != SearchGoal::variance; }
  std::uint64_t evaluations_per_coalition() const override {
    return static_cast<std::uint64_t>(samples_.rows()) + 1;
  }

  std::vector<CoalitionOutcome> evaluate(const std::vector<Coalition>& coalitions) const override {
    std::vector<CoalitionOutcome> outcomes;
    outcomes.reserve(coalitions.size());
    for (const Coalition s : coalitions) outcomes.push_back(evaluate_one(s));
    return outcomes;
  }

  std::vector<Coalition> complete(std::vector<double>& values,
                                  std::vector<double>& best) const override {
    if (goal_ == SearchGoal::variance) return {};
    std::vector<double> closed = values;
    std::vector<Coalition> source;
    subset_closure(
        closed, n(),
        goal_ == SearchGoal::maximum ? ClosureDirection::maximum : ClosureDirection::minimum,
        source);
    const auto d = static_cast<std::size_t>(space().size());
    std::vector<Coalition> changed;
    for (std::size_t t = 0; t < closed.size(); ++t) {
      if (source[t] == t) continue;
      values[t] = closed[t];
      if (!best.empty()) {
        for (std::size_t j = 0; j < d; ++j) best[t * d + j] = best[source[t] * d + j];
      }
      changed.push_back(t);
    }
    return changed;
  }

 private:
  CoalitionOutcome evaluate_one(Coalition s) const {
    const auto start = std::chrono::steady_clock::now();
    const Configuration& baseline = setup().baseline;
    const Eigen::Index k = samples_.rows();
    // λ⁰ itself belongs to every Λ^S (and is the only member of Λ^∅): row 0.
    ConfigurationMatrix candidates(k + 1, samples_.cols());
    std::vector<bool> forbidden(static_cast<std::size_t>(k + 1), false);
    candidates.row(0) = baseline;
    for (Eigen::Index r = 0; r < k; ++r) {
      forbidden[static_cast<std::size_t>(r + 1)] =
          space().blend_into(samples_.row(r), baseline, s, setup().players, candidates.row(r + 1));
    }
    const Eigen::Index rows = s == 0 ? 1 : k + 1;  // every blend of ∅ is λ⁰
    Eigen::VectorXd performance(rows);
    setup().model->evaluate(candidates.topRows(rows), performance);
    performance *= performance_sign();

    CoalitionOutcome outcome;
    outcome.evaluations = static_cast<std::uint64_t>(rows);
    if (goal_ == SearchGoal::variance) {
      // Var over λ ~ p* of VAL(λ ⊕_S λ⁰): the K samples only (λ⁰ is not a draw), population
      // variance
      double sum = 0.0, sum_sq = 0.0;
      std::size_t used = 0;
      if (s == 0) {
        outcome.value = 0.0;  // a constant: VAL(λ⁰) for every draw
      } else {
        const double shift =
            performance(0);  // variance is shift-invariant; shifting keeps it exact
        for (Eigen::Index r = 1; r < rows; ++r) {
          if (forbidden[static_cast<std::size_t>(r)]) continue;
          const double x = performance(r) - shift;
          sum += x;
          sum_sq += x * x;
          ++used;
        }
        const double mean = used > 0 ? sum / static_cast<double>(used) : 0.0;
        outcome.value =
            used > 0 ? std::max(0.0, sum_sq / static_cast<double>(used) - mean * mean) : 0.0;
      }
    } else {
      const bool maximum = goal_ == SearchGoal::maximum;
      Eigen::Index chosen = 0;
      for (Eigen::Index r = 1; r < rows; ++r) {
        if (forbidden[static_cast<std::size_t>(r)]) continue;
        if (maximum ? performance(r) > performance(chosen) : performance(r) < performance(chosen))
          chosen = r;
      }
      outcome.value = performance(chosen);
      outcome.best = candidates.row(chosen);
    }
    outcome.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return outcome;
  }

  SearchGoal goal_;
  ConfigurationMatrix samples_;
};

}  // namespace

std::unique_ptr<ExplanationGame> make_random_search_game(GameSetup setup, SearchGoal goal) {
  return std::make_unique<RandomSearchGame>(std::move(setup), goal);
}

}  // namespace hypershap
