#pragma once
// What `explain` and `report` read a game from: a JSON game file, or a game of a result store
// (recognised by the HDF5 signature).

#include <optional>
#include <string>
#include <vector>

#include "hypershap/explain/game.hpp"
#include "hypershap/store/store.hpp"

namespace hypershap::cli {

/// What a result store holds about a game besides its values.
struct StoredGameDetails {
  StoreMetadata metadata;                       // provenance, job text, configuration space
  StoredGame stored;                            // counts, times, best configurations per coalition
  std::vector<StoredExplanation> explanations;  // as `run` stored them
};

struct GameSource {
  Game game;
  std::string name;                        // the game's name in the store, or the file's stem
  std::string kind;                        // the store's game kind; empty for a JSON game
  std::optional<StoredGameDetails> store;  // set for a game of a result store
};

/// `game_name` selects a game of a store (optional when the store has one game).
GameSource read_game_source(const std::string& path, const std::string& game_name);

/// Several games of one source: `game_names` empty reads the one game (as read_game_source with
/// no name); "all" among them reads every game of a store in name order.
std::vector<GameSource> read_game_sources(const std::string& path,
                                          const std::vector<std::string>& game_names);

bool is_result_store(const std::string& path);

}  // namespace hypershap::cli
