// A new user's first steps: an Optuna study's CSV validated without a hand-written space (the
// inferred one printed, the FAIL and PRUNED trials counted, the negated loss said), and a model
// below [model] min_r2 refused with exit code 7 unless allow_poor_model = true.

#include <doctest/doctest.h>

#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "hypershap/core/text_file.hpp"
#include "hypershap/io/csv.hpp"
#include "in_process.hpp"
#include "test_support.hpp"

using namespace hypershap;
using test::run_cli;
using test::write_temp;

TEST_CASE("validate on an Optuna study: inferred space, runs used and skipped, negated loss") {
  const std::string job = (test::source_dir() / "jobs/optuna-study.toml").string();
  const test::CliResult r = run_cli({"validate", job});
  REQUIRE_MESSAGE(r.code == 0, r.err);
  CHECK(r.out.find("value is minimised; game values are the negated value") != std::string::npos);
  CHECK(r.out.find("fitted on 97 runs; 23 runs skipped (FAIL 16, PRUNED 7)") != std::string::npos);
  CHECK(r.out.find("inferred from the history's columns") != std::string::npos);
  CHECK(r.out.find("\"name\": \"optimizer\"") != std::string::npos);

  const test::CliResult j = run_cli({"validate", job, "--format", "json"});
  REQUIRE_MESSAGE(j.code == 0, j.err);
  const nlohmann::json out = nlohmann::json::parse(j.out);
  CHECK(out["space"]["inferred"] == true);
  const nlohmann::json& hps = out["space"]["configspace"]["hyperparameters"];
  REQUIRE(hps.size() == 4);
  // lr was drawn log-uniformly from [1e-5, 1] and pruned above 0.1: its observed range spans
  // more than three decades, so it is inferred on a log scale; dropout in [0, 0.4] is not
  CHECK(hps[2]["name"] == "lr");
  CHECK(hps[2]["log"] == true);
  CHECK(hps[2]["upper"].get<double>() <= 0.1);
  CHECK(hps[0]["name"] == "dropout");
  CHECK(hps[0]["log"] == false);
  CHECK(hps[1]["type"] == "uniform_int");
  CHECK(hps[3]["type"] == "categorical");
}

TEST_CASE("a forest below min_r2 is refused with exit code 7; allow_poor_model explains it") {
  // the default history with min_r2 above any forest's reach: refused, then allowed
  const std::string history = (test::source_dir() / "jobs/data/svm_digits.csv").string();
  const std::string space = (test::source_dir() / "jobs/data/svm_digits.configspace.json").string();
  const std::string text = "[model]\nkind = \"random-forest\"\nhistory = \"" + history +
                           "\"\nmetric = \"accuracy\"\nmaximize = true\nmin_r2 = 0.999\n"
                           "[space]\nfile = \"" +
                           space +
                           "\"\n"
                           "[games.t]\nkind = \"tunability\"\nsamples = 10\n";
  const std::string job = write_temp("poor-model.toml", text);
  const test::CliResult refused = run_cli({"validate", job});
  CHECK(refused.code == 7);
  CHECK(refused.err.find("[model] the random forest predicts its own run history poorly") !=
        std::string::npos);
  CHECK(refused.err.find("is below min_r2 = 0.999") != std::string::npos);

  const test::CliResult allowed =
      run_cli({"validate", job, "--set", "model.allow_poor_model=true"});
  REQUIRE_MESSAGE(allowed.code == 0, allowed.err);
  CHECK(allowed.out.find("warning: out-of-bag R²") != std::string::npos);
  CHECK(allowed.out.find("used because allow_poor_model = true") != std::string::npos);

  const test::CliResult wrong_kind =
      run_cli({"validate", (test::source_dir() / "jobs/linear-toy.toml").string(), "--set",
               "model.min_r2=0.5"});
  CHECK(wrong_kind.code == 3);
  CHECK(wrong_kind.err.find("[model] min_r2 applies only to kind = 'random-forest'") !=
        std::string::npos);
}

TEST_CASE("the default job's result makes sense for an SVM") {
  // jobs/default.toml on the shipped history: the best configuration found is an rbf SVC, and
  // Tunability ranks C, then kernel and gamma; degree and coef0 (inactive for rbf, which the
  // space's conditions now say) get next to nothing
  const std::string store =
      (std::filesystem::temp_directory_path() / "hypershap-test-default.h5").string();
  std::filesystem::remove(store);
  const std::string job = (test::source_dir() / "jobs/default.toml").string();
  const test::CliResult run = run_cli({"run", job, "--set", "job.output=\"" + store + "\""});
  REQUIRE_MESSAGE(run.code == 0, run.err);
  const test::CliResult sv = run_cli({"explain", store, "--game", "tunability", "--index", "SV",
                                      "--order", "1", "--format", "json"});
  REQUIRE_MESSAGE(sv.code == 0, sv.err);
  std::map<std::string, double> value;
  const nlohmann::json explanation = nlohmann::json::parse(sv.out);
  for (const auto& i : explanation["interactions"])
    if (i["names"].size() == 1) value[i["names"][0].get<std::string>()] = i["value"].get<double>();
  CHECK(value["C"] > value["kernel"]);
  CHECK(value["C"] > value["gamma"]);
  CHECK(value["kernel"] > 0.0);
  CHECK(value["gamma"] > 0.0);
  CHECK(std::abs(value["degree"]) < 0.1 * value["C"]);
  CHECK(std::abs(value["coef0"]) < 0.1 * value["C"]);

  const test::CliResult values =
      run_cli({"export", store, "--what", "values", "--game", "tunability"});
  REQUIRE_MESSAGE(values.code == 0, values.err);
  const CsvTable table = parse_csv_table(values.out, "export");
  const std::vector<std::string>& grand = table.rows.back();  // N, the best configuration found
  CHECK(grand[static_cast<std::size_t>(table.column("members"))] == "C|gamma|kernel|degree|coef0");
  CHECK(grand[static_cast<std::size_t>(table.column("kernel"))] == "rbf");
  CHECK(grand[static_cast<std::size_t>(table.column("degree"))].empty());
  CHECK(std::stod(grand[static_cast<std::size_t>(table.column("value"))]) > 0.98);
  std::filesystem::remove(store);
}

TEST_CASE("from an Optuna SQLite storage to a report that names the job, the model and the data") {
  // a job as a new user writes it: the storage brings its direction and its space
  const std::filesystem::path dir = std::filesystem::temp_directory_path() /
                                    ("hypershap-test-optuna-report-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  std::filesystem::copy_file(test::source_dir() / "jobs/data/optuna/optuna_study.db",
                             dir / "study.db");
  const auto write = [&](const std::string& name, const std::string& text) {
    std::ofstream(dir / name) << text;
    return (dir / name).string();
  };
  const std::string games = "[games.tunability]\nkind = \"tunability\"\nsamples = 200\n";
  const std::string a = write("first.toml",
                              "[job]\nname = \"lr study\"\n[model]\nkind = "
                              "\"random-forest\"\nhistory = \"study.db\"\n" +
                                  games);
  const test::CliResult run = run_cli({"run", a});
  REQUIRE_MESSAGE(run.code == 0, run.err);
  const test::CliResult report =
      run_cli({"report", (dir / "first.h5").string(), "-o", (dir / "report").string()});
  REQUIRE_MESSAGE(report.code == 0, report.err);
  const std::string html = read_text_file(dir / "report/index.html", "the report");
  CHECK(html.find("<h1>HyperSHAP report: lr study</h1>") != std::string::npos);
  CHECK(html.find("<th>model</th><td>random-forest on study.db</td>") != std::string::npos);

  // two stores of jobs without an instance: panels are labelled by job, the title lists both
  const std::string b = write("second.toml",
                              "[job]\nname = \"second\"\n[model]\nkind = \"analytic\"\nfunction = "
                              "\"linear-toy\"\n" +
                                  games);
  REQUIRE(run_cli({"run", b}).code == 0);
  const test::CliResult both =
      run_cli({"report", (dir / "first.h5").string(), (dir / "second.h5").string(), "-o",
               (dir / "both").string(), "--scales", "each"});
  REQUIRE_MESSAGE(both.code == 0, both.err);
  const std::string html2 = read_text_file(dir / "both/index.html", "the report");
  CHECK(html2.find("<h1>HyperSHAP report: lr study, second</h1>") != std::string::npos);
  CHECK(html2.find("tunability (lr study)") != std::string::npos);
  CHECK(html2.find("tunability (second)") != std::string::npos);
  CHECK(html2.find("first.h5)") == std::string::npos);
  std::filesystem::remove_all(dir);
}
