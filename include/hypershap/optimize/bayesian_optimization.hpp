#pragma once
// Bayesian optimization as SMAC3's BlackBoxFacade does it: an initial design, then every proposal
// from a Gaussian process (models/gaussian_process.hpp) refitted on all trials, maximising
// Expected Improvement on the cost (minimised) with SMAC's LocalAndSortedRandomSearch (random
// configurations sorted by EI, then one-exchange local search from the best evaluated and the
// best random configurations), and a random configuration interleaved with SMAC's probability.
//
// The initial design is an R_d low-discrepancy sequence (Roberts 2018: x_k = frac(s + k·α),
// α_j = φ_d^−j with φ_d the root of x^(d+1) = x + 1) with a random shift s drawn from the seed
// (a Cranley–Patterson rotation), mapped through each hyperparameter's [0, 1] position; SMAC uses
// a scrambled Sobol sequence. Both fill the unit cube evenly; R_d needs no direction-number table.
//
// propose() is a pure function of the seed and the history: every random stream derives from
// (seed, trial number), so a run resumed from its stored history proposes what an uninterrupted
// run would have proposed.
//
// Crashed trials (NaN cost) enter the GP with the worst finite cost seen (so BO moves away from
// them); SMAC imputes crashed runs with its crash cost likewise.

#include <cstdint>
#include <memory>

#include "hypershap/optimize/optimizer.hpp"

namespace hypershap {

struct BayesianOptimizationSettings {
  // initial design size; 0: SMAC's n_configs_per_hyperparameter = 8 per hyperparameter, at most
  // max_initial_ratio × trials when `trials` is known
  int initial_design = 0;
  int trials = 0;                   // the run's budget, for the initial design's cap (0: unknown)
  double max_initial_ratio = 0.25;  // SMAC's max_ratio
  int gp_restarts = 2;              // L-BFGS-B starts after SMAC's initial kernel, at a full fit
  int gp_full_fit_every = 10;       // full fits at the first GP trial and every this many trials;
                                    // in between a warm refit from the previous trial's kernel
  int random_candidates =
      1000;  // SMAC3 BlackBoxFacade's challengers: random configurations sorted by EI
  int local_search_starts = 10;     // SMAC's local_search_iterations (best evaluated + best random)
  int local_search_max_steps = 50;  // moves per local search start
  double random_probability = 0.08447;  // SMAC BlackBoxFacade's ProbabilityRandomDesign
  double xi = 0.0;                      // EI's exploration offset (SMAC: 0)
};

std::unique_ptr<Optimizer> make_bayesian_optimization(
    std::shared_ptr<const ConfigurationSpace> space, const BayesianOptimizationSettings& settings,
    std::uint64_t seed);

/// The initial design's size under `settings` for a space of `dimensions` hyperparameters.
int initial_design_size(const BayesianOptimizationSettings& settings, int dimensions);

}  // namespace hypershap
