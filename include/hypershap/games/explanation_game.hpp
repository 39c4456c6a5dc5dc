#pragma once
// The explanation games of the HyperSHAP paper (Section 5): value functions v(S) on coalitions of
// hyperparameters, computed from a performance model. A game evaluates any batch of coalitions in
// any order and on any process with the same result: every random number it uses derives from the
// job seed and the game (common random numbers across coalitions), never from evaluation order.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "hypershap/core/coalition.hpp"
#include "hypershap/models/performance_model.hpp"
#include "hypershap/space/configuration.hpp"

namespace hypershap {

/// What a game computed for one coalition.
struct CoalitionOutcome {
  double value = 0.0;
  std::uint64_t evaluations = 0;  // model evaluations spent
  double seconds = 0.0;
  Configuration best;  // the configuration behind the value (empty when the game has none)
};

/// What every game is built from.
struct GameSetup {
  std::string name;
  std::shared_ptr<const PerformanceModel> model;
  std::vector<int> players;  // hyperparameter indices; player j is bit j
  Configuration baseline;    // λ⁰ (pinned hyperparameters included)
  std::uint64_t seed = 0;    // the job seed
  int samples = 10000;       // inner random search / Monte Carlo samples
};

class ExplanationGame {
 public:
  explicit ExplanationGame(GameSetup setup);
  virtual ~ExplanationGame() = default;

  virtual std::string_view kind() const = 0;
  const std::string& name() const { return setup_.name; }
  const GameSetup& setup() const { return setup_; }
  const ConfigurationSpace& space() const { return setup_.model->space(); }
  int n() const { return static_cast<int>(setup_.players.size()); }
  /// The players' names (hyperparameter names), player j first.
  std::vector<std::string> player_names() const;
  /// Whether the game keeps a configuration per coalition (its dimension is space().size()).
  virtual bool has_best_configurations() const { return false; }
  /// About how many model evaluations one coalition costs (its budget; for `hypershap validate`).
  virtual std::uint64_t evaluations_per_coalition() const = 0;

  /// v(S) for each coalition (results in the same order).
  virtual std::vector<CoalitionOutcome> evaluate(
      const std::vector<Coalition>& coalitions) const = 0;

  /// Once every coalition is done: turns the per-coalition estimates into the game (Tunability's
  /// subset-max closure, for instance). `best` is 2^n × dimension, row-major, or empty. Returns
  /// the coalitions whose value or configuration changed. Idempotent.
  virtual std::vector<Coalition> complete(std::vector<double>& values,
                                          std::vector<double>& best) const;

 protected:
  /// Performance, larger is better: the model's metric, negated when it is minimised.
  double performance_sign() const { return setup_.model->maximize() ? 1.0 : -1.0; }

 private:
  GameSetup setup_;
};

}  // namespace hypershap
