#include "hypershap/job/model_setup.hpp"

#include <cmath>
#include <filesystem>
#include <stdexcept>
#include <vector>

#include "hypershap/core/error.hpp"
#include "hypershap/models/analytic_models.hpp"
#include "hypershap/models/command_model.hpp"
#include "hypershap/models/forest_model.hpp"
#include "hypershap/models/gp_model.hpp"
#include "hypershap/models/yahpo_model.hpp"
#include "hypershap/space/configuration_space.hpp"
#include "hypershap/store/store.hpp"

namespace hypershap {
namespace {

// Where a forest's or a GP's runs come from.
HistorySource history_source(const JobSpec& job, const std::string& where) {
  HistorySource source;
  source.history = job.model.history;
  source.space_file = job.space.file;
  source.metric = job.model.metric;
  source.maximize = job.model.maximize;
  source.budget = job.model.budget;
  source.study = job.model.study;
  source.context = where;
  return source;
}

// The model of [model]; `preloaded`: the runs of [model] history when it is a store of trials.
std::shared_ptr<const PerformanceModel> load_model_from(const JobSpec& job,
                                                        const HistoryData* preloaded) {
  const std::string where = job.where("model") + ": [model]";
  switch (job.model.kind) {
    case ModelKind::analytic: {
      if (preloaded != nullptr)
        throw invalid_input(where + " an analytic benchmark is not fitted on a history");
      if (!job.space.file.empty()) {
        throw invalid_input(job.where("space.file") + ": [model]" +
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
      static_cast<HistorySource&>(options) = history_source(job, where);
      options.trees = job.model.trees;
      options.log_target = job.model.log_target;
      options.seed = job.seed;
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
      static_cast<HistorySource&>(options) = history_source(job, where);
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
      return load_gp_model(options, preloaded);
    }
  }
  throw std::logic_error("unknown model kind");
}

}  // namespace

HistoryData trials_as_history(const StoredTrials& trials, const std::string& space_json,
                              const std::string& source, std::size_t count) {
  HistoryData data{
      ConfigurationSpace::from_string(space_json, source + " (its configuration space)"),
      space_json,
      {},
      {},
      source,
      trials.info.metric,
      trials.info.maximize,
      0,
      {},
      {},
      {},
      {},
      {}};
  const ConfigurationSpace& space = data.space;
  // the stored columns in the space's order (a store written by this hypershap has them so)
  std::vector<int> columns;
  for (const std::string& name : trials.info.hyperparameters)
    columns.push_back(space.index_of(name, source + ": its trials"));
  const std::size_t d = trials.dimension();
  std::size_t failed = 0;
  std::vector<std::size_t> kept;
  for (std::size_t t = 0; t < count; ++t) {
    if (std::isnan(trials.objective[t])) {
      ++failed;
    } else {
      kept.push_back(t);
    }
  }
  data.configurations = ConfigurationMatrix::Constant(static_cast<Eigen::Index>(kept.size()),
                                                      space.size(), inactive_value);
  data.metric.resize(static_cast<Eigen::Index>(kept.size()));
  for (std::size_t r = 0; r < kept.size(); ++r) {
    const auto row = static_cast<Eigen::Index>(r);
    for (std::size_t c = 0; c < d; ++c)
      data.configurations(row, columns[c]) = trials.configurations[kept[r] * d + c];
    data.metric(row) = trials.objective[kept[r]];
  }
  if (kept.empty())
    throw invalid_input(source + ": every one of these trials failed (NaN); nothing to fit on");
  if (failed > 0) {
    data.skipped = std::to_string(failed) + " failed trials (NaN) skipped";
    data.dropped.emplace_back("failed (NaN)", failed);
  }
  return data;
}

std::shared_ptr<const PerformanceModel> load_model(const JobSpec& job) {
  const std::filesystem::path& history = job.model.history;
  if (history.empty() || std::filesystem::is_directory(history) || !has_trial_history(history)) {
    if (job.model.trials > 0)
      throw invalid_input(job.where("model.trials") +
                          ": [model] trials = " + std::to_string(job.model.trials) +
                          " needs a history that is the store of "
                          "`hypershap optimize`, but " +
                          history.string() + " is not one");
    return load_model_from(job, nullptr);
  }
  const StoredTrials trials = read_trial_history(history);
  const std::size_t count =
      job.model.trials > 0 ? static_cast<std::size_t>(job.model.trials) : trials.count();
  if (count > trials.count())
    throw invalid_input(job.where("model.trials") + ": [model] trials = " + std::to_string(count) +
                        " but " + history.string() + " holds " + std::to_string(trials.count()) +
                        " trials; lower trials or let hypershap optimize continue");
  if (count == 0)
    throw invalid_input(history.string() + " holds no trials yet; run hypershap optimize first");
  const std::string space_json = StoreReader(history).metadata().configuration_space_json;
  const std::string source = history.filename().string() + " (the first " + std::to_string(count) +
                             " of " + std::to_string(trials.count()) + " trials)";
  const HistoryData data = trials_as_history(trials, space_json, source, count);
  return load_model_from(job, &data);
}

Configuration pinned_baseline(const JobSpec& job, const ConfigurationSpace& space) {
  if (job.space.pinned.empty()) return space.default_configuration();
  const std::string where = job.where("space.pinned") + ": [space] pinned";
  Configuration configuration = space.default_configuration();
  std::vector<bool> pinned(static_cast<std::size_t>(space.size()), false);
  for (const auto& [name, value] : job.space.pinned) {
    const int index = space.index_of(name, where);  // names an unknown hyperparameter clearly
    configuration[index] = space.internal_value(index, value, where);
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
