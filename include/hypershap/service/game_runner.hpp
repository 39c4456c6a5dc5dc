#pragma once
// The run behind `hypershap run`: evaluates every coalition of every game into the result store
// (the checkpoint: a second run computes only what is missing), then completes the games (e.g.
// Tunability's closure) and stores the explanations asked for. Runs on any number of ranks
// (scheduler.hpp); every rank returns the same exit code. What the games are and where they come
// from is the caller's (job/run_job.hpp assembles them from a job file).

#include <filesystem>
#include <functional>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "hypershap/explain/index.hpp"
#include "hypershap/games/explanation_game.hpp"
#include "hypershap/parallel/communicator.hpp"
#include "hypershap/service/scheduler.hpp"
#include "hypershap/store/model_fit.hpp"

namespace hypershap {

struct RunOptions {
  ScheduleOptions schedule;
  bool progress = true;  // rank 0: a bar on a terminal, a line every few seconds in a log
};

/// The games of a run, built on every rank.
struct RunGames {
  std::string configuration_space_json;  // the games' space, recorded in the store
  std::vector<std::unique_ptr<ExplanationGame>> games;
  std::vector<std::string> model_notes;  // the model and its fit, printed when the run starts
  /// The model's fit, kept in the store's /model group (written when the store has none).
  std::optional<StoredModelFit> model_fit;
};

/// What to run and where to keep it.
struct RunRequest {
  std::string label;                   // how messages name the run (the job file's name)
  std::filesystem::path output;        // the result store
  std::string description;             // the resolved job text, the store's provenance
  std::string identity;                // what determines the values: the store's resume key
  ExplainSpec explain;                 // the explanations stored for each game
  std::function<RunGames()> assemble;  // loads the model and builds the games (on every rank)
};

/// Returns the exit code (ExitCode): success, requeue after a stop, or the error's code; messages
/// go to `out` (rank 0) and `err` (any rank's errors, prefixed with the rank).
int run_games(const RunRequest& request, const Communicator& comm, const RunOptions& options,
              std::ostream& out, std::ostream& err);

}  // namespace hypershap
