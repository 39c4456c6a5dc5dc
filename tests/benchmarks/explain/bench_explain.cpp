// Benchmark (not a test): wall time, peak memory and accuracy of computing every index up to
// order 3 for n = 10 ... 25 on one core.
//
//   bench_explain                 runs every n, each in a fresh process (peak memory is per
//   process) bench_explain --n 20          one n
//
// Accuracy is measured against sums evaluated from the definitions in long double with
// compensated summation, for the Shapley values and a few pair interactions (SII), and compared
// with the route through the Möbius transform that the stable method avoids.

#include <unistd.h>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "hypershap/core/memory.hpp"
#include "hypershap/core/random.hpp"
#include "hypershap/explain/shapley_interactions.hpp"
#include "hypershap/explain/transforms.hpp"

using namespace hypershap;

namespace {

struct Kahan {
  long double sum = 0.0L, c = 0.0L;
  void add(long double x) {
    const long double y = x - c;
    const long double t = sum + y;
    c = (t - sum) - y;
    sum = t;
  }
};

long double factorial(int n) { return n <= 1 ? 1.0L : n * factorial(n - 1); }

// SII(S) from its definition: Σ_{T ⊆ N\S} (n-t-s)! t! / (n-s+1)! Δ_S v(T).
long double sii_reference(const GameTable& g, Coalition s) {
  const int n = g.n();
  const int k = size_of(s);
  const Coalition rest = grand_coalition(n) & ~s;
  Kahan sum;
  Coalition t = rest;
  while (true) {
    long double derivative = 0.0L;
    Coalition l = s;
    while (true) {
      derivative += (((k - size_of(l)) % 2 == 0) ? 1.0L : -1.0L) * g.values[t | l];
      if (l == 0) break;
      l = (l - 1) & s;
    }
    const int tt = size_of(t);
    sum.add(factorial(n - tt - k) * factorial(tt) / factorial(n - k + 1) * derivative);
    if (t == 0) break;
    t = (t - 1) & rest;
  }
  return sum.sum;
}

// The same through the Möbius transform in double: Σ_{U ⊇ S} m(U) / (u - s + 1).
double sii_via_moebius(const std::vector<double>& m, int n, Coalition s) {
  double sum = 0.0;
  const int k = size_of(s);
  for (Coalition u = 0; u < coalition_count(n); ++u)
    if ((u & s) == s) sum += m[u] / (size_of(u) - k + 1);
  return sum;
}

int run_one(int n) {
  Rng rng(1234U + static_cast<unsigned>(n));
  GameTable game;
  for (int i = 0; i < n; ++i) game.players.push_back("x" + std::to_string(i));
  game.values.resize(coalition_count(n));
  for (double& v : game.values) v = rng.normal();  // unit scale, the hardest case for precision

  const int order = std::min(3, n);
  const auto start = std::chrono::steady_clock::now();
  const auto results = explain(game, all_indices(), order);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const std::size_t peak = peak_resident_bytes();

  // accuracy on a few coalitions: SV of players 0 and n-1, SII of two pairs
  const InteractionValues& sv = results[1];
  const InteractionValues& sii = results[3];
  std::vector<double> m = game.values;
  moebius_transform(m, n);
  double error_stable = 0.0, error_moebius = 0.0;
  for (const Coalition s : {Coalition{1}, Coalition{1} << (n - 1), Coalition{3},
                            (Coalition{1} << (n - 1)) | (Coalition{1} << (n / 2))}) {
    const long double reference = sii_reference(game, s);
    const double ours = size_of(s) == 1 ? sv.at(s) : sii.at(s);
    error_stable = std::max(error_stable, static_cast<double>(std::fabs(ours - reference)));
    error_moebius = std::max(error_moebius,
                             static_cast<double>(std::fabs(sii_via_moebius(m, n, s) - reference)));
  }
  std::printf("%4d %12.3f %12s %14.2e %14.2e\n", n, seconds,
              format_bytes(static_cast<double>(peak)).c_str(), error_stable, error_moebius);
  std::fflush(stdout);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 3 && std::string(argv[1]) == "--n") return run_one(std::atoi(argv[2]));
  std::printf("All 8 indices up to order 3 on a game with N(0,1) values, one core.\n");
  std::printf("error: max |ours - definition (long double)| over SV and SII pairs (scale 1)\n");
  std::printf("%4s %12s %12s %14s %14s\n", "n", "seconds", "peak RSS", "error", "via Moebius");
  std::fflush(stdout);
  std::vector<int> sizes = {10, 14, 16, 18, 20, 22, 25};
  if (argc == 2) sizes = {std::atoi(argv[1])};
  char self[4096] = {};
  if (readlink("/proc/self/exe", self, sizeof self - 1) < 0) return 1;
  for (const int n : sizes) {
    const std::string command = std::string(self) + " --n " + std::to_string(n);
    if (std::system(command.c_str()) != 0) return 1;
  }
  return 0;
}
