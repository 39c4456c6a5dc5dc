#pragma once
// The performance model a job names ([model] in the job file), loaded once per process, and the
// baseline its [space] pinned values make.

#include <memory>

#include "hypershap/job/job_spec.hpp"
#include "hypershap/models/performance_model.hpp"

namespace hypershap {

/// Loads the job's model and its configuration space; errors name the job file, the key and the
/// fix (invalid_input) or the unreadable file (io_error).
std::shared_ptr<const PerformanceModel> load_model(const JobSpec& job);

/// The space's default with the job's [space] pinned values set, conditions resolved again: the
/// baseline λ⁰ of games without one of their own, and what `hypershap evaluate` gives the
/// hyperparameters a CSV leaves out. invalid_input naming the job file for an unknown name or a
/// value that is not legal.
Configuration pinned_baseline(const JobSpec& job, const ConfigurationSpace& space);

}  // namespace hypershap
