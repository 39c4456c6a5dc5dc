#pragma once
// The closed-form optimization benchmarks of the BO test and benchmark: Branin (2-D) and
// Hartmann-6, with their spaces and known minima (Dixon & Szegő 1978; Surjanovic & Bingham's
// Virtual Library of Simulation Experiments), and the simple regret of a run.

#include <algorithm>
#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "hypershap/optimize/optimizer.hpp"

namespace hypershap::test {

struct TestFunction {
  std::string name;
  std::shared_ptr<const ConfigurationSpace> space;
  double (*f)(const ConfigurationView&);
  double minimum;
};

inline double branin(const ConfigurationView& x) {
  const double a = 1.0, b = 5.1 / (4.0 * M_PI * M_PI), c = 5.0 / M_PI, r = 6.0, s = 10.0,
               t = 1.0 / (8.0 * M_PI);
  const double u = x(1) - b * x(0) * x(0) + c * x(0) - r;
  return a * u * u + s * (1.0 - t) * std::cos(x(0)) + s;
}

inline double hartmann6(const ConfigurationView& x) {
  static const double alpha[4] = {1.0, 1.2, 3.0, 3.2};
  static const double a[4][6] = {{10, 3, 17, 3.5, 1.7, 8},
                                 {0.05, 10, 17, 0.1, 8, 14},
                                 {3, 3.5, 1.7, 10, 17, 8},
                                 {17, 8, 0.05, 10, 0.1, 14}};
  static const double p[4][6] = {{0.1312, 0.1696, 0.5569, 0.0124, 0.8283, 0.5886},
                                 {0.2329, 0.4135, 0.8307, 0.3736, 0.1004, 0.9991},
                                 {0.2348, 0.1451, 0.3522, 0.2883, 0.3047, 0.6650},
                                 {0.4047, 0.8828, 0.8732, 0.5743, 0.1091, 0.0381}};
  double sum = 0.0;
  for (int i = 0; i < 4; ++i) {
    double inner = 0.0;
    for (int j = 0; j < 6; ++j) inner += a[i][j] * (x(j) - p[i][j]) * (x(j) - p[i][j]);
    sum += alpha[i] * std::exp(-inner);
  }
  return -sum;
}

inline TestFunction branin_function() {
  return {"Branin",
          std::make_shared<const ConfigurationSpace>(ConfigurationSpace::from_string(R"({
    "hyperparameters": [
      {"name": "x1", "type": "uniform_float", "lower": -5.0, "upper": 10.0, "default_value": 2.5},
      {"name": "x2", "type": "uniform_float", "lower": 0.0, "upper": 15.0, "default_value": 7.5}]})",
                                                                                     "branin")),
          branin, 0.397887357729738};
}

inline TestFunction hartmann6_function() {
  std::string json = R"({"hyperparameters": [)";
  for (int j = 0; j < 6; ++j) {
    json += std::string(j ? "," : "") + R"({"name": "x)" + std::to_string(j + 1) +
            R"(", "type": "uniform_float", "lower": 0.0, "upper": 1.0, "default_value": 0.5})";
  }
  json += "]}";
  return {"Hartmann-6",
          std::make_shared<const ConfigurationSpace>(
              ConfigurationSpace::from_string(json, "hartmann6")),
          hartmann6, -3.32236801141551};
}

/// Simple regret after each trial: the best cost so far minus the known minimum.
inline std::vector<double> run_regret(const Optimizer& optimizer, const TestFunction& function,
                                      int trials) {
  std::vector<Trial> history;
  std::vector<double> regret;
  double best = std::numeric_limits<double>::infinity();
  for (int t = 0; t < trials; ++t) {
    Configuration c = optimizer.propose(history);
    const double cost = function.f(c);
    best = std::min(best, cost);
    regret.push_back(best - function.minimum);
    history.push_back({std::move(c), cost, 0.0});
  }
  return regret;
}

inline double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  const std::size_t n = values.size();
  return n % 2 == 1 ? values[n / 2] : 0.5 * (values[n / 2 - 1] + values[n / 2]);
}

}  // namespace hypershap::test
