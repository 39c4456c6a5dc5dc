#include "hypershap/service/job_model.hpp"

#include <cmath>

#include "hypershap/core/error.hpp"
#include "hypershap/models/model_factory.hpp"
#include "hypershap/space/configuration_space.hpp"

namespace hypershap {

PreloadedRuns trials_as_runs(const StoredTrials& trials, const std::string& space_json,
                             const std::string& source, std::size_t count) {
  const ConfigurationSpace space = ConfigurationSpace::from_string(space_json, source);
  PreloadedRuns result;
  result.space_json = space_json;
  result.space_source = source + " (its configuration space)";
  RunHistory& runs = result.runs;
  runs.source = source;
  runs.hyperparameters = trials.info.hyperparameters;
  runs.metric_name = trials.info.metric;
  runs.maximize = trials.info.maximize;
  const std::size_t d = trials.dimension();
  std::vector<int> columns;
  for (const std::string& name : runs.hyperparameters)
    columns.push_back(space.index_of(name, source + ": its trials"));
  for (std::size_t t = 0; t < count; ++t) {
    if (std::isnan(trials.objective[t])) {
      ++runs.skipped;
      ++runs.skipped_by_status["CRASHED"];
      continue;
    }
    std::vector<Value> row;
    for (std::size_t c = 0; c < d; ++c) {
      const double v = trials.configurations[t * d + c];
      const Hyperparameter& hp = space.hyperparameter(columns[c]);
      if (is_inactive(v)) {
        row.emplace_back(std::monostate{});
      } else if (hp.is_numeric()) {
        row.emplace_back(v);
      } else {
        row.emplace_back(hp.text(v));
      }
    }
    runs.configurations.push_back(std::move(row));
    runs.metric.push_back(trials.objective[t]);
  }
  return result;
}

std::shared_ptr<const PerformanceModel> load_job_model(const JobSpec& job) {
  const std::filesystem::path& history = job.model.history;
  if (history.empty() || std::filesystem::is_directory(history) || !has_trial_history(history)) {
    if (job.model.trials > 0)
      throw invalid_input(job.file.filename().string() +
                          ": [model] trials = " + std::to_string(job.model.trials) +
                          " needs a history that is the store of "
                          "`hypershap optimize`, but " +
                          history.string() + " is not one");
    return load_model(job);
  }
  const StoredTrials trials = read_trial_history(history);
  const std::size_t count =
      job.model.trials > 0 ? static_cast<std::size_t>(job.model.trials) : trials.count();
  if (count > trials.count())
    throw invalid_input(job.file.filename().string() +
                        ": [model] trials = " + std::to_string(count) + " but " + history.string() +
                        " holds " + std::to_string(trials.count()) +
                        " trials; lower trials or let hypershap optimize continue");
  if (count == 0)
    throw invalid_input(history.string() + " holds no trials yet; run hypershap optimize first");
  const std::string space_json = StoreReader(history).metadata().configuration_space_json;
  const std::string source = history.filename().string() + " (the first " + std::to_string(count) +
                             " of " + std::to_string(trials.count()) + " trials)";
  const PreloadedRuns runs = trials_as_runs(trials, space_json, source, count);
  return load_model(job, &runs);
}

}  // namespace hypershap
