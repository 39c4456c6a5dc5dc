#include <doctest/doctest.h>

#include "hypershap/core/suggest.hpp"

using namespace hypershap;

TEST_CASE("nearest suggests plausible misspellings only") {
  const std::vector<std::string> keys = {"samples", "optimizer", "baseline", "kind"};
  CHECK(nearest("sampels", keys) == "samples");
  CHECK(nearest("Optimiser", keys) == "optimizer");
  CHECK(nearest("kindd", keys) == "kind");
  CHECK(nearest("zzzzzz", keys).empty());
  CHECK(edit_distance("kitten", "sitting") == 3);
  CHECK(one_of({"a", "b", "c"}) == "a, b or c");
}
