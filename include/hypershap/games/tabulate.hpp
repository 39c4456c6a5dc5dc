#pragma once
// A game evaluated whole in one process: for tests and small jobs (`hypershap run` goes through
// the result store instead).

#include "hypershap/explain/game_table.hpp"
#include "hypershap/games/explanation_game.hpp"

namespace hypershap {

/// Every coalition of `game` evaluated and completed: the game as a table.
GameTable tabulate(const ExplanationGame& game);

}  // namespace hypershap
