#include "hypershap/job/importance_setup.hpp"

#include "hypershap/job/model_setup.hpp"
#include "hypershap/job/players.hpp"

namespace hypershap {

ImportanceResults job_importance(const JobSpec& job, const ImportanceSpec& spec,
                                 const PerformanceModel& model) {
  return compute_importance(spec, model, job_players(job, model, "the job", "importance"),
                            pinned_baseline(job, model.space()), job.seed, job.where("importance"));
}

}  // namespace hypershap
