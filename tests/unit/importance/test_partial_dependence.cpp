#include <doctest/doctest.h>

#include <cmath>
#include <memory>

#include "hypershap/core/error.hpp"
#include "hypershap/importance/partial_dependence.hpp"

using namespace hypershap;

namespace {

// f(x, y, z, c) = x·y + sin(z) + [c = "b"] on x ∈ [0, 1], y ∈ [0, 2], z ∈ [0, π], c ∈ {a, b, c}
// (uniform priors), and a hyperparameter w held at its default 5 (not a player).
// Closed forms: E[y] = 1, Var y = 1/3; E[sin z] = 2/π, Var sin z = 1/2 - 4/π²; E[c = b] = 1/3.
class Closed final : public PerformanceModel {
 public:
  Closed()
      : json_(R"({"name": "closed", "hyperparameters": [
          {"name": "x", "type": "uniform_float", "log": false, "lower": 0, "upper": 1, "default_value": 0.5},
          {"name": "y", "type": "uniform_float", "log": false, "lower": 0, "upper": 2, "default_value": 1},
          {"name": "z", "type": "uniform_float", "log": false, "lower": 0, "upper": 3.141592653589793, "default_value": 1},
          {"name": "c", "type": "categorical", "choices": ["a", "b", "c"], "default_value": "a"},
          {"name": "w", "type": "uniform_float", "log": false, "lower": 0, "upper": 10, "default_value": 5}],
          "conditions": [], "forbiddens": [], "python_module_version": "1.2.0", "format_version": 0.4})"),
        space_(ConfigurationSpace::from_string(json_, "closed")) {}
  const ConfigurationSpace& space() const override { return space_; }
  const std::string& space_json() const override { return json_; }
  std::vector<std::string> outputs() const override { return {metric_}; }
  const std::string& metric() const override { return metric_; }
  bool maximize() const override { return true; }
  void evaluate(const ConfigurationMatrix& c, Eigen::Ref<Eigen::VectorXd> v) const override {
    for (Eigen::Index r = 0; r < c.rows(); ++r) {
      REQUIRE(c(r, 4) == 5.0);  // the non-player stays at the baseline
      v(r) = c(r, 0) * c(r, 1) + std::sin(c(r, 2)) + (c(r, 3) == 1.0 ? 1.0 : 0.0);
    }
  }
  std::string describe() const override { return "closed form"; }

 private:
  std::string json_;
  ConfigurationSpace space_;
  std::string metric_ = "f";
};

const double pi = 3.141592653589793;

}  // namespace

TEST_CASE(
    "partial dependence of an analytic function matches its closed form within the MC error") {
  const Closed model;
  const std::vector<int> players = {0, 1, 2, 3};
  const Configuration baseline = model.space().default_configuration();
  PartialDependenceOptions options;
  options.grid = 11;
  options.samples = 1000;
  options.seed = 5;

  SUBCASE("one hyperparameter: PD(x) = x + 2/π + 1/3") {
    const PartialDependence pd = partial_dependence(model, players, baseline, {0}, options);
    REQUIRE(pd.axes[0].size() == 11);
    for (std::size_t i = 0; i < pd.axes[0].size(); ++i) {
      const double x = pd.axes[0][i];
      CHECK(x == doctest::Approx(static_cast<double>(i) / 10.0));
      const double expected = x + 2 / pi + 1.0 / 3;
      CHECK(std::abs(pd.mean[i] - expected) < 3 * pd.standard_error[i]);
      // the standard error is the Monte Carlo one of f(x, ·): x² Var y + Var sin z + Var [c = b]
      const double variance = x * x / 3 + (0.5 - 4 / (pi * pi)) + 2.0 / 9;
      CHECK(pd.standard_error[i] == doctest::Approx(std::sqrt(variance / 1000)).epsilon(0.1));
      CHECK(pd.count[i] == 1000);
    }
  }
  SUBCASE("two hyperparameters: PD(x, z) = x + sin z + 1/3, the first varying slowest") {
    const PartialDependence pd = partial_dependence(model, players, baseline, {0, 2}, options);
    REQUIRE(pd.mean.size() == 121);
    for (std::size_t i = 0; i < 11; ++i)
      for (std::size_t j = 0; j < 11; ++j) {
        const double expected = pd.axes[0][i] + std::sin(pd.axes[1][j]) + 1.0 / 3;
        CHECK(std::abs(pd.mean[i * 11 + j] - expected) < 3 * pd.standard_error[i * 11 + j]);
      }
  }
  SUBCASE("a categorical hyperparameter: every choice, PD(c) = 1/2 + 2/π + [c = b]") {
    const PartialDependence pd = partial_dependence(model, players, baseline, {3}, options);
    REQUIRE(pd.axes[0] == std::vector<double>{0, 1, 2});
    for (std::size_t i = 0; i < 3; ++i)
      CHECK(std::abs(pd.mean[i] - (0.5 + 2 / pi + (i == 1 ? 1.0 : 0.0))) <
            3 * pd.standard_error[i]);
  }
  SUBCASE("ICE curves: one per point, their mean is the PD; the same seed gives the same PD") {
    options.ice = true;
    const PartialDependence pd = partial_dependence(model, players, baseline, {0}, options);
    REQUIRE(pd.ice.rows() == 1000);
    REQUIRE(pd.ice.cols() == 11);
    for (Eigen::Index c = 0; c < 11; ++c)
      CHECK(pd.ice.col(c).mean() == doctest::Approx(pd.mean[static_cast<std::size_t>(c)]));
    // each curve is x·y + const: its slope is that point's y, in [0, 2]
    for (Eigen::Index r = 0; r < 1000; ++r) {
      const double slope = (pd.ice(r, 10) - pd.ice(r, 0)) / 1.0;
      CHECK((slope >= 0.0 && slope <= 2.0));
    }
    const PartialDependence again = partial_dependence(model, players, baseline, {0}, options);
    CHECK(again.mean == pd.mean);
  }
}

TEST_CASE("quasi-random points are spread more evenly than the MC error and stay in the space") {
  const Closed model;
  const Configuration baseline = model.space().default_configuration();
  const ConfigurationMatrix points =
      quasi_random_configurations(model.space(), {0, 1, 2, 3}, baseline, 4096, 9);
  // E[x] = 1/2: a low-discrepancy sequence errs far less than the MC error sqrt(1/12/4096)
  CHECK(std::abs(points.col(0).mean() - 0.5) < 0.1 * std::sqrt(1.0 / 12 / 4096));
  for (Eigen::Index r = 0; r < points.rows(); ++r) {
    CHECK(model.space().is_valid(points.row(r)));
    CHECK(points(r, 4) == 5.0);
  }
  // a prefix is the same whatever the count
  const ConfigurationMatrix fewer =
      quasi_random_configurations(model.space(), {0, 1, 2, 3}, baseline, 10, 9);
  CHECK(fewer == points.topRows(10));
}

TEST_CASE("partial dependence refuses what it cannot compute") {
  const Closed model;
  const Configuration baseline = model.space().default_configuration();
  PartialDependenceOptions options;
  CHECK_THROWS_AS(partial_dependence(model, {0, 1}, baseline, {4}, options),
                  Error);  // not a player
  CHECK_THROWS_AS(partial_dependence(model, {0, 1}, baseline, {0, 1, 2}, options), Error);
  CHECK_THROWS_AS(partial_dependence(model, {0, 1}, baseline, {0, 0}, options), Error);
  options.samples = 1;
  CHECK_THROWS_AS(partial_dependence(model, {0, 1}, baseline, {0}, options), Error);
}
