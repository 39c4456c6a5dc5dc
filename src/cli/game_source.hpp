#pragma once
// What `explain` and `report` read a game from: a game file (JSON, JSON lines, .npz:
// io/game_file.hpp), or a game of a result store (recognised by the HDF5 signature).

#include <optional>
#include <string>
#include <vector>

#include "hypershap/explain/game_table.hpp"
#include "hypershap/io/game_file.hpp"
#include "hypershap/store/store.hpp"

namespace CLI {
class App;
}

namespace hypershap::cli {

/// What a result store holds about a game besides its values.
struct StoredGameDetails {
  StoreMetadata metadata;                       // provenance, job text, configuration space
  StoredGame stored;                            // counts, times, best configurations per coalition
  std::vector<StoredExplanation> explanations;  // as `run` stored them
};

struct GameSource {
  GameTable game;    // no values for a sparse stored game (store->stored.spec.sparse())
  std::string name;  // the game's name in the store, or the file's stem
  std::string kind;  // the store's game kind; empty for a game file
  std::optional<StoredGameDetails> store;  // set for a game of a result store
  // a game file's scalar keys as text (game_type, scenario, instance, metric, ...)
  std::vector<std::pair<std::string, std::string>> description;
};

/// `game_name` selects a game of a store (optional when the store has one game), `selection` one
/// of a JSON-lines file (and an .npz game's names file).
GameSource read_game_source(const std::string& path, const std::string& game_name,
                            const GameSelection& selection = {});

/// Several games of one source: `game_names` empty reads the one game (as read_game_source with
/// no name); "all" among them reads every game of a store in name order.
std::vector<GameSource> read_game_sources(const std::string& path,
                                          const std::vector<std::string>& game_names,
                                          const GameSelection& selection = {});

bool is_result_store(const std::string& path);

/// --line, --where (repeatable) and --names, shared by `explain` and `report`.
void add_game_selection_options(CLI::App& command, GameSelection& selection);

}  // namespace hypershap::cli
