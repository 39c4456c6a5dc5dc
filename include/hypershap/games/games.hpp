#pragma once
// The games of the HyperSHAP paper, Section 5 (λ⁰ the baseline, λ ⊕_S λ⁰ the blend that takes
// the players in S from λ and everything else from λ⁰, conditions re-resolved):
//   Ablation       (Def. 1)  v(S) = VAL(λ* ⊕_S λ⁰)
//   Sensitivity    (Def. 2)  v(S) = Var_{λ ~ p*} VAL(λ ⊕_S λ⁰)
//   Tunability     (Def. 3)  v(S) = max_{λ ∈ Λ^S} VAL(λ),  Λ^S = {λ ⊕_S λ⁰}, λ⁰ ∈ Λ^S
//   Mistunability            v(S) = min_{λ ∈ Λ^S} VAL(λ)
//   Optimizer Bias (Def. 4)  v(S) = VAL(O(Λ^S)) − v_T(S), v_T(S) the virtual best of an ensemble
//                            of optimizers that includes O, so v(S) ≤ 0 and v(∅) = 0
//   Multi-dataset  (Def. 5)  v(S) = aggregate over instances i of v_i(S)
// Tunability, Mistunability and Sensitivity use the same K configurations drawn from the space
// for every coalition (common random numbers). A forbidden blend is never evaluated: it is not in
// Λ^S (Tunability, Mistunability), not in the sample (Sensitivity), and for Ablation v(S) takes the
// value of the best allowed blend λ* ⊕_T λ⁰ with T ⊂ S.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "hypershap/core/aggregation.hpp"
#include "hypershap/games/closure.hpp"
#include "hypershap/games/explanation_game.hpp"
#include "hypershap/games/multi_dataset_game.hpp"
#include "hypershap/games/optimizers.hpp"

namespace hypershap {

enum class SearchGoal { maximum, minimum, variance };

/// Tunability (maximum), Mistunability (minimum) or Sensitivity (variance) by random search with
/// setup.samples common samples.
std::unique_ptr<ExplanationGame> make_random_search_game(GameSetup setup, SearchGoal goal);

/// Ablation from every baseline in `baselines` (usually one: setup.baseline) towards `target`;
/// the baselines' values combine by `aggregation` (mean, min, max or variance).
std::unique_ptr<ExplanationGame> make_ablation_game(GameSetup setup, Configuration target,
                                                    std::vector<Configuration> baselines,
                                                    Aggregation aggregation);

/// Ablation's λ* = "best-of-search": the best configuration of a random search of setup.samples
/// over all players around λ⁰, drawn from Rng::stream(seed, {game, 1}). `free`: hyperparameters
/// (indices) that are not players but are searched too, e.g. a fidelity such as lcbench's epoch
/// (the paper searched with the fidelity free); without them they keep λ⁰'s values.
Configuration best_of_search(const GameSetup& setup, const std::vector<int>& free = {});

/// Ablation's probabilistic baseline: `count` configurations drawn from the space (players only;
/// the other hyperparameters keep λ⁰'s values), from Rng::stream(seed, {game, 2}); forbidden
/// blends are drawn again.
std::vector<Configuration> random_baselines(const GameSetup& setup, int count);

/// Tunability (maximum) or Mistunability (minimum) with `optimizer` as the inner HPO (e.g. local
/// search on the model); each coalition's search draws from Rng::stream(seed, {game, 0, S}).
/// complete() applies the subset closure as for random search.
std::unique_ptr<ExplanationGame> make_search_game(GameSetup setup, SearchGoal goal,
                                                  OptimizerSpec optimizer);

/// Optimizer Bias (Definition 4): `optimizer` against the virtual best of itself and `ensemble`.
/// Optimizer k (0 = the one under study, k = 1.. the ensemble's) searches coalition S with
/// Rng::stream(seed, {game, k, S}). The value is in performance units (larger is better), so it is
/// ≤ 0: how much O loses against the best optimizer known. No closure: v_T(S) is the ensemble's
/// own estimate, and O's loss on a superset may well be larger or smaller.
std::unique_ptr<ExplanationGame> make_optimizer_bias_game(GameSetup setup, OptimizerSpec optimizer,
                                                          std::vector<OptimizerSpec> ensemble);

// The multi-dataset game (Definition 5): games/multi_dataset_game.hpp.

}  // namespace hypershap
