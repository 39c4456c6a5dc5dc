// Multi-dataset games (Definition 5): one game per instance, aggregated per coalition.

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <mutex>
#include <set>
#include <unordered_map>

#include "hypershap/core/error.hpp"
#include "hypershap/games/games.hpp"

namespace hypershap {

namespace {

class MultiDatasetGame final : public ExplanationGame {
 public:
  MultiDatasetGame(GameSetup setup, std::vector<std::unique_ptr<ExplanationGame>> games,
                   Aggregation aggregation, std::optional<ClosureDirection> closure)
      : ExplanationGame(std::move(setup)),
        games_(std::move(games)),
        aggregation_(aggregation),
        closure_(closure),
        cache_(games_.size()) {}

  std::string_view kind() const override { return games_.front()->kind(); }
  /// Every instance's cost (with the closure, each subset once per process: still 2^n in all).
  std::uint64_t evaluations_per_coalition() const override {
    std::uint64_t total = 0;
    for (const auto& game : games_) total += game->evaluations_per_coalition();
    return total;
  }

  std::vector<CoalitionOutcome> evaluate(const std::vector<Coalition>& coalitions) const override {
    const auto start = std::chrono::steady_clock::now();
    // what every instance evaluates: the coalitions, and with the closure all their subsets
    std::set<Coalition> needed;
    for (const Coalition s : coalitions) {
      if (!closure_) {
        needed.insert(s);
        continue;
      }
      for (Coalition t = s;; t = (t - 1) & s) {
        needed.insert(t);
        if (t == 0) break;
      }
    }
    // per-instance estimates are deterministic per coalition, so those of earlier batches are
    // kept (per process): each subset is evaluated once however the coalitions are batched
    const std::lock_guard<std::mutex> lock(mutex_);
    std::vector<Coalition> batch;
    for (const Coalition t : needed)
      if (cache_.front().count(t) == 0) batch.push_back(t);
    std::uint64_t evaluations = 0;
    if (!batch.empty()) {
      for (std::size_t i = 0; i < games_.size(); ++i) {
        const std::vector<CoalitionOutcome> outcomes = games_[i]->evaluate(batch);
        for (std::size_t b = 0; b < batch.size(); ++b) {
          cache_[i][batch[b]] = outcomes[b].value;
          evaluations += outcomes[b].evaluations;
        }
      }
    }
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

    std::vector<CoalitionOutcome> result;
    for (const Coalition s : coalitions) {
      std::vector<double> per_instance;
      for (const auto& estimate : cache_) per_instance.push_back(closed_value(estimate, s));
      CoalitionOutcome outcome;
      outcome.value = aggregate(aggregation_, std::move(per_instance));
      // the batch's cost shared evenly over its coalitions
      outcome.evaluations = evaluations / coalitions.size();
      outcome.seconds = seconds / static_cast<double>(coalitions.size());
      result.push_back(std::move(outcome));
    }
    return result;
  }

  std::vector<Coalition> complete(std::vector<double>& values,
                                  std::vector<double>& best) const override {
    if (closure_) return {};  // closed per instance in evaluate(); an aggregate keeps monotonicity
    return games_.front()->complete(values, best);
  }

 private:
  /// v_i(S): the estimate itself, or with the closure the best estimate over T ⊆ S (NaN never
  /// wins).
  double closed_value(const std::unordered_map<Coalition, double>& estimate, Coalition s) const {
    if (!closure_) return estimate.at(s);
    const bool maximum = *closure_ == ClosureDirection::maximum;
    double value = std::numeric_limits<double>::quiet_NaN();
    for (Coalition t = s;; t = (t - 1) & s) {
      const double v = estimate.at(t);
      if (!std::isnan(v) && (std::isnan(value) || (maximum ? v > value : v < value))) value = v;
      if (t == 0) break;
    }
    return value;
  }

  std::vector<std::unique_ptr<ExplanationGame>> games_;
  Aggregation aggregation_;
  std::optional<ClosureDirection> closure_;
  mutable std::mutex mutex_;
  mutable std::vector<std::unordered_map<Coalition, double>> cache_;  // per instance: v̂_i(T)
};

}  // namespace

std::unique_ptr<ExplanationGame> make_multi_dataset_game(
    GameSetup setup, std::vector<std::unique_ptr<ExplanationGame>> games, Aggregation aggregation,
    std::optional<ClosureDirection> closure) {
  if (games.empty()) throw std::logic_error("make_multi_dataset_game: no games");
  return std::make_unique<MultiDatasetGame>(std::move(setup), std::move(games), aggregation,
                                            closure);
}

}  // namespace hypershap
