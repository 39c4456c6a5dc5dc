#pragma once
// The master/worker schedule of `hypershap run` (README, "Running on MPI and Slurm"). Rank 0, the
// master, asks the sink (the result store) which coalitions are missing, hands them out in
// batches to the workers that ask for work (dynamic scheduling: a slow batch does not stall the
// others), writes every result to the sink as it arrives and, when it has no message to answer,
// evaluates a small batch itself. With one rank the master does all the work. A stop (signal) or
// an error on any rank stops the handing out; results already computed are still written.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "hypershap/parallel/communicator.hpp"
#include "hypershap/service/messages.hpp"

namespace hypershap {

/// Evaluates batches of the job's games; every rank has one, built from the same job.
class BatchEvaluator {
 public:
  virtual ~BatchEvaluator() = default;
  virtual BatchResult evaluate(const WorkBatch& batch) = 0;
};

/// Where the master keeps results: the result store, or a stand-in in tests.
class ResultSink {
 public:
  virtual ~ResultSink() = default;
  virtual int game_count() const = 0;
  virtual std::vector<Coalition> missing(int game) const = 0;
  /// Whether `game` is sparse (a sample of coalitions, in no blocks): its batches are then lists
  /// of the sample's masks in order, not aligned blocks of bitmasks.
  virtual bool sparse(int /*game*/) const { return false; }
  virtual void write(const BatchResult& result) = 0;
};

struct ScheduleOptions {
  /// Seconds a batch should take: batches are sized from the measured time per coalition.
  double target_batch_seconds = 1.0;
  std::size_t max_batch = 4096;
  /// Coalitions in each batch until the time per coalition has been measured on one.
  std::size_t first_batch = 2;
  /// Whether the master evaluates batches itself between messages (always with one rank).
  bool master_computes = true;
  /// Batches a worker holds at once: with 2 the next is queued while it computes the current one.
  int batches_per_worker = 2;
  /// Called on the master after each write: coalitions done, coalitions in all.
  std::function<void(std::uint64_t done, std::uint64_t total)> progress;
};

struct ScheduleReport {
  bool stopped = false;            // a stop was requested; work is left
  std::optional<RankError> error;  // the first rank that failed
  std::uint64_t coalitions = 0;    // written in this run (master)
  std::uint64_t by_master = 0;     // of those, evaluated by the master
  double seconds = 0.0;            // wall time of the schedule
  double master_seconds_evaluating = 0.0;
  double master_seconds_writing = 0.0;
};

/// Runs the schedule on every rank; `sink` is used on rank 0 only (may be null elsewhere).
ScheduleReport run_schedule(const Communicator& comm, BatchEvaluator& evaluator, ResultSink* sink,
                            const ScheduleOptions& options);

}  // namespace hypershap
