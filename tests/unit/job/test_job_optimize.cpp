// The [optimize] table and the command model's keys: defaults, the resolved text (what a store
// hashes), and each bad input with its message.

#include <doctest/doctest.h>

#include "hypershap/core/error.hpp"
#include "hypershap/job/job_file.hpp"
#include "job_text.hpp"

using namespace hypershap;

namespace {

const char* const command_job = R"(
[job]
seed = 9

[model]
kind = "command"
command = ["python3", "train.py", "--data", "x.csv"]
maximize = true

[space]
file = "space.json"

[optimize]
trials = 40
)";

std::string error_of(const std::string& text) { return test::job_error(text); }

using test::contains;

}  // namespace

TEST_CASE("a command job with [optimize] needs no games and gets its defaults") {
  const JobSpec job = parse_job(command_job, "/jobs/job.toml", "/jobs");
  CHECK(job.games.empty());
  CHECK(job.model.kind == ModelKind::command);
  CHECK(job.model.command == std::vector<std::string>{"python3", "train.py", "--data", "x.csv"});
  CHECK(job.model.timeout_seconds == 3600.0);
  REQUIRE(job.optimize);
  CHECK(job.optimize->optimizer == "bo");
  CHECK(job.optimize->trials == 40);
  CHECK(job.optimize->seed == 9);  // the job's
  CHECK_FALSE(job.optimize->direction_given);
  const std::string text = resolved_job_text(job);
  CHECK(contains(text, "command = [ 'python3', 'train.py', '--data', 'x.csv' ]"));
  CHECK(contains(text, "[optimize]"));
  CHECK(contains(text, "seed = 9"));
  // the resolved text reads back as the same job
  const JobSpec again = parse_job(text, "/jobs/job.toml", "/jobs");
  CHECK(resolved_job_text(again) == text);
}

TEST_CASE("[optimize] keys: every value and its range") {
  const JobSpec job = parse_job(std::string(command_job) + R"(optimizer = "random-search"
seed = 4
direction = "minimize"
snapshots = [30, 10, 10]
)",
                                "/jobs/job.toml", "/jobs");
  CHECK(job.optimize->optimizer == "random-search");
  CHECK(job.optimize->seed == 4);
  CHECK(job.optimize->direction_given);
  CHECK_FALSE(job.optimize->maximize);
  CHECK(job.optimize->snapshots == std::vector<int>{10, 30});  // sorted, once each
}

TEST_CASE("bad [optimize] and command keys are reported with the fix") {
  CHECK(contains(error_of(std::string(command_job) + "snapshots = [10, 50]\n"),
                 "snapshots = 50 is beyond the budget trials = 40"));
  CHECK(contains(error_of(std::string(command_job) + "optimizer = \"bayesian\"\n"), "optimizer"));
  CHECK(contains(error_of(std::string(command_job) + "direction = \"up\"\n"), "direction"));
  CHECK(contains(error_of(std::string(command_job) + "optimizer = \"random-search\"\n"
                                                     "initial_design = 5\n"),
                 "initial_design applies only to optimizer = 'bo'"));
  CHECK(contains(error_of(std::string(command_job) + "trails = 5\n"), "trails"));
  CHECK(contains(error_of(R"(
[model]
kind = "command"
[optimize]
)"),
                 "kind = 'command' needs command = ["));
  CHECK(contains(error_of(R"(
[model]
kind = "analytic"
function = "linear-toy"
command = ["x"]
trials = 5
[optimize]
)"),
                 "command applies only to kind = 'command'"));
  CHECK(contains(error_of(R"(
[model]
kind = "analytic"
function = "linear-toy"
trials = 5
[optimize]
)"),
                 "trials applies only to a history that is the store of `hypershap optimize`"));
  CHECK(contains(error_of(R"(
[model]
kind = "analytic"
function = "linear-toy"
)"),
                 "or an [optimize] table"));
}
