#include "hypershap/io/game_json.hpp"

#include <cmath>
#include <nlohmann/json.hpp>
#include <sstream>

#include "hypershap/core/error.hpp"
#include "hypershap/core/memory.hpp"
#include "hypershap/core/text_file.hpp"

namespace hypershap {

namespace {

using nlohmann::json;

// Line and column of a byte offset, for parse errors people can find in an editor.
std::string position_of(std::string_view text, std::size_t offset) {
  std::size_t line = 1;
  std::size_t column = 1;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return "line " + std::to_string(line) + ", column " + std::to_string(column);
}

// Python's json module writes NaN and Infinity, which are not JSON; say so plainly.
bool looks_non_finite(std::string_view text, std::size_t offset) {
  const std::size_t start = offset > 12 ? offset - 12 : 0;
  const std::string_view around = text.substr(start, 24);
  return around.find("NaN") != std::string_view::npos ||
         around.find("Infinity") != std::string_view::npos;
}

const json& require_array(const json& document, const char* key, const std::string& source) {
  const auto it = document.find(key);
  if (it == document.end()) {
    throw invalid_input(source + ": missing key '" + key +
                        "'; a game needs 'players', 'coalition_masks' and 'values'");
  }
  if (!it->is_array()) {
    throw invalid_input(source + ": '" + key + "' must be an array, not " + it->type_name());
  }
  return *it;
}

int players_for_count(std::size_t count, const std::string& source) {
  for (int n = 0; n <= max_players; ++n) {
    if (coalition_count(n) == count) return n;
  }
  std::ostringstream message;
  message << source << ": 'coalition_masks' has " << count
          << " entries, but a game on n players has exactly 2^n coalitions (1, 2, 4, 8, ...); "
             "list every coalition once";
  throw invalid_input(message.str());
}

/// Frees the arrays of a parsed game without allocating. nlohmann's destructor allocates a stack
/// as long as the largest array to destroy a document; under a memory limit that allocation
/// failed while an exception was unwinding, and the process aborted (std::terminate) instead of
/// exiting 5.
void release_arrays(json& document) noexcept {
  if (!document.is_object()) return;
  for (auto& member : document.items()) {
    if (!member.value().is_array()) continue;
    json::array_t freed;  // numbers and strings: destroyed without allocating
    member.value().get_ref<json::array_t&>().swap(freed);
  }
}

GameTable game_from_document(const json& document, const std::string& source);

}  // namespace

GameTable parse_game_json(std::string_view text, const std::string& source) {
  // The parsed document takes far more memory than the text: a JSON value per number (16 bytes,
  // in vectors that grow by doubling) and, to destroy it, a stack as long as the largest array.
  // Refused here, before parsing, since a failed allocation inside the parser cannot be
  // recovered from (see release_arrays).
  std::size_t numbers = 1;
  for (const char c : text) numbers += c == ',' ? 1 : 0;
  require_memory(numbers * 64 + text.size(),
                 source + ": reading a game file of " + std::to_string(numbers) + " numbers");
  json document;
  try {
    document = json::parse(text.begin(), text.end());
  } catch (const json::parse_error& e) {
    if (looks_non_finite(text, e.byte)) {
      throw invalid_input(source + ": not valid JSON at " + position_of(text, e.byte) +
                          ": NaN and Infinity are not JSON numbers and every value of a game "
                          "must be finite; replace them (or fix the game that produced them)");
    }
    throw invalid_input(source + ": not valid JSON at " + position_of(text, e.byte) + ": " +
                        e.what());
  } catch (const json::out_of_range& e) {  // e.g. 1e999: beyond the largest double
    throw invalid_input(source + ": a number is out of range (" + e.what() +
                        "); every value of a game must be a finite double (below 1.8e308)");
  }
  try {
    return game_from_document(document, source);
  } catch (...) {
    release_arrays(document);
    throw;
  }
}

namespace {

GameTable game_from_document(const json& document, const std::string& source) {
  if (!document.is_object()) {
    throw invalid_input(source +
                        ": expected one JSON object with 'players', 'coalition_masks' "
                        "and 'values', found " +
                        std::string(document.type_name()));
  }

  const json& names = require_array(document, "players", source);
  const json& masks = require_array(document, "coalition_masks", source);
  const json& values = require_array(document, "values", source);

  if (values.size() != masks.size()) {
    throw invalid_input(source + ": 'values' has " + std::to_string(values.size()) +
                        " entries but 'coalition_masks' has " + std::to_string(masks.size()) +
                        "; give exactly one value per coalition");
  }
  if (masks.size() > coalition_count(max_players)) {
    throw invalid_input(source + ": too many coalitions; hypershap handles up to " +
                        std::to_string(max_players) + " players");
  }
  const int n = players_for_count(masks.size(), source);
  if (static_cast<int>(names.size()) != n) {
    throw invalid_input(source + ": " + std::to_string(masks.size()) +
                        " coalitions make a game on " + std::to_string(n) +
                        " players, but 'players' names " + std::to_string(names.size()) +
                        "; give exactly one name per player");
  }
  require_memory(coalition_count(n) * (sizeof(double) + 1),
                 source + ": reading a game on " + std::to_string(n) + " players");

  GameTable game;
  game.players.reserve(names.size());
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (!names[i].is_string()) {
      throw invalid_input(source + ": players[" + std::to_string(i) +
                          "] must be a string (the "
                          "hyperparameter's name), not " +
                          names[i].type_name());
    }
    game.players.push_back(names[i].get<std::string>());
  }
  for (std::size_t i = 0; i < game.players.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      if (game.players[i] == game.players[j]) {
        throw invalid_input(source + ": player name '" + game.players[i] +
                            "' appears twice "
                            "(players[" +
                            std::to_string(j) + "] and players[" + std::to_string(i) +
                            "]); names must be unique");
      }
    }
  }

  const std::size_t count = coalition_count(n);
  game.values.assign(count, 0.0);
  std::vector<std::size_t> seen_at(count, count);  // index in the input where each mask appeared
  for (std::size_t i = 0; i < count; ++i) {
    const json& mask = masks[i];
    if (!mask.is_number_integer() || (mask.is_number_integer() && mask.get<long long>() < 0)) {
      throw invalid_input(source + ": coalition_masks[" + std::to_string(i) + "] = " + mask.dump() +
                          " is not a coalition; masks are non-negative integers "
                          "with bit i set for player i");
    }
    const auto s = mask.get<unsigned long long>();
    if (s >= count) {
      throw invalid_input(source + ": coalition_masks[" + std::to_string(i) +
                          "] = " + std::to_string(s) + " names a player beyond the " +
                          std::to_string(n) + " players; every mask must be below 2^" +
                          std::to_string(n) + " = " + std::to_string(count));
    }
    if (seen_at[s] != count) {
      // 2^n masks with one repeated: some coalition is missing; name it too.
      std::vector<bool> present(count, false);
      for (const json& m : masks)
        if (m.is_number_unsigned() && m.get<unsigned long long>() < count)
          present[m.get<unsigned long long>()] = true;
      std::size_t missing = 0;
      while (missing < count && present[missing]) ++missing;
      throw invalid_input(source + ": coalition mask " + std::to_string(s) +
                          " appears twice (coalition_masks[" + std::to_string(seen_at[s]) +
                          "] and [" + std::to_string(i) + "])" +
                          (missing < count ? ", and mask " + std::to_string(missing) + " is missing"
                                           : std::string()) +
                          "; list every coalition exactly once");
    }
    seen_at[s] = i;
    const json& value = values[i];
    if (!value.is_number()) {
      throw invalid_input(source + ": values[" + std::to_string(i) + "] is " +
                          (value.is_null() ? std::string("null") : value.dump()) +
                          ", not a number; every coalition needs a finite value");
    }
    const double x = value.get<double>();
    if (!std::isfinite(x)) {
      throw invalid_input(source + ": values[" + std::to_string(i) +
                          "] is not finite; every "
                          "coalition needs a finite value");
    }
    game.values[s] = x;
  }
  // 2^n distinct masks, each below 2^n: every coalition is present.
  return game;
}

}  // namespace

GameTable read_game_json(const std::filesystem::path& path) {
  return parse_game_json(read_text_file(path, "the game file"), path.string());
}

}  // namespace hypershap
