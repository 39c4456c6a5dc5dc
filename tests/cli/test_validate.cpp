// `hypershap validate` on the bad jobs of tests/cli/bad_jobs/: each fails with exit code 3
// (invalid input) or 4 (a file that cannot be read) and a message that names the file (with the
// key's line and column, also for problems found after reading it), the key and the fix.

#include <doctest/doctest.h>

#include <set>

#include "in_process.hpp"
#include "test_support.hpp"

using namespace hypershap;

namespace {

struct BadJob {
  const char* file;  // under tests/cli/bad_jobs/
  int code;
  std::vector<const char*> message;  // substrings of the error, in order
};

// Jobs that need nothing beyond the repository.
const BadJob bad_jobs[] = {
    {"toml-syntax.toml", 3, {"toml-syntax.toml:2:7: not valid TOML", "expected ']'"}},
    {"unknown-key.toml",
     3,
     {"unknown-key.toml:4:11: unknown key 'functon' in [model]; did you "
      "mean 'function'?"}},
    {"unknown-section.toml", 3, {"unknown key 'modle' in [top level]; did you mean 'model'?"}},
    {"wrong-type.toml", 3, {"wrong-type.toml:3:8: [job] seed must be a whole number"}},
    {"space-file-missing.toml",
     4,
     {"bad_jobs/no-such-space.json: cannot open the configuration space file; check that the "
      "file exists and is readable"}},
    {"history-missing.toml",
     4,
     {"bad_jobs/no-such-history.csv: cannot open the run history; check that the file exists"}},
    {"model-folder-missing.toml",
     4,
     {"model-folder-missing.toml:2:1: [model] folder = '",
      "no-such-yahpo-folder' does not exist; "
      "give the YAHPO model folder"}},
    {"default-out-of-bounds.toml",
     3,
     {"space-default-out-of-bounds.json: hyperparameters[0] ('x') 'default_value' 2 is outside "
      "[0, 1]; set it to a legal value within the bounds"}},
    {"empty-categorical.toml",
     3,
     {"space-empty-categorical.json: hyperparameters[1] ('kernel') 'choices' is empty; give at "
      "least one value"}},
    {"unknown-player.toml",
     3,
     {"unknown-player.toml:7:11: [space] players: unknown hyperparameter 'c'", "a, b"}},
    {"unknown-pinned.toml",
     3,
     {"unknown-pinned.toml:7:10: [space] pinned: unknown hyperparameter 'bb'", "a, b"}},
    {"duplicate-player.toml",
     3,
     {"duplicate-player.toml:7:11: [space] players: player 'a' is listed twice; name each once"}},
    {"pinned-out-of-bounds.toml",
     3,
     {"pinned-out-of-bounds.toml:11:10: [space] pinned: 'x': 7.5 is outside [0, 1]; give a legal "
      "value"}},
    {"history-without-maximize.toml",
     3,
     {"history-without-maximize.toml:2:1: [model] a CSV run history needs maximize = true (larger "
      "accuracy is better) or maximize = false"}},
    {"history-metric-missing.toml",
     3,
     {"tiny-history.csv: no metric column 'acc'; the columns are x, kernel, accuracy; name the "
      "metric column with one of them"}},
    {"analytic-misspelt.toml",
     3,
     {"analytic-misspelt.toml:4:12: [model] function = 'linear-toi' is not one of table1, "
      "linear-toy, smooth-interactions or pairs-20; did you mean 'linear-toy'?"}},
    {"ablation-without-target.toml",
     3,
     {"ablation-without-target.toml:6:1: [games.ablation] an ablation game needs a target "
      "configuration"}},
    {"no-players.toml",
     3,
     {"no-players.toml:9:1: game 'tunability' has no players; list them in [space] players or pin "
      "fewer hyperparameters"}},
    {"game-kind-misspelt.toml",
     3,
     {"game-kind-misspelt.toml:7:8: [games.tunability] kind = 'tunabilty' is not one of",
      "did you mean 'tunability'?"}},
    {"unknown-index.toml",
     3,
     {"unknown-index.toml:10:11: [explain] indices: unknown index 'FSI'; use one of", "FSII"}},
    {"order-zero.toml", 3, {"order-zero.toml:10:9: [explain] order = 0 is out of range; use 1"}},
    {"no-games.toml", 3, {"no-games.toml", "the job needs at least one game, e.g. [games."}},
};

// Jobs on the YAHPO lcbench surrogate of ../shared.
const BadJob bad_yahpo_jobs[] = {
    {"yahpo-instance-unknown.toml",
     3,
     {"yahpo-instance-unknown.toml:2:1: [model] instance '1' is not an instance of the lcbench "
      "surrogate",
      "3945", "; use one of them"}},
    {"yahpo-metric-unknown.toml",
     3,
     {"yahpo-metric-unknown.toml:2:1: [model] metric = 'val_acuracy' is not an output of the "
      "lcbench "
      "surrogate; use",
      "(did you mean 'val_accuracy'?)"}},
    {"yahpo-scenario-unknown.toml",
     3,
     {"yahpo-scenario-unknown.toml:2:1: [model] scenario = 'lcbnech' is not a YAHPO scenario",
      "use", "rbv2_rpart", "(did you mean 'lcbench'?)"}},
    {"yahpo-instance-as-player.toml",
     3,
     {"yahpo-instance-as-player.toml:9:11: [space] players names 'OpenML_task_id', which selects "
      "the "
      "model's instance; set it with [model] instance"}},
};

std::filesystem::path bad_job_dir() { return test::source_dir() / "tests/cli/bad_jobs"; }

void check_fails(const BadJob& job) {
  CAPTURE(job.file);
  const test::CliResult r = test::run_cli({"validate", (bad_job_dir() / job.file).string()});
  CHECK(r.code == job.code);
  CHECK(r.out.empty());
  const std::string& message = r.err;
  std::size_t at = 0;
  for (const char* part : job.message) {
    CAPTURE(message);
    const std::size_t found = message.find(part, at);
    CHECK_MESSAGE(found != std::string::npos, "expected '" << part << "'");
    if (found != std::string::npos) at = found + std::string(part).size();
  }
}

}  // namespace

TEST_CASE("validate refuses each bad job with its message and exit code") {
  for (const BadJob& job : bad_jobs) check_fails(job);
}

TEST_CASE("validate refuses a job file that does not exist with exit code 4") {
  const test::CliResult r =
      test::run_cli({"validate", (bad_job_dir() / "no-such-job.toml").string()});
  CHECK(r.code == 4);
  CHECK(r.err.find("no-such-job.toml: cannot open the job file") != std::string::npos);
}

TEST_CASE("validate refuses each bad YAHPO job with its message and exit code") {
  test::shared_dir_or_skip("data/yahpo_lcbench");
  for (const BadJob& job : bad_yahpo_jobs) check_fails(job);
}

TEST_CASE("every job file in tests/cli/bad_jobs has its expected message here") {
  std::set<std::string> listed;
  for (const BadJob& job : bad_jobs) listed.insert(job.file);
  for (const BadJob& job : bad_yahpo_jobs) listed.insert(job.file);
  std::set<std::string> found;
  for (const auto& entry : std::filesystem::directory_iterator(bad_job_dir()))
    if (entry.path().extension() == ".toml") found.insert(entry.path().filename().string());
  CHECK(found == listed);
  CHECK(listed.size() >= 20);
}
