#pragma once
// Genetic-programming symbolic regression with gplearn's SymbolicRegressor semantics and the
// paper's setting (Segel et al., AutoML 2023, Appendix D: population 5000, 20 generations,
// parsimony 0.0001, RMSE, the ten functions; every other setting gplearn's default).

#include <Eigen/Core>
#include <cstdint>
#include <vector>

#include "hypershap/symbolic/operators.hpp"
#include "hypershap/symbolic/program.hpp"

namespace hypershap::symbolic {

struct RegressorSettings {
  std::size_t population = 5000;
  int generations = 20;
  int tournament_size = 20;
  double parsimony = 0.0001;  // fitness = RMSE + parsimony × length (the paper's Equation 2)
  double p_crossover = 0.9;
  double p_subtree_mutation = 0.01;
  double p_hoist_mutation = 0.01;
  double p_point_mutation = 0.01;  // the rest (0.07) is reproduction
  double stopping_criteria = 0.0;  // stop once the best RMSE is at most this
  ProgramShape shape;              // `features` is taken from the data
};

struct Generation {
  double best_rmse = 0.0;
  std::size_t best_length = 0;
  double average_length = 0.0;
};

struct FitResult {
  Program program;          // gplearn's `_program`: the lowest RMSE of the last generation
  double train_rmse = 0.0;  // its RMSE on the training data
  std::vector<Generation> generations;
  std::size_t evaluations = 0;  // programs evaluated over the data (reproductions reuse theirs)
};

/// Checks the settings; invalid_input naming the setting and its valid range.
void check_settings(const RegressorSettings& settings);

/// Fits `target` ≈ program(`data`) (samples × variables). The result depends only on the data,
/// the settings and `seed`: program i of generation g draws from Rng::stream(seed, {g, i}).
/// invalid_input for empty, mismatched or non-finite data.
FitResult fit_symbolic_regression(const Eigen::Ref<const Eigen::MatrixXd>& data,
                                  const Eigen::Ref<const Eigen::VectorXd>& target,
                                  const RegressorSettings& settings, std::uint64_t seed);

}  // namespace hypershap::symbolic
