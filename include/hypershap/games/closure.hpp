#pragma once
// The monotone closures of Tunability-type games. Λ^S ⊆ Λ^T for S ⊆ T (Definition 3), so an
// estimate of v(T) may take the best estimate of any subset: v(T) = max_{S ⊆ T} v̂(S), computed
// for all T in O(n 2^n) by a subset-max transform that also carries the argmax.

#include <cstddef>
#include <vector>

#include "hypershap/core/coalition.hpp"

namespace hypershap {

enum class ClosureDirection { maximum, minimum };

/// Replaces values[T] by the max (min) over S ⊆ T; source[T] receives the S whose value it took.
/// Entries that are NaN (e.g. forbidden blends) never win and take their best subset's value.
void subset_closure(std::vector<double>& values, int n, ClosureDirection direction,
                    std::vector<Coalition>& source);

/// ExplanationGame::complete() of a Tunability-type game: `values` closed over subsets, and each
/// changed coalition's row of `best` (2^n × d, row-major, or empty) taken from its source.
/// Returns the coalitions that changed.
std::vector<Coalition> complete_by_closure(std::vector<double>& values, std::vector<double>& best,
                                           int n, std::size_t d, ClosureDirection direction);

}  // namespace hypershap
