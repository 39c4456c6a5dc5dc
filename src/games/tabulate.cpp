#include "hypershap/games/tabulate.hpp"

namespace hypershap {

GameTable tabulate(const ExplanationGame& game) {
  const int n = game.n();
  std::vector<Coalition> all(coalition_count(n));
  for (std::size_t s = 0; s < all.size(); ++s) all[s] = s;
  const std::vector<CoalitionOutcome> outcomes = game.evaluate(all);
  GameTable result;
  result.players = game.player_names();
  result.values.resize(all.size());
  std::vector<double> best;
  const auto d = static_cast<std::size_t>(game.space().size());
  if (game.has_best_configurations()) best.resize(all.size() * d);
  for (std::size_t s = 0; s < all.size(); ++s) {
    result.values[s] = outcomes[s].value;
    for (std::size_t j = 0; j < d && !best.empty(); ++j)
      best[s * d + j] = outcomes[s].best(static_cast<Eigen::Index>(j));
  }
  game.complete(result.values, best);
  return result;
}

}  // namespace hypershap
