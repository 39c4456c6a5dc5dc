#pragma once
// In-place fast transforms over the 2^n coalitions, each O(n 2^n).

#include <vector>

namespace hypershap {

/// Möbius transform: m(S) = Σ_{T ⊆ S} (-1)^{|S|-|T|} v(T) (the Harsanyi dividends).
void moebius_transform(std::vector<double>& values, int n);

/// Its inverse, the subset (zeta) sum: v(S) = Σ_{T ⊆ S} m(T).
void subset_sum_transform(std::vector<double>& values, int n);

/// Superset sum: g(S) = Σ_{U ⊇ S} f(U).
void superset_sum_transform(std::vector<double>& values, int n);

}  // namespace hypershap
