#pragma once
// The performance model of a run in the result store: the group /model (README, "The result
// store"), written by `hypershap run` when it creates or first resumes the store, so that a report
// can say how far the surrogate behind the games can be trusted (its out-of-bag R², the runs it
// was fitted on and those left out) and what the values mean (the metric, its direction, λ⁰).
// Stores written before the group existed have none: readers get nullopt and say so.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "hypershap/store/store.hpp"

namespace hypershap {

struct StoredModelFit {
  std::string kind;         // the job's [model] kind: random-forest, gaussian-process, yahpo, ...
  std::string description;  // one line for people (PerformanceModel::describe)
  std::string metric;       // the metric the games are built on
  bool maximize = false;    // whether larger values of the metric are better
  bool negated = false;     // the game values are the negated metric (a minimised cost)
  /// The model's value of λ⁰ (the job's baseline: the space's default with [space] pinned values)
  /// in the metric's own units (not negated); NaN when not computed (a command model).
  double baseline_value = 0.0;
  bool fitted = false;       // fitted on a run history here; the fields below only then
  std::int64_t runs = 0;     // runs the model was fitted on
  std::int64_t dropped = 0;  // runs of the history left out, summed over `dropped_reasons`
  /// Why runs were left out, with how many: ("failed (NaN)", 3), ("other budgets", 141), ...
  std::vector<std::pair<std::string, std::int64_t>> dropped_reasons;
  /// The fit's figures: a forest's oob_r2, oob_rmse, oob_rows, trees; a GP's
  /// log_marginal_likelihood, noise, ... (ModelFit::numbers)
  std::vector<std::pair<std::string, double>> numbers;
  std::vector<std::string> notes;  // what `run` printed about the fit

  /// numbers[name], NaN when absent.
  double number(const std::string& name) const;
};

/// Writes `fit` as the /model group of the writer's store (replacing one there) and flushes it.
void write_model_fit(StoreWriter& store, const StoredModelFit& fit);

/// Whether the writer's store has a /model group.
bool has_model_fit(const StoreWriter& store);

/// The /model group of the store at `path` (read-only, no lock); nullopt for a store written
/// before it was recorded. io_error naming the file when it cannot be read.
std::optional<StoredModelFit> read_model_fit(const std::filesystem::path& path);

}  // namespace hypershap
