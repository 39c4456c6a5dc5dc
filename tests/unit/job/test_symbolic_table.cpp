// The [symbolic.NAME] tables of job files: defaults (the paper's setting), every key, the
// resolved text, and bad input reported with the table and the key.

#include <doctest/doctest.h>

#include "hypershap/core/error.hpp"
#include "hypershap/job/job_file.hpp"
#include "job_text.hpp"

using namespace hypershap;

namespace {

const char* const model = "[model]\nkind = \"analytic\"\nfunction = \"linear-toy\"\n";

JobSpec parse(const std::string& text) { return test::parse_job_text(text); }

std::string error_of(const std::string& text) { return test::job_error(text); }

using test::contains;

}  // namespace

TEST_CASE("[symbolic.NAME]: a job may have only it, with the paper's setting as defaults") {
  const JobSpec job = parse(std::string(model) +
                            "[job]\nseed = 9\n[symbolic.gp]\ntraining = "
                            "\"surrogate\"\n");
  CHECK(job.games.empty());
  REQUIRE(job.symbolic.size() == 1);
  const SymbolicSpec& s = job.symbolic[0];
  CHECK(s.name == "gp");
  CHECK(s.training == "surrogate");
  CHECK(s.players.empty());
  CHECK(s.samples == 400);  // Table 1: 400 random samples evaluated by the GP
  CHECK(s.trials == 140);   // after 140 BO samples
  CHECK(s.repetitions == 5);
  CHECK(s.sr_seeds == 3);
  CHECK(s.parsimony == std::vector<double>{0.0001});
  CHECK_FALSE(s.parsimony_paper);
  CHECK(s.population == 5000);
  CHECK(s.generations == 20);
  CHECK(s.grid == 10);
  CHECK(s.seed == 9);
  CHECK_FALSE(s.cost_offset);
  CHECK_FALSE(s.cost_scale);
  CHECK_FALSE(s.one_hot);
}

TEST_CASE("[symbolic.NAME]: every key, several tables, and the resolved text reads back") {
  const JobSpec job = parse(std::string(model) +
                            "[symbolic.a]\ntraining = \"bo\"\nplayers = [\"a\", \"b\"]\n"
                            "trials = 60\nhistory = \"runs/bo.h5\"\nrepetitions = 2\nsr_seeds = 1\n"
                            "parsimony = [0.01, 0.0001]\npopulation = 300\ngenerations = 4\n"
                            "grid = 7\ninstances = [\"1\", 2]\ncost_offset = 1\ncost_scale = "
                            "-0.01\nseed = 4\none_hot = true\n"
                            "[symbolic.b]\ntraining = \"partial-dependence\"\ntop = 3\nsamples = "
                            "50\npd_samples = 30\nparsimony = \"paper\"\n");
  REQUIRE(job.symbolic.size() == 2);
  const SymbolicSpec& a = job.symbolic[0];
  CHECK(a.training == "bo");
  CHECK(a.players == std::vector<std::string>{"a", "b"});
  CHECK(a.trials == 60);
  CHECK(a.history == std::filesystem::path("/jobs/runs/bo.h5"));
  CHECK(a.repetitions == 2);
  CHECK(a.sr_seeds == 1);
  CHECK(a.parsimony == std::vector<double>{0.01, 0.0001});
  CHECK(a.population == 300);
  CHECK(a.generations == 4);
  CHECK(a.grid == 7);
  CHECK(a.instances == std::vector<std::string>{"1", "2"});
  CHECK(*a.cost_offset == 1.0);
  CHECK(*a.cost_scale == -0.01);
  CHECK(a.seed == 4);
  CHECK(a.one_hot);
  const SymbolicSpec& b = job.symbolic[1];
  CHECK(b.training == "partial-dependence");
  CHECK(b.top == 3);
  CHECK(b.samples == 50);
  CHECK(b.pd_samples == 30);
  CHECK(b.parsimony_paper);

  const JobSpec again = parse(resolved_job_text(job));
  REQUIRE(again.symbolic.size() == 2);
  CHECK(again.symbolic[0].history == a.history);
  CHECK(again.symbolic[0].parsimony == a.parsimony);
  CHECK(*again.symbolic[0].cost_scale == -0.01);
  CHECK(again.symbolic[0].one_hot);
  CHECK(again.symbolic[0].instances == a.instances);
  CHECK(again.symbolic[1].parsimony_paper);
  CHECK(again.symbolic[1].top == 3);
  CHECK(resolved_job_text(again) == resolved_job_text(job));
}

TEST_CASE("[symbolic.NAME]: bad input names the table and the key") {
  const std::string m(model);
  CHECK(contains(error_of(m + "[symbolic.x]\n"), "training"));
  CHECK(contains(error_of(m + "[symbolic.x]\ntraining = \"grid\"\n"), "training"));
  CHECK(contains(error_of(m + "[symbolic.x]\ntraining = \"random\"\ntop = 2\n"),
                 "[symbolic.x] top applies only to training = 'partial-dependence'"));
  CHECK(contains(error_of(m + "[symbolic.x]\ntraining = \"bo\"\nsamples = 20\n"),
                 "samples does not apply to training = 'bo'"));
  CHECK(contains(error_of(m + "[symbolic.x]\ntraining = \"random\"\ntrials = 20\n"),
                 "trials applies only to training = 'bo' or 'surrogate'"));
  CHECK(contains(error_of(m + "[symbolic.x]\ntraining = \"random\"\nparsimony = -1\n"),
                 "parsimony must be a number >= 0"));
  CHECK(contains(error_of(m + "[symbolic.x]\ntraining = \"random\"\nparsimony = \"some\"\n"),
                 "\"paper\""));
  CHECK(contains(error_of(m + "[symbolic.x]\ntraining = \"random\"\ncost_scale = 0\n"),
                 "cost_scale must not be 0"));
  CHECK(contains(error_of(m + "[symbolic.x]\ntraining = \"random\"\nsample = 3\n"),
                 "samples"));  // the unknown key's nearest known key
  CHECK(contains(error_of(m + "[symbolic]\nx = 3\n"), "[symbolic.x] training"));
}
