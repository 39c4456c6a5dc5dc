#pragma once
// A game evaluated whole in one process: for tests and small jobs (`hypershap run` goes through
// the result store instead).

#include "hypershap/explain/game.hpp"
#include "hypershap/games/explanation_game.hpp"

namespace hypershap {

/// Every coalition of `game` evaluated and completed: the game as a table.
Game tabulate(const ExplanationGame& game);

}  // namespace hypershap
