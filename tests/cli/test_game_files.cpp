// `explain` and `report` on .npz games and JSON-lines files, as a user runs them: the paper's
// games in both forms explain identically; bad files exit 3 naming the file and the fix.

#include <doctest/doctest.h>
#include <zip.h>

#include <unistd.h>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "in_process.hpp"
#include "test_support.hpp"

using namespace hypershap;

namespace {

namespace fs = std::filesystem;
using test::CliResult;
CliResult run(const std::vector<std::string>& args) { return test::run_cli(args); }

// A .npy member (format 1.0) and a zip archive of members, as numpy.savez_compressed writes.
std::string npy(const std::string& descr, const std::string& shape, const std::string& data) {
  std::string header =
      "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
  while ((10 + header.size() + 1) % 64 != 0) header += ' ';
  header += '\n';
  std::string bytes = "\x93NUMPY\x01";
  bytes += '\0';
  bytes += static_cast<char>(header.size() & 0xff);
  bytes += static_cast<char>(header.size() >> 8);
  return bytes + header + data;
}

std::string write_npz(const std::string& name,
                      const std::vector<std::pair<std::string, std::string>>& members) {
  const fs::path path =
      fs::temp_directory_path() / ("hypershap-test-cli-" + std::to_string(getpid()) + "-" + name);
  int error = 0;
  zip_t* archive = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
  REQUIRE(archive != nullptr);
  for (const auto& [member, bytes] : members) {
    zip_source_t* source = zip_source_buffer(archive, bytes.data(), bytes.size(), 0);
    REQUIRE(zip_file_add(archive, member.c_str(), source, ZIP_FL_OVERWRITE) >= 0);
  }
  REQUIRE(zip_close(archive) == 0);
  return path.string();
}

std::string doubles(const std::vector<double>& values) {
  std::string bytes(values.size() * sizeof(double), '\0');
  std::memcpy(bytes.data(), values.data(), bytes.size());
  return bytes;
}

const std::string coalitions_2 = npy("|b1", "(4, 2)", std::string("\0\0\1\0\0\1\1\1", 8));

bool contains(const std::string& text, const std::string& part) {
  if (text.find(part) != std::string::npos) return true;
  MESSAGE("'" << part << "' not in: " << text);
  return false;
}

}  // namespace

TEST_CASE("explain: the paper's .npz games and their games.jsonl lines give the same output") {
  const fs::path dir = test::shared_dir_or_skip("data/hypershap_paper_games");
  const std::string jsonl = (dir / "games.jsonl").string();
  std::ifstream in(jsonl);
  std::string text;
  for (int line = 1; std::getline(in, text); ++line) {
    if (line % 60 != 7) continue;  // lines 7, 67, ..., 427: several families and sizes
    const auto object = nlohmann::json::parse(text);
    const fs::path npz = dir / "games" / object["file"].get<std::string>();
    const std::string names =
        (npz.parent_path() / object["names_file"].get<std::string>()).string();
    CAPTURE(line);
    for (const std::string format : {"table", "json"}) {
      const CliResult a = run({"explain", npz.string(), "--names", names, "--index", "all",
                               "--order", "2", "--format", format});
      const CliResult b = run({"explain", jsonl, "--line", std::to_string(line), "--index", "all",
                               "--order", "2", "--format", format});
      REQUIRE(a.code == 0);
      REQUIRE(b.code == 0);
      CHECK(a.out == b.out);
    }
    const CliResult c =
        run({"explain", jsonl, "--where", "file=" + object["file"].get<std::string>(), "--index",
             "SV", "--format", "json"});
    REQUIRE(c.code == 0);
    CHECK(nlohmann::json::parse(c.out)["players"] == object["players"]);
  }
}

TEST_CASE("report draws a game of games.jsonl chosen with --where, titled by its scenario") {
  const fs::path dir = test::shared_dir_or_skip("data/hypershap_paper_games");
  const fs::path out =
      fs::temp_directory_path() / ("hypershap-test-cli-report-jsonl-" + std::to_string(getpid()));
  fs::remove_all(out);
  const CliResult r =
      run({"report", (dir / "games.jsonl").string(), "--where", "game_type=ablation", "--where",
           "scenario=lcbench", "--where", "instance=3945", "-o", out.string()});
  REQUIRE(r.code == 0);
  std::ostringstream html;
  html << std::ifstream(out / "index.html").rdbuf();
  const std::string page = html.str();
  CHECK(contains(page, "ablation_yahpogym_lcbench_3945_val_accuracy"));
  CHECK(contains(page, "(lcbench / 3945)"));
  CHECK(contains(page, "val_accuracy"));
}

TEST_CASE("bad game files exit 3 naming the file and the fix") {
  const std::string good =
      write_npz("good.npz", {{"coalitions.npy", coalitions_2},
                             {"values.npy", npy("<f8", "(4,)", doubles({0, 1, 2, 4}))}});
  const CliResult ok = run({"explain", good, "--index", "SV", "--format", "json"});
  REQUIRE(ok.code == 0);
  const auto j = nlohmann::json::parse(ok.out);
  CHECK(j["players"] == nlohmann::json::array({"X0", "X1"}));
  // rows ∅, {0}, {1}, N hold 0, 1, 2, 4: SV_0 = (v({0}) - v(∅) + v(N) - v({1})) / 2 = 1.5
  CHECK(j["interactions"][1]["value"].get<double>() == doctest::Approx(1.5));

  const std::string dtype = write_npz(
      "dtype.npz",
      {{"coalitions.npy", coalitions_2}, {"values.npy", npy("<f2", "(4,)", std::string(8, '\0'))}});
  CliResult r = run({"explain", dtype});
  CHECK(r.code == 3);
  CHECK(contains(r.err, dtype + ": values.npy: dtype '<f2' is not read; hypershap reads '<f8'"));

  const std::string mismatch = write_npz(
      "mismatch.npz",
      {{"coalitions.npy", coalitions_2}, {"values.npy", npy("<f8", "(3,)", doubles({0, 1, 2}))}});
  r = run({"explain", mismatch});
  CHECK(r.code == 3);
  CHECK(contains(r.err, mismatch + ": 'coalitions' has 4 rows and 'values' 3 entries, but a game "
                                   "on 2 players"));

  std::ostringstream bytes;
  bytes << std::ifstream(good, std::ios::binary).rdbuf();
  const std::string pid = std::to_string(getpid());
  const std::string truncated =
      test::write_temp("cli-truncated-" + pid + ".npz", bytes.str().substr(0, 100));
  r = run({"explain", truncated});
  CHECK(r.code == 3);
  CHECK(contains(r.err, truncated + ": not a readable .npz (zip) archive"));
  CHECK(contains(r.err, "save it again"));

  const std::string jsonl = test::write_temp(
      "cli-games-" + pid + ".jsonl",
      "{\"game_type\": \"ablation\", \"players\": [\"a\"], \"coalition_masks\": [0, 1], "
      "\"values\": [0, 1]}\n{\"game_type\": \"tunability\", \"players\": [\"a\"], "
      "\"coalition_masks\": [0, 1], \"values\": [0, 2]}\n");
  r = run({"explain", jsonl, "--where", "game_type=sensitivity"});
  CHECK(r.code == 3);
  CHECK(contains(r.err, jsonl + ": no game matches --where game_type=sensitivity (of 2 games); "
                                "game_type takes the values ablation, tunability"));
  r = run({"explain", jsonl});
  CHECK(r.code == 3);
  CHECK(contains(r.err, "holds 2 games, one per line; choose one with --line N"));
  r = run({"explain", jsonl, "--game", "x"});
  CHECK(r.code == 3);
  CHECK(contains(r.err, "(a game of a JSON-lines file: --line N or --where key=value)"));
  r = run({"explain", jsonl, "--line", "2", "--index", "SV", "--order", "1", "--format", "json"});
  REQUIRE(r.code == 0);
  CHECK(nlohmann::json::parse(r.out)["grand_value"].get<double>() == 2.0);
  const fs::path report = fs::temp_directory_path() / ("hypershap-test-cli-report-where-" + pid);
  r = run(
      {"report", jsonl, "--where", "game_type=ablation", "--order", "1", "-o", report.string()});
  CHECK(r.code == 0);
  CHECK(fs::exists(report / "index.html"));
}
