#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <limits>

#include "hypershap/core/error.hpp"
#include "hypershap/core/random.hpp"
#include "hypershap/models/random_forest.hpp"

using namespace hypershap;

namespace {

ForestOptions no_bootstrap() {
  ForestOptions options;
  options.bootstrap = false;
  return options;
}

// a 2-feature grid on the unit square, (i / (m-1), j / (m-1))
RowMatrix grid(int m) {
  RowMatrix x(m * m, 2);
  for (int i = 0; i < m; ++i)
    for (int j = 0; j < m; ++j) {
      x(i * m + j, 0) = i / double(m - 1);
      x(i * m + j, 1) = j / double(m - 1);
    }
  return x;
}

}  // namespace

TEST_CASE(
    "without bootstrap the forest reproduces a step function exactly, between the steps too") {
  RowMatrix x(40, 1);
  Eigen::VectorXd y(40);
  for (int i = 0; i < 40; ++i) {
    x(i, 0) = i / 39.0;
    y[i] = x(i, 0) < 0.3 ? 1.0 : (x(i, 0) < 0.7 ? -2.0 : 5.0);
  }
  const RandomForest forest = RandomForest::fit(x, y, no_bootstrap());
  Eigen::VectorXd predicted(40);
  forest.predict(x, predicted);
  for (int i = 0; i < 40; ++i) CHECK(predicted[i] == y[i]);
  // three leaves per tree: two splits, at the midpoints around 0.3 and 0.7
  CHECK(forest.n_nodes() == 10 * 5);
  RowMatrix between(4, 1);
  between << 0.29, 0.31, 0.69, 0.71;
  Eigen::VectorXd out(4);
  forest.predict(between, out);
  CHECK(out[0] == 1.0);
  CHECK(out[1] == -2.0);
  CHECK(out[2] == -2.0);
  CHECK(out[3] == 5.0);
  CHECK(std::isnan(forest.oob_error().rmse));
  CHECK(forest.oob_error().rows == 0);
}

TEST_CASE("without bootstrap an additive function on a grid is fitted exactly at the grid points") {
  const RowMatrix x = grid(9);
  Eigen::VectorXd y(x.rows());
  for (Eigen::Index i = 0; i < x.rows(); ++i)
    y[i] = std::sin(3.0 * x(i, 0)) + x(i, 1) * x(i, 1) - 0.5 * x(i, 0) * x(i, 1);
  const RandomForest forest = RandomForest::fit(x, y, no_bootstrap());
  Eigen::VectorXd predicted(x.rows());
  forest.predict(x, predicted);
  for (Eigen::Index i = 0; i < x.rows(); ++i)
    CHECK(predicted[i] == doctest::Approx(y[i]).epsilon(1e-12));
}

TEST_CASE("categorical splits group categories, and -1 (inactive) is a category of its own") {
  // category 0 and 2 give 1.0, category 1 gives 3.0, inactive gives -4.0: a categorical split
  // separates {0, 2} from {1} in one step where an ordinal split needs two
  RowMatrix x(8, 1);
  x << 0, 1, 2, -1, 0, 1, 2, -1;
  Eigen::VectorXd y(8);
  y << 1, 3, 1, -4, 1, 3, 1, -4;
  const RandomForest forest = RandomForest::fit(x, y, no_bootstrap(), {3});
  Eigen::VectorXd predicted(8);
  forest.predict(x, predicted);
  for (int i = 0; i < 8; ++i) CHECK(predicted[i] == y[i]);
  CHECK(forest.n_nodes() == 10 * 5);  // three leaves: -1 | 0, 2 | 1
}

TEST_CASE("an inactive marker -1 splits off cleanly from a numeric feature in [0, 1]") {
  RowMatrix x(6, 1);
  x << -1, -1, 0.0, 0.2, 0.8, 1.0;
  Eigen::VectorXd y(6);
  y << 7, 7, 1, 1, 1, 1;
  const RandomForest forest = RandomForest::fit(x, y, no_bootstrap());
  RowMatrix probe(3, 1);
  probe << -1, 0.0, 0.5;
  Eigen::VectorXd out(3);
  forest.predict(probe, out);
  CHECK(out[0] == 7.0);
  CHECK(out[1] == 1.0);
  CHECK(out[2] == 1.0);
}

TEST_CASE("NaN (the space layer's inactive) sorts below every numeric value, whatever the scale") {
  // raw values in [-5, 5], so -1 would not split off cleanly; NaN does
  const double nan = std::numeric_limits<double>::quiet_NaN();
  RowMatrix x(8, 1);
  x << nan, nan, -5.0, -1.0, 0.0, 1.0, 3.0, 5.0;
  Eigen::VectorXd y(8);
  y << 9, 9, 1, 1, 1, 2, 2, 2;
  const RandomForest forest = RandomForest::fit(x, y, no_bootstrap());
  Eigen::VectorXd out(8);
  forest.predict(x, out);
  for (int i = 0; i < 8; ++i) CHECK(out[i] == y[i]);
  RowMatrix probe(3, 1);
  probe << nan, -100.0, 100.0;
  Eigen::VectorXd p(3);
  forest.predict(probe, p);
  CHECK(p[0] == 9.0);
  CHECK(p[1] == 1.0);  // far below the data, but active
  CHECK(p[2] == 2.0);
}

TEST_CASE("NaN and -1 are the same inactive category of a categorical feature") {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  RowMatrix x(6, 1);
  x << nan, 0, 1, -1, 0, 1;
  Eigen::VectorXd y(6);
  y << 5, 1, 3, 5, 1, 3;
  const RandomForest forest = RandomForest::fit(x, y, no_bootstrap(), {2});
  RowMatrix probe(4, 1);
  probe << nan, -1, 0, 1;
  Eigen::VectorXd p(4);
  forest.predict(probe, p);
  CHECK(p[0] == 5.0);
  CHECK(p[1] == 5.0);
  CHECK(p[2] == 1.0);
  CHECK(p[3] == 3.0);
}

TEST_CASE("with bootstrap the forest is deterministic under a seed and differs between seeds") {
  const RowMatrix x = grid(12);
  Eigen::VectorXd y(x.rows());
  Rng noise(5);
  for (Eigen::Index i = 0; i < x.rows(); ++i) y[i] = x(i, 0) - 2.0 * x(i, 1) + 0.3 * noise.normal();
  ForestOptions options;
  options.seed = 42;
  const RandomForest a = RandomForest::fit(x, y, options);
  const RandomForest b = RandomForest::fit(x, y, options);
  options.seed = 43;
  const RandomForest c = RandomForest::fit(x, y, options);
  const RowMatrix probe = grid(31);
  Eigen::VectorXd pa(probe.rows()), pb(probe.rows()), pc(probe.rows());
  a.predict(probe, pa);
  b.predict(probe, pb);
  c.predict(probe, pc);
  CHECK(pa == pb);  // bit-identical
  CHECK(a.oob_error().rmse == b.oob_error().rmse);
  int differ = 0;
  for (Eigen::Index i = 0; i < probe.rows(); ++i) differ += pa[i] != pc[i] ? 1 : 0;
  CHECK(differ > probe.rows() / 2);
}

TEST_CASE("the out-of-bag error of a noisy known function is close to the noise level") {
  // y = f(x) + e, e ~ N(0, s²), f a smooth function of 2 features sampled at n random points.
  // An out-of-bag prediction averages the leaves of ~3.7 trees; each fully grown leaf holds one
  // bootstrap point, so its error is e_j + (f(x_j) - f(x)) with e_j independent of the row's own
  // noise e_i. The residual is then (mean of ~k leaf noises) - e_i: its variance is s²(1 + 1/k)
  // plus a small approximation error of f; the leaves often share neighbours, so k is effectively
  // smaller. So RMSE / s lies between 1 and about sqrt(2) (k = 1), plus the bias of f at
  // n = 2000 neighbours (|∇f| · spacing ≈ 0.02 / s). The sampling error of RMSE over 2000 rows
  // is ~1.6 %. Checked: 0.95 s < RMSE < 1.5 s.
  const int n = 2000;
  const double s = 0.5;
  RowMatrix x(n, 2);
  Eigen::VectorXd y(n);
  Rng rng(2024);
  double var_f = 0.0, mean_f = 0.0;
  std::vector<double> f(n);
  for (int i = 0; i < n; ++i) {
    x(i, 0) = rng.uniform();
    x(i, 1) = rng.uniform();
    f[static_cast<std::size_t>(i)] = std::sin(2.0 * x(i, 0)) + x(i, 1);
    y[i] = f[static_cast<std::size_t>(i)] + s * rng.normal();
  }
  for (const double v : f) mean_f += v / n;
  for (const double v : f) var_f += (v - mean_f) * (v - mean_f) / n;
  ForestOptions options;
  options.seed = 1;
  const RandomForest forest = RandomForest::fit(x, y, options);
  const OutOfBagError oob = forest.oob_error();
  CHECK(oob.rows > static_cast<std::size_t>(0.99 * n));  // P(row in all 10 bags) = 0.632^10 ≈ 1 %
  CHECK(oob.rmse > 0.95 * s);
  CHECK(oob.rmse < 1.5 * s);
  // R² then lies near 1 - rmse² / Var(y), Var(y) = Var(f) + s²
  const double var_y = var_f + s * s;
  CHECK(oob.r2 == doctest::Approx(1.0 - oob.rmse * oob.rmse / var_y).epsilon(0.03));
  MESSAGE("OOB RMSE " << oob.rmse << " for noise " << s << ", R² " << oob.r2);
}

TEST_CASE("log_target fits log(y): trees predict exp of their leaf mean") {
  RowMatrix x(4, 1);
  x << 0.0, 0.0, 1.0, 1.0;
  Eigen::VectorXd y(4);
  y << 1.0, 4.0, 10.0, 10.0;
  ForestOptions options = no_bootstrap();
  options.log_target = true;
  const RandomForest forest = RandomForest::fit(x, y, options);
  Eigen::VectorXd out(4);
  forest.predict(x, out);
  CHECK(out[0] == doctest::Approx(2.0));  // geometric mean of 1 and 4
  CHECK(out[2] == doctest::Approx(10.0));
}

TEST_CASE("max_features < 1 considers a random subset of features and stays deterministic") {
  const RowMatrix x = grid(10);
  Eigen::VectorXd y(x.rows());
  for (Eigen::Index i = 0; i < x.rows(); ++i) y[i] = x(i, 0) + x(i, 1);
  ForestOptions options;
  options.max_features = 0.5;
  options.seed = 3;
  const RandomForest a = RandomForest::fit(x, y, options);
  const RandomForest b = RandomForest::fit(x, y, options);
  Eigen::VectorXd pa(x.rows()), pb(x.rows());
  a.predict(x, pa);
  b.predict(x, pb);
  CHECK(pa == pb);
}

TEST_CASE("min_samples_leaf and max_depth bound the trees") {
  const RowMatrix x = grid(10);
  Eigen::VectorXd y(x.rows());
  for (Eigen::Index i = 0; i < x.rows(); ++i) y[i] = x(i, 0) + 2 * x(i, 1);
  ForestOptions stump = no_bootstrap();
  stump.n_trees = 1;
  stump.max_depth = 1;
  CHECK(RandomForest::fit(x, y, stump).n_nodes() == 3);
  ForestOptions leafy = no_bootstrap();
  leafy.n_trees = 1;
  leafy.min_samples_leaf = 30;  // 100 rows: at most 3 leaves
  CHECK(RandomForest::fit(x, y, leafy).n_nodes() <= 5);
}

TEST_CASE("the forest keeps the objective for the performance-model interface") {
  RowMatrix x(2, 1);
  x << 0, 1;
  Eigen::VectorXd y(2);
  y << 0.5, 0.9;
  const RandomForest forest = RandomForest::fit(x, y, {}, {}, Objective{"accuracy", true});
  CHECK(forest.maximize());
  CHECK(forest.metric_name() == "accuracy");
  Eigen::VectorXd out(2);
  forest.evaluate(x, out);
  CHECK(std::isfinite(out[0]));
}

TEST_CASE("bad inputs to the forest are refused with the fix") {
  RowMatrix x(3, 1);
  x << 0, 0.5, 1;
  Eigen::VectorXd y(3);
  y << 1, 2, 3;
  const auto message = [&](auto&& call) {
    try {
      call();
    } catch (const Error& e) {
      CHECK(e.code() == ExitCode::invalid_input);
      return std::string(e.what());
    }
    return std::string("no error");
  };
  CHECK(message([&] { RandomForest::fit(x, y.head(2)); }) ==
        "random forest: 3 feature rows but 2 targets; give one target per row");
  CHECK(message([&] { RandomForest::fit(RowMatrix(0, 1), Eigen::VectorXd(0)); }) ==
        "random forest: no training rows; the run history must hold at least one run");
  ForestOptions options;
  options.log_target = true;
  Eigen::VectorXd negative = y;
  negative[1] = -1.0;
  CHECK(message([&] { RandomForest::fit(x, negative, options); }) ==
        "random forest: target of row 1 is -1, but log_target needs positive targets; turn "
        "log_target off");
  RowMatrix infinite = x;
  infinite(2, 0) = std::numeric_limits<double>::infinity();
  CHECK(message([&] { RandomForest::fit(infinite, y); }) ==
        "random forest: feature 0 of row 2 is inf; give a finite value, or NaN (or -1) for an "
        "inactive one");
  CHECK(message([&] { RandomForest::fit(x, y, {}, {2}); }) ==
        "random forest: categorical feature 0 of row 1 is 0.5; use a category index 0..1 or -1 "
        "for inactive");
  options = {};
  options.n_trees = 0;
  CHECK(message([&] { RandomForest::fit(x, y, options); }) ==
        "random forest: n_trees = 0; use at least 1 (SMAC's default is 10)");
  const RandomForest forest = RandomForest::fit(x, y);
  Eigen::VectorXd out(3);
  CHECK(message([&] { forest.predict(RowMatrix(3, 2), out); }) ==
        "random forest: rows have 2 features, the forest was fitted on 1; encode the "
        "configurations with the forest's encoding");
}
