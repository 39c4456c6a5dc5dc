#pragma once
// The [symbolic.NAME] tables of a job (Segel et al., AutoML 2023): for each instance and each
// repetition (sampling seed), the training set the table names —
//   bo                  the samples of a BO run on the objective (run here, or the first `trials`
//                       of a stored `hypershap optimize` history);
//   random              random configurations evaluated by the objective (SR (Random));
//   surrogate           random configurations evaluated by the posterior mean of the GP fitted on
//                       the BO samples (SR (BO-GP), the paper's recommended setting);
//   partial-dependence  random configurations of the `top` players by fANOVA, evaluated by the
//                       partial dependence of the objective (the other players integrated out by
//                       Monte Carlo, Section 4.1.3) —
// then symbolic regression per SR seed and parsimony value, every fit scored by its RMSE against
// the objective on the paper's test grid (cell centres of a grid × grid over the explained
// hyperparameters, log-spaced for log-scale ones), beside the GP baseline and a linear regression.
// The job layer assembles each table's plan (the model, the players and the pinned baseline of the
// job, BO, the GP, fANOVA); service/symbolic_runner runs the fits over the ranks into the store.

#include <functional>
#include <iosfwd>
#include <memory>
#include <vector>

#include "hypershap/job/job_spec.hpp"
#include "hypershap/models/performance_model.hpp"
#include "hypershap/service/symbolic_runner.hpp"
#include "hypershap/symbolic/explanation.hpp"

namespace hypershap {

/// The paper's test grid axis of a numeric hyperparameter: the centres of `points` equal cells of
/// [lower, upper] (on the log scale for a log hyperparameter; integers rounded).
std::vector<double> symbolic_grid_axis(const Hyperparameter& h, int points);

/// The plan of one table: its header and how to prepare the training set of an instance and a
/// repetition (on first use of an instance: its setting, test grid and the objective there). Bad
/// tables (a categorical player, no bounds, ...) are refused here, naming the key.
SymbolicTablePlan plan_symbolic_table(const JobSpec& job, const SymbolicSpec& spec,
                                      const std::shared_ptr<const PerformanceModel>& model);

/// `hypershap symbolic JOB`: the study of the job's tables named in `tables` (all when empty),
/// assembled on the master; stored in the job's store unless `store` is false.
SymbolicStudyRequest symbolic_study_request(const JobSpec& job,
                                            const std::vector<std::string>& tables, bool store);

/// Runs one table in this process, nothing stored (tests): the study's result for it.
symbolic::ExplanationResults run_symbolic_table(
    const JobSpec& job, const SymbolicSpec& spec,
    const std::shared_ptr<const PerformanceModel>& model);

}  // namespace hypershap
