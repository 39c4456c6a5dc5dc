#pragma once
// The performance model of a job, where its [model] history may be the result store of
// `hypershap optimize`: the models layer fits on runs but does not read stores, so the trials are
// read here (the first [model] trials of them) and handed to the model factory.

#include <memory>

#include "hypershap/job/job_spec.hpp"
#include "hypershap/models/history_data.hpp"
#include "hypershap/models/performance_model.hpp"
#include "hypershap/store/trial_history.hpp"

namespace hypershap {

std::shared_ptr<const PerformanceModel> load_job_model(const JobSpec& job);

/// The first `count` stored trials as a run history (failed trials, NaN, are skipped and counted);
/// `space_json` is the store's configuration space, `source` names the store in messages.
HistoryData trials_as_history(const StoredTrials& trials, const std::string& space_json,
                              const std::string& source, std::size_t count);

}  // namespace hypershap
