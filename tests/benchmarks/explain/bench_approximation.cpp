// Benchmark (not a test): accuracy of the approximators (explain/approximation.hpp) against the
// exact engine, as a function of the budget 2^8 .. 2^16, mean over seeds.
//
//   bench_approximation [--seeds 20] [--data DIR]
//
// Games:
// - paper⊕paper: two games of the HyperSHAP paper (DIR/games.jsonl, data-specific tunability) on
//   disjoint players, v(S) = v1(S ∩ A) + v2(S ∩ B), each rescaled to max |v - v(∅)| = 1. The
//   paper's games have at most 10 players; their sums reach n = 14, 17, 20 with the paper's
//   interactions inside each part (and none across: every index is block-wise for a sum).
// - SOUM: a sum of 3n unanimity games on random coalitions of 1..5 players with N(0,1)
//   coefficients (interactions up to order 5), n = 12, 16, 20.
// Error: ||Î - I||₂ / ||I||₂ over the coalitions 0 < |S| <= order (I the exact index); "-" where
// the budget is below what the method needs. A second table, at n = 20 and budget 2^14, gives
// the error relative to the exact FSII-2 norm and the calibration ||Î - I||₂ / √(Σ SE²), which is
// about 1 where the standard errors are honest.

#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#include "hypershap/core/error.hpp"
#include "hypershap/core/random.hpp"
#include "hypershap/explain/approximation.hpp"
#include "hypershap/explain/shapley_interactions.hpp"
#include "hypershap/io/game_json.hpp"

using namespace hypershap;

namespace {

struct NamedGame {
  std::string name;
  GameTable game;
};

GameTable find_paper_game(const std::string& dir, const std::string& file_part) {
  std::ifstream in(dir + "/games.jsonl");
  std::string line;
  while (std::getline(in, line)) {
    if (line.find(file_part) != std::string::npos) return parse_game_json(line, file_part);
  }
  throw invalid_input(dir + "/games.jsonl has no game '" + file_part + "'");
}

GameTable disjoint_sum(const GameTable& a, const GameTable& b) {
  const auto scale = [](const GameTable& g) {
    double m = 0.0;
    for (const double v : g.values) m = std::max(m, std::fabs(v - g.empty_value()));
    return m > 0.0 ? m : 1.0;
  };
  const double sa = scale(a);
  const double sb = scale(b);
  GameTable sum;
  sum.players = a.players;
  sum.players.insert(sum.players.end(), b.players.begin(), b.players.end());
  const int n = sum.n();
  sum.values.resize(coalition_count(n));
  const Coalition mask_a = grand_coalition(a.n());
  for (std::size_t s = 0; s < sum.values.size(); ++s) {
    sum.values[s] =
        (a.value(s & mask_a) - a.empty_value()) / sa + (b.value(s >> a.n()) - b.empty_value()) / sb;
  }
  return sum;
}

GameTable soum(int n, std::uint64_t seed) {
  Rng rng(seed);
  GameTable game;
  for (int i = 0; i < n; ++i) game.players.push_back(std::to_string(i));
  std::vector<double> moebius(coalition_count(n), 0.0);
  for (int j = 0; j < 3 * n; ++j) {
    const int size = 1 + static_cast<int>(rng.below(5));
    Coalition s = 0;
    while (size_of(s) < size) s |= Coalition{1} << rng.below(static_cast<std::uint64_t>(n));
    moebius[s] += rng.normal();
  }
  game.values.assign(coalition_count(n), 0.0);
  for (std::size_t t = 0; t < moebius.size(); ++t) {
    if (moebius[t] == 0.0) continue;
    // v(S) = Σ_{T ⊆ S} m(T): add m(T) to every superset of T.
    const Coalition rest = grand_coalition(n) & ~static_cast<Coalition>(t);
    for (Coalition u = rest;; u = (u - 1) & rest) {
      game.values[t | u] += moebius[t];
      if (u == 0) break;
    }
  }
  return game;
}

struct Case {
  ApproximationMethod method;
  Index index;
  int order;
};

const std::vector<Case>& cases() {
  static const std::vector<Case> all = {
      {ApproximationMethod::regression, Index::sv, 1},
      {ApproximationMethod::permutation, Index::sv, 1},
      {ApproximationMethod::shap_iq, Index::sv, 1},
      {ApproximationMethod::permutation, Index::k_sii, 2},
      {ApproximationMethod::shap_iq, Index::k_sii, 2},
      {ApproximationMethod::regression, Index::fsii, 2},
      {ApproximationMethod::shap_iq, Index::fsii, 2},
  };
  return all;
}

double norm(const std::vector<double>& v) {
  double s = 0.0;
  for (std::size_t i = 1; i < v.size(); ++i) s += v[i] * v[i];
  return std::sqrt(s);
}

struct Outcome {
  double error = 0.0;  // ||Î - I||
  double se = 0.0;     // √(Σ SE²)
  bool ok = false;
};

Outcome run(const GameTable& game, const Case& c, std::uint64_t budget, std::uint64_t seed,
            const InteractionValues& exact) {
  const CoalitionValueFunction v = [&game](const std::vector<Coalition>& coalitions) {
    std::vector<double> out(coalitions.size());
    for (std::size_t i = 0; i < coalitions.size(); ++i) out[i] = game.value(coalitions[i]);
    return out;
  };
  Outcome outcome;
  try {
    const Approximation a = approximate(v, game.n(), c.index, c.order, {budget, seed, c.method});
    for (std::size_t i = 1; i < exact.values.size(); ++i) {
      const double d = a.values.values[i] - exact.values[i];
      outcome.error += d * d;
      outcome.se += a.standard_errors[i] * a.standard_errors[i];
    }
    outcome.error = std::sqrt(outcome.error);
    outcome.se = std::sqrt(outcome.se);
    outcome.ok = true;
  } catch (const Error&) {
  }
  return outcome;
}

std::string label(const Case& c) {
  return std::string(name_of(c.index)) + (c.order > 1 ? "-" + std::to_string(c.order) : "") + " " +
         std::string(name_of(c.method));
}

}  // namespace

int main(int argc, char** argv) {
  int seeds = 20;
  std::string data = HYPERSHAP_PAPER_GAMES;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--seeds") == 0) seeds = std::atoi(argv[i + 1]);
    if (std::strcmp(argv[i], "--data") == 0) data = argv[i + 1];
  }

  std::vector<NamedGame> games;
  try {
    const std::string t = "data_specific_tunability_";
    const GameTable lc3945 = find_paper_game(data, t + "yahpogym_lcbench_3945_val");
    const GameTable lc7593 = find_paper_game(data, t + "yahpogym_lcbench_7593_val");
    const GameTable jahs_c = find_paper_game(data, t + "jahs_jahs_CIFAR10_default_n_configs=10000");
    const GameTable jahs_f =
        find_paper_game(data, t + "jahs_jahs_FashionMNIST_default_n_configs=10000");
    games.push_back({"lcbench 3945 ⊕ lcbench 7593", disjoint_sum(lc3945, lc7593)});
    games.push_back({"jahs CIFAR10 ⊕ lcbench 3945", disjoint_sum(jahs_c, lc3945)});
    games.push_back({"jahs CIFAR10 ⊕ jahs FashionMNIST", disjoint_sum(jahs_c, jahs_f)});
  } catch (const Error& e) {
    std::printf("paper games skipped: %s\n", e.what());
  }
  for (const int n : {12, 16, 20})
    games.push_back({"SOUM", soum(n, static_cast<std::uint64_t>(1000 + n))});

  std::printf("Relative error ‖Î − I‖ / ‖I‖, mean over %d seeds\n\n", seeds);
  std::printf("| game | n | index method |");
  for (int b = 8; b <= 16; ++b) std::printf(" 2^%d |", b);
  std::printf("\n|---|---|---|");
  for (int b = 8; b <= 16; ++b) std::printf("---|");
  std::printf("\n");
  std::fflush(stdout);

  std::vector<std::string> summary;
  for (const NamedGame& g : games) {
    const int n = g.game.n();
    const InteractionValues fsii2 = explain(g.game, Index::fsii, 2);
    for (const Case& c : cases()) {
      const InteractionValues exact = explain(g.game, c.index, c.order);
      const double exact_norm = norm(exact.values);
      std::printf("| %s | %d | %s |", g.name.c_str(), n, label(c).c_str());
      for (int b = 8; b <= 16; ++b) {
        double sum = 0.0;
        double error_sq = 0.0;
        double se_sq = 0.0;
        bool ok = true;
        for (int seed = 0; seed < seeds && ok; ++seed) {
          const Outcome o =
              run(g.game, c, std::uint64_t{1} << b, static_cast<std::uint64_t>(seed), exact);
          ok = o.ok;
          sum += o.error / exact_norm;
          error_sq += o.error * o.error;
          se_sq += o.se * o.se;
        }
        if (ok) {
          std::printf(" %.2g |", sum / seeds);
        } else {
          std::printf(" - |");
        }
        if (n == 20 && b == 14 && ok) {
          char line[256];
          std::snprintf(line, sizeof line, "| %s | %s | %.3g | %.3g | %.2f |", g.name.c_str(),
                        label(c).c_str(), sum / seeds,
                        sum / seeds * exact_norm / norm(fsii2.values),
                        se_sq > 0.0 ? std::sqrt(error_sq / se_sq) : 0.0);
          summary.emplace_back(line);
        }
      }
      std::printf("\n");
      std::fflush(stdout);
    }
  }

  std::printf(
      "\nn = 20, budget 2^14: error relative to the index's own norm and to the exact FSII-2 "
      "norm; calibration = rms error / rms reported SE\n\n");
  std::printf("| game | index method | ‖Î−I‖/‖I‖ | ‖Î−I‖/‖FSII-2‖ | calibration |\n");
  std::printf("|---|---|---|---|---|\n");
  for (const std::string& line : summary) std::printf("%s\n", line.c_str());
  return 0;
}
