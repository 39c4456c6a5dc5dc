#include "hypershap/models/model_factory.hpp"

#include <map>
#include <stdexcept>
#include <variant>

#include "hypershap/core/error.hpp"
#include "hypershap/models/analytic_models.hpp"
#include "hypershap/models/command_model.hpp"
#include "hypershap/models/forest_model.hpp"
#include "hypershap/models/yahpo_model.hpp"

namespace hypershap {

std::shared_ptr<const PerformanceModel> load_model(const JobSpec& job,
                                                   const PreloadedRuns* preloaded) {
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
  }
  throw std::logic_error("unknown model kind");
}

Configuration pinned_baseline(const JobSpec& job, const ConfigurationSpace& space) {
  if (job.space.pinned.empty()) return space.default_configuration();
  const std::string where = job.file.filename().string() + ": [space] pinned";
  std::map<std::string, HumanValue> values = space.to_values(space.default_configuration());
  for (const auto& [name, value] : job.space.pinned) {
    space.index_of(name, where);  // names an unknown hyperparameter clearly
    values[name] = std::visit([](const auto& v) { return HumanValue(v); }, value);
  }
  return space.from_values(values, where);
}

}  // namespace hypershap
