#pragma once
// Reads a game from JSON: one object with `players` (names), `coalition_masks` (bit i = player i)
// and `values`, in any order of the masks — the layout of one line of the HyperSHAP paper's
// games.jsonl. Other keys are ignored. Every problem is an invalid_input error naming the file,
// the key and the fix.

#include <filesystem>
#include <string>
#include <string_view>

#include "hypershap/explain/game_table.hpp"

namespace hypershap {

GameTable read_game_json(const std::filesystem::path& path);

/// `source` names the text in messages (a file name, or "<string>").
GameTable parse_game_json(std::string_view text, const std::string& source);

}  // namespace hypershap
