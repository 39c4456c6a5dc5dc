#include "hypershap/explain/ranked_superset_sums.hpp"

#include <array>

namespace hypershap {

namespace {
std::vector<std::vector<std::uint64_t>> binomial_table(int n) {
  std::vector<std::vector<std::uint64_t>> c(
      static_cast<std::size_t>(n + 1),
      std::vector<std::uint64_t>(static_cast<std::size_t>(n + 1), 0));
  for (std::size_t a = 0; a <= static_cast<std::size_t>(n); ++a) {
    c[a][0] = 1;
    for (std::size_t b = 1; b <= a; ++b) c[a][b] = c[a - 1][b - 1] + (b < a ? c[a - 1][b] : 0);
  }
  return c;
}

// Adds `value` to row[rank(R)] for every size-`size` subset R of the positions p[0..count),
// where rank(R) = Σ_i C(R_i, i + 1) (colex order); `partial` is the rank of the part fixed so far.
void add_to_subsets(const int* p, int count, int size, std::size_t partial, double value,
                    double* row, const std::vector<std::vector<std::uint64_t>>& c) {
  if (size == 0) {
    row[partial] += value;
    return;
  }
  for (int top = size - 1; top < count; ++top) {
    add_to_subsets(p, top, size - 1,
                   partial + c[static_cast<std::size_t>(p[top])][static_cast<std::size_t>(size)],
                   value, row, c);
  }
}
}  // namespace

std::size_t RankedSupersetSums::memory_bytes(int n, int max_order) {
  const auto c = binomial_table(n);
  std::size_t entries = 0;
  for (int r = 0; r <= max_order && r <= n; ++r)
    entries += c[static_cast<std::size_t>(n)][static_cast<std::size_t>(r)] *
               static_cast<std::size_t>(n + 1);
  return entries * sizeof(double);
}

RankedSupersetSums::RankedSupersetSums(const std::vector<double>& values, int n, int max_order)
    : n_(n), max_order_(max_order < n ? max_order : n), binomial_(binomial_table(n)) {
  const auto& c = binomial_;
  const auto nn = static_cast<std::size_t>(n);
  tables_.resize(static_cast<std::size_t>(max_order_ + 1));
  for (std::size_t r = 0; r < tables_.size(); ++r) tables_[r].assign(c[nn][r] * (nn + 1), 0.0);

  std::array<int, 64> p{};
  const std::size_t count = coalition_count(n);
  for (std::size_t w_mask = 0; w_mask < count; ++w_mask) {
    const double v = values[w_mask];
    int w = 0;
    for (std::size_t bits = w_mask; bits != 0; bits &= bits - 1)
      p[static_cast<std::size_t>(w++)] = __builtin_ctzll(bits);
    const auto uw = static_cast<std::size_t>(w);

    tables_[0][uw] += v;
    if (max_order_ >= 1) {
      double* row = tables_[1].data() + uw * c[nn][1];
      for (int i = 0; i < w; ++i) row[p[static_cast<std::size_t>(i)]] += v;
    }
    if (max_order_ >= 2) {
      double* row = tables_[2].data() + uw * c[nn][2];
      for (int ib = 1; ib < w; ++ib) {
        double* block = row + c[static_cast<std::size_t>(p[static_cast<std::size_t>(ib)])][2];
        for (int ia = 0; ia < ib; ++ia) block[p[static_cast<std::size_t>(ia)]] += v;
      }
    }
    if (max_order_ >= 3) {
      double* row = tables_[3].data() + uw * c[nn][3];
      for (int ic = 2; ic < w; ++ic) {
        double* block_c = row + c[static_cast<std::size_t>(p[static_cast<std::size_t>(ic)])][3];
        for (int ib = 1; ib < ic; ++ib) {
          double* block = block_c + c[static_cast<std::size_t>(p[static_cast<std::size_t>(ib)])][2];
          for (int ia = 0; ia < ib; ++ia) block[p[static_cast<std::size_t>(ia)]] += v;
        }
      }
    }
    for (int r = 4; r <= max_order_ && r <= w; ++r) {
      add_to_subsets(
          p.data(), w, r, 0, v,
          tables_[static_cast<std::size_t>(r)].data() + uw * c[nn][static_cast<std::size_t>(r)], c);
    }
  }
}

std::size_t RankedSupersetSums::rank_of(Coalition r) const {
  std::size_t rank = 0;
  std::size_t i = 1;
  for (Coalition bits = r; bits != 0; bits &= bits - 1, ++i)
    rank += binomial_[static_cast<std::size_t>(__builtin_ctzll(bits))][i];
  return rank;
}

double RankedSupersetSums::at(Coalition r, int w) const {
  const auto size = static_cast<std::size_t>(size_of(r));
  const auto nn = static_cast<std::size_t>(n_);
  return tables_[size][static_cast<std::size_t>(w) * binomial_[nn][size] + rank_of(r)];
}

}  // namespace hypershap
