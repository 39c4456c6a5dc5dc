#pragma once
// The performance model a job names ([model] in the job file: a model of its own, or one fitted
// on a run history or on the trials of an optimize store), loaded once per process, and the
// baseline its [space] pinned values make.

#include <cstddef>
#include <memory>
#include <string>

#include "hypershap/job/job_spec.hpp"
#include "hypershap/models/history_data.hpp"
#include "hypershap/models/performance_model.hpp"
#include "hypershap/store/trial_history.hpp"

namespace hypershap {

/// Loads the job's model and its configuration space; errors name the job file, the key and the
/// fix (invalid_input) or the unreadable file (io_error). A [model] history may be the result
/// store of `hypershap optimize`: the model is then fitted on its first [model] trials trials.
std::shared_ptr<const PerformanceModel> load_model(const JobSpec& job);

/// The first `count` stored trials as a run history (failed trials, NaN, are skipped and counted);
/// `space_json` is the store's configuration space, `source` names the store in messages.
HistoryData trials_as_history(const StoredTrials& trials, const std::string& space_json,
                              const std::string& source, std::size_t count);

/// The space's default with the job's [space] pinned values set, conditions resolved again: the
/// baseline λ⁰ of games without one of their own, and what `hypershap evaluate` gives the
/// hyperparameters a CSV leaves out. invalid_input naming the job file for an unknown name or a
/// value that is not legal.
Configuration pinned_baseline(const JobSpec& job, const ConfigurationSpace& space);

}  // namespace hypershap
