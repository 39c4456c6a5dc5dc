// A Gaussian-process job end to end: `hypershap evaluate` appends mean and std equal to
// scikit-learn's (tests/unit/models/fixtures/gp_sklearn.json, a fixed kernel on two [0, 1]
// hyperparameters, where the GP's inputs are the values themselves), and `hypershap validate
// --format json` reports the fit of a GP and of a forest.

#include <doctest/doctest.h>

#include <unistd.h>

#include <cmath>
#include <nlohmann/json.hpp>
#include <sstream>

#include "hypershap/core/text_file.hpp"
#include "hypershap/io/csv.hpp"
#include "in_process.hpp"
#include "test_support.hpp"

using namespace hypershap;
using test::run_cli;
using test::write_temp;

namespace {

nlohmann::json first_fixed_case() {
  const auto path = test::source_dir() / "tests/unit/models/fixtures/gp_sklearn.json";
  const nlohmann::json all = nlohmann::json::parse(read_text_file(path, "the GP fixture"));
  for (const auto& c : all["cases"])
    if (c["kind"] == "fixed" && c["normalize_y"].get<bool>() && c["x"][0].size() == 2) return c;
  FAIL("no fixed 2-D case in the fixture");
  return {};
}

std::string number(double x) {
  std::ostringstream s;
  s.precision(17);
  s << x;
  return s.str();
}

// A job on the fixture's data: a CSV history over a, b in [0, 1] and the fixture's kernel.
// The history, space and job files carry the process id: ctest runs each case of this file as its
// own process, in parallel, and with shared names one case rewrote another's history mid-read.
std::string tagged(const std::string& name) { return std::to_string(::getpid()) + "-" + name; }

std::string gp_job(const nlohmann::json& c, bool fixed) {
  std::string history = "a,b,y\n";
  for (std::size_t r = 0; r < c["x"].size(); ++r)
    history += number(c["x"][r][0]) + "," + number(c["x"][r][1]) + "," + number(c["y"][r]) + "\n";
  write_temp(tagged("gp-history.csv"), history);
  write_temp(tagged("gp-space.json"), R"({"hyperparameters": [
    {"name": "a", "type": "uniform_float", "lower": 0.0, "upper": 1.0, "default_value": 0.5},
    {"name": "b", "type": "uniform_float", "lower": 0.0, "upper": 1.0, "default_value": 0.5}]})");
  std::string job = R"([model]
kind = "gaussian-process"
history = "hypershap-test-)" +
                    tagged("gp-history.csv") + R"("
metric = "y"
maximize = false
[space]
file = "hypershap-test-)" +
                    tagged("gp-space.json") + R"("
[games.t]
kind = "tunability"
samples = 10
)";
  if (fixed) {
    job += "[model.kernel]\namplitude = " + number(c["amplitude"]) + "\nlengthscales = [" +
           number(c["lengthscales"][0]) + ", " + number(c["lengthscales"][1]) +
           "]\nnoise = " + number(c["noise"]) + "\n";
  }
  return write_temp(tagged(fixed ? "gp-fixed.toml" : "gp-fitted.toml"), job);
}

}  // namespace

TEST_CASE("evaluate on a GP job appends mean and std equal to scikit-learn's within 1e-8") {
  const nlohmann::json c = first_fixed_case();
  const std::string job = gp_job(c, true);
  std::string configs = "a,b\n";
  for (const auto& row : c["x_test"]) configs += number(row[0]) + "," + number(row[1]) + "\n";
  const std::string input = write_temp(tagged("gp-configs.csv"), configs);
  const auto r = run_cli({"evaluate", job, "--configs", input});
  REQUIRE_MESSAGE(r.code == 0, r.err);
  const CsvTable got = parse_csv_table(r.out, "evaluate output");
  CHECK(got.header == std::vector<std::string>{"a", "b", "mean", "std"});
  REQUIRE(got.rows.size() == c["x_test"].size());
  for (std::size_t i = 0; i < got.rows.size(); ++i) {
    const double mean = c["mean"][i].get<double>();
    const double std = c["std"][i].get<double>();
    CHECK(std::abs(std::stod(got.rows[i][2]) - mean) <= 1e-8 * std::max(1.0, std::abs(mean)));
    CHECK(std::abs(std::stod(got.rows[i][3]) - std) <= 1e-8 * std::max(1.0, std));
  }
}

TEST_CASE("validate --format json reports a GP's kernel and LML and a forest's out-of-bag fit") {
  const nlohmann::json c = first_fixed_case();
  const auto fixed = run_cli({"validate", gp_job(c, true), "--format", "json"});
  REQUIRE_MESSAGE(fixed.code == 0, fixed.err);
  const nlohmann::json report = nlohmann::json::parse(fixed.out);
  const nlohmann::json& fit = report["model"]["fit"];
  CHECK(fit["model"] == "gaussian-process");
  CHECK(fit["runs"] == c["x"].size());
  CHECK(fit["amplitude"].get<double>() == c["amplitude"].get<double>());
  CHECK(fit["lengthscales"][1].get<double>() == c["lengthscales"][1].get<double>());
  CHECK(std::abs(fit["log_marginal_likelihood"].get<double>() -
                 c["log_marginal_likelihood"].get<double>()) <= 1e-8);
  CHECK(report["model"]["outputs"] == nlohmann::json{"mean", "std"});

  const auto fitted = run_cli({"validate", gp_job(c, false), "--format", "json"});
  REQUIRE_MESSAGE(fitted.code == 0, fitted.err);
  const nlohmann::json fitted_fit = nlohmann::json::parse(fitted.out)["model"]["fit"];
  // maximum likelihood beats the fixture's hand-set kernel
  CHECK(fitted_fit["log_marginal_likelihood"].get<double>() >=
        c["log_marginal_likelihood"].get<double>());

  const auto forest = run_cli(
      {"validate", (test::source_dir() / "jobs/default.toml").string(), "--format", "json"});
  REQUIRE_MESSAGE(forest.code == 0, forest.err);
  const nlohmann::json forest_fit = nlohmann::json::parse(forest.out)["model"]["fit"];
  CHECK(forest_fit["model"] == "random-forest");
  CHECK(forest_fit["runs"] == 200);
  CHECK(forest_fit["oob_rmse"].get<double>() > 0.0);
  CHECK(forest_fit["oob_r2"].get<double>() <= 1.0);

  const auto analytic = run_cli(
      {"validate", (test::source_dir() / "jobs/linear-toy.toml").string(), "--format", "json"});
  REQUIRE_MESSAGE(analytic.code == 0, analytic.err);
  CHECK(nlohmann::json::parse(analytic.out)["model"]["fit"].is_null());
  CHECK(run_cli({"validate", gp_job(c, true), "--format", "yaml"}).code == 3);
}

TEST_CASE("a GP job's mistakes name the key and the fix") {
  const nlohmann::json c = first_fixed_case();
  gp_job(c, false);
  const std::string wrong_count = write_temp(tagged("gp-bad-count.toml"), R"([model]
kind = "gaussian-process"
history = "hypershap-test-)" + tagged("gp-history.csv") + R"("
metric = "y"
maximize = false
[model.kernel]
amplitude = 1.0
lengthscales = [0.5]
noise = 1e-6
[space]
file = "hypershap-test-)" + tagged("gp-space.json") + R"("
[games.t]
kind = "tunability"
)");
  const auto r = run_cli({"validate", wrong_count});
  CHECK(r.code == 3);
  CHECK(r.err.find("kernel lengthscales has 1 values; give one per hyperparameter") !=
        std::string::npos);
  const std::string negative = write_temp(tagged("gp-bad-kernel.toml"), R"([model]
kind = "gaussian-process"
history = "hypershap-test-)" + tagged("gp-history.csv") + R"("
metric = "y"
maximize = false
restarts = 2
[model.kernel]
amplitude = -1.0
lengthscales = [0.5, "x"]
[space]
file = "hypershap-test-)" + tagged("gp-space.json") + R"("
[games.t]
kind = "tunability"
)");
  const auto bad = run_cli({"validate", negative});
  CHECK(bad.code == 3);
  CHECK(bad.err.find("[model.kernel] amplitude must be a positive number") != std::string::npos);
  CHECK(bad.err.find("[model.kernel] lengthscales must be a positive number") != std::string::npos);
  CHECK(bad.err.find("noise") != std::string::npos);
  const std::string forest_key = write_temp(tagged("gp-forest-key.toml"), R"([model]
kind = "random-forest"
history = "hypershap-test-)" + tagged("gp-history.csv") + R"("
metric = "y"
maximize = false
normalize_y = false
[space]
file = "hypershap-test-)" + tagged("gp-space.json") + R"("
[games.t]
kind = "tunability"
)");
  const auto misplaced = run_cli({"validate", forest_key});
  CHECK(misplaced.code == 3);
  CHECK(misplaced.err.find("normalize_y applies only to kind = 'gaussian-process'") !=
        std::string::npos);
}
