#pragma once
// The games of the HyperSHAP paper, Section 5 (λ⁰ the baseline, λ ⊕_S λ⁰ the blend that takes
// the players in S from λ and everything else from λ⁰, conditions re-resolved):
//   Ablation       (Def. 1)  v(S) = VAL(λ* ⊕_S λ⁰)
//   Sensitivity    (Def. 2)  v(S) = Var_{λ ~ p*} VAL(λ ⊕_S λ⁰)
//   Tunability     (Def. 3)  v(S) = max_{λ ∈ Λ^S} VAL(λ),  Λ^S = {λ ⊕_S λ⁰}, λ⁰ ∈ Λ^S
//   Mistunability            v(S) = min_{λ ∈ Λ^S} VAL(λ)
// Tunability, Mistunability and Sensitivity use the same K configurations drawn from the space
// for every coalition (common random numbers). A forbidden blend is never evaluated: it is not in
// Λ^S (Tunability, Mistunability), not in the sample (Sensitivity), and for Ablation v(S) takes the
// value of the best allowed blend λ* ⊕_T λ⁰ with T ⊂ S.

#include <memory>

#include "hypershap/games/explanation_game.hpp"

namespace hypershap {

enum class SearchGoal { maximum, minimum, variance };

/// Tunability (maximum), Mistunability (minimum) or Sensitivity (variance) by random search with
/// setup.samples common samples.
std::unique_ptr<ExplanationGame> make_random_search_game(GameSetup setup, SearchGoal goal);

/// How several baselines' ablation values combine.
enum class BaselineAggregate { mean, min, max, variance };

/// Ablation from every baseline in `baselines` (usually one: setup.baseline) towards `target`.
std::unique_ptr<ExplanationGame> make_ablation_game(GameSetup setup, Configuration target,
                                                    std::vector<Configuration> baselines,
                                                    BaselineAggregate aggregate);

}  // namespace hypershap
