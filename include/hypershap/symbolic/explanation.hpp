#pragma once
// A symbolic explanation of an HPO landscape as the paper evaluates it (Segel et al., AutoML 2023,
// Section 5.1 and Appendix D): fits of symbolic regression on one training set (BO samples,
// random samples, random samples evaluated by the GP, or the partial dependence), repeated over
// sampling seeds and SR seeds, each scored by its RMSE against the objective on the paper's test
// grid; the GP baseline and a linear regression on the same grid; the parsimony sweep's elbow and
// Pareto front. These are plain results: job/symbolic_run computes them, the store keeps
// them, the report draws them.

#include <cstddef>
#include <string>
#include <vector>

namespace hypershap::symbolic {

/// One SR fit.
struct ExplanationFit {
  std::string instance;
  int repetition = 0;  // the sampling seed's index
  int sr_seed = 0;     // the SR seed's index
  double parsimony = 0.0;
  std::string program;  // gplearn's prefix form with the hyperparameters' names
  std::string formula;  // the readable formula (simplify_program)
  std::string latex;
  int operations = 0;  // count_ops of the readable formula
  std::size_t length = 0;
  double train_rmse = 0.0;
  double test_rmse = 0.0;  // against the objective on the test grid
  double seconds = 0.0;
  /// The program's values on the test grid, kept (in the study's progress) for the fits that may
  /// become the chosen formula (repetition 0, SR seed 0); empty otherwise.
  std::vector<double> grid_values;
};

/// The baselines of one repetition on the test grid (NaN where there is none: the GP needs BO).
struct ExplanationBaseline {
  std::string instance;
  int repetition = 0;
  double gp_rmse = 0.0;      // the GP's posterior mean (fitted on the BO samples)
  double linear_rmse = 0.0;  // least squares with intercept on the training set
};

/// The landscape of one instance, for the figures: the test grid, the objective on it, repetition
/// 0's training set and GP mean, and the chosen formula (elbow parsimony, repetition 0, SR seed 0)
/// on the grid.
struct ExplanationLandscape {
  std::string instance;
  std::vector<std::vector<double>> axes;  // one per player: the grid's cell centres
  std::vector<double> objective;          // cost per grid cell, the first player slowest
  std::vector<double> gp_mean;            // empty without a GP
  std::vector<double> formula;            // the chosen formula's values (gplearn's semantics)
  std::size_t chosen_fit = 0;             // its index in ExplanationResults::fits
  std::vector<double> training;           // repetition 0's samples × players, row-major
  std::vector<double> training_cost;
};

struct ExplanationResults {
  std::string name;      // the [symbolic.NAME] table
  std::string training;  // bo, random, surrogate, partial-dependence
  std::string model;     // the model's description
  std::string metric;
  double cost_offset = 0.0;  // cost = offset + scale × metric
  double cost_scale = 1.0;
  std::vector<std::string> players;
  std::vector<double> parsimony;  // the values fitted, ascending
  int population = 0;
  int generations = 0;
  std::vector<ExplanationFit> fits;
  std::vector<ExplanationBaseline> baselines;
  std::vector<ExplanationLandscape> landscapes;  // one per instance
  double seconds = 0.0;
};

/// Mean and (sample, ddof = 1 as pandas' std) standard deviation; std NaN for one value.
struct MeanStd {
  double mean = 0.0;
  double std = 0.0;
  std::size_t count = 0;
};
MeanStd mean_std(const std::vector<double>& values);

/// The paper's Table 1 cell of an instance: the test RMSE of the fits at `parsimony`.
MeanStd test_rmse_of(const ExplanationResults& results, const std::string& instance,
                     double parsimony);
/// The GP baseline and the linear regression of an instance over the repetitions.
MeanStd gp_rmse_of(const ExplanationResults& results, const std::string& instance);
MeanStd linear_rmse_of(const ExplanationResults& results, const std::string& instance);

/// One point of the parsimony sweep of an instance (Figures 5 and 8): the mean operations and mean
/// test RMSE of the fits at one parsimony value.
struct SweepPoint {
  double parsimony = 0.0;
  double operations = 0.0;
  double rmse = 0.0;
};
std::vector<SweepPoint> parsimony_sweep(const ExplanationResults& results,
                                        const std::string& instance);
/// The elbow (Appendix A) of that sweep: an index into it.
std::size_t sweep_elbow(const std::vector<SweepPoint>& sweep);
/// The Pareto front of (operations, test RMSE) over every fit of an instance: indices into
/// results.fits, by increasing operations.
std::vector<std::size_t> fit_pareto_front(const ExplanationResults& results,
                                          const std::string& instance);

}  // namespace hypershap::symbolic
