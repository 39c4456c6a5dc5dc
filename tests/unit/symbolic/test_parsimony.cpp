#include <doctest/doctest.h>

#include "hypershap/symbolic/parsimony.hpp"

using namespace hypershap::symbolic;

TEST_CASE("the paper's twelve parsimony values") {
  const auto& v = paper_parsimony_values();
  REQUIRE(v.size() == 12);
  CHECK(v.front() == 0.0001);
  CHECK(v.back() == 0.075);
  for (std::size_t i = 1; i < v.size(); ++i) CHECK(v[i] > v[i - 1]);
}

TEST_CASE("the elbow rule stops before a step of two or more operations gaining under 10%") {
  // From the highest parsimony down: 1 op 0.30 → 2 ops 0.20 (+1 op: go on) → 5 ops 0.15
  // (+3 ops, -25%: go on) → 8 ops 0.14 (+3 ops, -6.7%: stop at 5 ops).
  const std::vector<FormulaScore> scores{
      {0.0001, 8, 0.14}, {0.075, 1, 0.30}, {0.01, 5, 0.15}, {0.05, 2, 0.20}, {0.00005, 12, 0.05}};
  CHECK(elbow_index(scores) == 2);
  // A step that adds operations and makes the RMSE worse also stops.
  CHECK(elbow_index({{0.05, 1, 0.2}, {0.01, 4, 0.25}}) == 0);
  // Never stopping ends at the lowest parsimony.
  CHECK(elbow_index({{0.05, 1, 0.4}, {0.01, 3, 0.2}, {0.001, 4, 0.19}}) == 2);
  // A custom rule: at least 5 operations.
  CHECK(elbow_index(scores, ElbowRule{5, 0.1}) == 4);
  CHECK(elbow_index({}) == 0);
}

TEST_CASE("the Pareto front of operations and RMSE") {
  const std::vector<FormulaScore> scores{{0, 3, 0.2}, {0, 1, 0.5},  {0, 3, 0.1}, {0, 5, 0.1},
                                         {0, 2, 0.5}, {0, 8, 0.05}, {0, 1, 0.5}};
  // (1, 0.5) first of its twins; (3, 0.1) beats (3, 0.2) and (5, 0.1); (8, 0.05).
  CHECK(pareto_front(scores) == std::vector<std::size_t>{1, 2, 5});
  CHECK(pareto_front({}).empty());
}
