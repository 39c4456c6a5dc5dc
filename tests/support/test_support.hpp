#pragma once
// Paths and helpers shared by the tests.

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <random>
#include <string>
#include <vector>

#include "hypershap/explain/game_table.hpp"

namespace hypershap::test {

/// Exit code CTest reads as "skipped" (SKIP_RETURN_CODE in tests/CMakeLists.txt).
inline constexpr int skip_exit_code = 77;

inline std::filesystem::path source_dir() { return HYPERSHAP_SOURCE_DIR; }
inline std::filesystem::path binary() { return HYPERSHAP_BINARY; }

/// ../shared, or skips the calling test with a message when it is missing.
inline std::filesystem::path shared_dir_or_skip(const std::string& what) {
  const std::filesystem::path dir = HYPERSHAP_SHARED_DIR;
  if (!std::filesystem::is_directory(dir / what)) {
    std::cout << "SKIPPED: " << (dir / what).string()
              << " is missing; this test needs the shared data folder beside the repository\n";
    std::exit(skip_exit_code);
  }
  return dir / what;
}

/// A game with independent standard normal values (seeded).
inline GameTable random_game(int n, unsigned seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> normal;
  GameTable game;
  for (int i = 0; i < n; ++i) game.players.push_back("p" + std::to_string(i));
  game.values.resize(std::size_t{1} << n);
  for (double& x : game.values) x = normal(rng);
  return game;
}

}  // namespace hypershap::test
