#pragma once
// The players N of a job: the hyperparameters its games, its importance study and its
// optimization vary. One rule for all three (HyperSHAP Section 3: the hyperparameters explained),
// so that `run`, `importance` and `optimize` of one job agree on them.

#include <string>
#include <vector>

#include "hypershap/job/job_spec.hpp"
#include "hypershap/models/performance_model.hpp"

namespace hypershap {

/// [space] players as listed, or every hyperparameter that is neither pinned nor the model's
/// instance. invalid_input naming the job file's place of `key_path` when the list names the
/// model's instance or when no player is left (`what` names the part of the job that needs them,
/// e.g. "game 'tunability'").
std::vector<int> job_players(const JobSpec& job, const PerformanceModel& model,
                             const std::string& what, const std::string& key_path);

}  // namespace hypershap
