// Reading games from .npz archives (shapiq / the HyperSHAP paper) and JSON-lines files: the
// layouts, the choice of one game of many, every bad input with its message, and the paper's own
// games, whose .npz and games.jsonl forms must hold the same values bit for bit.

#include <doctest/doctest.h>
#include <zip.h>

#include <unistd.h>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "hypershap/core/error.hpp"
#include "hypershap/explain/shapley_interactions.hpp"
#include "hypershap/io/game_file.hpp"
#include "hypershap/io/game_json.hpp"
#include "hypershap/io/npz.hpp"
#include "test_support.hpp"

using namespace hypershap;

namespace {

namespace fs = std::filesystem;

// per process: the test cases run concurrently (and other worktrees' suites share /tmp)
fs::path temp(const std::string& name) {
  return fs::temp_directory_path() /
         ("hypershap-test-gamefile-" + std::to_string(getpid()) + "-" + name);
}

// A .npy file as numpy.save writes it (format 1.0, or 2.0 with a 4-byte header length).
std::string npy(const std::string& descr, const std::string& shape, const std::string& data,
                bool fortran = false, int version = 1) {
  std::string header = "{'descr': '" + descr +
                       "', 'fortran_order': " + (fortran ? "True" : "False") +
                       ", 'shape': " + shape + ", }";
  const std::size_t preamble = version == 1 ? 10 : 12;
  while ((preamble + header.size() + 1) % 64 != 0) header += ' ';
  header += '\n';
  std::string bytes = "\x93NUMPY";
  bytes += static_cast<char>(version);
  bytes += '\0';
  const std::size_t length = header.size();
  for (std::size_t i = 0; i < preamble - 8; ++i)
    bytes += static_cast<char>((length >> (8 * i)) & 0xff);
  return bytes + header + data;
}

template <typename T>
std::string raw(const std::vector<T>& values) {
  std::string bytes(values.size() * sizeof(T), '\0');
  if (!values.empty()) std::memcpy(bytes.data(), values.data(), bytes.size());
  return bytes;  // little-endian on the machines hypershap runs on (x86-64, aarch64)
}

std::string bools(const std::vector<int>& flags) {
  std::string bytes;
  for (const int f : flags) bytes += static_cast<char>(f);
  return bytes;
}

// A zip archive of the members, deflated as numpy.savez_compressed writes them.
void write_npz(const fs::path& path,
               const std::vector<std::pair<std::string, std::string>>& members) {
  int error = 0;
  zip_t* archive = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
  REQUIRE(archive != nullptr);
  for (const auto& [name, bytes] : members) {
    zip_source_t* source = zip_source_buffer(archive, bytes.data(), bytes.size(), 0);
    REQUIRE(source != nullptr);
    const zip_int64_t index = zip_file_add(archive, name.c_str(), source, ZIP_FL_OVERWRITE);
    REQUIRE(index >= 0);
    zip_set_file_compression(archive, static_cast<zip_uint64_t>(index), ZIP_CM_DEFLATE, 0);
  }
  REQUIRE(zip_close(archive) == 0);
}

// v on 2 players, the rows of `coalitions` ∅, {1}, {0}, {0, 1} (not in bitmask order).
std::vector<std::pair<std::string, std::string>> two_player_game() {
  return {{"coalitions.npy", npy("|b1", "(4, 2)", bools({0, 0, 0, 1, 1, 0, 1, 1}))},
          {"values.npy", npy("<f8", "(4,)", raw(std::vector<double>{0.5, 2.5, 1.5, 3.5}))},
          {"n_players.npy", npy("<i8", "()", raw(std::vector<std::int64_t>{2}))},
          {"normalization_value.npy", npy("<f4", "()", raw(std::vector<float>{0.5F}))}};
}

std::string error_of(const fs::path& path, const GameSelection& selection = {}) {
  try {
    read_game_file(path, selection);
  } catch (const Error& e) {
    CHECK(e.code() == ExitCode::invalid_input);
    return e.what();
  }
  FAIL("no error for " << path);
  return {};
}

bool contains(const std::string& text, const std::string& part) {
  if (text.find(part) != std::string::npos) return true;
  MESSAGE("'" << part << "' not in: " << text);
  return false;
}

}  // namespace

TEST_CASE("an .npz game: rows in any order go to their bitmask, names beside it or X0..Xn-1") {
  const fs::path path = temp("two.npz");
  fs::remove(temp("two.names"));
  write_npz(path, two_player_game());
  const GameFile plain = read_game_file(path);
  CHECK(plain.format == GameFileFormat::npz);
  CHECK(plain.name == temp("two").filename().string());
  CHECK(plain.game.players == std::vector<std::string>{"X0", "X1"});
  // rows ∅, {1}, {0}, {0, 1}: row 1 (mask 2) holds 2.5, row 2 (mask 1) 1.5
  CHECK(plain.game.values == std::vector<double>{0.5, 1.5, 2.5, 3.5});
  REQUIRE(plain.description.size() == 1);
  CHECK(plain.description[0].first == "normalization_value");
  CHECK(plain.description[0].second == "0.5");

  std::ofstream(temp("two.names")) << "learning_rate\nmomentum\n\n";
  CHECK(read_game_file(path).game.players == std::vector<std::string>{"learning_rate", "momentum"});
  const fs::path other = temp("other.names");
  std::ofstream(other) << "a\r\nb\r\n";
  GameSelection names;
  names.names = other;
  CHECK(read_game_file(path, names).game.players == std::vector<std::string>{"a", "b"});
  fs::remove(temp("two.names"));
}

TEST_CASE(".npy headers: version 2, Fortran order, the four dtypes read") {
  // a 2×3 array in Fortran order: columns stored first
  const NpyArray f = parse_npy(
      npy("<i8", "(2, 3)", raw(std::vector<std::int64_t>{1, 4, 2, 5, 3, 6}), true, 2), "f.npy");
  CHECK(f.type == NpyType::int64);
  CHECK(f.shape == std::vector<std::size_t>{2, 3});
  CHECK(f.integers == std::vector<std::int64_t>{1, 2, 3, 4, 5, 6});
  const NpyArray scalar = parse_npy(npy("<f8", "()", raw(std::vector<double>{-0.25})), "s.npy");
  CHECK(scalar.shape.empty());
  CHECK(scalar.size() == 1);
  CHECK(scalar.numbers == std::vector<double>{-0.25});
  const NpyArray single = parse_npy(npy("<f4", "(1,)", raw(std::vector<float>{0.1F})), "x.npy");
  CHECK(single.numbers == std::vector<double>{static_cast<double>(0.1F)});
  const NpyArray flags = parse_npy(npy("|b1", "(3,)", bools({1, 0, 1})), "b.npy");
  CHECK(flags.flags == std::vector<std::uint8_t>{1, 0, 1});
}

TEST_CASE("bad .npy arrays are refused naming the array and the dtypes read") {
  const auto npy_error = [](const std::string& bytes) {
    try {
      parse_npy(bytes, "g.npz: values.npy");
    } catch (const Error& e) {
      CHECK(e.code() == ExitCode::invalid_input);
      return std::string(e.what());
    }
    FAIL("no error");
    return std::string();
  };
  CHECK(contains(npy_error(npy(">f8", "(1,)", raw(std::vector<double>{1.0}))),
                 "g.npz: values.npy: dtype '>f8' is not read; hypershap reads '<f8' (float64), "
                 "'|b1' (bool), '<i8' (int64) and '<f4' (float32)"));
  CHECK(contains(npy_error(npy("<f2", "(1,)", "ab")), "dtype '<f2' is not read"));
  CHECK(contains(npy_error("PK\x03\x04 not npy"), "not a .npy array (no \\x93NUMPY magic)"));
  CHECK(contains(npy_error(npy("<f8", "(2,)", raw(std::vector<double>{1.0}))),
                 "need 16 bytes of data, the file has 8 (truncated)"));
  CHECK(contains(npy_error(npy("<f8", "(1,)", "").substr(0, 30)), "truncated .npy header"));
  CHECK(contains(npy_error(npy("<f8", "[1]", raw(std::vector<double>{1.0}))), "expected '('"));
}

TEST_CASE("bad .npz games: wrong dtype, 2^n mismatch, truncated archive, duplicates, names") {
  auto members = two_player_game();
  const fs::path path = temp("bad.npz");
  fs::remove(temp("bad.names"));

  members[1].second = npy("<i8", "(4,)", raw(std::vector<std::int64_t>{0, 1, 2, 3}));
  write_npz(path, members);
  CHECK(contains(error_of(path), path.string() + ": 'values' is dtype '<i8' of shape (4,); a .npz "
                                                 "game holds 'coalitions' (bool, shape (2^n, n))"));

  members = two_player_game();
  members[0].second = npy("<i8", "(4, 2)", raw(std::vector<std::int64_t>(8, 0)));
  write_npz(path, members);
  CHECK(contains(error_of(path), "'coalitions' is dtype '<i8' of shape (4, 2)"));

  members = two_player_game();
  members[1].second = npy("<f8", "(3,)", raw(std::vector<double>{1, 2, 3}));
  members[0].second = npy("|b1", "(3, 2)", bools({0, 0, 1, 0, 0, 1}));
  write_npz(path, members);
  CHECK(contains(error_of(path),
                 "'coalitions' has 3 rows and 'values' 3 entries, but a game on "
                 "2 players (the columns of 'coalitions') has 2^2 = 4 coalitions"));

  members = two_player_game();
  members[0].second = npy("|b1", "(4, 2)", bools({0, 0, 1, 0, 1, 0, 1, 1}));
  write_npz(path, members);
  CHECK(contains(error_of(path), "coalition row 2 (mask 1) appears twice"));

  members = two_player_game();
  members[2].second = npy("<i8", "()", raw(std::vector<std::int64_t>{3}));
  write_npz(path, members);
  CHECK(contains(error_of(path), "'n_players' is 3, but 'coalitions' has 2 columns"));

  members = two_player_game();
  members.erase(members.begin() + 1);
  write_npz(path, members);
  CHECK(contains(error_of(path),
                 "no array 'values' (it holds 'coalitions', 'n_players', "
                 "'normalization_value')"));

  write_npz(path, two_player_game());
  std::ofstream(temp("bad.names")) << "a\nb\nc\n";
  CHECK(contains(error_of(path), temp("bad.names").string() + ": names 3 players, but " +
                                     path.string() + " is a game on 2 players"));
  std::ofstream(temp("bad.names")) << "a\na\n";
  CHECK(contains(error_of(path), "the name 'a' appears twice"));
  fs::remove(temp("bad.names"));

  // cut short: the central directory at the end of the zip is gone
  std::ostringstream read;
  read << std::ifstream(path, std::ios::binary).rdbuf();
  const std::string whole = read.str();
  for (const std::size_t keep : {whole.size() - 10, whole.size() / 2, std::size_t{3}}) {
    std::ofstream(path, std::ios::binary | std::ios::trunc) << whole.substr(0, keep);
    CHECK(contains(error_of(path), path.string() + ": not a readable .npz (zip) archive"));
  }
  // a flipped byte inside deflated data: the CRC (or inflate) fails
  std::string corrupt = whole;
  corrupt[60] = static_cast<char>(corrupt[60] ^ 0x55);
  std::ofstream(path, std::ios::binary | std::ios::trunc) << corrupt;
  CHECK(contains(error_of(path), path.string() + ": "));

  GameSelection line;
  line.line = 1;
  write_npz(path, two_player_game());
  CHECK(contains(error_of(path, line), "is a .npz file, which holds one game"));
  try {
    read_game_file(temp("missing.npz"));
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(e.code() == ExitCode::io_error);
  }
}

namespace {

const std::string three_games =
    R"({"file": "a/ablation_x.npz", "game_type": "ablation", "instance": "1", "n_players": 1, "players": ["p"], "coalition_masks": [0, 1], "values": [0.0, 1.0]}
{"file": "a/tunability_x.npz", "game_type": "tunability", "instance": "1", "n_players": 1, "players": ["p"], "coalition_masks": [1, 0], "values": [2.0, 0.5]}

{"game_type": "ablation", "instance": "2", "n_players": 1, "players": ["q"], "coalition_masks": [0, 1], "values": [0.25, 3.0]}
)";

fs::path jsonl() {
  const fs::path path = temp("games.jsonl");
  std::ofstream(path) << three_games;
  return path;
}

GameSelection where(std::vector<std::string> conditions, std::size_t line = 0) {
  GameSelection s;
  s.where = std::move(conditions);
  s.line = line;
  return s;
}

}  // namespace

TEST_CASE("JSON lines: one game by --line or --where, its keys as the description") {
  const fs::path path = jsonl();
  GameSelection by_line;
  by_line.line = 2;
  const GameFile second = read_game_file(path, by_line);
  CHECK(second.format == GameFileFormat::json_lines);
  CHECK(second.name == "tunability_x");
  CHECK(second.game.values == std::vector<double>{0.5, 2.0});
  CHECK(second.description.front() ==
        std::pair<std::string, std::string>{"file", "a/tunability_x.npz"});

  const GameFile fourth = read_game_file(path, where({"game_type=ablation", "instance=2"}));
  CHECK(fourth.name == temp("games").filename().string() + " line 4");
  CHECK(fourth.game.players == std::vector<std::string>{"q"});
  CHECK(fourth.game.values == std::vector<double>{0.25, 3.0});
  // numbers compare by value; --line and --where together must agree
  CHECK(read_game_file(path, where({"instance=2.0"})).game.players[0] == "q");
  CHECK(read_game_file(path, where({"game_type=ablation"}, 1)).name == "ablation_x");

  // a .json file with several lines of objects is JSON lines too
  const fs::path as_json = temp("games.json");
  std::ofstream(as_json) << three_games;
  CHECK(game_file_format(as_json) == GameFileFormat::json_lines);
  CHECK(read_game_file(as_json, by_line).game.values == std::vector<double>{0.5, 2.0});
  // and a pretty-printed single game is still JSON
  const fs::path pretty = temp("pretty.json");
  std::ofstream(pretty) << "{\n  \"players\": [\"p\"],\n  \"coalition_masks\": [0, 1],\n"
                           "  \"values\": [1, 2]\n}\n";
  CHECK(game_file_format(pretty) == GameFileFormat::json);
  CHECK(read_game_file(pretty).game.values == std::vector<double>{1.0, 2.0});
}

TEST_CASE("JSON lines: no choice, no match, several matches and bad lines say what to do") {
  const fs::path path = jsonl();
  const std::string p = path.string();
  CHECK(contains(error_of(path), p + " holds 3 games, one per line; choose one with --line N (1 "
                                     "to 4) or --where key=value (repeatable), with the keys "
                                     "file, game_type, instance, n_players"));
  CHECK(contains(error_of(path, where({"game_type=ablaton"})),
                 p + ": no game matches --where game_type=ablaton (of 3 games); game_type takes "
                     "the values ablation, tunability; the keys are file, game_type, instance, "
                     "n_players"));
  CHECK(contains(error_of(path, where({"kind=ablation"})), "no game has the key 'kind'"));
  CHECK(contains(error_of(path, where({"game_type=ablation"})),
                 p + ": 2 games match --where game_type=ablation (lines 1, 4); add --where "
                     "conditions until one is left, or give --line N; they differ in: file, "
                     "instance differ for each"));
  CHECK(contains(error_of(path, where({"game_type=tunability"}, 1)),
                 "no game matches --where game_type=tunability (of 1 game on --line 1)"));
  CHECK(contains(error_of(path, where({"game_type"})), "--where game_type: write key=value"));
  GameSelection line;
  line.line = 5;
  CHECK(contains(error_of(path, line), "--line 5: " + p + " has 4 lines"));
  line.line = 3;
  CHECK(contains(error_of(path, line), "--line 3: line 3 of " + p + " is blank"));
  GameSelection names;
  names.names = "x.names";
  CHECK(contains(error_of(path, names), "--names x.names: player names files go with .npz games"));

  const fs::path broken = temp("broken.jsonl");
  std::ofstream(broken) << three_games << "{\"players\": [\n";
  CHECK(contains(error_of(broken, where({"game_type=ablation", "instance=2"})),
                 broken.string() + " line 5: not valid JSON"));
  line.line = 2;
  std::ofstream(broken, std::ios::trunc) << "{\"players\": [\"p\"]}\n{\"players\": [\"p\"], "
                                            "\"coalition_masks\": [0, 1], \"values\": [1]}\n";
  CHECK(contains(error_of(broken, line), broken.string() + " line 2: 'values' has 1 entries but "
                                                           "'coalition_masks' has 2"));
}

TEST_CASE("the paper's games: .npz and games.jsonl hold the same values bit for bit") {
  const fs::path dir = test::shared_dir_or_skip("data/hypershap_paper_games");
  std::ifstream in(dir / "games.jsonl");
  std::string text;
  std::size_t line = 0;
  std::size_t compared = 0;
  while (std::getline(in, text)) {
    ++line;
    const auto object = nlohmann::json::parse(text);
    const fs::path npz = dir / "games" / object["file"].get<std::string>();
    GameSelection names;
    names.names = npz.parent_path() / object["names_file"].get<std::string>();
    const GameFile from_npz = read_game_file(npz, names);
    // every game against the line parsed on its own; every 25th through --line as well
    const GameTable from_line = parse_game_json(text, "games.jsonl");
    CAPTURE(line);
    REQUIRE(from_npz.game.values.size() == from_line.values.size());
    CHECK(std::memcmp(from_npz.game.values.data(), from_line.values.data(),
                      from_line.values.size() * sizeof(double)) == 0);
    CHECK(from_npz.game.players == from_line.players);
    // the npz's float32 normalization_value, widened, is the JSON line's
    REQUIRE(from_npz.description.size() == 1);
    CHECK(std::stod(from_npz.description[0].second) == object["normalization_value"].get<double>());
    if (line % 25 == 1) {
      GameSelection by_line;
      by_line.line = line;
      const GameFile selected = read_game_file(dir / "games.jsonl", by_line);
      CHECK(selected.game.values == from_npz.game.values);
      CHECK(selected.name == from_npz.name);
    }
    ++compared;
  }
  CHECK(compared == 447);
}

TEST_CASE("the paper's games: explanations from the .npz equal those from games.jsonl") {
  const fs::path dir = test::shared_dir_or_skip("data/hypershap_paper_games");
  const std::vector<std::pair<std::string, std::string>> games = {
      {"jahs/ablation_jahs_jahs_CIFAR10_default_n_configs=10000_random_state=42.npz",
       "jahs/jahs_jahs_CIFAR10.names"},
      {"pd1/data_specific_tunability_pd1_imagenet_resnet_512_default_default_n_configs=10000_"
       "random_state=42.npz",
       "pd1/pd1_imagenet_resnet_512_default.names"},
      {"smac_optbias/smac_optbias_lcbench_val_accuracy_0_5000.npz",
       "smac_optbias/yahpogym_lcbench_0.names"}};
  for (const auto& [file, names_file] : games) {
    CAPTURE(file);
    GameSelection names;
    names.names = dir / "games" / names_file;
    const GameTable npz = read_game_file(dir / "games" / file, names).game;
    const GameTable line = read_game_file(dir / "games.jsonl", where({"file=" + file})).game;
    for (const Index index : all_indices()) {
      const int order = index == Index::sv || index == Index::bv ? 1 : 2;
      const InteractionValues a = explain(npz, index, order);
      const InteractionValues b = explain(line, index, order);
      CHECK(a.players == b.players);
      CHECK(a.values == b.values);
    }
  }
}
