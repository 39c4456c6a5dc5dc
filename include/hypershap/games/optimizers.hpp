#pragma once
// Hyperparameter optimizers run on the performance model inside Λ^S = {λ ⊕_S λ⁰} (HyperSHAP
// paper, Section 5): the inner HPO of the Tunability-type games and the optimizers under study of
// the Optimizer Bias game (Definition 4). Each maximises an objective, sign × VAL, with a budget of
// model evaluations (λ⁰ counted), and moves only the players in S; every random number comes from
// the Rng it is given, so a caller that derives the Rng from the coalition gets the same result
// whatever batch the coalition is evaluated in.

#include <cstdint>
#include <string>
#include <vector>

#include "hypershap/core/coalition.hpp"
#include "hypershap/core/random.hpp"
#include "hypershap/models/performance_model.hpp"
#include "hypershap/space/configuration.hpp"

namespace hypershap {

enum class OptimizerKind {
  random_search,      // the best of `budget` draws from the space, blended into Λ^S
  local_search,       // random starts, then SMAC's one-exchange local search on the model
  coordinate_search,  // each player of S tuned alone from λ⁰, the per-coordinate bests combined
  frozen_search       // random search that never tunes the players in `frozen`
};

/// "random-search", "local-search", "coordinate-search", "frozen-search".
const std::vector<std::string>& optimizer_names();
OptimizerKind parse_optimizer(const std::string& name);
std::string_view name_of(OptimizerKind kind);

struct OptimizerSpec {
  OptimizerKind kind = OptimizerKind::random_search;
  int budget = 10000;    // model evaluations per coalition (λ⁰ included)
  Coalition frozen = 0;  // frozen_search: the players it never tunes (bit j = player j)
  // coordinate_search: > 0: this many draws for each player of S (the HyperSHAP paper's plain
  // Optimizer Bias setting, 49), `budget` unused; each player's draws come from its own stream
  // (draws_stream, player), the same in every coalition, as the paper's per-hyperparameter random
  // search with a fixed seed. 0: `budget` split over S, from the coalition's Rng.
  int draws_per_hyperparameter = 0;
  std::uint64_t draws_stream = 0;
};

/// The model evaluations `optimizer` spends on a coalition, averaged over the coalitions of n
/// players (coordinate search with draws per hyperparameter: |S| (K + 1) + 1 for S ≠ ∅).
std::uint64_t mean_evaluations(const OptimizerSpec& optimizer, int n);

/// What an optimizer returned for one coalition.
struct SearchResult {
  double objective = 0.0;  // sign × VAL(best)
  Configuration best;      // the configuration the optimizer returns, a member of Λ^S
  std::uint64_t evaluations = 0;
};

/// Everything an optimizer searches over: Λ^S of `players` around `baseline` on `model`.
struct SearchProblem {
  const PerformanceModel* model = nullptr;
  const std::vector<int>* players = nullptr;
  const Configuration* baseline = nullptr;
  double sign = 1.0;  // the objective is sign × VAL (−1 to minimise VAL)
};

/// Runs `optimizer` on Λ^S.
SearchResult run_optimizer(const OptimizerSpec& optimizer, const SearchProblem& problem,
                           Coalition s, Rng& rng);

}  // namespace hypershap
