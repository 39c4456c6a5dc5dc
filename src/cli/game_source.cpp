#include "game_source.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "hypershap/core/error.hpp"
#include "hypershap/io/game_json.hpp"

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
  GameSource source{stored.to_game(path), name, stored.spec.kind, std::nullopt};
  source.store = StoredGameDetails{reader.metadata(), std::move(stored), reader.explanations(name)};
  return source;
}

}  // namespace

std::vector<GameSource> read_game_sources(const std::string& path,
                                          const std::vector<std::string>& game_names) {
  if (!is_result_store(path)) {
    if (!game_names.empty()) {
      throw invalid_input("--game " + game_names.front() + ": " + path +
                          " is a JSON game, not a result "
                          "store; --game selects a game of a store");
    }
    return {GameSource{read_game_json(path), std::filesystem::path(path).stem().string(), "",
                       std::nullopt}};
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

GameSource read_game_source(const std::string& path, const std::string& game_name) {
  std::vector<std::string> names;
  if (!game_name.empty()) names.push_back(game_name);
  if (game_name == "all" && is_result_store(path)) {
    throw invalid_input("--game all: this command reads one game; choose one of " +
                        listed(StoreReader(path).game_names()));
  }
  return std::move(read_game_sources(path, names).front());
}

}  // namespace hypershap::cli
