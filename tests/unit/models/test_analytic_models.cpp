#include <doctest/doctest.h>

#include "hypershap/core/error.hpp"
#include "hypershap/models/analytic_models.hpp"

using namespace hypershap;

TEST_CASE("table1: VAL = 1[λ1 = 1] + 1[λ2 = m] on {0,1} x {0..m}") {
  const auto model = make_analytic_model("table1", 4);
  const ConfigurationSpace& space = model->space();
  REQUIRE(space.size() == 2);
  CHECK(space.default_configuration() == Configuration::Zero(2));
  ConfigurationMatrix x(4, 2);
  x << 0, 0, 1, 0, 0, 4, 1, 4;
  Eigen::VectorXd v(4);
  model->evaluate(x, v);
  CHECK(v(0) == 0.0);
  CHECK(v(1) == 1.0);
  CHECK(v(2) == 1.0);
  CHECK(v(3) == 2.0);
  CHECK(model->maximize());
}

TEST_CASE("linear-toy and smooth-interactions evaluate their formulas") {
  const auto toy = make_analytic_model("linear-toy", 0);
  ConfigurationMatrix x(1, 2);
  x << 0.5, 0.25;
  Eigen::VectorXd v(1);
  toy->evaluate(x, v);
  CHECK(v(0) == doctest::Approx(0.7 * 0.5 + 2 * 0.25));
  const auto smooth = make_analytic_model("smooth-interactions", 0);
  ConfigurationMatrix ones = ConfigurationMatrix::Ones(1, 6);
  smooth->evaluate(ones, v);
  CHECK(v(0) == doctest::Approx(1 + 0.5 + 0.8 - 0.6 + 0.3));
}

TEST_CASE("an unknown function is refused with a suggestion") {
  try {
    make_analytic_model("linear-tpy", 0);
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(std::string(e.what()).find("did you mean 'linear-toy'?") != std::string::npos);
  }
  CHECK_THROWS_AS(make_analytic_model("table1", 0), Error);
}
