#pragma once
// `hypershap aggregate`: the multi-dataset game of the HyperSHAP paper (Definition 5),
// v(S) = AGG_i v_i(S), built from the result stores of one game on several instances (datasets).
// The stores must hold the same game: same kind, same players in the same order, same
// configuration space, every coalition done; their jobs differ (by instance) and that is expected.
// The result is a result store itself, with its explanations, so `hypershap explain` and
// `hypershap inspect` read it like any other.

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "hypershap/core/aggregation.hpp"
#include "hypershap/core/coalition_batch.hpp"
#include "hypershap/explain/game_table.hpp"
#include "hypershap/explain/index.hpp"
#include "hypershap/store/store.hpp"

namespace hypershap {

/// --op: mean, median, min, max or quantile:Q (0 <= Q <= 1); throws invalid_input naming them.
Aggregation parse_aggregate_op(std::string_view text);
/// The aggregation in game names and job texts: mean, median, min, max, quantile0.25.
std::string game_suffix(const Aggregation& aggregation);

/// Definition 5 from the complete stored games of one game on several instances: every
/// coalition's value by aggregate_games() (games/multi_dataset_game.hpp), its evaluations and
/// seconds the instances' sums (exact). `hypershap aggregate` and `hypershap run` of a
/// multi-dataset game both store what this returns, so the two give the same bits.
CoalitionBatch aggregate_stored_games(const std::vector<StoredGame>& games,
                                      const Aggregation& aggregation);

struct AggregateRequest {
  std::vector<std::filesystem::path> inputs;  // result stores, one per instance
  Aggregation aggregation;
  std::filesystem::path output;  // the new result store
  std::string game;              // the game to aggregate; empty: the stores' only game
  /// The explanations stored in the output; empty: those of the first input (SV, FSII and k-SII
  /// when it has none).
  std::vector<Index> indices;
  int order = 0;  // 0: that of the first input's explanations (2 when it has none)
  EmptySetConvention empty_set = EmptySetConvention::baseline;
};

struct AggregateResult {
  std::string game_name;  // "<game>-<op>", e.g. tunability-mean
  std::string kind;       // the input game's kind
  GameTable game;         // the aggregated values
};

/// Reads the inputs, refuses mismatched ones (invalid_input saying what differs and where),
/// writes the output store with the aggregated game and its explanations, and returns the game.
AggregateResult aggregate_stores(const AggregateRequest& request);

}  // namespace hypershap
