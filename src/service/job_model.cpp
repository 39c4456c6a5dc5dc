#include "hypershap/service/job_model.hpp"

#include <cmath>

#include "hypershap/core/error.hpp"
#include "hypershap/models/model_factory.hpp"
#include "hypershap/space/configuration_space.hpp"

namespace hypershap {

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
  if (failed > 0) data.skipped = std::to_string(failed) + " failed trials (NaN) skipped";
  return data;
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
  const HistoryData data = trials_as_history(trials, space_json, source, count);
  return load_model(job, &data);
}

}  // namespace hypershap
