// `hypershap importance` as users run it: the JSON answer, the results in the store (read back
// the same), the model's own forest, and every refusal with its exit code.

#include <doctest/doctest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "hypershap/store/importance_results.hpp"
#include "hypershap/store/store.hpp"
#include "in_process.hpp"
#include "test_support.hpp"

using namespace hypershap;

namespace {

std::string toy_job(const std::string& name, const std::string& store, const std::string& extra) {
  return test::write_temp("importance-" + name + ".toml",
                          "[job]\nseed = 4\noutput = \"" + store +
                              "\"\n[model]\nkind = \"analytic\"\nfunction = "
                              "\"smooth-interactions\"\n[importance]\n" +
                              extra);
}

std::string temp_store(const std::string& name) {
  const auto path = std::filesystem::temp_directory_path() / ("hypershap-test-importance-" + name);
  std::filesystem::remove(path);
  return path.string();
}

}  // namespace

TEST_CASE("importance: JSON by fraction, the same results in the job's store") {
  const std::string store = temp_store("toy.h5");
  const std::string job = toy_job("toy", store,
                                  "samples = 400\ntrees = 8\ngrid = 5\npd_samples = 50\n"
                                  "partial_dependence = [\"x0\", [\"x0\", \"x1\"]]\n");
  const test::CliResult r = test::run_cli({"importance", job, "--format", "json"});
  REQUIRE_MESSAGE(r.code == 0, r.err);
  const nlohmann::json j = nlohmann::json::parse(r.out);
  const auto& importances = j.at("importances");
  REQUIRE(importances.size() == 6 + 15);  // every player and pair of the 6
  for (std::size_t i = 1; i < importances.size(); ++i)
    CHECK(importances[i - 1].at("fraction").get<double>() >=
          importances[i].at("fraction").get<double>());
  for (const auto& t : importances) {
    CHECK(t.at("fraction").get<double>() >= 0.0);
    CHECK(t.at("fraction").get<double>() <= 1.0);
    CHECK(t.at("std").get<double>() >= 0.0);
  }
  CHECK(j.at("total_variance").get<double>() > 0.0);
  CHECK(j.at("trees").get<int>() == 8);
  CHECK(j.at("samples").get<int>() == 400);
  REQUIRE(j.at("partial_dependence").size() == 2);
  CHECK(j.at("partial_dependence")[1].at("mean").size() == 25);

  const std::optional<ImportanceResults> stored = read_importance_results(store);
  REQUIRE(stored);
  REQUIRE(stored->terms.size() == importances.size());
  for (std::size_t i = 0; i < importances.size(); ++i) {
    CHECK(stored->terms[i].names == importances[i].at("names").get<std::vector<std::string>>());
    CHECK(stored->terms[i].fraction == importances[i].at("fraction").get<double>());
    CHECK(stored->terms[i].std == importances[i].at("std").get<double>());
  }
  CHECK(stored->total_variance == j.at("total_variance").get<double>());
  REQUIRE(stored->partial_dependence.size() == 2);
  CHECK(stored->partial_dependence[1].names == std::vector<std::string>{"x0", "x1"});
  CHECK(stored->partial_dependence[1].mean ==
        j.at("partial_dependence")[1].at("mean").get<std::vector<double>>());
  // a store with only importance results is still a store
  CHECK(test::run_cli({"inspect", store}).code == 0);

  // the same job again: the same numbers (the results are replaced, not appended)
  const test::CliResult again = test::run_cli({"importance", job, "--format", "json"});
  REQUIRE(again.code == 0);
  const nlohmann::json j2 = nlohmann::json::parse(again.out);
  CHECK(j2.at("importances") == importances);
  // --order 1: the main effects only
  const test::CliResult first =
      test::run_cli({"importance", job, "--order", "1", "--format", "json", "--no-store"});
  REQUIRE(first.code == 0);
  CHECK(nlohmann::json::parse(first.out).at("importances").size() == 6);
}

TEST_CASE("importance: a random-forest job is decomposed through its own trees") {
  const std::string job = (test::source_dir() / "jobs" / "default.toml").string();
  const test::CliResult r =
      test::run_cli({"importance", job, "--order", "1", "--format", "json", "--no-store"});
  REQUIRE_MESSAGE(r.code == 0, r.err);
  const nlohmann::json j = nlohmann::json::parse(r.out);
  CHECK(j.at("samples").get<int>() == 0);  // no forest fitted: the job's own
  CHECK(j.at("trees").get<int>() == 10);
  CHECK(j.at("importances").size() == 5);
}

TEST_CASE("importance: refusals name the problem, with the documented exit codes") {
  const std::string store = temp_store("bad.h5");
  CHECK(test::run_cli({"importance", toy_job("order", store, ""), "--order", "0"}).code == 2);
  CHECK(test::run_cli({"importance", toy_job("format", store, ""), "--format", "csv"}).code == 2);
  const test::CliResult unknown =
      test::run_cli({"importance", toy_job("unknown", store, "partial_dependence = [\"y\"]\n")});
  CHECK(unknown.code == 3);
  CHECK(unknown.err.find("unknown hyperparameter 'y'") != std::string::npos);
  // a store of another job is refused and left alone
  REQUIRE(test::run_cli({"importance", toy_job("a", store, "")}).code == 0);
  const test::CliResult other = test::run_cli({"importance", toy_job("b", store, "trees = 3\n")});
  CHECK(other.code != 0);
  CHECK(other.err.find(store) != std::string::npos);
}
