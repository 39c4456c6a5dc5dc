// All 447 games of the HyperSHAP paper (../shared/data/hypershap_paper_games/games.jsonl).

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <fstream>

#include "hypershap/explain/shapley_interactions.hpp"
#include "hypershap/explain/transforms.hpp"
#include "hypershap/io/game_json.hpp"
#include "test_support.hpp"

using namespace hypershap;

TEST_CASE(
    "every paper game: SV are efficient and k-SII, STII, FSII at order n are the Möbius "
    "transform") {
  const auto dir = test::shared_dir_or_skip("data/hypershap_paper_games");
  std::ifstream in(dir / "games.jsonl");
  std::string line;
  int games = 0;
  while (std::getline(in, line)) {
    const GameTable game = parse_game_json(line, "games.jsonl line " + std::to_string(games + 1));
    ++games;
    const int n = game.n();
    double scale = 0.0;
    for (const double v : game.values) scale = std::max(scale, std::fabs(v));
    scale = std::max(scale, 1e-300);
    CAPTURE(games);

    const auto sv = explain(game, Index::sv, 1);
    double total = 0.0;
    for (std::size_t i = 1; i < sv.values.size(); ++i) total += sv.values[i];
    CHECK(std::fabs(total - (game.grand_value() - game.empty_value())) <= 1e-12 * scale);

    std::vector<double> moebius = game.values;
    moebius_transform(moebius, n);
    for (const auto& r : explain(game, {Index::k_sii, Index::stii, Index::fsii}, n)) {
      CAPTURE(name_of(r.index));
      double worst = 0.0;
      for (std::size_t i = 0; i < r.coalitions.size(); ++i)
        worst = std::max(worst, std::fabs(r.values[i] - moebius[r.coalitions[i]]));
      CHECK(worst <= 1e-10 * scale);
    }
  }
  CHECK(games == 447);
}
