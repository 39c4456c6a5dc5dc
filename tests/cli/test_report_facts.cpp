// What a report says about the numbers behind it (issue 14): the model's fit as `run` stored it
// (the forest's out-of-bag R² recomputed here from the forest itself, the runs used and left
// out, the metric's direction, λ⁰), a store written before the fit was recorded still reported;
// a stored best configuration decoded by the README's rules alone into what `export` prints; and
// an ablation whose best-of-search samples a non-player (the fidelity) too, against closed forms.

#include <doctest/doctest.h>

#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "hypershap/core/text_file.hpp"
#include "hypershap/io/csv.hpp"
#include "hypershap/models/history_data.hpp"
#include "hypershap/models/random_forest.hpp"
#include "hypershap/store/model_fit.hpp"
#include "hypershap/store/store.hpp"
#include "in_process.hpp"
#include "test_support.hpp"

using namespace hypershap;
using test::run_cli;

namespace {

// A folder of its own per process (test cases run as parallel processes; /tmp is shared).
std::filesystem::path scratch(const std::string& name) {
  const std::filesystem::path dir = std::filesystem::temp_directory_path() /
                                    ("hypershap-test-" + name + "-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

std::string write(const std::filesystem::path& path, const std::string& text) {
  std::ofstream(path) << text;
  return path.string();
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace

TEST_CASE("run stores the forest's fit; report and inspect show it; an old store still reports") {
  const std::filesystem::path dir = scratch("model-fit");
  const std::filesystem::path db = dir / "study.db";
  std::filesystem::copy_file(test::source_dir() / "jobs/data/optuna/optuna_study.db", db);
  const std::string job =
      write(dir / "fit.toml",
            "[job]\nname = \"fit\"\n[model]\nkind = \"random-forest\"\nhistory = \"study.db\"\n"
            "trees = 12\n[games.tunability]\nkind = \"tunability\"\nsamples = 100\n");
  const test::CliResult run = run_cli({"run", job});
  REQUIRE_MESSAGE(run.code == 0, run.err);

  // the forest the job fits, fitted here on the same runs with the same options
  HistorySource source;
  source.history = db;
  const HistoryData data = load_history_data(source);
  std::vector<int> categories;
  for (const Hyperparameter& hp : data.space.hyperparameters())
    categories.push_back(
        hp.kind == HyperparameterKind::categorical ? static_cast<int>(hp.choices.size()) : 0);
  ForestOptions options;
  options.n_trees = 12;
  options.seed = 0;  // the job's seed
  const RandomForest forest = RandomForest::fit(data.configurations, data.metric, options,
                                                categories, Objective{data.metric_name, false});
  const double r2 = forest.oob_error().r2;
  char printed[64];
  std::snprintf(printed, sizeof printed, "R² %.3f over", r2);
  CHECK_MESSAGE(contains(run.out, printed), run.out);  // what the model check printed

  const std::optional<StoredModelFit> fit = read_model_fit(dir / "fit.h5");
  REQUIRE(fit.has_value());
  CHECK(fit->kind == "random-forest");
  CHECK(fit->fitted);
  CHECK(fit->number("oob_r2") == doctest::Approx(r2).epsilon(1e-12));
  CHECK(fit->number("trees") == 12.0);
  CHECK(fit->runs == data.configurations.rows());
  CHECK(fit->runs == 97);
  // the study's 23 trials that did not complete (the generator's FAIL and PRUNED ones)
  CHECK(fit->dropped == 23);
  REQUIRE(fit->dropped_reasons.size() == 2);
  CHECK(fit->dropped_reasons[0] == std::pair<std::string, std::int64_t>{"status FAIL", 16});
  CHECK(fit->dropped_reasons[1] == std::pair<std::string, std::int64_t>{"status PRUNED", 7});
  CHECK(fit->metric == "value");
  CHECK_FALSE(fit->maximize);
  CHECK(fit->negated);
  // λ⁰: the space's default as the forest predicts it
  ConfigurationMatrix baseline(1, data.space.size());
  baseline.row(0) = data.space.default_configuration();
  Eigen::VectorXd predicted(1);
  forest.predict(baseline, predicted);
  CHECK(fit->baseline_value == doctest::Approx(predicted(0)).epsilon(1e-12));

  const test::CliResult report =
      run_cli({"report", (dir / "fit.h5").string(), "-o", (dir / "report").string()});
  REQUIRE_MESSAGE(report.code == 0, report.err);
  const std::string html = read_text_file(dir / "report/index.html", "the report");
  char r2_row[128];
  std::snprintf(r2_row, sizeof r2_row, "<th>model fit</th><td>random-forest: out-of-bag R² %.3f",
                r2);
  CHECK_MESSAGE(contains(html, r2_row), html);
  CHECK(contains(html,
                 "<th>runs of the history</th><td>97 used, 23 left out (status FAIL: 16, "
                 "status PRUNED: 7)</td>"));
  CHECK(contains(html,
                 "<th>metric</th><td>value is minimised; game values are the negated "
                 "value (larger is better)</td>"));
  CHECK(contains(html, "<th>λ⁰ (default configuration)</th><td>value = "));

  const test::CliResult inspect = run_cli({"inspect", (dir / "fit.h5").string()});
  REQUIRE_MESSAGE(inspect.code == 0, inspect.err);
  CHECK(contains(inspect.out, "  model fit: random-forest: out-of-bag R² "));
  const test::CliResult json = run_cli({"inspect", (dir / "fit.h5").string(), "--format", "json"});
  REQUIRE_MESSAGE(json.code == 0, json.err);
  const nlohmann::json summary = nlohmann::json::parse(json.out);
  CHECK(summary["model"]["fit"]["oob_r2"].get<double>() == doctest::Approx(r2).epsilon(1e-12));
  CHECK(summary["model"]["dropped_reasons"]["status FAIL"] == 16);

  // a store written before /model existed: one game, every coalition done, no /model group
  const std::filesystem::path old = dir / "old.h5";
  {
    StoreWriter writer(old, JobDescription{"[job]\nname = \"old\"\n", "", ""},
                       {GameSpec{"g", "tunability", {"a", "b"}, 0}});
    CoalitionBatch batch;
    for (Coalition s = 0; s < 4; ++s) batch.add(s, static_cast<double>(s), 1, 0.0, {});
    writer.write_batch("g", batch);
    writer.close();
  }
  CHECK_FALSE(read_model_fit(old).has_value());
  const test::CliResult old_report =
      run_cli({"report", old.string(), "-o", (dir / "old-report").string()});
  REQUIRE_MESSAGE(old_report.code == 0, old_report.err);
  CHECK(contains(read_text_file(dir / "old-report/index.html", "the report"),
                 "<th>model fit</th><td>model fit not recorded"));
  const test::CliResult old_inspect = run_cli({"inspect", old.string()});
  REQUIRE_MESSAGE(old_inspect.code == 0, old_inspect.err);
  CHECK(contains(old_inspect.out, "model fit not recorded"));
  std::filesystem::remove_all(dir);
}

TEST_CASE("a stored best configuration decodes by the README's rules into what export prints") {
  // the SVM space: log-scaled floats (C, gamma), a categorical (kernel), conditional ones
  // (degree for poly, coef0 for poly and sigmoid: inactive, NaN, for rbf)
  const std::filesystem::path dir = scratch("decode");
  const std::string history = (test::source_dir() / "jobs/data/svm_digits.csv").string();
  const std::string space = (test::source_dir() / "jobs/data/svm_digits.configspace.json").string();
  const std::string job =
      write(dir / "decode.toml",
            "[model]\nkind = \"random-forest\"\nhistory = \"" + history +
                "\"\nmetric = \"accuracy\"\nmaximize = true\n[space]\nfile = \"" + space +
                "\"\n[games.tunability]\nkind = \"tunability\"\nsamples = 200\n");
  const test::CliResult run = run_cli({"run", job});
  REQUIRE_MESSAGE(run.code == 0, run.err);
  const StoreReader reader(dir / "decode.h5");
  const StoredGame game = reader.game("tunability");
  const std::size_t d = static_cast<std::size_t>(game.spec.configuration_dimension);
  const nlohmann::json hps =
      nlohmann::json::parse(reader.metadata().configuration_space_json)["hyperparameters"];
  REQUIRE(hps.size() == d);

  const test::CliResult values =
      run_cli({"export", (dir / "decode.h5").string(), "--what", "values"});
  REQUIRE_MESSAGE(values.code == 0, values.err);
  const CsvTable table = parse_csv_table(values.out, "export");
  REQUIRE(table.rows.size() == game.values.size());
  // every coalition's row: column j is the j-th hyperparameter of the JSON; a categorical is the
  // index into its choices as listed; numbers are the values themselves; NaN is inactive
  int inactive = 0;
  for (std::size_t s = 0; s < game.values.size(); ++s) {
    const std::vector<std::string>& row = table.rows[s];
    for (std::size_t j = 0; j < d; ++j) {
      const double x = game.best_configurations[s * d + j];
      const std::string name = hps[j]["name"].get<std::string>();
      const std::string& exported = row[static_cast<std::size_t>(table.column(name))];
      if (std::isnan(x)) {
        CHECK(exported.empty());
        ++inactive;
      } else if (hps[j]["type"] == "categorical") {
        CHECK(exported == hps[j]["choices"][static_cast<std::size_t>(x)].get<std::string>());
      } else {
        CHECK(x >= hps[j]["lower"].get<double>());
        CHECK(x <= hps[j]["upper"].get<double>());
        CHECK(std::stod(exported) == doctest::Approx(x).epsilon(1e-6));
      }
    }
  }
  CHECK(inactive > 0);  // rbf coalitions leave degree and coef0 inactive
  std::filesystem::remove_all(dir);
}

TEST_CASE("best-of-search ablation with the fidelity searched rather than pinned") {
  // table1 (m = 3): v = [lambda1 = 1] + [lambda2 = 3]; lambda1 the only player, lambda2 (the
  // "fidelity") pinned at its default 0 unless search_free lets the search sample it
  const std::filesystem::path dir = scratch("search-free");
  const std::string base =
      "[model]\nkind = \"analytic\"\nfunction = \"table1\"\nm = 3\n[space]\nplayers = "
      "[\"lambda1\"]\n[games.ablation]\nkind = \"ablation\"\ntarget = \"best-of-search\"\n"
      "samples = 400\n";
  const auto values_of = [&](const std::string& name, const std::string& extra) {
    const std::string job = write(dir / (name + ".toml"), base + extra);
    const test::CliResult run = run_cli({"run", job});
    REQUIRE_MESSAGE(run.code == 0, run.err);
    const StoredGame game = StoreReader(dir / (name + ".h5")).game("ablation");
    return game;
  };
  // pinned (the default): λ⁰ = (0, 0), λ* = (1, 0): v(∅) = 0, v(N) = 1
  const StoredGame pinned = values_of("pinned", "");
  CHECK(pinned.values[0] == 0.0);
  CHECK(pinned.values[1] == 1.0);
  CHECK(pinned.best_configurations[1 * 2 + 1] == 0.0);
  // searched: the search finds (1, 3) among 8 configurations; λ⁰ takes lambda2 = 3, so the game
  // is played at that fidelity: v(∅) = f(0, 3) = 1, v(N) = f(1, 3) = 2
  const StoredGame free = values_of("free", "search_free = [\"lambda2\"]\n");
  CHECK(free.values[0] == 1.0);
  CHECK(free.values[1] == 2.0);
  CHECK(free.best_configurations[0 * 2 + 1] == 3.0);
  CHECK(free.best_configurations[1 * 2 + 1] == 3.0);

  // a player, or search_free without best-of-search: refused with the key and the fix
  const test::CliResult player =
      run_cli({"validate", write(dir / "player.toml", base + "search_free = [\"lambda1\"]\n")});
  CHECK(player.code == 3);
  CHECK(contains(player.err, "search_free: 'lambda1' is a player"));
  const test::CliResult given = run_cli(
      {"validate",
       write(dir / "given.toml",
             "[model]\nkind = \"analytic\"\nfunction = \"table1\"\nm = 3\n[games.a]\nkind = "
             "\"ablation\"\ntarget = { lambda1 = 1 }\nsearch_free = [\"lambda2\"]\n")});
  CHECK(given.code == 3);
  CHECK(contains(given.err, "search_free applies only to target = \"best-of-search\""));
  std::filesystem::remove_all(dir);
}
