// Optuna's trials_dataframe() CSV, a space inferred from a history's columns, and the check that
// refuses a model that predicts its own history poorly. The CSV is
// jobs/data/optuna/optuna_study.csv, made by a real Optuna study
// (jobs/data/optuna/make_optuna_study.py, which printed the counts asserted here: 120 trials,
// COMPLETE 97, FAIL 16, PRUNED 7).
#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

#include "hypershap/core/error.hpp"
#include "hypershap/core/text_file.hpp"
#include "hypershap/models/forest_model.hpp"
#include "hypershap/models/inferred_space.hpp"
#include "hypershap/models/model_checks.hpp"
#include "hypershap/models/optuna_history.hpp"
#include "hypershap/space/configuration_space.hpp"
#include "test_support.hpp"

using namespace hypershap;

namespace {

std::string study_csv() {
  return read_text_file(test::source_dir() / "jobs/data/optuna/optuna_study.csv", "the study");
}

template <class Call>
std::string error_of(Call&& call, ExitCode expected) {
  try {
    call();
  } catch (const Error& e) {
    CHECK(e.code() == expected);
    return e.what();
  }
  return "no error";
}

}  // namespace

TEST_CASE("an Optuna trials_dataframe CSV gives its COMPLETE trials and counts the others") {
  const std::string text = study_csv();
  CHECK(is_optuna_trials_csv(text));
  CHECK_FALSE(is_optuna_trials_csv(
      read_text_file(test::source_dir() / "jobs/data/svm_digits.csv", "the default history")));
  const RunHistory h = parse_optuna_trials_csv(text, "optuna_study.csv", "", false);
  CHECK(h.hyperparameters == std::vector<std::string>{"dropout", "layers", "lr", "optimizer"});
  CHECK(h.metric_name == "value");
  CHECK_FALSE(h.maximize);
  CHECK(h.size() == 97);
  CHECK(h.skipped == 23);
  CHECK(h.skipped_by_status.at("FAIL") == 16);
  CHECK(h.skipped_by_status.at("PRUNED") == 7);
  CHECK(skipped_summary(h) == "23 runs skipped (FAIL 16, PRUNED 7)");
  // trial 0, the first line of the file
  CHECK(std::get<double>(h.configurations[0][0]) == 0.26924793520521684);
  CHECK(std::get<double>(h.configurations[0][1]) == 7.0);
  CHECK(std::get<double>(h.configurations[0][2]) == 2.407362254570801e-05);
  CHECK(std::get<std::string>(h.configurations[0][3]) == "sgd");
  CHECK(h.metric[0] == 8.733249987981296);
  // the objective is the closed form of the generator: (log10(lr) + 2)^2 + 0.05 layers +
  // penalty(optimizer) + 0.1 dropout, for every COMPLETE trial
  for (std::size_t r = 0; r < h.size(); ++r) {
    const auto& c = h.configurations[r];
    const std::string& optimizer = std::get<std::string>(c[3]);
    const double penalty = optimizer == "adam" ? 0.0 : optimizer == "rmsprop" ? 0.5 : 1.5;
    const double expected = std::pow(std::log10(std::get<double>(c[2])) + 2.0, 2) +
                            0.05 * std::get<double>(c[1]) + penalty + 0.1 * std::get<double>(c[0]);
    CHECK(h.metric[r] == doctest::Approx(expected).epsilon(1e-12));
  }
}

TEST_CASE("an Optuna CSV without a COMPLETE trial or without its objective column is refused") {
  const std::string header = "number,value,params_x,state\n";
  CHECK(error_of(
            [&] {
              parse_optuna_trials_csv(header + "0,,1.5,FAIL\n1,,2,PRUNED\n", "s.csv", "", true);
            },
            ExitCode::invalid_input)
            .find("no trial of this Optuna study is COMPLETE (FAIL 1, PRUNED 1)") !=
        std::string::npos);
  CHECK(error_of(
            [&] { parse_optuna_trials_csv(header + "0,3,1.5,COMPLETE\n", "s.csv", "loss", true); },
            ExitCode::invalid_input)
            .find("no objective column 'loss'") != std::string::npos);
}

TEST_CASE("a space inferred from the columns: kinds, bounds, log scale and ConfigSpace defaults") {
  const RunHistory h = parse_run_history_csv(
      "lr,layers,optimizer,dropout,loss\n"
      "0.0001,2,sgd,0.1,1\n"
      "0.1,8,adam,0.3,2\n"
      "0.001,4,sgd,,3\n",
      "h.csv", "loss", false);
  const ConfigurationSpace space = ConfigurationSpace::from_string(infer_space_json(h), "inferred");
  REQUIRE(space.size() == 4);
  const Hyperparameter& lr = space.hyperparameter(0);
  CHECK(lr.kind == HyperparameterKind::uniform_float);
  CHECK(lr.log);
  CHECK(lr.lower == 0.0001);
  CHECK(lr.upper == 0.1);
  // the geometric midpoint sqrt(1e-4 · 0.1)
  CHECK(lr.default_value == doctest::Approx(std::sqrt(0.0001 * 0.1)));
  const Hyperparameter& layers = space.hyperparameter(1);
  CHECK(layers.kind == HyperparameterKind::uniform_int);
  CHECK_FALSE(layers.log);
  CHECK(layers.lower == 2.0);
  CHECK(layers.upper == 8.0);
  CHECK(layers.default_value == 5.0);
  const Hyperparameter& optimizer = space.hyperparameter(2);
  CHECK(optimizer.kind == HyperparameterKind::categorical);
  CHECK(optimizer.choices == std::vector<std::string>{"sgd", "adam"});
  CHECK(optimizer.default_value == 0.0);
  const Hyperparameter& dropout = space.hyperparameter(3);
  CHECK(dropout.kind == HyperparameterKind::uniform_float);
  CHECK_FALSE(dropout.log);
  CHECK(dropout.default_value == doctest::Approx(0.2));
}

TEST_CASE("check_model_fit: below min_r2 is refused with exit code 7 unless allowed") {
  CHECK(check_model_fit(0.5, 0.0, false, "job.toml: [model]") == "");
  CHECK(check_model_fit(0.0, 0.0, false, "job.toml: [model]") == "");
  CHECK(check_model_fit(std::nan(""), 0.0, false, "job.toml: [model]") == "");
  const std::string refused = error_of(
      [] { check_model_fit(-0.115, 0.0, false, "job.toml: [model]"); }, ExitCode::poor_model);
  CHECK(refused.find("job.toml: [model] the random forest predicts its own run history poorly: "
                     "out-of-bag R² -0.115 is below min_r2 = 0") == 0);
  CHECK(refused.find("allow_poor_model = true") != std::string::npos);
  CHECK(error_of([] { check_model_fit(0.5, 0.8, false, "j"); }, ExitCode::poor_model)
            .find("R² 0.500 is below min_r2 = 0.8") != std::string::npos);
  CHECK(check_model_fit(-0.115, 0.0, true, "j").find("warning: out-of-bag R² -0.115") == 0);
  CHECK(to_int(ExitCode::poor_model) == 7);
}

TEST_CASE("a forest on a history of pure noise is refused; on the Optuna study it is used") {
  // 60 runs whose metric does not depend on x: nothing to learn, so the out-of-bag predictions
  // are worse than the mean (R² < 0)
  std::string text = "x,noise\n";
  std::uint64_t state = 12345;
  for (int i = 0; i < 60; ++i) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    text +=
        std::to_string(i) + "," + std::to_string(static_cast<double>(state >> 11) / 9.0e15) + "\n";
  }
  ForestModelOptions options;
  options.history = std::filesystem::temp_directory_path() / "hypershap-test-noise.csv";
  std::ofstream(options.history, std::ios::binary) << text;
  options.metric = "noise";
  options.maximize = false;
  options.context = "noise.toml: [model]";
  CHECK(error_of([&] { load_forest_model(options); }, ExitCode::poor_model)
            .find("noise.toml: [model] the random forest predicts its own run history poorly") ==
        0);
  options.allow_poor_model = true;
  const auto allowed = load_forest_model(options);
  const auto notes = allowed->diagnostics();
  CHECK(notes.back().find("used because allow_poor_model = true") != std::string::npos);

  ForestModelOptions optuna;
  optuna.history = test::source_dir() / "jobs/data/optuna/optuna_study.csv";
  optuna.maximize = false;
  const auto model = load_forest_model(optuna);
  const ModelFit fit = *model->fit();
  CHECK(fit.runs == 97);
  for (const auto& [name, value] : fit.numbers)
    if (name == "oob_r2") CHECK(value > 0.5);  // the objective is a smooth closed form
  CHECK(model->space().source().find("(space inferred from its columns)") != std::string::npos);
}
