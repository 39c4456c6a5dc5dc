#include "hypershap/models/forest_model.hpp"

#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>

#include "hypershap/core/error.hpp"
#include "hypershap/io/csv.hpp"
#include "hypershap/models/random_forest.hpp"
#include "hypershap/models/run_history.hpp"

namespace hypershap {

namespace {

class ForestModel final : public PerformanceModel {
 public:
  ForestModel(ConfigurationSpace space, std::string space_json, RandomForest forest,
              std::string description, std::vector<std::string> diagnostics)
      : space_(std::move(space)),
        space_json_(std::move(space_json)),
        forest_(std::move(forest)),
        metric_(forest_.metric_name()),
        description_(std::move(description)),
        diagnostics_(std::move(diagnostics)) {}

  const ConfigurationSpace& space() const override { return space_; }
  const std::string& space_json() const override { return space_json_; }
  std::vector<std::string> outputs() const override { return {metric_}; }
  const std::string& metric() const override { return metric_; }
  bool maximize() const override { return forest_.maximize(); }
  void evaluate(const ConfigurationMatrix& configurations,
                Eigen::Ref<Eigen::VectorXd> values) const override {
    forest_.predict(configurations, values);
  }
  std::string describe() const override { return description_; }
  std::vector<std::string> diagnostics() const override { return diagnostics_; }
  const RandomForest* random_forest() const override { return &forest_; }

 private:
  ConfigurationSpace space_;
  std::string space_json_;
  RandomForest forest_;
  std::string metric_;
  std::string description_;
  std::vector<std::string> diagnostics_;
};

}  // namespace

std::shared_ptr<const PerformanceModel> load_forest_model(const ForestModelOptions& options) {
  const std::string& where = options.context;
  const bool folder = std::filesystem::is_directory(options.history);
  std::filesystem::path space_file = options.space_file;
  RunHistory history;
  if (folder) {
    history = highest_budget_runs(read_smac_run(options.history));
    if (space_file.empty()) space_file = options.history / "configspace.json";
  } else {
    if (options.metric.empty()) {
      throw invalid_input(where + " a CSV run history needs metric = \"<its metric column>\"");
    }
    if (!options.maximize) {
      throw invalid_input(where + " a CSV run history needs maximize = true (larger " +
                          options.metric + " is better) or maximize = false");
    }
    if (space_file.empty()) {
      throw invalid_input(where +
                          " a CSV run history needs its configuration space: [space] "
                          "file = \"space.json\" (ConfigSpace JSON)");
    }
    history = read_run_history_csv(options.history, options.metric, *options.maximize);
  }
  const std::string space_json = read_text_file(space_file, "the configuration space file");
  ConfigurationSpace space = ConfigurationSpace::from_string(space_json, space_file.string());

  // the history's rows as configurations of the space; rows that are not valid are left out
  ConfigurationMatrix features(static_cast<Eigen::Index>(history.size()), space.size());
  Eigen::VectorXd targets(static_cast<Eigen::Index>(history.size()));
  Eigen::Index rows = 0;
  std::size_t invalid = 0;
  std::string first_reason;
  for (std::size_t r = 0; r < history.size(); ++r) {
    std::map<std::string, HumanValue> values;
    for (std::size_t c = 0; c < history.hyperparameters.size(); ++c) {
      const Value& v = history.configurations[r][c];
      const std::string& name = history.hyperparameters[c];
      if (space.find(name) < 0) {
        throw invalid_input(history.source + ": column '" + name + "' is not a hyperparameter of " +
                            space_file.string() + "; remove it or use the run's own space");
      }
      if (is_number(v)) values[name] = std::get<double>(v);
      if (is_category(v)) values[name] = std::get<std::string>(v);
    }
    try {
      features.row(rows) =
          space.from_values(values, history.source + " row " + std::to_string(r + 1));
      targets(rows) = history.metric[r];
      ++rows;
    } catch (const Error& e) {
      if (invalid++ == 0) first_reason = e.what();
    }
  }
  if (rows == 0) {
    throw invalid_input(history.source + ": no run is a valid configuration of " +
                        space_file.string() + " (" + first_reason + ")");
  }
  std::vector<int> categories(static_cast<std::size_t>(space.size()), 0);
  for (int i = 0; i < space.size(); ++i) {
    const Hyperparameter& hp = space.hyperparameter(i);
    if (hp.kind == HyperparameterKind::categorical)
      categories[static_cast<std::size_t>(i)] = static_cast<int>(hp.choices.size());
  }
  ForestOptions forest_options;
  forest_options.n_trees = options.trees;
  forest_options.log_target = options.log_target;
  forest_options.seed = options.seed;
  RandomForest forest =
      RandomForest::fit(features.topRows(rows), targets.head(rows), forest_options, categories,
                        Objective{history.metric_name, history.maximize});

  char line[200];
  const OutOfBagError& oob = forest.oob_error();
  std::snprintf(line, sizeof line, "out-of-bag RMSE %.4g, R² %.3f over %zu runs", oob.rmse, oob.r2,
                oob.rows);
  std::vector<std::string> diagnostics = {line};
  std::string fitted = "fitted on " + std::to_string(rows) + " runs";
  if (invalid > 0)
    fitted += "; " + std::to_string(invalid) + " invalid runs left out (" + first_reason + ")";
  const std::string skipped = skipped_summary(history);
  if (!skipped.empty()) fitted += "; " + skipped;
  diagnostics.push_back(fitted);
  return std::make_shared<ForestModel>(
      std::move(space), space_json, std::move(forest),
      "random forest (" + std::to_string(options.trees) + " trees) on " + history.source,
      diagnostics);
}

}  // namespace hypershap
