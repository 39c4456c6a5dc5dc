#pragma once
// The importance study of a job (`hypershap importance`, [importance]): fANOVA and partial
// dependence of the job's model over the job's players, the others at the pinned baseline.

#include "hypershap/importance/importance_job.hpp"
#include "hypershap/job/job_spec.hpp"
#include "hypershap/models/performance_model.hpp"

namespace hypershap {

/// `spec` is the job's [importance] (or the defaults, with --order applied).
ImportanceResults job_importance(const JobSpec& job, const ImportanceSpec& spec,
                                 const PerformanceModel& model);

}  // namespace hypershap
