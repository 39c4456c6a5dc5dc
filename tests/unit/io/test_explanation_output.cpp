// The explanation table shows an unused player's floating-point residue as 0; JSON keeps it.
#include <doctest/doctest.h>

#include <sstream>
#include <string>

#include "hypershap/io/explanation_output.hpp"

using namespace hypershap;

TEST_CASE("the table prints a value below 1e-12 of the game's scale as 0, JSON keeps it") {
  Explanation e;
  e.values.index = Index::sv;
  e.values.players = {"lr", "optimizer"};
  e.values.empty_value = -0.36;
  e.values.grand_value = -0.06;
  e.values.coalitions = {0b00, 0b01, 0b10};
  e.values.values = {-0.36, 0.3, 8.32667e-17};  // SV of the unused optimizer: 0 up to rounding
  std::ostringstream table;
  write_explanations(table, {e}, OutputFormat::table);
  CHECK(table.str().find("optimizer    0\n") != std::string::npos);
  CHECK(table.str().find("e-17") == std::string::npos);
  CHECK(table.str().find("lr           0.3\n") != std::string::npos);
  std::ostringstream json;
  write_explanations(json, {e}, OutputFormat::json);
  CHECK(json.str().find("8.32667e-17") != std::string::npos);

  // a genuinely small game keeps its small values: the threshold is relative
  e.values.empty_value = 0.0;
  e.values.grand_value = 3e-17;
  e.values.values = {0.0, 2e-17, 1e-17};
  std::ostringstream small;
  write_explanations(small, {e}, OutputFormat::table);
  CHECK(small.str().find("lr           2e-17\n") != std::string::npos);
}
