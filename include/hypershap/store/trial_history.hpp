#pragma once
// The trials of `hypershap optimize` in the result store (README, "The result store": the
// /optimize group): every evaluation is stored as it arrives, so a killed run resumes from the
// stored history. Like the games' per-coalition datasets, the per-trial datasets are allocated
// for the whole budget when the group is created (uncompressed chunks, written in place), and a
// trial's `done` flag is written after its data is flushed and fsync'ed: the history is the
// trials before the first flag that is not set.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "hypershap/store/store.hpp"

namespace hypershap {

/// What the /optimize group says about the run (its attributes).
struct TrialHistoryInfo {
  std::string optimizer;  // bo, random-search
  std::int64_t budget = 0;
  std::uint64_t seed = 0;
  std::string metric;     // the objective's name
  bool maximize = false;  // whether the objective is maximised (cost = -objective then)
  std::vector<std::string> hyperparameters;  // the columns of a configuration
  std::vector<std::int64_t> snapshots;
};

/// One evaluation as the optimizer saw it.
struct TrialRecord {
  std::vector<double> configuration;  // the space's representation, NaN = inactive
  double objective = 0.0;             // as the objective reported it (NaN: the trial failed)
  double cost = 0.0;                  // minimised: objective, negated when it is maximised
  double seconds = 0.0;               // wall time of the evaluation
};

/// The stored trials, in order: trial t is entry t.
struct StoredTrials {
  TrialHistoryInfo info;
  std::vector<double> configurations;  // count × hyperparameters, row-major
  std::vector<double> objective, cost, seconds;
  std::vector<std::int64_t> incumbent;  // the best trial up to and including t (-1: none yet)
  std::vector<double> incumbent_cost;   // its cost (NaN: none yet)

  std::size_t count() const { return cost.size(); }
  std::size_t dimension() const { return info.hyperparameters.size(); }
};

/// Appends trials to the store of a StoreWriter (the writer holds the lock).
class TrialHistoryWriter {
 public:
  /// Creates the /optimize group with `info`, or opens the one there; a stored group written
  /// with another budget, optimizer, seed, direction or hyperparameters is refused
  /// (invalid_input naming the store and the fix).
  TrialHistoryWriter(StoreWriter& store, const TrialHistoryInfo& info);
  ~TrialHistoryWriter();
  TrialHistoryWriter(const TrialHistoryWriter&) = delete;
  TrialHistoryWriter& operator=(const TrialHistoryWriter&) = delete;

  /// Trials stored so far.
  std::size_t count() const;
  /// Everything stored (the incumbents included).
  StoredTrials read() const;
  /// Stores trials count() ... count() + trials.size() - 1 and flushes them: once this returns, a
  /// SIGKILL loses none of them.
  void append(const std::vector<TrialRecord>& trials);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// The trials of the store at `path` (read-only, no lock); invalid_input when it holds no
/// /optimize group (not the store of `hypershap optimize`), io_error when it cannot be read.
StoredTrials read_trial_history(const std::filesystem::path& path);

/// Whether the store at `path` holds trials (an /optimize group); false for anything unreadable.
bool has_trial_history(const std::filesystem::path& path);

}  // namespace hypershap
