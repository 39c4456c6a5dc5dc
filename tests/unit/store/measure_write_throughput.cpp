// Write throughput of the store (coalitions per second), not a test: n = 20 players, batches of
// 64 and 1024 coalitions, in increasing and in random order, without and with 10-dimensional best
// configurations. Build: cmake --build BUILD --target measure_store_throughput; run it with a
// folder for the scratch stores (default: the temporary directory).

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <numeric>
#include <random>
#include <string>
#include <vector>

#include "hypershap/store/store.hpp"

using namespace hypershap;

namespace {

double measure(const std::filesystem::path& path, std::size_t batch_size, bool shuffled,
               int dimension, std::size_t coalitions) {
  const int n = 20;
  std::filesystem::remove(path);
  std::vector<std::string> players;
  for (int i = 0; i < n; ++i) players.push_back("hp" + std::to_string(i));
  const auto created = std::chrono::steady_clock::now();
  StoreWriter writer(path, {"[job]\n", "{}", ""}, {{"g", "tunability", players, dimension}});
  if (batch_size == 64 && !shuffled)
    std::printf("(creating the store, d = %d: %.2f s)\n", dimension,
                std::chrono::duration<double>(std::chrono::steady_clock::now() - created).count());
  std::vector<Coalition> order(coalition_count(n));
  std::iota(order.begin(), order.end(), Coalition{0});
  if (shuffled) std::shuffle(order.begin(), order.end(), std::mt19937_64(1));
  const auto start = std::chrono::steady_clock::now();
  for (std::size_t first = 0; first < coalitions; first += batch_size) {
    CoalitionBatch batch;
    const std::vector<double> x(static_cast<std::size_t>(dimension), 0.5);
    for (std::size_t i = first; i < first + batch_size; ++i)
      batch.add(order[i], 1.0 / static_cast<double>(i + 1), 10, 0.25, x);
    writer.write_batch("g", batch);
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  writer.close();
  std::filesystem::remove(path);
  return static_cast<double>(coalitions) / seconds;
}

}  // namespace

int main(int argc, char** argv) {
  const std::filesystem::path dir = argc > 1 ? argv[1] : std::filesystem::temp_directory_path();
  const auto path = dir / "hypershap-throughput.h5";
  std::printf("n = 20, coalitions/s (each batch flushed)\n");
  std::printf("%-6s %-10s %-9s %s\n", "batch", "order", "dimension", "coalitions/s");
  for (const int dimension : {0, 10})
    for (const bool shuffled : {false, true})
      for (const std::size_t batch : {std::size_t{64}, std::size_t{1024}}) {
        const std::size_t total = batch * (batch == 64 ? 2048 : 256);
        std::printf("%-6zu %-10s %-9d %.0f\n", batch, shuffled ? "random" : "increasing", dimension,
                    measure(path, batch, shuffled, dimension, total));
      }
  return 0;
}
