// Uses hypershap's library through the installed headers: the Shapley values of a small game
// against their closed form, a ConfigSpace JSON read, and the command line (which links every
// layer, so every library the package declares is needed). Exit code 0 when all agree.
#include <cmath>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "hypershap/cli/run.hpp"
#include "hypershap/explain/game_table.hpp"
#include "hypershap/explain/shapley_interactions.hpp"
#include "hypershap/space/configuration_space.hpp"

int main() {
  int failures = 0;

  // v(S) = 1·[0 ∈ S] + 2·[1 ∈ S] + 3·[0 ∈ S and 2 ∈ S]: the pair's 3 is split equally, so
  // φ = (1 + 1.5, 2, 1.5).
  hypershap::GameTable game{{"a", "b", "c"}, std::vector<double>(8)};
  for (unsigned s = 0; s < 8; ++s) {
    game.values[s] = ((s & 1U) ? 1.0 : 0.0) + ((s & 2U) ? 2.0 : 0.0) + ((s & 5U) == 5U ? 3.0 : 0.0);
  }
  const hypershap::InteractionValues sv = hypershap::explain(game, hypershap::Index::sv, 1);
  const double expected[] = {2.5, 2.0, 1.5};
  for (unsigned i = 0; i < 3; ++i) {
    const double got = sv.at(hypershap::Coalition{1} << i);
    if (std::abs(got - expected[i]) > 1e-12) {
      std::cerr << "SV of player " << i << " is " << got << ", expected " << expected[i] << "\n";
      ++failures;
    }
  }

  const auto space = hypershap::ConfigurationSpace::from_string(
      R"({"hyperparameters": [{"type": "uniform_float", "name": "lr", "lower": 0.001,
          "upper": 1.0, "default_value": 0.01, "log": true}], "conditions": [], "forbiddens": []})",
      "inline");
  if (space.size() != 1 || space.hyperparameter(0).name != "lr") {
    std::cerr << "the space was not read as one hyperparameter 'lr'\n";
    ++failures;
  }

  std::ostringstream out;
  std::ostringstream err;
  const int code = hypershap::cli::run({"--version"}, out, err);
  if (code != 0 || out.str().find("hypershap") == std::string::npos) {
    std::cerr << "hypershap --version through the library: code " << code << ", output '"
              << out.str() << err.str() << "'\n";
    ++failures;
  }
  if (failures == 0) std::cout << "consumer: SV, space and command line as expected\n";
  return failures == 0 ? 0 : 1;
}
