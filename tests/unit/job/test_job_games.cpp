// The game keys of job files: Optimizer Bias (optimizer, frozen, ensemble), the inner HPO, the
// ablation variants (baselines, baseline = "random", target = "best-of-search") and
// multi-dataset games; each with its default, its round trip and its errors.

#include <doctest/doctest.h>

#include "hypershap/core/error.hpp"
#include "hypershap/job/job_file.hpp"
#include "job_text.hpp"

using namespace hypershap;

namespace {

const char* const toy = "[model]\nkind = \"analytic\"\nfunction = \"linear-toy\"\n[games.g]\n";

JobSpec parse_game(const std::string& game_lines) {
  return parse_job(std::string(toy) + game_lines, "/jobs/job.toml", "/jobs", {});
}

std::string error_of(const std::string& game_lines) {
  try {
    parse_game(game_lines);
  } catch (const Error& e) {
    CHECK(e.code() == ExitCode::invalid_input);
    return e.what();
  }
  FAIL("no error for:\n" << game_lines);
  return {};
}

using test::contains;

void check_round_trip(const JobSpec& job) {
  const std::string text = resolved_job_text(job);
  CHECK(resolved_job_text(parse_job(text, "/jobs/job.toml", "/jobs")) == text);
}

}  // namespace

TEST_CASE("optimizer-bias: the optimizer under study, frozen and the ensemble") {
  const JobSpec job = parse_game(
      "kind = \"optimizer-bias\"\noptimizer = \"frozen-search\"\nfrozen = [\"b\"]\nsamples = 50\n"
      "ensemble = [ { optimizer = \"random-search\", samples = 70 }, { optimizer = "
      "\"frozen-search\", frozen = [\"a\"] } ]");
  const GameSettings& g = job.games.front();
  CHECK(g.kind == GameKind::optimizer_bias);
  CHECK(g.optimizer == OptimizerKind::frozen_search);
  CHECK(g.frozen == std::vector<std::string>{"b"});
  CHECK(g.samples == 50);
  REQUIRE(g.ensemble.size() == 2);
  CHECK(g.ensemble[0].optimizer == OptimizerKind::random_search);
  CHECK(g.ensemble[0].samples == 70);
  CHECK(g.ensemble[1].samples == 10000);  // the default budget
  CHECK(g.ensemble[1].frozen == std::vector<std::string>{"a"});
  check_round_trip(job);
  CHECK(contains(resolved_job_text(job), "frozen = [ 'b' ]"));
}

TEST_CASE("optimizer-bias: the default ensemble is random search and local search") {
  const JobSpec job =
      parse_game("kind = \"optimizer-bias\"\noptimizer = \"coordinate-search\"\nsamples = 300");
  const GameSettings& g = job.games.front();
  REQUIRE(g.ensemble.size() == 2);
  CHECK(g.ensemble[0].optimizer == OptimizerKind::random_search);
  CHECK(g.ensemble[1].optimizer == OptimizerKind::local_search);
  CHECK(g.ensemble[0].samples == 300);
  CHECK(g.ensemble[1].samples == 300);
  check_round_trip(job);
}

TEST_CASE("local search as the inner HPO of tunability") {
  const JobSpec job = parse_game("kind = \"tunability\"\noptimizer = \"local-search\"");
  CHECK(job.games.front().optimizer == OptimizerKind::local_search);
  check_round_trip(job);
}

TEST_CASE("ablation: several baselines, a random baseline, best-of-search") {
  const JobSpec several = parse_game(
      "kind = \"ablation\"\ntarget = { a = 1, b = 1 }\nbaselines = [ { a = 0.2 }, { a = 0.6, b = "
      "0.1 } ]\nbaseline_aggregate = \"variance\"");
  const GameSettings& g = several.games.front();
  REQUIRE(g.baselines.size() == 2);
  CHECK(g.baselines[1].size() == 2);
  CHECK(to_text(g.baseline_aggregate) == "variance");
  CHECK(g.baseline_samples == 0);
  check_round_trip(several);

  const JobSpec random = parse_game(
      "kind = \"ablation\"\ntarget = \"best-of-search\"\nbaseline = \"random\"\nsamples = 99");
  CHECK(random.games.front().baseline_samples == 100);  // the default
  CHECK(random.games.front().target_best_of_search);
  CHECK(!random.games.front().target);
  CHECK(!random.games.front().baseline);
  check_round_trip(random);
  CHECK(contains(resolved_job_text(random), "target = 'best-of-search'"));
  CHECK(parse_game("kind = \"ablation\"\ntarget = \"best-of-search\"\nbaseline = \"random\"\n"
                   "baseline_samples = 7")
            .games.front()
            .baseline_samples == 7);
}

TEST_CASE("multi-dataset keys round-trip") {
  const JobSpec job = parse_game(
      "kind = \"tunability\"\ninstances = [\"3945\", \"7593\"]\naggregate = \"quantile:0.25\"");
  CHECK(job.games.front().instances.size() == 2);
  CHECK(to_text(job.games.front().aggregate) == "quantile:0.25");
  check_round_trip(job);
}

TEST_CASE("bad game keys are explained") {
  CHECK(contains(error_of("kind = \"optimizer-bias\"\noptimizer = \"frozen-search\""),
                 "[games.g] optimizer = 'frozen-search' needs frozen = [\"name\", ...]"));
  CHECK(contains(error_of("kind = \"optimizer-bias\"\nfrozen = [\"a\"]"),
                 "[games.g] frozen applies only to optimizer = 'frozen-search', not "
                 "'random-search'"));
  CHECK(contains(error_of("kind = \"tunability\"\noptimizer = \"coordinate-search\""),
                 "optimizer = 'coordinate-search' is an optimizer to study with kind = "
                 "'optimizer-bias'; tunability searches with random-search or local-search"));
  CHECK(contains(error_of("kind = \"sensitivity\"\noptimizer = \"local-search\""),
                 "optimizer applies only to kind = 'tunability', 'mistunability' or "
                 "'optimizer-bias', not 'sensitivity'"));
  CHECK(contains(error_of("kind = \"optimizer-bias\"\noptimizer = \"grid-search\""),
                 "optimizer = 'grid-search' is not one of"));
  CHECK(contains(error_of("kind = \"tunability\"\nensemble = []"),
                 "ensemble applies only to kind = 'optimizer-bias', not 'tunability'"));
  CHECK(contains(error_of("kind = \"optimizer-bias\"\nensemble = { optimizer = \"x\" }"),
                 "ensemble must be an array of tables"));
  CHECK(contains(error_of("kind = \"optimizer-bias\"\nensemble = [ { optimiser = "
                          "\"random-search\" } ]"),
                 "unknown key 'optimiser' in [games.g.ensemble[0]]; did you mean 'optimizer'?"));
  CHECK(contains(error_of("kind = \"optimizer-bias\"\nensemble = [ { samples = 3 } ]"),
                 "[games.g.ensemble[0]] needs the key 'optimizer'"));
  CHECK(contains(error_of("kind = \"optimizer-bias\"\nensemble = [ 3 ]"),
                 "[games.g.ensemble[0]] must be a table"));
  CHECK(contains(error_of("kind = \"tunability\"\nbaselines = [ { a = 1 } ]"),
                 "baselines applies only to kind = 'ablation', not 'tunability'"));
  CHECK(contains(error_of("kind = \"tunability\"\nbaseline = \"random\""),
                 "baseline = \"random\" applies only to kind = 'ablation'"));
  CHECK(contains(error_of("kind = \"ablation\"\ntarget = { a = 1 }\nbaseline = \"randm\""),
                 "baseline = 'randm': a baseline is a table"));
  CHECK(contains(error_of("kind = \"ablation\"\ntarget = { a = 1 }\nbaseline_samples = 5"),
                 "baseline_samples applies only to baseline = \"random\""));
  CHECK(contains(error_of("kind = \"ablation\"\ntarget = { a = 1 }\nbaseline = { a = 0.5 }\n"
                          "baselines = [ { a = 1 } ]"),
                 "give either baseline or baselines, not both"));
  CHECK(contains(error_of("kind = \"ablation\"\ntarget = { a = 1 }\nbaselines = []"),
                 "baselines must be a non-empty array of tables"));
  CHECK(contains(error_of("kind = \"ablation\"\ntarget = { a = 1 }\nbaselines = [ 1 ]"),
                 "baselines[0] must be a table"));
  CHECK(contains(error_of("kind = \"ablation\"\ntarget = \"best\""),
                 "target = 'best': a target is a table { name = value, ... } or "
                 "\"best-of-search\""));
  CHECK(contains(error_of("kind = \"ablation\"\ntarget = { a = 1 }\nbaseline_aggregate = \"sum\""),
                 "baseline_aggregate = 'sum' is not one of"));
  CHECK(contains(error_of("kind = \"tunability\"\nbaseline_aggregate = \"min\""),
                 "baseline_aggregate applies only to kind = 'ablation', not 'tunability'"));
}
