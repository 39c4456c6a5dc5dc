#pragma once
// `hypershap optimize` of a job file: the job's [optimize] optimizer on the job's model as the
// objective, run into the job's result store (service/optimize_runner.hpp).

#include <iosfwd>
#include <memory>

#include "hypershap/job/job_spec.hpp"
#include "hypershap/optimize/optimizer.hpp"
#include "hypershap/parallel/communicator.hpp"
#include "hypershap/service/optimize_runner.hpp"

namespace hypershap {

/// The optimizer the job's [optimize] table names, on `space`.
std::unique_ptr<Optimizer> make_job_optimizer(const OptimizeSpec& spec,
                                              std::shared_ptr<const ConfigurationSpace> space);

/// Returns the exit code (ExitCode); messages go to `out` (rank 0) and `err`.
int optimize_job(const JobSpec& job, const Communicator& comm, const OptimizeRunOptions& options,
                 std::ostream& out, std::ostream& err);

}  // namespace hypershap
