#pragma once
// The multi-dataset game (HyperSHAP, Definition 5): v(S) = AGG_i v_i(S), v_i the same game on
// instance i (same players, baseline, seed and random streams). It is built from the instances'
// games once each is complete (Tunability's subset closure included), never coalition by
// coalition: `hypershap run` runs every instance's game as a stored game of its own and aggregates
// at completion (service/game_runner), `hypershap aggregate` does the same from the stores of
// separate runs (service/aggregate), and both aggregate with aggregate_games(), so the two give
// the same bits.

#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include "hypershap/core/aggregation.hpp"
#include "hypershap/explain/game_table.hpp"
#include "hypershap/games/explanation_game.hpp"

namespace hypershap {

/// v(S) = AGG_i instances[i][S] for every coalition S (core/aggregation.hpp; the result does not
/// depend on the instances' order). Every instance holds the same number of values.
std::vector<double> aggregate_games(const Aggregation& aggregation,
                                    const std::vector<std::vector<double>>& instances);

class MultiDatasetGame final : public ExplanationGame {
 public:
  /// `instances`: the game on each instance, all named setup.name (their random streams derive
  /// from the name, so each is exactly the single-instance game).
  MultiDatasetGame(GameSetup setup, std::vector<std::unique_ptr<ExplanationGame>> instances,
                   Aggregation aggregation);

  std::string_view kind() const override { return instances_.front()->kind(); }
  /// Every instance's cost of the coalition, summed.
  std::uint64_t evaluations_per_coalition() const override;

  /// The instances' games as stored by `hypershap run`: game i is named "<name>@<instance>"
  /// (e.g. tunability@3945) and otherwise is instance i's game.
  const std::vector<std::unique_ptr<ExplanationGame>>& instances() const { return instances_; }
  const Aggregation& aggregation() const { return aggregation_; }

  /// In one process (tabulate(), tests, small jobs): on first use every instance's game is
  /// tabulated and completed (all 2^n coalitions), then each coalition's value is aggregate_games()
  /// of those, its evaluations and seconds the instances' own for that coalition (exact, whatever
  /// the batch). `hypershap run` never calls this: it evaluates the instances' games instead.
  std::vector<CoalitionOutcome> evaluate(const std::vector<Coalition>& coalitions) const override;

 private:
  struct Tables {
    std::vector<double> values;              // the aggregate, 2^n
    std::vector<std::uint64_t> evaluations;  // summed over the instances, 2^n
    std::vector<double> seconds;             // summed over the instances, 2^n
  };
  const Tables& tables() const;

  std::vector<std::unique_ptr<ExplanationGame>> instances_;
  Aggregation aggregation_;
  mutable std::mutex mutex_;
  mutable std::optional<Tables> tables_;
};

/// The game of Definition 5 over `games` (one per instance, at least one, each built from
/// setup.name on its instance's model; see MultiDatasetGame).
std::unique_ptr<MultiDatasetGame> make_multi_dataset_game(
    GameSetup setup, std::vector<std::unique_ptr<ExplanationGame>> games, Aggregation aggregation);

}  // namespace hypershap
