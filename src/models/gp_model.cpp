#include "hypershap/models/gp_model.hpp"

#include <cstdio>

#include "hypershap/core/error.hpp"
#include "hypershap/models/history_data.hpp"

namespace hypershap {

namespace {

class GpModel final : public PerformanceModel {
 public:
  GpModel(ConfigurationSpace space, std::string space_json, GaussianProcess gp, bool maximize,
          std::string description, std::vector<std::string> diagnostics, ModelFit fit)
      : space_(std::move(space)),
        space_json_(std::move(space_json)),
        gp_(std::move(gp)),
        maximize_(maximize),
        description_(std::move(description)),
        diagnostics_(std::move(diagnostics)),
        fit_(std::move(fit)) {}

  const ConfigurationSpace& space() const override { return space_; }
  const std::string& space_json() const override { return space_json_; }
  std::vector<std::string> outputs() const override { return {"mean", "std"}; }
  const std::string& metric() const override { return metric_; }
  bool maximize() const override { return maximize_; }
  void evaluate(const ConfigurationMatrix& configurations,
                Eigen::Ref<Eigen::VectorXd> values) const override {
    gp_.predict(gp_inputs(space_, configurations), values);
  }
  Eigen::MatrixXd evaluate_outputs(const ConfigurationMatrix& configurations) const override {
    Eigen::MatrixXd out(configurations.rows(), 2);
    Eigen::VectorXd mean(configurations.rows());
    Eigen::VectorXd std;
    gp_.predict(gp_inputs(space_, configurations), mean, &std);
    out.col(0) = mean;
    out.col(1) = std;
    return out;
  }
  std::string describe() const override { return description_; }
  std::vector<std::string> diagnostics() const override { return diagnostics_; }
  std::optional<ModelFit> fit() const override { return fit_; }

 private:
  ConfigurationSpace space_;
  std::string space_json_;
  GaussianProcess gp_;
  bool maximize_;
  std::string metric_ = "mean";
  std::string description_;
  std::vector<std::string> diagnostics_;
  ModelFit fit_;
};

}  // namespace

std::vector<bool> gp_categorical_columns(const ConfigurationSpace& space) {
  std::vector<bool> categorical;
  for (const Hyperparameter& hp : space.hyperparameters())
    categorical.push_back(hp.kind == HyperparameterKind::categorical);
  return categorical;
}

GpMatrix gp_inputs(const ConfigurationSpace& space, const ConfigurationMatrix& configurations) {
  GpMatrix x(configurations.rows(), space.size());
  for (int j = 0; j < space.size(); ++j) {
    const Hyperparameter& hp = space.hyperparameter(j);
    double imputed = -1.0;  // SMAC: numeric (and here ordinal) inactive values
    if (hp.kind == HyperparameterKind::categorical)
      imputed = static_cast<double>(hp.choices.size());
    if (hp.kind == HyperparameterKind::constant) imputed = 1.0;
    const double last = hp.kind == HyperparameterKind::ordinal && hp.choices.size() > 1
                            ? static_cast<double>(hp.choices.size() - 1)
                            : 1.0;
    for (Eigen::Index r = 0; r < configurations.rows(); ++r) {
      const double value = configurations(r, j);
      if (is_inactive(value))
        x(r, j) = imputed;
      else if (hp.kind == HyperparameterKind::ordinal)
        x(r, j) = value / last;
      else
        x(r, j) = hp.encode(value);
    }
  }
  return x;
}

ModelFit gp_fit_report(const GaussianProcess& gp, const ConfigurationSpace& space) {
  ModelFit fit;
  fit.model = "gaussian-process";
  fit.runs = gp.report().rows;
  const GpKernel& k = gp.kernel();
  fit.numbers = {{"log_marginal_likelihood", gp.log_marginal_likelihood()},
                 {"amplitude", k.amplitude},
                 {"noise", k.noise},
                 {"target_mean", gp.target_mean()},
                 {"target_std", gp.target_std()},
                 {"jitter", gp.report().jitter},
                 {"non_finite_dropped", static_cast<double>(gp.report().non_finite_dropped)},
                 {"duplicate_rows", static_cast<double>(gp.report().duplicate_rows)}};
  std::vector<double> lengthscales(k.lengthscales.data(),
                                   k.lengthscales.data() + k.lengthscales.size());
  fit.vectors = {{"lengthscales", lengthscales}};
  (void)space;
  fit.notes = gp.report().notes();
  return fit;
}

namespace {

// The validate lines of a fitted GP.
std::vector<std::string> gp_diagnostics(const GaussianProcess& gp, const ConfigurationSpace& space,
                                        bool fixed) {
  char line[240];
  std::snprintf(line, sizeof line,
                "kernel %s: amplitude %.4g, noise %.3g; log marginal likelihood %.6g (normalised "
                "targets)",
                fixed ? "fixed" : "fitted", gp.kernel().amplitude, gp.kernel().noise,
                gp.log_marginal_likelihood());
  std::vector<std::string> diagnostics = {line};
  std::string lengthscales = "lengthscales";
  for (int j = 0; j < space.size(); ++j) {
    std::snprintf(line, sizeof line, " %s %.4g", space.hyperparameter(j).name.c_str(),
                  gp.kernel().lengthscales(j));
    lengthscales += line;
  }
  diagnostics.push_back(lengthscales);
  return diagnostics;
}

}  // namespace

std::shared_ptr<const PerformanceModel> make_gp_model(ConfigurationSpace space,
                                                      std::string space_json,
                                                      const ConfigurationMatrix& configurations,
                                                      const Eigen::VectorXd& targets, bool maximize,
                                                      const GpOptions& options,
                                                      std::string description) {
  GaussianProcess gp = GaussianProcess::fit(gp_inputs(space, configurations), targets,
                                            gp_categorical_columns(space), options);
  std::vector<std::string> diagnostics = gp_diagnostics(gp, space, options.fixed.has_value());
  diagnostics.push_back("fitted on " + std::to_string(gp.report().rows) + " runs");
  for (const std::string& note : gp.report().notes()) diagnostics.push_back(note);
  ModelFit fit = gp_fit_report(gp, space);
  fit.notes = diagnostics;
  return std::make_shared<GpModel>(std::move(space), std::move(space_json), std::move(gp), maximize,
                                   std::move(description), diagnostics, std::move(fit));
}

std::shared_ptr<const PerformanceModel> load_gp_model(const GpModelOptions& options,
                                                      const HistoryData* preloaded) {
  HistoryData data = preloaded != nullptr ? *preloaded : load_history_data(options);
  GpOptions gp_options;
  gp_options.normalize_y = options.normalize_y;
  gp_options.restarts = options.restarts;
  gp_options.seed = options.seed;
  if (options.kernel) {
    if (options.kernel->lengthscales.size() != data.space.size()) {
      throw invalid_input(options.context + " kernel lengthscales has " +
                          std::to_string(options.kernel->lengthscales.size()) +
                          " values; give one per hyperparameter of " + data.space.source() + " (" +
                          std::to_string(data.space.size()) + "), in the space's order");
    }
    gp_options.fixed = options.kernel;
  }
  GaussianProcess gp = GaussianProcess::fit(gp_inputs(data.space, data.configurations), data.metric,
                                            gp_categorical_columns(data.space), gp_options);
  std::vector<std::string> diagnostics = gp_diagnostics(gp, data.space, options.kernel.has_value());
  diagnostics.push_back(data.fitted_summary());
  for (const std::string& note : gp.report().notes()) diagnostics.push_back(note);
  ModelFit fit = gp_fit_report(gp, data.space);
  fit.notes = diagnostics;
  fit.dropped = data.dropped;
  return std::make_shared<GpModel>(std::move(data.space), data.space_json, std::move(gp),
                                   data.maximize,
                                   "Gaussian process (Matérn-5/2 ARD, SMAC's BlackBoxFacade) of " +
                                       data.metric_name + " on " + data.source,
                                   diagnostics, std::move(fit));
}

}  // namespace hypershap
