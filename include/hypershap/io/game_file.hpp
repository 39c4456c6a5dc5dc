#pragma once
// The one reader of a game file for `explain` and `report`, whatever its format:
// - JSON: one object with `players`, `coalition_masks` and `values` (io/game_json.hpp);
// - JSON lines: one such object per line, as the HyperSHAP paper's games.jsonl; one game is chosen
//   with `line` (1-based) and/or `where` (key=value, each must hold);
// - .npz: what shapiq's Game.save_values / numpy.savez_compressed writes: `coalitions` bool
//   [2^n, n], `values` float64 [2^n], `n_players`, `normalization_value`; player names from a
//   `.names` file (one per line), by default the one beside it (game.npz -> game.names), else
//   X0..Xn-1.
// Every problem is an error naming the file and the fix (invalid_input, exit code 3).

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "hypershap/explain/game_table.hpp"

namespace hypershap {

enum class GameFileFormat { json, json_lines, npz };

/// Which game of a file, and where an .npz game's player names are.
struct GameSelection {
  std::size_t line = 0;            // JSON lines: the 1-based line; 0: not chosen by line
  std::vector<std::string> where;  // JSON lines: "key=value" conditions, all of which must hold
  std::filesystem::path names;     // .npz: the names file; empty: <file>.names beside it
  bool selects() const { return line != 0 || !where.empty(); }
};

struct GameFile {
  GameTable game;
  GameFileFormat format = GameFileFormat::json;
  std::string name;  // the file's stem; a JSON line: its `file` key's stem, or "<stem> line N"
  // The object's scalar keys as text (JSON, JSON lines: game_type, scenario, instance, metric,
  // ...; .npz: normalization_value), in the file's order.
  std::vector<std::pair<std::string, std::string>> description;
};

/// By content: a zip archive is .npz; a file named .jsonl/.ndjson, or one whose first line is a
/// whole JSON object followed by more lines, is JSON lines; anything else JSON.
GameFileFormat game_file_format(const std::filesystem::path& path);

GameFile read_game_file(const std::filesystem::path& path, const GameSelection& selection = {});

}  // namespace hypershap
