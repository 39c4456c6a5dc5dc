#pragma once
// What a report shows of one game, as a plain struct: the `report` command fills it from a JSON
// game or from a game of a result store. Nothing here knows where the numbers came from.

#include <string>
#include <utility>
#include <vector>

#include "hypershap/explain/game_table.hpp"
#include "hypershap/explain/interaction_values.hpp"

namespace hypershap::report {

struct ReportExplanation {
  InteractionValues values;
  std::vector<double> r2;  // faithfulness R² of the order-k FSII approximation, k = 1..r2.size()
  /// An approximate explanation's standard error per value (empty: exact), and its approximator.
  std::vector<double> standard_errors{};
  std::string approximation{};
};

struct ReportInput {
  std::string title;      // a file name, a dataset, a snapshot ("SMAC after 100 trials")
  std::string game_kind;  // ablation, sensitivity, tunability, mistunability, optimizer-bias or ""
  GameTable game;         // the players and their 2^n values
  /// The first is the one drawn as interaction graph and upset plot; an SV explanation among
  /// them is used for the waterfall (otherwise the report computes the Shapley values).
  std::vector<ReportExplanation> explanations;
  /// Further rows of the summary table, in order: provenance, best configuration, evaluation
  /// counts, time.
  std::vector<std::pair<std::string, std::string>> summary;
  /// Collapsible blocks after the summary table, in order: a title and preformatted text (the
  /// resolved job a result store was computed from).
  std::vector<std::pair<std::string, std::string>> details;
};

/// Whether the game's interactions are performance gains over v(∅) (Tunability-like games:
/// tunability, mistunability, data_specific_tunability), which is how the y axes are labelled.
bool is_gain_game(const std::string& game_kind);

}  // namespace hypershap::report
