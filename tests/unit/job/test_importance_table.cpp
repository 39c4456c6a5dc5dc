// The [importance] table of job files: defaults, every key, the resolved text, bad input.

#include <doctest/doctest.h>

#include "hypershap/core/error.hpp"
#include "hypershap/job/job_file.hpp"

using namespace hypershap;

namespace {

const char* const model = "[model]\nkind = \"analytic\"\nfunction = \"linear-toy\"\n";

JobSpec parse(const std::string& text) { return parse_job(text, "/jobs/job.toml", "/jobs", {}); }

std::string error_of(const std::string& text) {
  try {
    parse(text);
  } catch (const Error& e) {
    CHECK(e.code() == ExitCode::invalid_input);
    return e.what();
  }
  FAIL("no error for:\n" << text);
  return {};
}

}  // namespace

TEST_CASE("[importance]: a job may have only it, and gets automl/fanova's defaults") {
  const JobSpec job = parse(std::string(model) + "[importance]\n");
  CHECK(job.games.empty());
  REQUIRE(job.importance);
  CHECK(job.importance->order == 2);
  CHECK(job.importance->samples == 1000);
  CHECK(job.importance->trees == 16);
  CHECK(job.importance->grid == 20);
  CHECK(job.importance->pd_samples == 1000);
  CHECK_FALSE(job.importance->ice);
  CHECK(job.importance->partial_dependence.empty());
  CHECK_FALSE(parse(std::string(model) + "[games.t]\nkind = \"tunability\"\n").importance);
}

TEST_CASE("[importance]: every key, and the resolved job text reads back the same") {
  const JobSpec job = parse(std::string(model) +
                            "[importance]\norder = 1\nsamples = 500\ntrees = 8\ngrid = 7\n"
                            "pd_samples = 300\nice = true\npartial_dependence = [\"a\", [\"a\", "
                            "\"b\"]]\n");
  REQUIRE(job.importance);
  const ImportanceSpec& i = *job.importance;
  CHECK(i.order == 1);
  CHECK(i.samples == 500);
  CHECK(i.trees == 8);
  CHECK(i.grid == 7);
  CHECK(i.pd_samples == 300);
  CHECK(i.ice);
  REQUIRE(i.partial_dependence.size() == 2);
  CHECK(i.partial_dependence[0] == std::vector<std::string>{"a"});
  CHECK(i.partial_dependence[1] == std::vector<std::string>{"a", "b"});
  const JobSpec again = parse(resolved_job_text(job));
  REQUIRE(again.importance);
  CHECK(again.importance->partial_dependence == i.partial_dependence);
  CHECK(again.importance->trees == 8);
  CHECK(again.importance->ice);
}

TEST_CASE("[importance]: bad input names the key and the fix") {
  const std::string head = std::string(model) + "[importance]\n";
  CHECK(error_of(head + "order = 0\n").find("[importance] order = 0 is out of range") !=
        std::string::npos);
  CHECK(error_of(head + "tres = 3\n").find("did you mean 'trees'?") != std::string::npos);
  CHECK(error_of(head + "partial_dependence = \"a\"\n")
            .find("give a list of hyperparameters and pairs") != std::string::npos);
  CHECK(error_of(head + "partial_dependence = [[\"a\", \"b\", \"c\"]]\n")
            .find("an entry is one name or a pair of names") != std::string::npos);
  CHECK(error_of(head + "partial_dependence = [[\"a\", \"a\"]]\n").find("names 'a' twice") !=
        std::string::npos);
  CHECK(error_of(std::string(model)).find("or an [importance] table)") != std::string::npos);
}
