// Optuna's SQLite storage read directly: jobs/data/optuna/optuna_study.db and
// optuna_study.csv were written by the same real study (jobs/data/optuna/make_optuna_study.py), so
// the trials read from the database must be those pandas wrote to the CSV, read by the CSV reader
// (an independent path), and the space must be the distributions the study's objective suggests.
#include <doctest/doctest.h>
#include <sqlite3.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>

#include "hypershap/core/error.hpp"
#include "hypershap/core/text_file.hpp"
#include "hypershap/models/history_data.hpp"
#include "hypershap/models/optuna_history.hpp"
#include "hypershap/models/optuna_storage.hpp"
#include "hypershap/space/configuration_space.hpp"
#include "test_support.hpp"

using namespace hypershap;

namespace {

std::filesystem::path study_file(const char* name) {
  return test::source_dir() / "jobs/data/optuna" / name;
}

std::string refusal_of(const std::filesystem::path& file, const std::string& study,
                       const std::string& objective) {
  try {
    (void)read_optuna_storage(file, study, objective, "job.toml: [model]");
  } catch (const Error& e) {
    CHECK(e.code() == ExitCode::invalid_input);
    return e.what();
  }
  FAIL("accepted");
  return {};
}

}  // namespace

TEST_CASE("an Optuna SQLite storage gives the same COMPLETE trials as its trials_dataframe CSV") {
  REQUIRE(is_sqlite_file(study_file("optuna_study.db")));
  CHECK_FALSE(is_sqlite_file(study_file("optuna_study.csv")));
  const OptunaStudy study = read_optuna_storage(study_file("optuna_study.db"), "", "", "job");
  const RunHistory csv = parse_optuna_trials_csv(
      read_text_file(study_file("optuna_study.csv"), "csv"), "csv", "", false);
  const RunHistory& db = study.history;
  CHECK_FALSE(db.maximize);  // the study minimises
  CHECK(db.metric_name == "value");
  REQUIRE(db.size() == 97);
  REQUIRE(csv.size() == 97);
  CHECK(db.skipped_by_status.at("FAIL") == 16);
  CHECK(db.skipped_by_status.at("PRUNED") == 7);
  REQUIRE(db.hyperparameters.size() == csv.hyperparameters.size());
  for (std::size_t c = 0; c < db.hyperparameters.size(); ++c) {
    const std::string name = db.hyperparameters[c];
    CAPTURE(name);
    const auto at = std::find(csv.hyperparameters.begin(), csv.hyperparameters.end(), name);
    REQUIRE(at != csv.hyperparameters.end());
    const auto k = static_cast<std::size_t>(at - csv.hyperparameters.begin());
    for (std::size_t r = 0; r < db.size(); ++r) {
      const Value& a = db.configurations[r][c];
      const Value& b = csv.configurations[r][k];
      if (is_category(a)) {
        CHECK(a == b);
      } else {
        REQUIRE(is_number(a));
        REQUIRE(is_number(b));
        // pandas writes floats with 17 significant digits, so they read back exactly
        CHECK(std::get<double>(a) == std::get<double>(b));
      }
    }
  }
  for (std::size_t r = 0; r < db.size(); ++r) CHECK(db.metric[r] == csv.metric[r]);

  // the space of make_optuna_study.py's suggest_* calls
  const ConfigurationSpace space = ConfigurationSpace::from_string(study.space_json, "study");
  REQUIRE(space.size() == 4);
  const Hyperparameter& lr = space.hyperparameter(space.find("lr"));
  CHECK(lr.lower == 1e-5);
  CHECK(lr.upper == 1.0);
  CHECK(lr.log);
  const Hyperparameter& layers = space.hyperparameter(space.find("layers"));
  CHECK(layers.lower == 1);
  CHECK(layers.upper == 8);
  const Hyperparameter& optimizer = space.hyperparameter(space.find("optimizer"));
  CHECK(optimizer.choices == std::vector<std::string>{"adam", "rmsprop", "sgd"});
  const Hyperparameter& dropout = space.hyperparameter(space.find("dropout"));
  CHECK(dropout.upper == 0.5);
  CHECK_FALSE(dropout.log);
}

TEST_CASE("an Optuna storage as a job's history: the study's space and direction") {
  HistorySource source;
  source.history = study_file("optuna_study.db");
  source.context = "job.toml: [model]";
  const HistoryData data = load_history_data(source);
  CHECK(data.configurations.rows() == 97);
  CHECK(data.skipped == "23 runs skipped (FAIL 16, PRUNED 7)");
  CHECK_FALSE(data.maximize);
  CHECK(data.space.size() == 4);

  source.maximize = true;
  try {
    (void)load_history_data(source);
    FAIL("maximize = true accepted for a minimised study");
  } catch (const Error& e) {
    CHECK(std::string(e.what()).find("is minimised; remove maximize") != std::string::npos);
  }
  source.maximize.reset();
  source.history = study_file("optuna_study.csv");
  source.maximize = false;
  source.study = "optuna-example";
  try {
    (void)load_history_data(source);
    FAIL("study accepted for a CSV");
  } catch (const Error& e) {
    CHECK(std::string(e.what()).find("study applies only to an Optuna SQLite storage") !=
          std::string::npos);
  }
}

TEST_CASE("an Optuna storage: an unknown study or objective is refused with what there is") {
  const std::filesystem::path db = study_file("optuna_study.db");
  CHECK(refusal_of(db, "other", "").find("study = 'other' is not in") != std::string::npos);
  CHECK(refusal_of(db, "other", "").find("'optuna-example'") != std::string::npos);
  CHECK(refusal_of(db, "", "values_1").find("which has 1 (value, or values_0 .. values_0)") !=
        std::string::npos);
  CHECK(refusal_of(db, "", "accuracy").find("metric = 'accuracy' is not an objective") !=
        std::string::npos);
  // a SQLite file that is not an Optuna storage
  const std::filesystem::path other =
      std::filesystem::temp_directory_path() / "hypershap-test-not-optuna.db";
  std::filesystem::remove(other);
  sqlite3* raw = nullptr;
  REQUIRE(sqlite3_open(other.string().c_str(), &raw) == SQLITE_OK);
  REQUIRE(sqlite3_exec(raw, "CREATE TABLE runs(a INTEGER)", nullptr, nullptr, nullptr) ==
          SQLITE_OK);
  sqlite3_close(raw);
  CHECK(is_sqlite_file(other));
  CHECK(refusal_of(other, "", "").find("not an Optuna storage") != std::string::npos);
  std::filesystem::remove(other);
}
