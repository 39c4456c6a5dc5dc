// Reading games from JSON: the layout of games.jsonl and every bad input, each with its message.

#include <doctest/doctest.h>

#include "hypershap/core/error.hpp"
#include "hypershap/io/game_json.hpp"

using namespace hypershap;

namespace {
std::string error_of(const std::string& text) {
  try {
    parse_game_json(text, "game.json");
  } catch (const Error& e) {
    CHECK(e.code() == ExitCode::invalid_input);
    return e.what();
  }
  FAIL("no error for: " << text);
  return {};
}
}  // namespace

TEST_CASE("a game in any mask order is stored in bitmask order and other keys are ignored") {
  const GameTable g = parse_game_json(
      R"({"players": ["a", "b"], "family": "x", "coalition_masks": [0, 3, 1, 2],
          "values": [0.5, 3.5, 1.5, 2.5]})",
      "game.json");
  REQUIRE(g.n() == 2);
  CHECK(g.players == std::vector<std::string>{"a", "b"});
  CHECK(g.values == std::vector<double>{0.5, 1.5, 2.5, 3.5});
}

TEST_CASE("bad games are refused with a message naming the problem and the fix") {
  CHECK(error_of("{\"players\": [").find("not valid JSON at line 1") != std::string::npos);
  CHECK(error_of("[1, 2]").find("expected one JSON object") != std::string::npos);
  CHECK(error_of(R"({"coalition_masks": [0], "values": [1]})").find("missing key 'players'") !=
        std::string::npos);
  CHECK(error_of(R"({"players": [], "values": [1]})").find("missing key 'coalition_masks'") !=
        std::string::npos);
  CHECK(error_of(R"({"players": [], "coalition_masks": [0]})").find("missing key 'values'") !=
        std::string::npos);
  CHECK(error_of(R"({"players": "a", "coalition_masks": [0], "values": [1]})")
            .find("'players' must be an array") != std::string::npos);
  CHECK(error_of(R"({"players": ["a","b"], "coalition_masks": [0,1,2], "values": [1,2,3]})")
            .find("has 3 entries, but a game on n players has exactly 2^n") != std::string::npos);
  CHECK(error_of(R"({"players": ["a"], "coalition_masks": [0,1], "values": [1]})")
            .find("'values' has 1 entries but 'coalition_masks' has 2") != std::string::npos);
  CHECK(error_of(R"({"players": ["a"], "coalition_masks": [0,0], "values": [1,2]})")
            .find("mask 0 appears twice (coalition_masks[0] and [1]), and mask 1 is missing") !=
        std::string::npos);
  CHECK(error_of(R"({"players": ["a"], "coalition_masks": [0,2], "values": [1,2]})")
            .find("coalition_masks[1] = 2 names a player beyond the 1 players") !=
        std::string::npos);
  CHECK(error_of(R"({"players": ["a"], "coalition_masks": [0,-1], "values": [1,2]})")
            .find("coalition_masks[1] = -1 is not a coalition") != std::string::npos);
  CHECK(error_of(R"({"players": ["a"], "coalition_masks": [0,1], "values": [1,NaN]})")
            .find("NaN and Infinity are not JSON numbers") != std::string::npos);
  CHECK(error_of(R"({"players": ["a"], "coalition_masks": [0,1], "values": [1,null]})")
            .find("values[1] is null, not a number") != std::string::npos);
  CHECK(error_of(R"({"players": ["a","b","c"], "coalition_masks": [0,1,2,3], "values": [1,2,3,4]})")
            .find("4 coalitions make a game on 2 players, but 'players' names 3") !=
        std::string::npos);
  CHECK(error_of(R"({"players": ["a"], "coalition_masks": [0,1,2,3], "values": [1,2,3,4]})")
            .find("but 'players' names 1") != std::string::npos);
  CHECK(error_of(R"({"players": ["a","a"], "coalition_masks": [0,1,2,3], "values": [1,2,3,4]})")
            .find("player name 'a' appears twice") != std::string::npos);
  CHECK(error_of(R"({"players": [1], "coalition_masks": [0,1], "values": [1,2]})")
            .find("players[0] must be a string") != std::string::npos);
}

TEST_CASE("a missing file is an I/O error") {
  try {
    read_game_json("/nonexistent/game.json");
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(e.code() == ExitCode::io_error);
    CHECK(std::string(e.what()).find("/nonexistent/game.json: cannot open") != std::string::npos);
  }
}
