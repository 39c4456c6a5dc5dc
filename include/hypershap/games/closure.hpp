#pragma once
// The monotone closures of Tunability-type games. Λ^S ⊆ Λ^T for S ⊆ T (Definition 3), so an
// estimate of v(T) may take the best estimate of any subset: v(T) = max_{S ⊆ T} v̂(S), computed
// for all T in O(n 2^n) by a subset-max transform that also carries the argmax.

#include <vector>

#include "hypershap/core/coalition.hpp"

namespace hypershap {

enum class ClosureDirection { maximum, minimum };

/// Replaces values[T] by the max (min) over S ⊆ T; source[T] receives the S whose value it took.
/// Entries that are NaN (e.g. forbidden blends) never win and take their best subset's value.
void subset_closure(std::vector<double>& values, int n, ClosureDirection direction,
                    std::vector<Coalition>& source);

}  // namespace hypershap
