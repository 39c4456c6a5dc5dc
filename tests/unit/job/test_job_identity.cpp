// The job rules of issue 12, item 5: the job identity (what determines the values: the inputs by
// their content, not by how their paths are spelled), paths given with --set, players = [],
// a hyperparameter both pinned and a player, and an [explain] order above the players.

#include <doctest/doctest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "hypershap/core/error.hpp"
#include "hypershap/job/game_setup.hpp"
#include "hypershap/job/job_file.hpp"
#include "hypershap/job/job_identity.hpp"
#include "hypershap/job/model_setup.hpp"
#include "hypershap/job/players.hpp"
#include "hypershap/store/sha256.hpp"
#include "job_text.hpp"

using namespace hypershap;
namespace fs = std::filesystem;

namespace {

class Folder {
 public:
  Folder() {
    static int counter = 0;
    path_ = fs::temp_directory_path() / ("hypershap-job-identity-" + std::to_string(::getpid()) +
                                         "-" + std::to_string(counter++));
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  Folder(const Folder&) = delete;
  Folder& operator=(const Folder&) = delete;
  ~Folder() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  fs::path operator/(const std::string& name) const { return path_ / name; }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

void write(const fs::path& file, const std::string& text) {
  fs::create_directories(file.parent_path());
  std::ofstream(file, std::ios::binary) << text;
}

const char* const runs = "a,b,score\n0.1,0.2,0.5\n0.3,0.4,0.7\n0.5,0.9,0.1\n";

std::string forest_job(const std::string& history, const std::string& output,
                       const std::string& extra = "") {
  return "[job]\noutput = \"" + output + "\"\n" + extra +
         "[model]\nkind = \"random-forest\"\nhistory = \"" + history +
         "\"\nmetric = \"score\"\nmaximize = true\n[games.tunability]\nkind = "
         "\"tunability\"\nsamples = 10\n";
}

/// Restores the current folder at the end of a test that changes it.
struct CurrentFolder {
  fs::path saved = fs::current_path();
  ~CurrentFolder() { fs::current_path(saved); }
};

const char* const toy = "[model]\nkind = \"analytic\"\nfunction = \"linear-toy\"\n[games.g]\n";

std::string parse_error(const std::string& text) { return test::job_error(text); }

using test::contains;

}  // namespace

TEST_CASE("job identity: the same inputs under other paths, names and outputs are the same job") {
  Folder folder;
  write(folder / "data/runs.csv", runs);
  write(folder / "copy/deeper/runs.csv", runs);  // the same bytes in another place
  write(folder / "a/job.toml", forest_job("../data/runs.csv", "a.h5"));
  write(folder / "b/c/other.toml", forest_job((folder / "copy/deeper/runs.csv").string(),
                                              "/elsewhere/x.h5", "name = \"renamed\"\n"));
  const JobSpec a = read_job_file(folder / "a/job.toml");
  const JobSpec b = read_job_file(folder / "b/c/other.toml");
  CHECK(resolved_job_text(a) != resolved_job_text(b));  // the spelling differs...
  CHECK(job_identity(a) == job_identity(b));            // ...what determines the values does not
  // the identity names the history by the SHA-256 of its bytes, not by its path
  CHECK(contains(job_identity(a), "history = 'sha256:" + sha256_hex(runs) + "'"));
  CHECK(job_identity(a).find("runs.csv") == std::string::npos);
  CHECK(job_description(a, "{}").identity == job_identity(a));
  CHECK(job_description(a, "{}").job_text == resolved_job_text(a));
}

TEST_CASE("job identity: a changed input or a key that changes the values is another job") {
  Folder folder;
  write(folder / "runs.csv", runs);
  write(folder / "job.toml", forest_job("runs.csv", "job.h5"));
  const std::string before = job_identity(read_job_file(folder / "job.toml"));
  CHECK(job_identity(read_job_file(folder / "job.toml", {"job.seed=7"})) != before);
  CHECK(job_identity(read_job_file(folder / "job.toml", {"games.tunability.samples=11"})) !=
        before);
  write(folder / "runs.csv", std::string(runs) + "0.7,0.1,0.3\n");
  CHECK(job_identity(read_job_file(folder / "job.toml")) != before);
}

TEST_CASE("input content hash: a folder by its files' relative paths and contents") {
  Folder folder;
  write(folder / "model/model.onnx", "weights");
  write(folder / "model/sub/encoding.json", "{}");
  write(folder / "copy/model/model.onnx", "weights");
  write(folder / "copy/model/sub/encoding.json", "{}");
  const std::string hash = input_content_hash(folder / "model");
  CHECK(hash.rfind("sha256:", 0) == 0);
  CHECK(input_content_hash(folder / "copy/model") == hash);
  // the listing it hashes, recomputed: sorted relative paths with each file's SHA-256
  CHECK(hash == "sha256:" + sha256_hex("folder\nmodel.onnx " + sha256_hex("weights") +
                                       "\nsub/encoding.json " + sha256_hex("{}") + "\n"));
  write(folder / "copy/model/sub/encoding.json", "{ }");
  CHECK(input_content_hash(folder / "copy/model") != hash);
  write(folder / "copy/model/sub/encoding.json", "{}");
  fs::rename(folder / "copy/model/sub/encoding.json", folder / "copy/model/sub/renamed.json");
  CHECK(input_content_hash(folder / "copy/model") != hash);
  CHECK(input_content_hash(folder / "nothing-here") == "missing");
  CHECK(input_content_hash(folder / "model/model.onnx") == "sha256:" + sha256_hex("weights"));
}

TEST_CASE("--set: paths are relative to the current folder, paths in the file to the job file") {
  Folder folder;
  write(folder / "jobs/job.toml", forest_job("runs.csv", "out/job.h5"));
  fs::create_directories(folder / "work");
  CurrentFolder restore;
  fs::current_path(folder / "work");
  const fs::path here = fs::current_path();
  const JobSpec from_file = read_job_file(folder / "jobs/job.toml");
  CHECK(from_file.output == (folder / "jobs/out/job.h5").lexically_normal());
  CHECK(from_file.model.history == (folder / "jobs/runs.csv").lexically_normal());
  const JobSpec set = read_job_file(folder / "jobs/job.toml",
                                    {"job.output=out/x.h5", "model.history=data/runs.csv"});
  CHECK(set.output == (here / "out/x.h5").lexically_normal());
  CHECK(set.model.history == (here / "data/runs.csv").lexically_normal());
  // a table given whole with --set counts as given there too
  const JobSpec table = read_job_file(folder / "jobs/job.toml", {"job={output=\"t.h5\"}"});
  CHECK(table.output == (here / "t.h5").lexically_normal());
  // an absolute path is itself
  const JobSpec absolute = read_job_file(folder / "jobs/job.toml", {"job.output=/tmp/y.h5"});
  CHECK(absolute.output == fs::path("/tmp/y.h5"));
}

TEST_CASE("[space] players = [] is every hyperparameter not pinned, as the key left out") {
  // the documented rule: every store's resolved job text writes players = [] for that
  const auto players_of = [](const std::string& space) {
    const JobSpec job = parse_job(std::string(toy) + "kind = \"tunability\"\n" + space,
                                  "/jobs/job.toml", "/jobs", {});
    return job_players(job, *load_model(job), "game 'g'", "games.g");
  };
  CHECK(players_of("[space]\nplayers = []\n") == std::vector<int>{0, 1});
  CHECK(players_of("") == std::vector<int>{0, 1});
  CHECK(players_of("[space]\nplayers = []\npinned = { a = 0.5 }\n") == std::vector<int>{1});
}

TEST_CASE("a hyperparameter both pinned and a player is refused") {
  const std::string message =
      parse_error(std::string(toy) + "[space]\nplayers = [\"a\", \"b\"]\npinned = { b = 0.5 }\n");
  CHECK(contains(message, "job.toml:6:"));
  CHECK(contains(message, "[space] players names 'b', which [space] pinned also holds fixed"));
  CHECK(contains(message, "remove it from players or from pinned"));
  // each on its own is fine
  CHECK_NOTHROW(
      parse_job(std::string(toy) +
                    "kind = \"tunability\"\n[space]\nplayers = [\"a\"]\npinned = { b = 0.5 }\n",
                "/jobs/job.toml", "/jobs", {}));
}

TEST_CASE("[explain] order above a game's players is refused; the default order is capped") {
  const auto game_of = [](const std::string& text) {
    const JobSpec job = parse_job(text, "/jobs/job.toml", "/jobs", {});
    return make_game(job, job.games.front(), load_model(job));
  };
  // linear-toy has 2 hyperparameters, a and b
  try {
    game_of(std::string(toy) + "kind = \"tunability\"\nsamples = 5\n[explain]\norder = 3\n");
    FAIL("order 3 with 2 players was accepted");
  } catch (const Error& e) {
    CHECK(e.code() == ExitCode::invalid_input);
    CHECK(contains(e.what(), "job.toml:8:"));
    CHECK(contains(e.what(),
                   "[explain] order = 3, but game 'g' has 2 players; an interaction has at most "
                   "all of them: set order to 2 or less"));
  }
  CHECK_THROWS_WITH_AS(
      game_of(std::string(toy) +
              "kind = \"tunability\"\nsamples = 5\n[space]\nplayers = [\"a\"]\n[explain]\n"
              "order = 2\n"),
      doctest::Contains("order = 2, but game 'g' has 1 player;"), Error);
  CHECK(game_of(std::string(toy) + "kind = \"tunability\"\nsamples = 5\n[explain]\norder = 2\n")
            ->n() == 2);
  // without order, the default (2) is capped at the one player
  CHECK(
      game_of(std::string(toy) + "kind = \"tunability\"\nsamples = 5\n[space]\nplayers = [\"a\"]\n")
          ->n() == 1);
}
