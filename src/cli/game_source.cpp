#include "game_source.hpp"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <filesystem>
#include <fstream>

#include "hypershap/core/error.hpp"

namespace hypershap::cli {

bool is_result_store(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  char signature[8] = {};
  in.read(signature, sizeof signature);
  return in.gcount() == 8 && std::string(signature, 8) == std::string("\x89HDF\r\n\x1a\n", 8);
}

namespace {

std::string listed(const std::vector<std::string>& names) {
  std::string list;
  for (const auto& g : names) list += (list.empty() ? "" : ", ") + g;
  return list;
}

GameSource read_stored(const StoreReader& reader, const std::string& path,
                       const std::string& name) {
  StoredGame stored = reader.game(name);
  // a sparse game (an approximate explanation's sample) has no full table: its explanations are
  // the ones its run stored
  GameTable table =
      stored.spec.sparse() ? GameTable{stored.spec.players, {}} : stored.to_game(path);
  GameSource source{std::move(table), name, stored.spec.kind, std::nullopt, {}};
  source.store = StoredGameDetails{reader.metadata(), std::move(stored), reader.explanations(name)};
  return source;
}

}  // namespace

std::vector<GameSource> read_game_sources(const std::string& path,
                                          const std::vector<std::string>& game_names,
                                          const GameSelection& selection) {
  if (!is_result_store(path)) {
    if (!game_names.empty()) {
      throw invalid_input("--game " + game_names.front() + ": " + path +
                          " is a game file, not a result "
                          "store; --game selects a game of a store" +
                          (game_file_format(path) == GameFileFormat::json_lines
                               ? " (a game of a JSON-lines file: --line N or --where key=value)"
                               : ""));
    }
    GameFile file = read_game_file(path, selection);
    GameSource source{std::move(file.game), std::move(file.name), "", std::nullopt, {}};
    source.description = std::move(file.description);
    return {std::move(source)};
  }
  if (selection.selects() || !selection.names.empty()) {
    throw invalid_input(path +
                        " is a result store; --line, --where and --names apply to game "
                        "files (JSON lines, .npz), --game chooses a game of a store");
  }
  const StoreReader reader(path);
  const std::vector<std::string> names = reader.game_names();
  std::vector<std::string> chosen = game_names;
  if (std::find(chosen.begin(), chosen.end(), "all") != chosen.end()) {
    chosen = names;
  } else if (chosen.empty()) {
    if (names.size() != 1) {
      throw invalid_input(path + " holds " + std::to_string(names.size()) +
                          " games; choose one with --game (" + listed(names) + ")");
    }
    chosen = names;
  }
  std::vector<GameSource> sources;
  for (const auto& name : chosen) sources.push_back(read_stored(reader, path, name));
  return sources;
}

GameSource read_game_source(const std::string& path, const std::string& game_name,
                            const GameSelection& selection) {
  std::vector<std::string> names;
  if (!game_name.empty()) names.push_back(game_name);
  if (game_name == "all" && is_result_store(path)) {
    throw invalid_input("--game all: this command reads one game; choose one of " +
                        listed(StoreReader(path).game_names()));
  }
  return std::move(read_game_sources(path, names, selection).front());
}

void add_game_selection_options(CLI::App& command, GameSelection& selection) {
  command.add_option("--line", selection.line,
                     "With a JSON-lines file: the game on this line (1-based)");
  command
      .add_option("--where", selection.where,
                  "With a JSON-lines file: the game whose key has this value, key=value "
                  "(repeatable, all must hold; e.g. --where game_type=ablation --where "
                  "instance=126025); exactly one game must match")
      ->expected(1)
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  command.add_option("--names", selection.names,
                     "With a .npz game: its player names, one per line (default: the .names "
                     "file beside it, e.g. game.names for game.npz; else X0..Xn-1)");
}

}  // namespace hypershap::cli
