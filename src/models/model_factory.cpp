#include "hypershap/models/model_factory.hpp"

#include <map>
#include <stdexcept>
#include <variant>
#include <vector>

#include "hypershap/core/error.hpp"
#include "hypershap/models/analytic_models.hpp"
#include "hypershap/models/command_model.hpp"
#include "hypershap/models/forest_model.hpp"
#include "hypershap/models/gp_model.hpp"
#include "hypershap/models/yahpo_model.hpp"

namespace hypershap {

std::shared_ptr<const PerformanceModel> load_model(const JobSpec& job,
                                                   const HistoryData* preloaded) {
  const std::string where = job.file.filename().string() + ": [model]";
  switch (job.model.kind) {
    case ModelKind::analytic: {
      if (preloaded != nullptr)
        throw invalid_input(where + " an analytic benchmark is not fitted on a history");
      if (!job.space.file.empty()) {
        throw invalid_input(where +
                            " an analytic benchmark brings its own space; remove [space] "
                            "file");
      }
      return make_analytic_model(job.model.function, job.model.m);
    }
    case ModelKind::yahpo: {
      YahpoModelOptions options;
      options.folder = job.model.folder;
      options.scenario = job.model.scenario;
      options.instance = job.model.instance;
      options.metric = job.model.metric;
      options.maximize = job.model.maximize;
      options.space_file = job.space.file;
      options.context = where;
      return load_yahpo_model(options);
    }
    case ModelKind::random_forest: {
      ForestModelOptions options;
      options.history = job.model.history;
      options.space_file = job.space.file;
      options.metric = job.model.metric;
      options.maximize = job.model.maximize;
      options.trees = job.model.trees;
      options.log_target = job.model.log_target;
      options.seed = job.seed;
      options.context = where;
      options.min_r2 = job.model.min_r2;
      options.allow_poor_model = job.model.allow_poor_model;
      return load_forest_model(options, preloaded);
    }
    case ModelKind::command: {
      CommandModelOptions options;
      options.command = job.model.command;
      options.working_directory = job.file.parent_path();
      options.space_file = job.space.file;
      if (!job.model.metric.empty()) options.metric = job.model.metric;
      options.maximize = job.model.maximize;
      options.timeout_seconds = job.model.timeout_seconds;
      options.context = where;
      return load_command_model(options);
    }
    case ModelKind::gaussian_process: {
      GpModelOptions options;
      options.history = job.model.history;
      options.space_file = job.space.file;
      options.metric = job.model.metric;
      options.maximize = job.model.maximize;
      options.normalize_y = job.model.normalize_y;
      options.restarts = job.model.restarts;
      if (job.model.kernel) {
        GpKernel kernel;
        kernel.amplitude = job.model.kernel->amplitude;
        kernel.noise = job.model.kernel->noise;
        kernel.lengthscales = Eigen::Map<const Eigen::VectorXd>(
            job.model.kernel->lengthscales.data(),
            static_cast<Eigen::Index>(job.model.kernel->lengthscales.size()));
        options.kernel = kernel;
      }
      options.seed = job.seed;
      options.context = where;
      return load_gp_model(options, preloaded);
    }
  }
  throw std::logic_error("unknown model kind");
}

Configuration pinned_baseline(const JobSpec& job, const ConfigurationSpace& space) {
  if (job.space.pinned.empty()) return space.default_configuration();
  const std::string where = job.file.filename().string() + ": [space] pinned";
  Configuration configuration = space.default_configuration();
  std::vector<bool> pinned(static_cast<std::size_t>(space.size()), false);
  for (const auto& [name, value] : job.space.pinned) {
    const int index = space.index_of(name, where);  // names an unknown hyperparameter clearly
    configuration[index] = space.internal_value(
        index, std::visit([](const auto& v) { return HumanValue(v); }, value), where);
    pinned[static_cast<std::size_t>(index)] = true;
  }
  // Conditions resolved again, parents first, as in a blend: a pinned parent (rbv2_xgboost's
  // booster = "gbtree") activates its children at their defaults and deactivates the others. A
  // pinned hyperparameter whose conditions fail stays set, so the check below names it.
  for (const int index : space.resolution_order()) {
    if (pinned[static_cast<std::size_t>(index)]) continue;
    if (!space.conditions_hold(index, configuration))
      configuration[index] = inactive_value;
    else if (is_inactive(configuration[index]))
      configuration[index] = space.hyperparameter(index).default_value;
  }
  if (const std::string why = space.why_invalid(configuration); !why.empty())
    throw invalid_input(where + ": not a valid configuration of " + space.source() + ": " + why +
                        "; pin only hyperparameters that are active with the pinned values");
  return configuration;
}

}  // namespace hypershap
