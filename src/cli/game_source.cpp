#include "game_source.hpp"

#include <filesystem>
#include <fstream>

#include "hypershap/core/error.hpp"
#include "hypershap/io/game_json.hpp"
#include "hypershap/store/store.hpp"

namespace hypershap::cli {

bool is_result_store(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  char signature[8] = {};
  in.read(signature, sizeof signature);
  return in.gcount() == 8 && std::string(signature, 8) == std::string("\x89HDF\r\n\x1a\n", 8);
}

GameSource read_game_source(const std::string& path, const std::string& game_name) {
  if (!is_result_store(path)) {
    if (!game_name.empty()) {
      throw invalid_input("--game " + game_name + ": " + path +
                          " is a JSON game, not a result "
                          "store; --game selects a game of a store");
    }
    return {read_game_json(path), std::filesystem::path(path).stem().string(), ""};
  }
  const StoreReader reader(path);
  const std::vector<std::string> names = reader.game_names();
  std::string name = game_name;
  if (name.empty()) {
    if (names.size() != 1) {
      std::string list;
      for (const auto& g : names) list += (list.empty() ? "" : ", ") + g;
      throw invalid_input(path + " holds " + std::to_string(names.size()) +
                          " games; choose one with --game (" + list + ")");
    }
    name = names.front();
  }
  const StoredGame stored = reader.game(name);
  return {stored.to_game(path), name, stored.spec.kind};
}

}  // namespace hypershap::cli
