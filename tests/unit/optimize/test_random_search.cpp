#include <doctest/doctest.h>

#include "hypershap/optimize/optimizer.hpp"
#include "test_support.hpp"

using namespace hypershap;

namespace {

std::shared_ptr<const ConfigurationSpace> two_floats() {
  return std::make_shared<const ConfigurationSpace>(ConfigurationSpace::from_string(R"({
    "hyperparameters": [
      {"name": "a", "type": "uniform_float", "lower": 0.0, "upper": 1.0, "default_value": 0.5},
      {"name": "b", "type": "uniform_float", "lower": -2.0, "upper": 2.0, "default_value": 0.0}]})",
                                                                                    "test space"));
}

}  // namespace

TEST_CASE(
    "random search proposes valid configurations that depend on the seed and the trial only") {
  const auto space = two_floats();
  const auto search = make_random_search(space, 7);
  std::vector<Trial> history;
  std::vector<Configuration> proposals;
  for (int t = 0; t < 20; ++t) {
    const Configuration c = search->propose(history);
    CHECK(space->is_valid(c));
    proposals.push_back(c);
    history.push_back({c, static_cast<double>(t), 0.0});
  }
  // A history with other costs (a resumed run reads the same trials back) gives the same proposal.
  std::vector<Trial> other(history.begin(), history.begin() + 10);
  for (auto& trial : other) trial.cost = -trial.cost;
  CHECK(search->propose(other) == proposals[10]);
  // Another seed gives another sequence; successive proposals differ.
  CHECK(make_random_search(space, 8)->propose({}) != proposals[0]);
  CHECK(proposals[0] != proposals[1]);
}
