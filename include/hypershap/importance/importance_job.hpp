#pragma once
// The [importance] part of a job: fANOVA of the job's model over its players and the partial
// dependence plots asked for. A random-forest model is decomposed as it is (its own trees, every
// hyperparameter of its space integrated over its bounds); any other model (YAHPO, analytic, ...)
// through a forest fitted, with automl/fanova's settings, on `samples` random configurations of
// it (the players drawn from the space, everything else at λ⁰, as HyperSHAP Section 6.5 did with
// 1,000).

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "hypershap/importance/fanova.hpp"
#include "hypershap/importance/partial_dependence.hpp"
#include "hypershap/models/performance_model.hpp"

namespace hypershap {

/// [importance]: fANOVA and partial dependence of the job's model (README, "hypershap importance").
struct ImportanceSpec {
  int order = 2;       // fANOVA: every subset of players up to this size
  int samples = 1000;  // models other than a forest: the random configurations the forest is
                       // fitted on (HyperSHAP Section 6.5 used 1,000)
  int trees = 16;      // that forest's trees (automl/fanova's default)
  // partial dependence: each entry one hyperparameter (a curve) or two (a heat map)
  std::vector<std::vector<std::string>> partial_dependence;
  int grid = 20;          // PD grid points per numeric hyperparameter
  int pd_samples = 1000;  // PD Monte Carlo points
  bool ice = false;       // PD: keep the individual conditional expectation curves
};

/// One fANOVA term by hyperparameter names.
struct ImportanceTerm {
  std::vector<std::string> names;
  double fraction = 0.0;        // individual variance fraction, mean over trees
  double std = 0.0;             // its standard deviation over trees
  double total_fraction = 0.0;  // V_U(total) / V, mean over trees
  double total_std = 0.0;
};

struct ImportanceResults {
  std::string model;   // the model's description
  std::string metric;  // what the variance is of (the model's metric, as it is: not negated)
  std::vector<std::string> players;
  int order = 2;
  int trees = 0;           // trees of the decomposed forest
  int trees_used = 0;      // trees with non-zero variance
  int samples = 0;         // configurations the forest was fitted on; 0: the job's own forest
  double forest_r2 = 0.0;  // that forest's out-of-bag R² (NaN without bootstrap)
  double total_variance = 0.0;
  std::vector<ImportanceTerm> terms;  // by fraction, largest first
  std::vector<PartialDependence> partial_dependence;
  double seconds = 0.0;  // wall time of the whole computation
};

/// The fANOVA domain of a hyperparameter (bounds, or its number of values); invalid_input naming
/// it when it has no finite bounds.
FanovaDomain fanova_domain(const Hyperparameter& h);

/// fANOVA (and partial dependence) of `model` over `players`, the other hyperparameters at
/// `baseline`; `spec` is a job's [importance] (or the defaults). `seed` draws the configurations
/// a forest is fitted on and the partial dependence's points; `where` (the job file, its key)
/// prefixes messages.
ImportanceResults compute_importance(const ImportanceSpec& spec, const PerformanceModel& model,
                                     const std::vector<int>& players, const Configuration& baseline,
                                     std::uint64_t seed, const std::string& where);

}  // namespace hypershap
