#pragma once
// A job, parsed into plain structs of the domain's types (optimizer kinds, aggregations, index
// names): what a user wrote in the job file (README, "Job files"), with every default filled in,
// every path resolved relative to the job file and every key's place in the file kept, so that
// problems found later (an unknown hyperparameter, a value out of bounds) still name
// file:line:column.

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "hypershap/core/aggregation.hpp"
#include "hypershap/explain/index.hpp"
#include "hypershap/games/optimizers.hpp"
#include "hypershap/importance/importance_job.hpp"
#include "hypershap/models/history_data.hpp"
#include "hypershap/space/configuration.hpp"

namespace hypershap {

/// Hyperparameter values by name, as written (numbers or category names), in the file's order.
using NamedValues = std::vector<std::pair<std::string, HumanValue>>;

struct SpaceSpec {
  std::filesystem::path file;        // ConfigSpace JSON; empty: the model's own space
  std::vector<std::string> players;  // the players N; empty: every hyperparameter not pinned
  NamedValues pinned;                // hyperparameters held fixed (e.g. lcbench's epoch = 26)
};

enum class ModelKind { yahpo, random_forest, analytic, gaussian_process, command };

/// gaussian-process: fixed kernel hyperparameters ([model.kernel]) instead of fitted ones.
struct KernelSpec {
  double amplitude = 2.0;
  std::vector<double> lengthscales;  // one per hyperparameter, in the space's order
  double noise = 1e-8;
};

struct ModelSpec {
  ModelKind kind = ModelKind::analytic;
  // yahpo: a YAHPO Gym surrogate folder (model.onnx, encoding.json, config_space.json)
  std::filesystem::path folder;
  std::string scenario;  // lcbench, rbv2_rpart, ...; empty: recognised from the folder
  std::string instance;  // the OpenML task id (lcbench) or dataset id (rbv2)
  // yahpo: the output to explain; random-forest: the metric column of the run history
  std::string metric;
  // random-forest, gaussian-process: a CSV file, a SMAC3 run folder (runhistory.json +
  // configspace.json), a DeepCAVE run folder or the result store of `hypershap optimize`
  std::filesystem::path history;
  int trials = 0;       // history is an optimize store: its first `trials` trials (0: all of them)
  BudgetChoice budget;  // a multi-fidelity run folder: the runs at which budget
  std::string study;    // an Optuna SQLite storage: the study (empty: its only one)
  // command: the objective program and its arguments (run without a shell), seconds per batch
  std::vector<std::string> command;
  double timeout_seconds = 3600.0;
  std::optional<bool> maximize;  // whether larger metric values are better
  int trees = 10;
  bool log_target = false;
  // random-forest: the out-of-bag R² below which the model is refused (exit code 7), unless
  // allow_poor_model
  double min_r2 = 0.0;
  bool allow_poor_model = false;
  // gaussian-process (history, metric and maximize as for random-forest)
  bool normalize_y = true;
  int restarts = 10;                 // L-BFGS-B starts after the initial kernel
  std::optional<KernelSpec> kernel;  // fixed hyperparameters; empty: fitted
  // analytic: a built-in benchmark function
  std::string function;
  int m = 3;  // table1: λ2 ranges over 0..m
};

enum class GameKind { ablation, sensitivity, tunability, mistunability, optimizer_bias };

/// One optimizer of an Optimizer Bias game's ensemble ([games.NAME] ensemble = [{...}, ...]).
struct OptimizerSettings {
  OptimizerKind optimizer = OptimizerKind::random_search;
  int samples = 10000;               // its budget of model evaluations per coalition
  std::vector<std::string> frozen;   // frozen-search: the hyperparameters it never tunes
  int draws_per_hyperparameter = 0;  // coordinate-search: > 0: draws per player (not samples)
};

struct GameSettings {
  std::string name;
  GameKind kind = GameKind::tunability;
  // the inner HPO's (optimizer-bias: the studied optimizer's) model evaluations per coalition;
  // ablation with target = "best-of-search": that search's samples
  int samples = 10000;
  // tunability, mistunability: random-search or local-search; optimizer-bias: the optimizer under
  // study, also coordinate-search or frozen-search
  OptimizerKind optimizer = OptimizerKind::random_search;
  std::vector<std::string> frozen;   // optimizer = frozen-search: never tuned
  int draws_per_hyperparameter = 0;  // coordinate-search: > 0: this many draws per player of S
                                     // (the paper's setting) instead of `samples` split over S
  std::vector<OptimizerSettings> ensemble;  // optimizer-bias: the others of the virtual best;
                                            // empty: random-search and local-search, `samples` each
  std::optional<NamedValues> baseline;      // λ⁰; empty: the space's default
  std::optional<NamedValues> target;        // ablation λ*
  bool target_best_of_search = false;       // ablation: λ* = the best of a random search
  // ablation, best-of-search: hyperparameters, not players, that the search samples too (a
  // fidelity such as epoch); λ⁰ takes the values found, so the game is played at that fidelity
  std::vector<std::string> search_free;
  std::vector<NamedValues> baselines;  // ablation: several λ⁰ (instead of baseline)
  int baseline_samples = 0;            // ablation: > 0: λ⁰ drawn from the space, this many
  Aggregation baseline_aggregate;      // ablation, several λ⁰: mean, min, max, variance
  std::vector<std::string> instances;  // multi-dataset game; empty: the model's instance
  Aggregation aggregate;               // over instances: mean, median, min, max, quantile:Q
};

/// `hypershap optimize`: the [optimize] table.
struct OptimizeSpec {
  std::string optimizer = "bo";  // bo (GP + Expected Improvement) or random-search
  int trials = 100;              // the budget: evaluations of the objective
  std::uint64_t seed = 0;        // default: the job's seed
  int initial_design = 0;        // bo: configurations of the initial design; 0: its default
  bool maximize = false;         // the direction; default: the model's (metric maximised or not)
  bool direction_given = false;  // direction was written in the job
  std::vector<int> snapshots;    // trial counts at which the run reports its surrogate's state
};

/// [symbolic.NAME]: a symbolic explanation (Segel et al., AutoML 2023) of the job's model on one
/// training set (README, "Symbolic explanations of a job"); job/symbolic_table.cpp reads it.
struct SymbolicSpec {
  std::string name;
  std::string training = "surrogate";  // bo, random, surrogate (the paper's SR(BO-GP)),
                                       // partial-dependence (Section 4.1.3)
  std::vector<std::string> players;    // the explained hyperparameters; empty: [space] players,
                                       // partial-dependence: the `top` of them by fANOVA
  int top = 2;                         // partial-dependence: how many players fANOVA picks
  int samples = 400;                   // random, surrogate, partial-dependence: configurations
  int trials = 140;                    // bo, surrogate: BO trials (the paper's 140)
  std::filesystem::path history;       // bo, surrogate: a stored optimize run instead of BO
  int repetitions = 5;                 // sampling seeds (the paper's 5)
  int sr_seeds = 3;                    // SR seeds per sampling seed (the paper's 3)
  std::vector<double> parsimony = {0.0001};  // several: the sweep, its elbow and Pareto front
  bool parsimony_paper = false;  // parsimony = "paper": the paper's 12 values (symbolic/parsimony)
  int population = 5000;
  int generations = 20;
  int grid = 10;         // test grid points per hyperparameter (the paper's 10 x 10)
  int pd_samples = 200;  // partial-dependence: Monte Carlo points over the other players
  std::vector<std::string> instances;  // empty: the model's instance
  std::optional<double> cost_offset;   // cost = offset + scale x metric; default 0 and 1
  std::optional<double> cost_scale;    // (-1 for a maximised metric)
  std::uint64_t seed = 0;              // default: the job's seed
  bool one_hot = false;  // categorical players as one 0/1 SR variable per choice (Appendix C)
};

struct JobSpec {
  std::filesystem::path file;  // the job file (absolute)
  std::string name;
  std::uint64_t seed = 0;
  std::filesystem::path output;  // the HDF5 result store
  SpaceSpec space;
  ModelSpec model;
  std::vector<GameSettings> games;
  ExplainSpec explain;
  std::optional<OptimizeSpec> optimize;      // [optimize]: a job for `hypershap optimize`
  std::optional<ImportanceSpec> importance;  // the [importance] table, when the job has one
  std::vector<SymbolicSpec> symbolic;        // the [symbolic.NAME] tables

  /// Where each key came from, by key path ("space.pinned", "games.NAME.baseline", "model"):
  /// "job.toml:7:1" or "--set model.instance=7593". Empty for a spec built in code.
  std::map<std::string, std::string> locations;

  /// The place of `key_path` (or of the nearest enclosing table that has one), else the job
  /// file's name: the prefix of a message about that key.
  std::string where(const std::string& key_path) const;
};

std::string_view name_of(ModelKind kind);
std::string_view name_of(GameKind kind);

}  // namespace hypershap
