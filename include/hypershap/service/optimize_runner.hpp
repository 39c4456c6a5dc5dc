#pragma once
// The run behind `hypershap optimize`: an HPO run of an optimizer (Bayesian optimization or random
// search) on a performance model as the objective (a surrogate, an analytic benchmark or the
// user's own training command). Every evaluation is appended to the result store as it arrives
// (store/trial_history.hpp), so a killed run resumes from the stored history and, the optimizer's
// proposals being a pure function of its seed and the history, ends with the same history as an
// uninterrupted run. Bayesian optimization runs on rank 0 (each proposal needs every result
// before it) while other ranks wait for the shared exit code; random search, whose trial t depends
// on the seed and t alone, spreads batches of trials over the ranks with the schedule of
// `hypershap run` and stores them in trial order, so the history is the same for any number of
// ranks. What the objective and the optimizer are is the caller's (job/optimize_job.hpp assembles
// them from a job file).

#include <cstdint>
#include <filesystem>
#include <functional>
#include <iosfwd>
#include <memory>
#include <string>
#include <vector>

#include "hypershap/models/performance_model.hpp"
#include "hypershap/optimize/optimizer.hpp"
#include "hypershap/parallel/communicator.hpp"

namespace hypershap {

struct OptimizeRunOptions {
  bool progress = true;  // rank 0: a bar on a terminal, a line every few seconds in a log
};

/// The objective and the optimizer of a run, built on rank 0.
struct OptimizeSetup {
  std::shared_ptr<const PerformanceModel> model;  // the objective
  std::unique_ptr<Optimizer> optimizer;           // proposes configurations of model->space()
  Configuration baseline;  // the values of the hyperparameters that are not tuned
  std::vector<int> tuned;  // the hyperparameters the optimizer's proposals set
  bool maximize = false;   // the direction of the model's metric (costs are its negation then)
};

/// What to run and where to keep it.
struct OptimizeRequest {
  std::string label;             // how messages name the run (the job file's name)
  std::filesystem::path output;  // the result store
  std::string description;       // the resolved job text, the store's provenance
  std::string identity;          // what determines the values: the store's resume key
  std::string optimizer;         // its name, recorded in the store ("bo", "random-search")
  int trials = 100;              // the budget
  std::uint64_t seed = 0;        // the optimizer's seed, recorded in the store
  std::vector<int> snapshots;    // sorted trial counts at which the run reports its best
  std::function<OptimizeSetup()> assemble;  // loads the objective and makes the optimizer
};

/// Returns the exit code (ExitCode): success, requeue after a stop, or the error's code; messages
/// go to `out` (rank 0) and `err`.
int run_optimization(const OptimizeRequest& request, const Communicator& comm,
                     const OptimizeRunOptions& options, std::ostream& out, std::ostream& err);

}  // namespace hypershap
