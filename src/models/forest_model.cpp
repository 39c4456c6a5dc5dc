#include "hypershap/models/forest_model.hpp"

#include <cstdio>

#include "hypershap/core/error.hpp"
#include "hypershap/models/history_data.hpp"
#include "hypershap/models/model_checks.hpp"
#include "hypershap/models/random_forest.hpp"

namespace hypershap {

namespace {

std::string shortest(double x) {
  char text[32];
  std::snprintf(text, sizeof text, "%g", x);
  return text;
}

class ForestModel final : public PerformanceModel {
 public:
  ForestModel(ConfigurationSpace space, std::string space_json, RandomForest forest,
              std::string description, std::vector<std::string> diagnostics, ModelFit fit)
      : space_(std::move(space)),
        space_json_(std::move(space_json)),
        forest_(std::move(forest)),
        metric_(forest_.metric_name()),
        description_(std::move(description)),
        diagnostics_(std::move(diagnostics)),
        fit_(std::move(fit)) {}

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
  std::optional<ModelFit> fit() const override { return fit_; }
  const RandomForest* random_forest() const override { return &forest_; }

 private:
  ConfigurationSpace space_;
  std::string space_json_;
  RandomForest forest_;
  std::string metric_;
  std::string description_;
  std::vector<std::string> diagnostics_;
  ModelFit fit_;
};

}  // namespace

std::shared_ptr<const PerformanceModel> load_forest_model(const ForestModelOptions& options,
                                                          const HistoryData* preloaded) {
  HistoryData data = preloaded != nullptr ? *preloaded : load_history_data(options);
  const ConfigurationSpace& space = data.space;
  std::vector<int> categories(static_cast<std::size_t>(space.size()), 0);
  for (int i = 0; i < space.size(); ++i) {
    const Hyperparameter& hp = space.hyperparameter(i);
    if (hp.kind == HyperparameterKind::categorical)
      categories[static_cast<std::size_t>(i)] = static_cast<int>(hp.choices.size());
  }
  if (options.log_target) {
    for (Eigen::Index r = 0; r < data.metric.size(); ++r)
      if (!(data.metric(r) > 0.0))
        throw invalid_input(
            data.source + ": " +
            (static_cast<std::size_t>(r) < data.places.size()
                 ? data.places[static_cast<std::size_t>(r)]
                 : "run " + std::to_string(r + 1)) +
            ": " + data.metric_name + " is " + shortest(data.metric(r)) +
            ", but [model] log_target needs positive values; turn log_target off or drop the run");
  }
  ForestOptions forest_options;
  forest_options.n_trees = options.trees;
  forest_options.log_target = options.log_target;
  forest_options.seed = options.seed;
  RandomForest forest = RandomForest::fit(data.configurations, data.metric, forest_options,
                                          categories, Objective{data.metric_name, data.maximize});

  char line[200];
  const OutOfBagError& oob = forest.oob_error();
  std::snprintf(line, sizeof line, "out-of-bag RMSE %.4g, R² %.3f over %zu runs", oob.rmse, oob.r2,
                oob.rows);
  std::vector<std::string> diagnostics = {line, data.fitted_summary()};
  const std::string poor =
      check_model_fit(oob.r2, options.min_r2, options.allow_poor_model, options.context);
  if (!poor.empty()) diagnostics.push_back(poor);
  ModelFit fit;
  fit.model = "random-forest";
  fit.runs = static_cast<std::size_t>(data.configurations.rows());
  fit.numbers = {{"oob_rmse", oob.rmse},
                 {"oob_r2", oob.r2},
                 {"oob_rows", static_cast<double>(oob.rows)},
                 {"trees", static_cast<double>(options.trees)}};
  fit.notes = diagnostics;
  fit.dropped = data.dropped;
  return std::make_shared<ForestModel>(
      std::move(data.space), data.space_json, std::move(forest),
      "random forest (" + std::to_string(options.trees) + " trees) on " + data.source, diagnostics,
      std::move(fit));
}

}  // namespace hypershap
