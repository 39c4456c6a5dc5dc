#pragma once
// The exact explanation engine: Möbius transform, SV, BV, SII, k-SII, STII, FSII and FBII of a
// game given by all 2^n values, computed on the values directly (value_weights.hpp) so that the
// results stay accurate to ~1e-12 of the game's scale up to n = 25.

#include <cstddef>
#include <vector>

#include "hypershap/explain/game_table.hpp"
#include "hypershap/explain/index.hpp"
#include "hypershap/explain/interaction_values.hpp"

namespace hypershap {

/// One index at one order (SV and BV are order 1 whatever `order` says).
InteractionValues explain(const GameTable& game, Index index, int order,
                          EmptySetConvention convention = EmptySetConvention::baseline);

/// Several indices at one order, sharing the single pass over the game's values.
std::vector<InteractionValues> explain(
    const GameTable& game, const std::vector<Index>& indices, int order,
    EmptySetConvention convention = EmptySetConvention::baseline);

/// Extra memory (beyond the game's values) an explanation up to `order` needs.
std::size_t explanation_memory_bytes(int n, int order);

/// Throws invalid_input unless 1 <= order <= n, and resource_limit where it would not fit.
void check_explanation_request(int n, int order);

}  // namespace hypershap
