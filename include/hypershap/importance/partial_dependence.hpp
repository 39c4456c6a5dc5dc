#pragma once
// Partial dependence (Friedman 2001) of a performance model on one or two hyperparameters: on a
// grid over the chosen hyperparameters, the model's mean over the others, which are integrated
// out by Monte Carlo over the configuration space. The Monte Carlo points are quasi-random (a
// Halton sequence with a seeded random shift, Cranley-Patterson), mapped to each hyperparameter
// through its prior's inverse distribution, so the same seed gives the same points. Individual
// conditional expectation (ICE) curves, one per Monte Carlo point, on request.
//
// Every grid point uses the same Monte Carlo points (common random numbers). A point becomes a
// configuration as the games build one: the players take the point's (or the grid's) values,
// every other hyperparameter the baseline λ⁰'s (pinned values, the model's instance), and the
// conditions are resolved again; a forbidden configuration is never evaluated and is left out of
// that grid point's mean.

#include <cstdint>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "hypershap/models/performance_model.hpp"

namespace hypershap {

struct PartialDependenceOptions {
  int grid = 20;       // points per numeric hyperparameter (categorical ones: every choice)
  int samples = 1000;  // Monte Carlo points over the other hyperparameters
  bool ice = false;    // keep every point's curve
  std::uint64_t seed = 0;
};

struct PartialDependence {
  std::vector<int> features;              // 1 or 2 hyperparameter indices of the space
  std::vector<std::string> names;         // their names
  std::vector<std::vector<double>> axes;  // per feature: the grid (configuration representation)
  std::vector<std::vector<std::string>> labels;  // the grid's values as people read them
  // per grid cell, the first feature's index varying slowest
  std::vector<double> mean;            // the partial dependence
  std::vector<double> standard_error;  // Monte Carlo: sample std / sqrt(count)
  std::vector<int> count;              // points that were not forbidden
  Eigen::MatrixXd ice;                 // samples × cells (NaN: forbidden); empty unless asked
};

/// The grid of hyperparameter `h` for partial dependence: `points` values from lower to upper
/// (log-spaced for log hyperparameters; integers rounded, repeats dropped), or every choice.
/// invalid_input for a numeric hyperparameter without finite bounds.
std::vector<double> partial_dependence_axis(const Hyperparameter& h, int points);

/// `count` quasi-random configurations of the space: the players take values from the seeded
/// shifted Halton sequence (through each prior's inverse distribution), the rest λ⁰'s; conditions
/// resolved. Row r is the same whatever `count` is.
ConfigurationMatrix quasi_random_configurations(const ConfigurationSpace& space,
                                                const std::vector<int>& players,
                                                const Configuration& baseline, std::size_t count,
                                                std::uint64_t seed);

/// Partial dependence of `model` on `features` (1 or 2 of `players`); the other players are
/// integrated out, the non-players stay at `baseline`. invalid_input for an unknown feature, more
/// than two, or options out of range.
PartialDependence partial_dependence(const PerformanceModel& model, const std::vector<int>& players,
                                     const Configuration& baseline,
                                     const std::vector<int>& features,
                                     const PartialDependenceOptions& options);

}  // namespace hypershap
