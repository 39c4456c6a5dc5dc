// Job files: every key with its default, paths, --set, and each bad input with its message.

#include <doctest/doctest.h>

#include "hypershap/core/error.hpp"
#include "hypershap/job/job_file.hpp"
#include "job_text.hpp"

using namespace hypershap;

namespace {
const char* const minimal = R"(
[model]
kind = "analytic"
function = "linear-toy"

[games.tunability]
kind = "tunability"
)";

JobSpec parse(const std::string& text, const std::vector<std::string>& overrides = {}) {
  return test::parse_job_text(text, overrides);
}

std::string error_of(const std::string& text, const std::vector<std::string>& overrides = {}) {
  return test::job_error(text, overrides);
}

using test::contains;
}  // namespace

TEST_CASE("a minimal job gets every documented default") {
  const JobSpec job = parse(minimal);
  CHECK(job.name == "job");
  CHECK(job.seed == 0);
  CHECK(job.output == "/jobs/job.h5");
  CHECK(job.model.kind == ModelKind::analytic);
  CHECK(job.model.function == "linear-toy");
  REQUIRE(job.games.size() == 1);
  CHECK(job.games[0].name == "tunability");
  CHECK(job.games[0].kind == GameKind::tunability);
  CHECK(job.games[0].samples == 10000);
  CHECK(job.games[0].optimizer == OptimizerKind::random_search);
  CHECK_FALSE(job.games[0].baseline.has_value());
  CHECK(job.explain.order == 2);
  CHECK(job.explain.indices == std::vector<Index>{Index::sv, Index::fsii});
  CHECK(job.explain.empty_set == EmptySetConvention::baseline);
  CHECK(job.space.players.empty());
}

TEST_CASE("paths resolve relative to the job file and values keep their types") {
  const JobSpec job = parse(R"(
[job]
name = "lcbench"
seed = 7
output = "../out/store.h5"
[space]
players = ["batch_size", "learning_rate"]
pinned = { epoch = 26, mode = "fast" }
[model]
kind = "yahpo"
folder = "../shared/data/yahpo_lcbench"
instance = 3945
metric = "val_accuracy"
[games.t]
kind = "ablation"
samples = 500
target = { batch_size = 64 }
[explain]
indices = ["FSII", "k-SII"]
order = 3
empty_set = "shapiq"
)");
  CHECK(job.output == "/out/store.h5");
  CHECK(job.model.folder == "/shared/data/yahpo_lcbench");
  CHECK(job.model.instance == "3945");
  CHECK(job.seed == 7);
  REQUIRE(job.space.pinned.size() == 2);
  CHECK(std::get<double>(job.space.pinned[0].second) == 26.0);
  CHECK(std::get<std::string>(job.space.pinned[1].second) == "fast");
  CHECK(job.games[0].samples == 500);
  REQUIRE(job.games[0].target.has_value());
  CHECK(job.explain.indices == std::vector<Index>{Index::fsii, Index::k_sii});
  CHECK(job.explain.empty_set == EmptySetConvention::shapiq);
}

TEST_CASE("--set overrides any key, creating tables as needed") {
  const JobSpec job = parse(minimal, {"games.tunability.samples=250", "job.seed=99",
                                      "model.function=table1", "model.m=5", "job.name=sweep 1"});
  CHECK(job.games[0].samples == 250);
  CHECK(job.seed == 99);
  CHECK(job.model.function == "table1");
  CHECK(job.model.m == 5);
  CHECK(job.name == "sweep 1");  // not TOML: taken as a string
}

TEST_CASE("the resolved job text writes every default and round-trips") {
  const JobSpec job = parse(minimal);
  const std::string text = resolved_job_text(job);
  CHECK(contains(text, "samples = 10000"));
  CHECK(contains(text, "empty_set = 'baseline'"));
  const JobSpec again = parse_job(text, "/jobs/job.toml", "/jobs");
  CHECK(resolved_job_text(again) == text);
  CHECK(resolved_job_text(parse(minimal, {"games.tunability.samples=9"})) != text);
}

TEST_CASE("bad job files are explained, each problem with its line") {
  CHECK(contains(error_of("[model\nkind = 1"), "/jobs/job.toml:1:7: not valid TOML"));
  CHECK(contains(error_of(std::string(minimal) + "sampels = 3\n"),
                 "unknown key 'sampels' in [games.tunability]; did you mean 'samples'?"));
  CHECK(contains(error_of(std::string(minimal) + "[explian]\norder = 2\n"),
                 "unknown key 'explian' in [top level]; did you mean 'explain'?"));
  CHECK(contains(error_of(std::string(minimal) + "[job]\nsede = 1\n"), "did you mean 'seed'?"));
  CHECK(contains(error_of(std::string(minimal) + "samples = \"many\"\n"),
                 "job.toml:8:11: [games.tunability] samples must be a whole number"));
  CHECK(contains(error_of(std::string(minimal) + "samples = 0\n"),
                 "[games.tunability] samples = 0 is out of range; use 1 to 100000000"));
  CHECK(contains(error_of("[games.t]\nkind = \"tunability\"\n"), "the job needs a [model] table"));
  CHECK(contains(error_of("[model]\nkind = \"analytic\"\nfunction = \"table1\"\n"),
                 "the job needs at least one game"));
  CHECK(contains(error_of("[model]\nkind = \"yahpo2\"\n[games.t]\nkind = \"tunability\"\n"),
                 "[model] kind = 'yahpo2' is not one of yahpo, random-forest, analytic, "
                 "gaussian-process or command; did you mean 'yahpo'?"));
  CHECK(contains(error_of("[model]\nkind = \"yahpo\"\n[games.t]\nkind = \"tunability\"\n"),
                 "[model] kind = 'yahpo' needs folder"));
  CHECK(contains(error_of("[model]\nkind = \"random-forest\"\n[games.t]\nkind = \"tunability\"\n"),
                 "needs history"));
  CHECK(contains(error_of(std::string(minimal) + "[model]\n"), "not valid TOML"));  // redefined
  CHECK(contains(error_of("[model]\nkind = \"analytic\"\nfunction = \"linear-toy\"\nhistory = "
                          "\"h.csv\"\n[games.t]\nkind = \"tunability\"\n"),
                 "[model] history applies only to kind = 'random-forest', not 'analytic'"));
  CHECK(contains(error_of(std::string(minimal) + "kind = \"tunabilty\"\n"), "not valid TOML"));
  CHECK(contains(error_of("[model]\nkind = \"analytic\"\nfunction = \"table1\"\n[games.t]\nkind = "
                          "\"tunabilty\"\n"),
                 "[games.t] kind = 'tunabilty' is not one of ablation, sensitivity, tunability, "
                 "mistunability or optimizer-bias; did you mean 'tunability'?"));
  CHECK(contains(error_of(std::string(minimal) + "target = { a = 1 }\n"),
                 "target applies only to kind = 'ablation'"));
  CHECK(contains(error_of(std::string(minimal) + "aggregate = \"quantile:1.5\"\n"),
                 "the quantile must be a number from 0 to 1"));
  CHECK(contains(error_of(std::string(minimal) + "[explain]\nindices = [\"FSI\"]\n"),
                 "unknown index 'FSI'"));
  CHECK(contains(error_of(std::string(minimal) + "[explain]\nindices = \"FSII\"\n"),
                 "[explain] indices must be an array of strings"));
  CHECK(contains(error_of(std::string(minimal) + "[space]\npinned = 3\n"),
                 "[space] pinned must be a table"));
  CHECK(contains(error_of(minimal, {"games.tunability.samples"}), "expected key.path=value"));
  CHECK(contains(error_of(minimal, {"model.kind.x=1"}), "'model.kind' is a value, not a table"));
  CHECK(contains(error_of(minimal, {"games.tunability.sample=5"}),
                 "--set games.tunability.sample=5: unknown key 'sample' in "
                 "[games.tunability]; did you mean 'samples'?"));
  // several problems at once
  const std::string many = error_of(std::string(minimal) + "samples = -1\noptimiser = \"x\"\n");
  CHECK(contains(many, "2 problems in /jobs/job.toml"));
}

TEST_CASE("a missing job file is an I/O error") {
  CHECK_THROWS_AS(read_job_file("/nonexistent/job.toml"), Error);
}

TEST_CASE("[model] budget: highest by default, a number or \"all\", and round-trips") {
  const std::string forest = R"(
[space]
file = "space.json"
[model]
kind = "random-forest"
history = "runs"
)";
  const std::string games = "[games.tunability]\nkind = \"tunability\"\n";
  CHECK(parse(forest + games).model.budget.kind == BudgetChoice::Kind::highest);
  const JobSpec at = parse(forest + "budget = 8.33\n" + games);
  CHECK(at.model.budget.kind == BudgetChoice::Kind::value);
  CHECK(at.model.budget.value == 8.33);
  const JobSpec all = parse(forest + "budget = \"all\"\n" + games);
  CHECK(all.model.budget.kind == BudgetChoice::Kind::all);
  // the resolved text keeps the choice, and leaves out the default (old job hashes stay valid)
  CHECK(parse_job(resolved_job_text(all), "/jobs/job.toml", "/jobs").model.budget.kind ==
        BudgetChoice::Kind::all);
  CHECK(parse_job(resolved_job_text(at), "/jobs/job.toml", "/jobs").model.budget.value == 8.33);
  CHECK(resolved_job_text(parse(forest + games)).find("budget") == std::string::npos);

  CHECK(contains(error_of(forest + "budget = \"lowest\"\n" + games),
                 "job.toml:7:10: [model] budget must be \"highest\" (the default), \"all\""));
  CHECK(contains(error_of(forest + "budget = -1\n" + games), "a positive number"));
  CHECK(contains(error_of(minimal, {"model.budget=25"}),
                 "[model] budget applies only to a multi-fidelity run history"));
}
