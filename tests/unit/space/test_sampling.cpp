// Sampling: reproducible under a seed, the right distributions (with tolerances derived from the
// sample size), conditions applied and forbidden configurations never returned.

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "space_test_support.hpp"

using namespace hypershap;
using test::space_of;

namespace {

constexpr Eigen::Index n_samples = 20000;

// Five standard errors of a binomial proportion p estimated from n draws: a correct sampler
// fails this bound with probability below 1e-6.
double tolerance(double p, Eigen::Index n) {
  return 5.0 * std::sqrt(p * (1.0 - p) / static_cast<double>(n));
}

double fraction_at_most(const Eigen::VectorXd& column, double x) {
  return static_cast<double>((column.array() <= x).count()) / static_cast<double>(column.size());
}

const char* const mixed_space = R"({"hyperparameters": [
    {"type": "uniform_float", "name": "lr", "lower": 0.0001, "upper": 1, "log": true},
    {"type": "uniform_float", "name": "x", "lower": -2, "upper": 3},
    {"type": "uniform_int", "name": "width", "lower": 1, "upper": 1000, "log": true},
    {"type": "uniform_int", "name": "depth", "lower": 1, "upper": 4},
    {"type": "categorical", "name": "act", "choices": ["relu", "tanh", "gelu"],
     "weights": [0.2, 0.3, 0.5]},
    {"type": "ordinal", "name": "size", "sequence": ["S", "M", "L", "XL"]},
    {"type": "normal_float", "name": "wd", "mu": 0.5, "sigma": 0.1, "lower": 0, "upper": 1},
    {"type": "normal_int", "name": "units", "mu": 64, "sigma": 4, "lower": 32, "upper": 128},
    {"type": "uniform_float", "name": "step", "lower": 0, "upper": 1, "q": 0.25},
    {"type": "constant", "name": "task", "value": "mnist"}]})";

}  // namespace

TEST_CASE("sampling is reproducible under a seed and differs between seeds") {
  const ConfigurationSpace space = space_of(mixed_space);
  Rng a(42);
  Rng b(42);
  Rng c(43);
  const ConfigurationMatrix first = space.sample(100, a);
  const ConfigurationMatrix second = space.sample(100, b);
  CHECK(first == second);
  CHECK(first != space.sample(100, c));
  // One at a time draws the same stream as a batch.
  Rng d(42);
  for (Eigen::Index row = 0; row < 100; ++row) CHECK(space.sample(d) == first.row(row));
}

TEST_CASE("sample_rows gives the same rows however the rows are split") {
  const ConfigurationSpace space = space_of(mixed_space);
  const ConfigurationMatrix all = space.sample_rows(9, 4, 0, 50);
  ConfigurationMatrix pieces(50, space.size());
  pieces.topRows(17) = space.sample_rows(9, 4, 0, 17);
  pieces.bottomRows(33) = space.sample_rows(9, 4, 17, 33);
  CHECK(all == pieces);
  CHECK(all != space.sample_rows(9, 5, 0, 50));   // another stream
  CHECK(all != space.sample_rows(10, 4, 0, 50));  // another seed
  for (Eigen::Index row = 0; row < all.rows(); ++row) CHECK(space.is_valid(all.row(row)));
}

TEST_CASE("sampled values are legal and follow their priors") {
  const ConfigurationSpace space = space_of(mixed_space);
  Rng rng = Rng::stream(7, {1});
  const ConfigurationMatrix s = space.sample(static_cast<std::size_t>(n_samples), rng);
  for (Eigen::Index row = 0; row < s.rows(); ++row) REQUIRE(space.why_invalid(s.row(row)) == "");

  SUBCASE("log-uniform float: median at the geometric midpoint, deciles evenly spaced in log") {
    const Eigen::VectorXd lr = s.col(0);
    CHECK(std::abs(fraction_at_most(lr, 0.01) - 0.5) < tolerance(0.5, n_samples));
    CHECK(std::abs(fraction_at_most(lr, 0.001) - 0.25) < tolerance(0.25, n_samples));
    // A plain uniform sampler would put almost everything above 0.01.
    CHECK(fraction_at_most(lr, 0.01) > 0.4);
  }
  SUBCASE("uniform float") {
    const Eigen::VectorXd x = s.col(1);
    CHECK(std::abs(fraction_at_most(x, 0.5) - 0.5) < tolerance(0.5, n_samples));
    CHECK(x.minCoeff() >= -2.0);
    CHECK(x.maxCoeff() < 3.0);
  }
  SUBCASE("log-uniform int: log-uniform over [lower - 0.5, upper + 0.5], rounded") {
    const Eigen::VectorXd width = s.col(2);
    for (const double k : {1.0, 31.0, 300.0}) {
      const double p = (std::log(k + 0.5) - std::log(0.5)) / (std::log(1000.5) - std::log(0.5));
      CHECK(std::abs(fraction_at_most(width, k) - p) < tolerance(p, n_samples));
    }
    CHECK((width.array() == width.array().round()).all());
  }
  SUBCASE("uniform int: every value about equally often") {
    for (const double k : {1.0, 2.0, 3.0, 4.0}) {
      const double share = static_cast<double>((s.col(3).array() == k).count()) / n_samples;
      CHECK(std::abs(share - 0.25) < tolerance(0.25, n_samples));
    }
  }
  SUBCASE("categorical by weight, ordinal uniform, constant 0") {
    const double weights[] = {0.2, 0.3, 0.5};
    for (int k = 0; k < 3; ++k) {
      const double share = static_cast<double>((s.col(4).array() == k).count()) / n_samples;
      CHECK(std::abs(share - weights[k]) < tolerance(weights[k], n_samples));
    }
    for (int k = 0; k < 4; ++k) {
      const double share = static_cast<double>((s.col(5).array() == k).count()) / n_samples;
      CHECK(std::abs(share - 0.25) < tolerance(0.25, n_samples));
    }
    CHECK((s.col(9).array() == 0.0).all());
  }
  SUBCASE("normal float and int: mean mu, within the bounds") {
    const Eigen::VectorXd wd = s.col(6);
    // The standard error of the mean is sigma / sqrt(n).
    CHECK(std::abs(wd.mean() - 0.5) < 5.0 * 0.1 / std::sqrt(static_cast<double>(n_samples)));
    CHECK(std::abs(fraction_at_most(wd, 0.6) - 0.8413) < tolerance(0.8413, n_samples));
    const Eigen::VectorXd units = s.col(7);
    CHECK(std::abs(units.mean() - 64.0) < 5.0 * 4.0 / std::sqrt(static_cast<double>(n_samples)));
    CHECK(units.minCoeff() >= 32.0);
  }
  SUBCASE("q: multiples of the step") {
    const Eigen::ArrayXd step = s.col(8).array();
    CHECK(((step * 4.0) == (step * 4.0).round()).all());
    CHECK(((step == 0.0) || (step == 0.25) || (step == 0.5) || (step == 0.75) || (step == 1.0))
              .all());
  }
}

TEST_CASE("sampling applies conditions: inactive hyperparameters have no value") {
  const ConfigurationSpace space = space_of(R"({"hyperparameters": [
      {"type": "categorical", "name": "solver", "choices": ["sgd", "adam"]},
      {"type": "uniform_float", "name": "momentum", "lower": 0, "upper": 1},
      {"type": "uniform_int", "name": "layers", "lower": 1, "upper": 3},
      {"type": "uniform_int", "name": "units2", "lower": 8, "upper": 64},
      {"type": "uniform_int", "name": "units3", "lower": 8, "upper": 64}],
    "conditions": [
      {"type": "EQ", "child": "momentum", "parent": "solver", "value": "sgd"},
      {"type": "GT", "child": "units2", "parent": "layers", "value": 1},
      {"type": "AND", "child": "units3", "conditions": [
        {"type": "GT", "child": "units3", "parent": "layers", "value": 2},
        {"type": "EQ", "child": "units3", "parent": "solver", "value": "adam"}]}]})");
  Rng rng(3);
  const ConfigurationMatrix s = space.sample(2000, rng);
  int units3_active = 0;
  for (Eigen::Index row = 0; row < s.rows(); ++row) {
    CHECK(is_inactive(s(row, 1)) == (s(row, 0) != 0.0));
    CHECK(is_inactive(s(row, 3)) == (s(row, 2) <= 1.0));
    CHECK(is_inactive(s(row, 4)) == !(s(row, 2) > 2.0 && s(row, 0) == 1.0));
    units3_active += is_inactive(s(row, 4)) ? 0 : 1;
  }
  CHECK(units3_active > 0);
}

TEST_CASE("sampling rejects forbidden configurations") {
  const ConfigurationSpace space = space_of(R"({"hyperparameters": [
      {"type": "categorical", "name": "kernel", "choices": ["linear", "rbf", "poly"],
       "default_value": "linear"},
      {"type": "uniform_int", "name": "degree", "lower": 1, "upper": 5, "default_value": 1},
      {"type": "uniform_int", "name": "a", "lower": 0, "upper": 9, "default_value": 0},
      {"type": "uniform_int", "name": "b", "lower": 0, "upper": 9, "default_value": 0}],
    "forbiddens": [
      {"type": "AND", "clauses": [
        {"type": "EQUALS", "name": "kernel", "value": "poly"},
        {"type": "IN", "name": "degree", "values": [1, 2]}]},
      {"type": "RELATION_LT", "left": "a", "right": "b"}]})");
  Rng rng(11);
  const ConfigurationMatrix s = space.sample(5000, rng);
  int poly = 0;
  for (Eigen::Index row = 0; row < s.rows(); ++row) {
    CHECK(!space.is_forbidden(s.row(row)));
    CHECK(!(s(row, 0) == 2.0 && s(row, 1) <= 2.0));
    CHECK(s(row, 2) >= s(row, 3));
    poly += s(row, 0) == 2.0 ? 1 : 0;
  }
  CHECK(poly > 0);
}

TEST_CASE("sampling a space that forbids almost everything fails with a clear message") {
  const ConfigurationSpace space = space_of(R"({"hyperparameters": [
      {"type": "categorical", "name": "a", "choices": ["x", "y"], "weights": [0, 1],
       "default_value": "x"}],
    "forbiddens": [{"type": "EQUALS", "name": "a", "value": "y"}]})");
  Rng rng(1);
  CHECK(test::message_of([&] { space.sample(rng); }) ==
        "space.json: 'forbiddens': 10000 configurations sampled in a row were all forbidden "
        "(most often by clause 0: a == 'y'); the forbidden clauses exclude almost all of the "
        "space, relax them");
}
