#pragma once
// The study behind `hypershap symbolic JOB` (Segel et al., AutoML 2023, Section 5): many
// independent symbolic-regression fits — per table, instance (dataset), repetition (sampling
// seed), SR seed and parsimony value — spread over the ranks as work units. Rank 0, the master,
// prepares each training set (through the request's `prepare`: BO runs, the GP, the objective on
// the test grid; job/symbolic_run assembles it), hands the fits of it out with the data to the
// workers that ask, fits one itself when no worker needs feeding, and writes every result to the
// store as it arrives (store/symbolic_results.hpp, /symbolic_progress). A rerun of the same job
// skips what is stored, fit by fit. A fit depends only on its training set, the SR settings and
// its seed, and the tables are put together in key order, so the store does not depend on the
// number of ranks or on the order in which results arrive. A stop (SIGTERM, SIGINT, SIGUSR1)
// ends the study after the fits under way (about one fit): they are stored, the rest is left for
// a rerun, exit code requeue.
//
// Its own master/worker loop rather than service/scheduler's: the scheduler's work units are
// batches of coalitions of games, answered by a BatchEvaluator every rank builds from the job;
// a fit's unit carries its data (the workers load no model) and the master interleaves the
// preparation of training sets with serving the workers.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <iosfwd>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "hypershap/parallel/communicator.hpp"
#include "hypershap/store/store.hpp"
#include "hypershap/symbolic/explanation.hpp"

namespace hypershap {

/// The training set of one (instance, repetition) of a table, with what the table keeps of it.
struct SymbolicTrainingSet {
  Eigen::MatrixXd features;        // training samples × SR variables
  Eigen::VectorXd cost;            // their cost
  Eigen::MatrixXd grid_features;   // the test grid's cells × SR variables
  Eigen::VectorXd truth;           // the objective on the grid
  std::vector<std::string> names;  // the SR variables
  symbolic::ExplanationBaseline baseline;
  /// The instance's landscape without the chosen formula (axes, objective, and this repetition's
  /// training set and GP mean): stored for repetition 0.
  symbolic::ExplanationLandscape landscape;
};

/// One [symbolic.NAME] table.
struct SymbolicTablePlan {
  /// name, training, model, metric, cost_offset, cost_scale, players, parsimony (ascending,
  /// distinct), population, generations; fits, baselines and landscapes empty.
  symbolic::ExplanationResults header;
  std::vector<std::string> instances;
  int repetitions = 1;
  int sr_seeds = 1;
  std::uint64_t seed = 0;  // SR seed (repetition r, SR seed k) = Rng::stream(seed, {sr, r, k})
  /// The training set of (instance index, repetition); called on the master only. May throw
  /// Error(ExitCode::requeue) when a stop is requested during a long preparation.
  std::function<SymbolicTrainingSet(std::size_t instance, int repetition)> prepare;
};

/// The tables of a study and the store's provenance.
struct SymbolicStudySetup {
  JobDescription description;  // the store's provenance and resume key
  std::vector<SymbolicTablePlan> tables;
};

struct SymbolicStudyRequest {
  std::string label;             // how messages name the study (the job file's name)
  std::filesystem::path output;  // the result store; empty: nothing stored, nothing skipped
  SymbolicStudySetup setup;      // used when `assemble` is empty
  /// Builds the setup on the master (the ranks other than 0 need no model); its errors end the
  /// study on every rank.
  std::function<SymbolicStudySetup()> assemble;
  /// Test hook: stop as a signal would once this many fits are written in this run (0: never).
  std::size_t fit_limit = 0;
  /// Master: one line per finished table and, every `progress_seconds`, the fits done.
  std::function<void(const std::string&)> progress;
  double progress_seconds = 10.0;
};

struct SymbolicStudyReport {
  int code = 0;                                      // ExitCode: success, requeue or the error's
  std::vector<symbolic::ExplanationResults> tables;  // master, when complete: in request order
  std::size_t fits_written = 0;                      // master: fits stored by this run
  std::size_t fits_skipped = 0;                      // master: fits found stored
  std::size_t fits_by_master = 0;
};

/// Runs the study on every rank; messages go to `err`. The same exit code on every rank.
SymbolicStudyReport run_symbolic_study(const SymbolicStudyRequest& request,
                                       const Communicator& comm, std::ostream& err);

}  // namespace hypershap
