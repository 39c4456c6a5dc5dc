#pragma once
// Faithfulness of the order-k FSII approximation, as in the HyperSHAP paper's Figure 2 (right):
// the weighted R² between v and its best k-additive approximation
//     v̂_k(T) = Σ_{S ⊆ T, |S| <= k} FSII_k(S),
// with the Shapley kernel μ(t) = (n-1) / (C(n,t) · t · (n-t)) over the coalitions 0 < |T| < n
// (v̂_k matches v on ∅ and N by construction, so those two are excluded):
//     R²_k = 1 - Σ μ(|T|) (v(T) - v̂_k(T))² / Σ μ(|T|) (v(T) - v̄)²,   v̄ the μ-weighted mean.
// A game that is constant on 0 < |T| < n has R²_k = 1 for every k by convention.

#include <string>
#include <vector>

#include "hypershap/explain/game_table.hpp"

namespace hypershap {

/// R²_k for k = 1..max_order (max_order <= n; R²_n = 1). Cost O(max_order² · n · 2^n).
std::vector<double> faithfulness_r2(const GameTable& game, int max_order);

/// The largest order up to which faithfulness_r2 takes about as long as explaining the game
/// (hypershap reports R² for every k when n is small, and up to this order otherwise).
int default_r2_max_order(int n, int explained_order);

}  // namespace hypershap
