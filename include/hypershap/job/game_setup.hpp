#pragma once
// Builds a job's games: the players (the job's list, or every hyperparameter that is neither
// pinned nor the model's instance), the baseline λ⁰ (the space's default with the pinned values,
// or the game's own baseline) and the game of the kind asked for. Errors name file:line:column of
// the key at fault.

#include <memory>

#include "hypershap/games/explanation_game.hpp"
#include "hypershap/job/job_spec.hpp"

namespace hypershap {

std::unique_ptr<ExplanationGame> make_game(const JobSpec& job, const GameSettings& game,
                                           std::shared_ptr<const PerformanceModel> model);

}  // namespace hypershap
