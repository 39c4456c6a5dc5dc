#pragma once
// `hypershap optimize`: an HPO run of the job's optimizer ([optimize]: Bayesian optimization or
// random search) on the job's model as the objective (a surrogate, an analytic benchmark or the
// user's own training command). Every evaluation is appended to the job's result store as it
// arrives (store/trial_history.hpp), so a killed run resumes from the stored history and, the
// optimizer's proposals being a pure function of its seed and the history, ends with the same
// history as an uninterrupted run. Rank 0 evaluates; other ranks wait for the shared exit code.

#include <iosfwd>
#include <memory>

#include "hypershap/job/job_spec.hpp"
#include "hypershap/optimize/optimizer.hpp"
#include "hypershap/parallel/communicator.hpp"

namespace hypershap {

struct OptimizeRunOptions {
  bool progress = true;  // rank 0: a bar on a terminal, a line every few seconds in a log
};

/// The optimizer the job's [optimize] table names, on `space`.
std::unique_ptr<Optimizer> make_job_optimizer(const OptimizeSpec& spec,
                                              std::shared_ptr<const ConfigurationSpace> space);

/// Returns the exit code (ExitCode); messages go to `out` (rank 0) and `err`.
int optimize_job(const JobSpec& job, const Communicator& comm, const OptimizeRunOptions& options,
                 std::ostream& out, std::ostream& err);

}  // namespace hypershap
