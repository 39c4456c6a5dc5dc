// The command line in-process: exit codes, messages and the documented JSON output.

#include <doctest/doctest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "in_process.hpp"
#include "test_support.hpp"

using namespace hypershap;

namespace {
using Result = test::CliResult;
Result run(const std::vector<std::string>& args) { return test::run_cli(args); }
using test::write_temp;
std::string example_game() {
  return (test::source_dir() / "jobs/games/analytic-interactions.json").string();
}
}  // namespace

TEST_CASE("--help and --version exit 0") {
  CHECK(run({"--help"}).code == 0);
  CHECK(run({"--help"}).out.find("explain") != std::string::npos);
  const Result v = run({"--version"});
  CHECK(v.code == 0);
  CHECK(v.out.rfind("hypershap ", 0) == 0);
  CHECK(run({"explain", "--help"}).code == 0);
  CHECK(run({"explain", "--help"}).out.find("--order") != std::string::npos);
}

TEST_CASE("usage errors exit 2") {
  CHECK(run({"--no-such-option"}).code == 2);
  CHECK(run({"explain"}).code == 2);
  CHECK(run({"explain"}).err.find("SOURCE") != std::string::npos);
  CHECK(run({"no-such-command"}).code == 2);
}

TEST_CASE("explain --format json prints one object with every coalition up to the order") {
  const Result r =
      run({"explain", example_game(), "--index", "fsii", "--order", "2", "--format", "json"});
  REQUIRE(r.code == 0);
  const auto j = nlohmann::json::parse(r.out);
  CHECK(j["index"] == "FSII");
  CHECK(j["order"] == 2);
  CHECK(j["n_players"] == 4);
  CHECK(j["players"][0] == "learning_rate");
  CHECK(j["empty_value"].get<double>() == doctest::Approx(0.5));
  const auto& interactions = j["interactions"];
  REQUIRE(interactions.size() == 1 + 4 + 6);
  CHECK(interactions[0]["coalition"].empty());
  CHECK(interactions[1]["coalition"] == nlohmann::json::array({0}));
  CHECK(interactions[5]["coalition"] == nlohmann::json::array({0, 1}));
  CHECK(interactions[10]["coalition"] == nlohmann::json::array({2, 3}));
  // the game is 2-additive: FSII of order 2 is its Möbius transform, written into the file
  CHECK(interactions[1]["value"].get<double>() == doctest::Approx(0.3));
  CHECK(interactions[6]["names"] == nlohmann::json::array({"learning_rate", "momentum"}));
  CHECK(interactions[6]["value"].get<double>() == doctest::Approx(0.4));
  CHECK(interactions[9]["value"].get<double>() == doctest::Approx(-0.1));
  CHECK(interactions[5]["value"].get<double>() == doctest::Approx(0.0).scale(1.0));
  REQUIRE(j["r2"].size() == 4);
  CHECK(j["r2"][1].get<double>() == doctest::Approx(1.0));
}

TEST_CASE("explain --index all wraps every index") {
  const Result r = run({"explain", example_game(), "--index", "all", "--format", "json"});
  REQUIRE(r.code == 0);
  const auto j = nlohmann::json::parse(r.out);
  REQUIRE(j["explanations"].size() == 8);
  CHECK(j["explanations"][1]["index"] == "SV");
  CHECK(j["explanations"][1]["order"] == 1);
}

TEST_CASE("explain table and csv outputs") {
  const Result table = run({"explain", example_game(), "--index", "SV"});
  REQUIRE(table.code == 0);
  CHECK(table.out.find("v(∅) = 0.5") != std::string::npos);
  CHECK(table.out.find("learning_rate") != std::string::npos);
  const Result csv = run({"explain", example_game(), "--index", "k-SII", "--format", "csv"});
  REQUIRE(csv.code == 0);
  CHECK(csv.out.rfind("index,order,size,coalition,names,value\n", 0) == 0);
  CHECK(csv.out.find("k-SII,2,2,0|2,learning_rate|momentum,") != std::string::npos);
}

TEST_CASE("bad requests exit 3 with a message") {
  Result r = run({"explain", example_game(), "--index", "XYZ"});
  CHECK(r.code == 3);
  CHECK(r.err.find("unknown index 'XYZ'") != std::string::npos);
  r = run({"explain", example_game(), "--order", "0"});
  CHECK(r.code == 3);
  CHECK(r.err.find("--order 0 is out of range") != std::string::npos);
  r = run({"explain", example_game(), "--order", "5"});
  CHECK(r.code == 3);
  CHECK(r.err.find("between 1 and 4") != std::string::npos);
  r = run({"explain", example_game(), "--format", "xml"});
  CHECK(r.code == 3);
  CHECK(r.err.find("unknown --format 'xml'") != std::string::npos);
  r = run({"explain", write_temp("bad.json", "{\"players\": [")});
  CHECK(r.code == 3);
  CHECK(r.err.find("not valid JSON") != std::string::npos);
  r = run({"explain", "/nonexistent.json"});
  CHECK(r.code == 4);
}

TEST_CASE("more player names than the coalitions allow is refused") {
  std::string text = R"({"players": [)";
  for (int i = 0; i < 41; ++i)
    text += (i ? "," : "") + std::string("\"p") + std::to_string(i) + "\"";
  text += R"(], "coalition_masks": [0, 1], "values": [1, 2]})";
  const Result r = run({"explain", write_temp("names.json", text)});
  CHECK(r.code == 3);
  CHECK(r.err.find("2 coalitions make a game on 1 players, but 'players' names 41") !=
        std::string::npos);
}
