#include "hypershap/games/explanation_game.hpp"

namespace hypershap {

ExplanationGame::ExplanationGame(GameSetup setup) : setup_(std::move(setup)) {}

std::vector<std::string> ExplanationGame::player_names() const {
  std::vector<std::string> names;
  for (const int i : setup_.players) names.push_back(space().hyperparameter(i).name);
  return names;
}

std::vector<Coalition> ExplanationGame::complete(std::vector<double>& /*values*/,
                                                 std::vector<double>& /*best*/) const {
  return {};
}

}  // namespace hypershap
