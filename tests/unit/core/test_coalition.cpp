#include <doctest/doctest.h>

#include "hypershap/core/coalition.hpp"

using namespace hypershap;

TEST_CASE("coalitions up to an order come by size, then lexicographically") {
  const auto c = coalitions_up_to(4, 2, true);
  const std::vector<Coalition> expected = {0,     0b1,    0b10,  0b100,  0b1000, 0b11,
                                           0b101, 0b1001, 0b110, 0b1010, 0b1100};
  CHECK(c == expected);
  CHECK(coalitions_up_to(5, 5, false).size() == 31);
  CHECK(members(0b101001) == std::vector<int>{0, 3, 5});
  CHECK(grand_coalition(3) == 7);
  CHECK(size_of(0b1011) == 3);
}
