#pragma once
// A coalition S ⊆ N of players is a bitmask: bit i set <=> player i in S (the layout of the
// HyperSHAP paper's games and of shapiq). Values of a game are stored in bitmask order.

#include <cstddef>
#include <cstdint>
#include <vector>

namespace hypershap {

using Coalition = std::uint64_t;

/// The largest number of players any game may have: 2^30 coalitions (8 GiB of values) is what an
/// exact game can hold; the one limit of job files, JSON games and result stores.
inline constexpr int max_players = 30;

constexpr Coalition grand_coalition(int n) {
  return n >= 64 ? ~Coalition{0} : (Coalition{1} << n) - 1;
}
constexpr std::size_t coalition_count(int n) { return std::size_t{1} << n; }
inline int size_of(Coalition s) { return __builtin_popcountll(s); }
constexpr bool contains(Coalition s, int player) { return ((s >> player) & 1U) != 0; }

/// The players of S in increasing order.
std::vector<int> members(Coalition s);

/// Every coalition with 0 < |S| <= max_order ordered by size, then
/// lexicographically by their sorted member lists: {0}, {1}, ..., {0,1}, {0,2}, ..., {1,2}, ...
std::vector<Coalition> coalitions_up_to(int n, int max_order, bool include_empty);

}  // namespace hypershap
