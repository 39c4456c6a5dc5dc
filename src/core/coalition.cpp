#include "hypershap/core/coalition.hpp"

namespace hypershap {

std::vector<int> members(Coalition s) {
  std::vector<int> result;
  result.reserve(static_cast<std::size_t>(size_of(s)));
  for (int i = 0; s != 0; ++i, s >>= 1) {
    if ((s & 1U) != 0) result.push_back(i);
  }
  return result;
}

namespace {
// Appends every size-k subset of {0..n-1} in lexicographic order of member lists.
void append_subsets_of_size(int n, int k, std::vector<Coalition>& out) {
  std::vector<int> idx(static_cast<std::size_t>(k));
  for (int i = 0; i < k; ++i) idx[static_cast<std::size_t>(i)] = i;
  while (true) {
    Coalition s = 0;
    for (int i : idx) s |= Coalition{1} << i;
    out.push_back(s);
    int pos = k - 1;
    while (pos >= 0 && idx[static_cast<std::size_t>(pos)] == n - k + pos) --pos;
    if (pos < 0) return;
    ++idx[static_cast<std::size_t>(pos)];
    for (int j = pos + 1; j < k; ++j)
      idx[static_cast<std::size_t>(j)] = idx[static_cast<std::size_t>(j - 1)] + 1;
  }
}
}  // namespace

std::vector<Coalition> coalitions_up_to(int n, int max_order, bool include_empty) {
  std::vector<Coalition> out;
  if (include_empty) out.push_back(0);
  for (int k = 1; k <= max_order && k <= n; ++k) append_subsets_of_size(n, k, out);
  return out;
}

}  // namespace hypershap
