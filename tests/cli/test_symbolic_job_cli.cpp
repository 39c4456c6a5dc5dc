// `hypershap symbolic JOB` end to end, in-process: the Table 1 columns of every table, the store
// (/symbolic) read back by --stored with the same numbers, the report, and refusals.

#include <doctest/doctest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "in_process.hpp"

using hypershap::test::run_cli;
using hypershap::test::write_temp;

namespace {

std::string job_text(const std::filesystem::path& store) {
  return "[job]\noutput = \"" + store.string() +
         "\"\n[model]\nkind = \"analytic\"\nfunction = \"linear-toy\"\n"
         "[symbolic.rand]\ntraining = \"random\"\nsamples = 30\nrepetitions = 2\nsr_seeds = 1\n"
         "population = 100\ngenerations = 2\n"
         "[symbolic.gp]\ntraining = \"surrogate\"\ntrials = 12\nsamples = 30\nrepetitions = 2\n"
         "sr_seeds = 1\npopulation = 100\ngenerations = 2\nparsimony = [0.0001, 0.01]\n";
}

}  // namespace

TEST_CASE("symbolic JOB: Table 1 columns, the store, --stored, the report") {
  const auto dir = std::filesystem::temp_directory_path() / "hypershap-test-symbolic-job";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  // the store's folder does not exist yet: it is created
  const std::string job = write_temp("symbolic-job.toml", job_text(dir / "new" / "job.h5"));

  const auto text = run_cli({"symbolic", job});
  REQUIRE(text.code == 0);
  for (const char* part : {"SR (Random) rand", "SR (BO-GP) gp", "GP baseline", "Linear regression",
                           "parsimony sweep", "Pareto front", "store: "})
    CHECK(text.out.find(part) != std::string::npos);
  CHECK(std::filesystem::exists(dir / "new" / "job.h5"));

  const auto fitted = run_cli({"symbolic", job, "--format", "json", "--no-store"});
  REQUIRE(fitted.code == 0);
  const auto stored =
      run_cli({"symbolic", job, "--stored", "--format", "json", "-o", (dir / "report").string()});
  REQUIRE(stored.code == 0);
  const auto a = nlohmann::json::parse(fitted.out);
  const auto b = nlohmann::json::parse(stored.out);
  REQUIRE(a.size() == 2);
  REQUIRE(b.size() == 2);
  const auto by_name = [](const nlohmann::json& tables, const std::string& name) {
    for (const auto& t : tables)
      if (t["name"] == name) return t;
    FAIL("no table " << name);
    return nlohmann::json();
  };
  for (const char* name : {"gp", "rand"}) {
    // the stored table equals a fresh fit (same seeds, same results)
    const nlohmann::json x = by_name(a, name), y = by_name(b, name);
    REQUIRE(x["fits"].size() == y["fits"].size());
    for (std::size_t i = 0; i < y["fits"].size(); ++i) {
      CHECK(x["fits"][i]["program"] == y["fits"][i]["program"]);
      CHECK(x["fits"][i]["test_rmse"] == y["fits"][i]["test_rmse"]);
    }
    CHECK(x["instances"][0]["linear_rmse"] == y["instances"][0]["linear_rmse"]);
  }
  const nlohmann::json gp = by_name(b, "gp");
  CHECK(gp["fits"].size() == 2 * 2);  // 2 repetitions × 2 parsimony values
  CHECK(gp["instances"][0]["gp_rmse"]["mean"].is_number());
  CHECK(gp["instances"][0]["sweep"].size() == 2);
  CHECK(std::filesystem::exists(dir / "report" / "symbolic.html"));
  CHECK(std::filesystem::exists(dir / "report" / "symbolic-gp-1-elbow.svg"));
  std::filesystem::remove_all(dir);
}

TEST_CASE("symbolic JOB: refusals name the fix") {
  const std::string none = write_temp("symbolic-none.toml",
                                      "[model]\nkind = \"analytic\"\nfunction = "
                                      "\"linear-toy\"\n[games.t]\nkind = \"tunability\"\n");
  auto r = run_cli({"symbolic", none});
  CHECK(r.code == 3);
  CHECK(r.err.find("no [symbolic.NAME] table") != std::string::npos);
  const std::string job =
      write_temp("symbolic-one.toml",
                 "[job]\noutput = \"/nonexistent-dir/x.h5\"\n" +
                     std::string("[model]\nkind = \"analytic\"\nfunction = \"linear-toy\"\n"
                                 "[symbolic.rand]\ntraining = \"random\"\n"));
  r = run_cli({"symbolic", job, "--table", "rnd"});
  CHECK(r.code == 3);
  CHECK(r.err.find("did you mean 'rand'") != std::string::npos);
  r = run_cli({"symbolic", job, "--data", "x.csv", "--target", "c"});
  CHECK(r.code == 2);
  r = run_cli({"symbolic"});
  CHECK(r.code == 2);
  r = run_cli({"symbolic", job, "--stored"});
  CHECK(r.code == 4);  // there is no store to read
}
