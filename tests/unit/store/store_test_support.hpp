#pragma once
// Helpers of the store tests: a scratch folder, a job with two games, and coalition results that
// are a known function of the coalition, so any stored entry can be checked on its own.

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "hypershap/store/store.hpp"

namespace hypershap::test {

/// A fresh folder under the temporary directory, removed with everything in it at the end.
class ScratchDir {
 public:
  ScratchDir() {
    static int counter = 0;
    path_ =
        std::filesystem::temp_directory_path() /
        ("hypershap-store-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  ~ScratchDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

inline JobDescription example_job(const std::string& seed = "1") {
  return {"[job]\nname = \"example\"\nseed = " + seed + "\n",
          R"({"hyperparameters": [{"name": "lr", "type": "uniform_float"}]})", ""};
}

/// Tunability on 4 players with 3-dimensional configurations; ablation on 3 without.
inline std::vector<GameSpec> example_games() {
  return {{"tunability", "tunability", {"lr", "momentum", "depth", "width"}, 3},
          {"ablation", "ablation", {"a", "b", "c"}, 0}};
}

/// The known results of coalition s of a game with `dimension`-dimensional configurations.
inline double expected_value(Coalition s) { return std::sin(static_cast<double>(s) + 0.25) * 3.0; }
inline std::uint64_t expected_evaluations(Coalition s) { return s % 7 + 1; }
inline double expected_seconds(Coalition s) { return 0.125 * static_cast<double>(s); }
inline std::vector<double> expected_configuration(Coalition s, int dimension) {
  std::vector<double> x;
  for (int j = 0; j < dimension; ++j)
    x.push_back((s + static_cast<Coalition>(j)) % 3 == 0 ? std::numeric_limits<double>::quiet_NaN()
                                                         : static_cast<double>(s) + 0.5 * j);
  return x;
}

/// The batch holding the known results of `coalitions`.
inline CoalitionBatch expected_batch(const std::vector<Coalition>& coalitions, int dimension) {
  CoalitionBatch batch;
  for (const Coalition s : coalitions)
    batch.add(s, expected_value(s), expected_evaluations(s), expected_seconds(s),
              expected_configuration(s, dimension));
  return batch;
}

/// Every coalition of n players in a seeded random order, cut into batches of random sizes.
inline std::vector<std::vector<Coalition>> shuffled_batches(int n, std::size_t max_size,
                                                            unsigned seed) {
  std::vector<Coalition> all(coalition_count(n));
  for (std::size_t s = 0; s < all.size(); ++s) all[s] = s;
  std::mt19937 rng(seed);
  std::shuffle(all.begin(), all.end(), rng);
  std::uniform_int_distribution<std::size_t> size(1, max_size);
  std::vector<std::vector<Coalition>> batches;
  for (std::size_t start = 0; start < all.size();) {
    const std::size_t end = std::min(all.size(), start + size(rng));
    batches.emplace_back(all.begin() + static_cast<std::ptrdiff_t>(start),
                         all.begin() + static_cast<std::ptrdiff_t>(end));
    start = end;
  }
  return batches;
}

/// NaN-aware equality of two numbers (a stored NaN reads back as NaN).
inline bool same(double a, double b) { return (std::isnan(a) && std::isnan(b)) || a == b; }

/// True when stored game `game` holds exactly the known results of the coalitions in `done`.
inline bool holds_exactly(const StoredGame& game, const std::vector<std::uint8_t>& done) {
  const int d = game.spec.configuration_dimension;
  if (game.done != done) return false;
  for (Coalition s = 0; s < done.size(); ++s) {
    const bool is_done = done[s] != 0;
    if (!same(game.values[s], is_done ? expected_value(s) : std::nan(""))) return false;
    if (game.evaluations[s] != (is_done ? expected_evaluations(s) : 0)) return false;
    if (game.seconds[s] != (is_done ? expected_seconds(s) : 0.0)) return false;
    const std::vector<double> x = expected_configuration(s, d);
    for (int j = 0; j < d; ++j)
      if (!same(game.best_configurations[s * static_cast<std::size_t>(d) +
                                         static_cast<std::size_t>(j)],
                is_done ? x[static_cast<std::size_t>(j)] : std::nan("")))
        return false;
  }
  return true;
}

inline std::string file_bytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::string bytes(static_cast<std::size_t>(std::filesystem::file_size(path)), '\0');
  in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  return bytes;
}

}  // namespace hypershap::test
