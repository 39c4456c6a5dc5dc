// The Gaussian process against scikit-learn's GaussianProcessRegressor (fixtures/gp_sklearn.json,
// written by make_gp_fixtures.py), the Hamming kernel and the gradients against closed forms and
// finite differences, and degenerate data.
#include <doctest/doctest.h>
#include <Eigen/Cholesky>

#include <cmath>
#include <nlohmann/json.hpp>

#include "hypershap/core/error.hpp"
#include "hypershap/core/text_file.hpp"
#include "hypershap/models/gaussian_process.hpp"
#include "hypershap/models/gp_model.hpp"
#include "test_support.hpp"

using namespace hypershap;

namespace {

nlohmann::json fixtures() {
  const auto path = test::source_dir() / "tests/unit/models/fixtures/gp_sklearn.json";
  return nlohmann::json::parse(read_text_file(path, "the GP fixture"));
}

GpMatrix matrix_of(const nlohmann::json& rows) {
  GpMatrix m(static_cast<Eigen::Index>(rows.size()), static_cast<Eigen::Index>(rows[0].size()));
  for (Eigen::Index r = 0; r < m.rows(); ++r)
    for (Eigen::Index c = 0; c < m.cols(); ++c)
      m(r, c) = rows[static_cast<std::size_t>(r)][static_cast<std::size_t>(c)].get<double>();
  return m;
}

Eigen::VectorXd vector_of(const nlohmann::json& values) {
  Eigen::VectorXd v(static_cast<Eigen::Index>(values.size()));
  for (Eigen::Index i = 0; i < v.size(); ++i)
    v(i) = values[static_cast<std::size_t>(i)].get<double>();
  return v;
}

}  // namespace

TEST_CASE("a GP with a fixed kernel reproduces scikit-learn's mean, std and LML within 1e-8") {
  int checked = 0;
  const nlohmann::json all = fixtures();
  for (const auto& c : all["cases"]) {
    if (c["kind"] != "fixed") continue;
    CAPTURE(c["name"].get<std::string>());
    const GpMatrix x = matrix_of(c["x"]);
    GpOptions options;
    options.normalize_y = c["normalize_y"].get<bool>();
    GpKernel kernel;
    kernel.amplitude = c["amplitude"].get<double>();
    kernel.lengthscales = vector_of(c["lengthscales"]);
    kernel.noise = c["noise"].get<double>();
    options.fixed = kernel;
    const GaussianProcess gp =
        GaussianProcess::fit(x, vector_of(c["y"]),
                             std::vector<bool>(static_cast<std::size_t>(x.cols()), false), options);
    const GpMatrix xt = matrix_of(c["x_test"]);
    Eigen::VectorXd mean(xt.rows());
    Eigen::VectorXd std;
    gp.predict(xt, mean, &std);
    const Eigen::VectorXd want_mean = vector_of(c["mean"]);
    const Eigen::VectorXd want_std = vector_of(c["std"]);
    for (Eigen::Index i = 0; i < xt.rows(); ++i) {
      CHECK(std::abs(mean(i) - want_mean(i)) <= 1e-8 * std::max(1.0, std::abs(want_mean(i))));
      CHECK(std::abs(std(i) - want_std(i)) <= 1e-8 * std::max(1.0, want_std(i)));
    }
    CHECK(std::abs(gp.log_marginal_likelihood() - c["log_marginal_likelihood"].get<double>()) <=
          1e-8 * std::max(1.0, std::abs(c["log_marginal_likelihood"].get<double>())));
    CHECK(gp.report().jitter == 0.0);
    ++checked;
  }
  CHECK(checked == 3);
}

TEST_CASE("a fitted GP reaches at least scikit-learn's LML (10 restarts) - 1e-3") {
  int checked = 0;
  const nlohmann::json all = fixtures();
  for (const auto& c : all["cases"]) {
    if (c["kind"] != "fitted") continue;
    CAPTURE(c["name"].get<std::string>());
    const GpMatrix x = matrix_of(c["x"]);
    const Eigen::VectorXd y = vector_of(c["y"]);
    const std::vector<bool> continuous(static_cast<std::size_t>(x.cols()), false);
    const GaussianProcess gp = GaussianProcess::fit(x, y, continuous);
    const double sklearn = c["log_marginal_likelihood"].get<double>();
    CHECK(gp.log_marginal_likelihood() >= sklearn - 1e-3);
    // the LML reported is the one of the normalised targets under the kernel reported
    const Eigen::VectorXd normalised = (y.array() - gp.target_mean()) / gp.target_std();
    CHECK(GaussianProcess::log_marginal_likelihood(gp.covariance(), x, normalised, gp.kernel(),
                                                   nullptr) ==
          doctest::Approx(gp.log_marginal_likelihood()).epsilon(1e-12));
    // scikit-learn's own optimum evaluated here gives its LML (the same function)
    const GpCovariance cov(continuous);
    CHECK(GaussianProcess::log_marginal_likelihood(cov, x, normalised,
                                                   cov.kernel(vector_of(c["theta"])), nullptr) ==
          doctest::Approx(sklearn).epsilon(1e-9));
    ++checked;
  }
  CHECK(checked == 2);
}

TEST_CASE("the LML gradient matches central finite differences, Matérn and Hamming columns") {
  // columns 0, 1 continuous; 2 categorical with 3 categories
  GpMatrix x(12, 3);
  Eigen::VectorXd y(12);
  for (Eigen::Index r = 0; r < 12; ++r) {
    const auto t = static_cast<double>(r);
    x(r, 0) = std::fmod(0.37 * t, 1.0);
    x(r, 1) = std::fmod(0.61 * t + 0.2, 1.0);
    x(r, 2) = static_cast<double>(r % 3);
    y(r) = std::sin(4.0 * x(r, 0)) + x(r, 1) + 0.3 * x(r, 2);
  }
  const GpCovariance cov({false, false, true});
  GpKernel k;
  k.amplitude = 1.3;
  k.lengthscales = Eigen::Vector3d(0.4, 0.7, 0.9);
  k.noise = 0.01;
  Eigen::VectorXd g;
  GaussianProcess::log_marginal_likelihood(cov, x, y, k, &g);
  const Eigen::VectorXd theta = cov.theta(k);
  for (Eigen::Index p = 0; p < theta.size(); ++p) {
    const double h = 1e-6;
    Eigen::VectorXd up = theta, down = theta;
    up(p) += h;
    down(p) -= h;
    const double numeric =
        (GaussianProcess::log_marginal_likelihood(cov, x, y, cov.kernel(up), nullptr) -
         GaussianProcess::log_marginal_likelihood(cov, x, y, cov.kernel(down), nullptr)) /
        (2 * h);
    CAPTURE(p);
    CHECK(g(p) == doctest::Approx(numeric).epsilon(1e-6));
  }
}

TEST_CASE(
    "the LML and its gradient on 150 points (blocked inverse) match finite differences and a "
    "direct solve") {
  // more rows than the 32 below which the triangular inverse and L^T L are unblocked
  GpMatrix x(150, 3);
  Eigen::VectorXd y(150);
  for (Eigen::Index r = 0; r < 150; ++r) {
    const auto t = static_cast<double>(r);
    x(r, 0) = std::fmod(0.37 * t, 1.0);
    x(r, 1) = std::fmod(0.61 * t + 0.2, 1.0);
    x(r, 2) = static_cast<double>(r % 4);
    y(r) = std::sin(4.0 * x(r, 0)) + x(r, 1) + 0.3 * x(r, 2);
  }
  const GpCovariance cov({false, false, true});
  GpKernel k;
  k.amplitude = 1.3;
  k.lengthscales = Eigen::Vector3d(0.3, 0.5, 0.9);
  k.noise = 0.05;
  Eigen::VectorXd g;
  const double lml = GaussianProcess::log_marginal_likelihood(cov, x, y, k, &g);
  // the value from a dense LDLT of the same matrix
  const Eigen::MatrixXd km = cov.matrix(k, x);
  const Eigen::LDLT<Eigen::MatrixXd> ldlt(km);
  const double direct = -0.5 * y.dot(ldlt.solve(y)) - 0.5 * ldlt.vectorD().array().log().sum() -
                        0.5 * 150.0 * std::log(2.0 * M_PI);
  CHECK(lml == doctest::Approx(direct).epsilon(1e-10));
  // the gradient (K⁻¹ by the blocked triangular inverse) against central differences
  const Eigen::VectorXd theta = cov.theta(k);
  for (Eigen::Index p = 0; p < theta.size(); ++p) {
    const double h = 1e-6;
    Eigen::VectorXd up = theta, down = theta;
    up(p) += h;
    down(p) -= h;
    const double numeric =
        (GaussianProcess::log_marginal_likelihood(cov, x, y, cov.kernel(up), nullptr) -
         GaussianProcess::log_marginal_likelihood(cov, x, y, cov.kernel(down), nullptr)) /
        (2 * h);
    CAPTURE(p);
    CHECK(g(p) == doctest::Approx(numeric).epsilon(1e-5));
  }
}

TEST_CASE("the kernel is amplitude x Matern-5/2 x SMAC's Hamming kernel, by its closed form") {
  const GpCovariance cov({false, true});
  GpKernel k;
  k.amplitude = 2.5;
  k.lengthscales = Eigen::Vector2d(0.5, 0.8);
  k.noise = 0.1;
  const double a[2] = {0.2, 1.0};
  const double b[2] = {0.5, 2.0};
  const double r = 0.3 / 0.5;
  const double matern =
      (1 + std::sqrt(5.0) * r + 5.0 / 3.0 * r * r) * std::exp(-std::sqrt(5.0) * r);
  CHECK(cov.signal(k, a, b) ==
        doctest::Approx(2.5 * matern * std::exp(-1.0 / (2 * 0.64))).epsilon(1e-14));
  const double same_category[2] = {0.5, 1.0};
  CHECK(cov.signal(k, a, same_category) == doctest::Approx(2.5 * matern).epsilon(1e-14));
  GpMatrix two(2, 2);
  two << 0.2, 1.0, 0.2, 1.0;
  const Eigen::MatrixXd km = cov.matrix(k, two);
  CHECK(km(0, 0) == doctest::Approx(2.6));
  CHECK(km(0, 1) == doctest::Approx(2.5));  // the white noise only on the diagonal
}

TEST_CASE("degenerate data: duplicates, constant targets, NaN targets are handled and reported") {
  GpMatrix x(6, 2);
  x << 0.1, 0.2, 0.1, 0.2, 0.1, 0.2, 0.5, 0.5, 0.9, 0.1, 0.3, 0.7;
  const std::vector<bool> continuous = {false, false};

  SUBCASE("duplicate rows with a fixed, noise-free kernel need jitter") {
    GpOptions options;
    GpKernel k;
    k.amplitude = 1.0;
    k.lengthscales = Eigen::Vector2d(0.5, 0.5);
    k.noise = 0.0;
    options.fixed = k;
    Eigen::VectorXd y(6);
    y << 1.0, 1.1, 0.9, 2.0, 3.0, 0.5;
    const GaussianProcess gp = GaussianProcess::fit(x, y, continuous, options);
    CHECK(gp.report().duplicate_rows == 2);
    CHECK(gp.report().jitter > 0.0);
    Eigen::VectorXd mean(1);
    gp.predict(x.topRows(1), mean);
    CHECK(std::isfinite(mean(0)));
    CHECK(mean(0) == doctest::Approx(1.0).epsilon(1e-3));  // the duplicates' average
    CHECK(gp.report().notes().size() == 2);
  }
  SUBCASE("duplicates with fitted hyperparameters") {
    Eigen::VectorXd y(6);
    y << 1.0, 1.1, 0.9, 2.0, 3.0, 0.5;
    const GaussianProcess gp = GaussianProcess::fit(x, y, continuous);
    CHECK(std::isfinite(gp.log_marginal_likelihood()));
    CHECK(gp.kernel().noise > 1e-4);  // the disagreement of the duplicates is noise
  }
  SUBCASE("constant targets predict the constant with zero std at the noise floor") {
    const Eigen::VectorXd y = Eigen::VectorXd::Constant(6, 4.25);
    const GaussianProcess gp = GaussianProcess::fit(x, y, continuous);
    CHECK(gp.report().constant_targets);
    CHECK(gp.target_std() == 1.0);
    GpMatrix probe(1, 2);
    probe << 0.7, 0.3;
    Eigen::VectorXd mean(1);
    gp.predict(probe, mean);
    CHECK(mean(0) == doctest::Approx(4.25).epsilon(1e-9));
  }
  SUBCASE("NaN targets are left out and counted; all NaN is a clear error") {
    Eigen::VectorXd y(6);
    y << 1.0, std::nan(""), 0.9, 2.0, std::numeric_limits<double>::infinity(), 0.5;
    const GaussianProcess gp = GaussianProcess::fit(x, y, continuous);
    CHECK(gp.report().rows == 4);
    CHECK(gp.report().non_finite_dropped == 2);
    const Eigen::VectorXd nans = Eigen::VectorXd::Constant(6, std::nan(""));
    CHECK_THROWS_AS(GaussianProcess::fit(x, nans, continuous), Error);
  }
  SUBCASE("a single row") {
    Eigen::VectorXd y(1);
    y << 3.0;
    const GaussianProcess gp = GaussianProcess::fit(x.topRows(1), y, continuous);
    Eigen::VectorXd mean(1);
    gp.predict(x.bottomRows(1), mean);
    CHECK(mean(0) == doctest::Approx(3.0));
  }
}

TEST_CASE("GP inputs: [0, 1] positions (log scale in log space), categories, SMAC's imputation") {
  const ConfigurationSpace space = ConfigurationSpace::from_string(R"({
    "hyperparameters": [
      {"name": "C", "type": "uniform_float", "lower": 0.01, "upper": 100.0, "log": true,
       "default_value": 1.0},
      {"name": "kernel", "type": "categorical", "choices": ["rbf", "poly", "linear"],
       "default_value": "rbf"},
      {"name": "degree", "type": "uniform_int", "lower": 2, "upper": 6, "default_value": 3},
      {"name": "size", "type": "ordinal", "sequence": ["s", "m", "l"], "default_value": "m"}],
    "conditions": [{"child": "degree", "parent": "kernel", "type": "EQ", "value": "poly"}]})",
                                                                   "test space");
  ConfigurationMatrix configs(2, 4);
  configs << 1.0, 0.0, inactive_value, 2.0, 100.0, 1.0, 4.0, 0.0;
  const GpMatrix x = gp_inputs(space, configs);
  CHECK(x(0, 0) == doctest::Approx(0.5));  // log10(1) is halfway between −2 and 2
  CHECK(x(1, 0) == doctest::Approx(1.0));
  CHECK(x(0, 1) == 0.0);
  CHECK(x(1, 1) == 1.0);
  CHECK(x(0, 2) == -1.0);  // inactive numeric: SMAC's −1
  CHECK(x(1, 2) == doctest::Approx(0.5));
  CHECK(x(0, 3) == 1.0);  // ordinal index 2 of 0..2
  CHECK(x(1, 3) == 0.0);
  CHECK(gp_categorical_columns(space) == std::vector<bool>{false, true, false, false});
  ConfigurationMatrix inactive_category(1, 4);
  inactive_category << 1.0, inactive_value, inactive_value, 1.0;
  CHECK(gp_inputs(space, inactive_category)(0, 1) == 3.0);  // a category of its own
}

TEST_CASE("make_gp_model: a GP on in-memory trials is a performance model with mean and std") {
  const nlohmann::json all = fixtures();
  const nlohmann::json* fixed = nullptr;
  for (const auto& c : all["cases"])
    if (c["kind"] == "fixed" && c["x"][0].size() == 2 && fixed == nullptr) fixed = &c;
  REQUIRE(fixed != nullptr);
  const nlohmann::json& c = *fixed;
  const std::string json = R"({"hyperparameters": [
    {"name": "a", "type": "uniform_float", "lower": 0.0, "upper": 1.0, "default_value": 0.5},
    {"name": "b", "type": "uniform_float", "lower": 0.0, "upper": 1.0, "default_value": 0.5}]})";
  GpOptions options;
  options.normalize_y = c["normalize_y"].get<bool>();
  GpKernel kernel;
  kernel.amplitude = c["amplitude"].get<double>();
  kernel.lengthscales = vector_of(c["lengthscales"]);
  kernel.noise = c["noise"].get<double>();
  options.fixed = kernel;
  const auto model = make_gp_model(ConfigurationSpace::from_string(json, "ab"), json,
                                   matrix_of(c["x"]), vector_of(c["y"]), false, options, "test");
  CHECK(model->outputs() == std::vector<std::string>{"mean", "std"});
  CHECK(model->fit()->runs == c["x"].size());
  const ConfigurationMatrix xt = matrix_of(c["x_test"]);
  const Eigen::MatrixXd out = model->evaluate_outputs(xt);
  Eigen::VectorXd values(xt.rows());
  model->evaluate(xt, values);
  for (Eigen::Index i = 0; i < xt.rows(); ++i) {
    const double mean = c["mean"][static_cast<std::size_t>(i)].get<double>();
    CHECK(std::abs(out(i, 0) - mean) <= 1e-8 * std::max(1.0, std::abs(mean)));
    CHECK(values(i) == out(i, 0));
    CHECK(std::abs(out(i, 1) - c["std"][static_cast<std::size_t>(i)].get<double>()) <= 1e-8);
  }
}
