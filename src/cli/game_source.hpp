#pragma once
// What `explain` and `report` read a game from: a JSON game file, or a game of a result store
// (recognised by the HDF5 signature).

#include <string>

#include "hypershap/explain/game.hpp"

namespace hypershap::cli {

struct GameSource {
  Game game;
  std::string name;  // the game's name in the store, or the file's stem
  std::string kind;  // the store's game kind; empty for a JSON game
};

/// `game_name` selects a game of a store (optional when the store has one game).
GameSource read_game_source(const std::string& path, const std::string& game_name);

bool is_result_store(const std::string& path);

}  // namespace hypershap::cli
