#include "hypershap/explain/transforms.hpp"

#include <cstddef>

namespace hypershap {

namespace {
// Applies `op(low, high)` to every pair of entries that differ only in bit `bit`, for all bits.
template <class Op>
void butterfly(std::vector<double>& values, int n, Op op) {
  const std::size_t count = std::size_t{1} << n;
  for (int bit = 0; bit < n; ++bit) {
    const std::size_t stride = std::size_t{1} << bit;
    for (std::size_t block = 0; block < count; block += 2 * stride) {
      for (std::size_t i = block; i < block + stride; ++i) op(values[i], values[i + stride]);
    }
  }
}
}  // namespace

void moebius_transform(std::vector<double>& values, int n) {
  butterfly(values, n, [](double& low, double& high) { high -= low; });
}

void subset_sum_transform(std::vector<double>& values, int n) {
  butterfly(values, n, [](double& low, double& high) { high += low; });
}

void superset_sum_transform(std::vector<double>& values, int n) {
  butterfly(values, n, [](double& low, double& high) { low += high; });
}

}  // namespace hypershap
