#pragma once
// The [importance] part of a job: fANOVA of the job's model over its players and the partial
// dependence plots asked for. A random-forest model is decomposed as it is (its own trees, every
// hyperparameter of its space integrated over its bounds); any other model (YAHPO, analytic, ...)
// through a forest fitted, with automl/fanova's settings, on `samples` random configurations of
// it (the players drawn from the space, everything else at λ⁰, as HyperSHAP Section 6.5 did with
// 1,000).

#include <memory>
#include <string>
#include <vector>

#include "hypershap/importance/fanova.hpp"
#include "hypershap/importance/partial_dependence.hpp"
#include "hypershap/job/job_spec.hpp"
#include "hypershap/models/performance_model.hpp"

namespace hypershap {

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

/// The players of a job: [space] players, or every hyperparameter neither pinned nor the model's
/// instance (as the games take them).
std::vector<int> job_players(const JobSpec& job, const PerformanceModel& model);

/// The fANOVA domain of a hyperparameter (bounds, or its number of values); invalid_input naming
/// it when it has no finite bounds.
FanovaDomain fanova_domain(const Hyperparameter& h);

/// fANOVA (and partial dependence) of the job's model; `spec` is the job's [importance] (or the
/// defaults, with --order applied).
ImportanceResults compute_importance(const JobSpec& job, const ImportanceSpec& spec,
                                     const PerformanceModel& model);

}  // namespace hypershap
