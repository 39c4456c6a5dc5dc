// The predictions of all blends of a row with λ⁰ through a random forest, from the trees'
// disagreement paths (RandomForest::blend_sums; issue 16).

#include <algorithm>
#include <vector>

#include "hypershap/models/random_forest.hpp"

namespace hypershap {

namespace {

/// A path still to follow: its node and the coalition bits it requires present / absent.
struct Branch {
  std::int32_t node;
  std::uint64_t present;
  std::uint64_t absent;
};

/// sums[present | T] += value for every T ⊆ free: the subcube of coalitions that reach a leaf.
/// The free bits below the first fixed one form contiguous runs, added in one vectorisable loop.
inline __attribute__((always_inline)) void add_to_subcube(double* sums, std::uint64_t present,
                                                          std::uint64_t free, double value) {
  const auto run_bits = static_cast<unsigned>(__builtin_ctzll(~free));
  const std::uint64_t run = std::uint64_t{1} << run_bits;
  const std::uint64_t outer = free & ~(run - 1);
  std::uint64_t sub = outer;
  while (true) {
    double* block = sums + (present | sub);
    for (std::uint64_t i = 0; i < run; ++i) block[i] += value;
    if (sub == 0) break;
    sub = (sub - 1) & outer;
  }
}

}  // namespace

void RandomForest::blend_sums(const double* x, const double* lambda0,
                              const std::vector<int>& player_of, int low_bits, std::uint64_t high,
                              double* sums) const {
  blend_sums(x, 1, 0, lambda0, player_of, low_bits, high, sums);
}

// Built for AVX2 too, chosen at start by the CPU (GCC's function multiversioning): the subcube
// additions are wider; the same additions in the same order, so the same sums bit for bit (no
// product here that FMA could contract).
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__)
__attribute__((target_clones("avx2", "default")))
#endif
void RandomForest::blend_sums(const double* rows, std::size_t count, std::size_t stride,
                              const double* lambda0, const std::vector<int>& player_of,
                              int low_bits, std::uint64_t high, double* sums) const {
  const std::uint64_t block = std::uint64_t{1} << low_bits;
  const std::uint64_t all = block - 1;
  std::fill(sums, sums + count * block, 0.0);
  thread_local std::vector<Branch> stack;
  // Tree by tree, every row through the tree before the next: the tree stays in cache.
  for (const std::int32_t root : roots_) {
    for (std::size_t row = 0; row < count; ++row) {
      const double* x = rows + row * stride;
      double* row_sums = sums + row * block;
      stack.clear();
      stack.push_back(Branch{root, 0, 0});
      while (!stack.empty()) {
        Branch b = stack.back();
        stack.pop_back();
        while (true) {
          const Node& node = nodes_[static_cast<std::size_t>(b.node)];
          if (node.feature < 0) {
            add_to_subcube(row_sums, b.present, all & ~(b.present | b.absent), node.value);
            break;
          }
          const auto f = static_cast<std::size_t>(node.feature);
          const int player = player_of[f];
          const bool left0 = goes_left(node, lambda0[f]);
          if (player < 0) {
            b.node = left0 ? node.left : node.left + 1;
            continue;
          }
          const bool left_x = goes_left(node, x[f]);
          if (left_x == left0) {
            b.node = left0 ? node.left : node.left + 1;
          } else if (player >= low_bits) {  // fixed by the block: in S when its bit of high is set
            const bool in_s = ((high >> player) & 1U) != 0;
            b.node = (in_s ? left_x : left0) ? node.left : node.left + 1;
          } else if (const std::uint64_t bit = std::uint64_t{1} << player; (b.present & bit) != 0) {
            b.node = left_x ? node.left : node.left + 1;  // decided higher up the path
          } else if ((b.absent & bit) != 0) {
            b.node = left0 ? node.left : node.left + 1;
          } else {  // the path splits: x's way with the player, lambda0's way without
            stack.push_back(Branch{left_x ? node.left : node.left + 1, b.present | bit, b.absent});
            b.node = left0 ? node.left : node.left + 1;
            b.absent |= bit;
          }
        }
      }
    }
  }
}

}  // namespace hypershap
