// The evolution loop of gplearn's BaseSymbolic.fit and _parallel_evolve.

#include "hypershap/symbolic/regressor.hpp"

#include <cmath>
#include <string>

#include "hypershap/core/error.hpp"
#include "hypershap/symbolic/evaluator.hpp"

namespace hypershap::symbolic {

void check_settings(const RegressorSettings& settings) {
  if (settings.population < 1)
    throw invalid_input("symbolic regression: population must be at least 1");
  if (settings.generations < 1)
    throw invalid_input("symbolic regression: generations must be at least 1");
  if (settings.tournament_size < 1)
    throw invalid_input("symbolic regression: tournament_size must be at least 1");
  if (!(settings.parsimony >= 0.0) || !std::isfinite(settings.parsimony))
    throw invalid_input("symbolic regression: parsimony must be a finite number >= 0, e.g. 0.0001");
  const double p[] = {settings.p_crossover, settings.p_subtree_mutation, settings.p_hoist_mutation,
                      settings.p_point_mutation};
  double total = 0.0;
  for (const double q : p) {
    if (!(q >= 0.0 && q <= 1.0))
      throw invalid_input("symbolic regression: each operator probability must be in [0, 1]");
    total += q;
  }
  if (total > 1.0 + 1e-12)
    throw invalid_input(
        "symbolic regression: the sum of p_crossover, p_subtree_mutation, "
        "p_hoist_mutation and p_point_mutation must be at most 1");
  const ProgramShape& s = settings.shape;
  if (s.min_init_depth < 1 || s.max_init_depth < s.min_init_depth)
    throw invalid_input(
        "symbolic regression: init_depth must be (low, high) with 1 <= low <= high");
  if (!(s.const_low <= s.const_high))
    throw invalid_input("symbolic regression: const_range must be (low, high) with low <= high");
}

FitResult fit_symbolic_regression(const Eigen::Ref<const Eigen::MatrixXd>& data,
                                  const Eigen::Ref<const Eigen::VectorXd>& target,
                                  const RegressorSettings& settings, std::uint64_t seed) {
  check_settings(settings);
  if (data.rows() == 0 || data.cols() == 0)
    throw invalid_input("symbolic regression: the training data has no samples or no variables");
  if (target.size() != data.rows())
    throw invalid_input("symbolic regression: the target has " + std::to_string(target.size()) +
                        " values for " + std::to_string(data.rows()) + " samples");
  if (!data.allFinite() || !target.allFinite())
    throw invalid_input(
        "symbolic regression: the training data holds a value that is not a "
        "finite number (nan or inf); remove or fill that sample");

  ProgramShape shape = settings.shape;
  shape.features = static_cast<std::uint32_t>(data.cols());
  const double p_subtree = settings.p_crossover + settings.p_subtree_mutation;
  const double p_hoist = p_subtree + settings.p_hoist_mutation;
  const double p_point = p_hoist + settings.p_point_mutation;

  Evaluator evaluator;
  FitResult result;
  std::vector<Program> parents;
  std::vector<double> parent_rmse;
  std::vector<double> parent_fitness;
  std::vector<Program> children(settings.population);
  std::vector<double> rmse(settings.population);
  std::vector<double> fitness(settings.population);

  for (int g = 0; g < settings.generations; ++g) {
    for (std::size_t i = 0; i < settings.population; ++i) {
      Rng rng = Rng::stream(seed, {static_cast<std::uint64_t>(g), i});
      if (g == 0) {
        children[i] = random_program(shape, rng);
      } else {
        const double method = rng.uniform();
        const std::size_t parent = tournament(parent_fitness, settings.tournament_size, rng);
        if (method < settings.p_crossover) {
          const std::size_t donor = tournament(parent_fitness, settings.tournament_size, rng);
          children[i] = crossover(parents[parent], parents[donor], rng);
        } else if (method < p_subtree) {
          children[i] = subtree_mutation(parents[parent], shape, rng);
        } else if (method < p_hoist) {
          children[i] = hoist_mutation(parents[parent], rng);
        } else if (method < p_point) {
          children[i] = point_mutation(parents[parent], shape, rng);
        } else {
          // Reproduction: the same program has the same RMSE; gplearn recomputes it.
          children[i] = parents[parent];
          rmse[i] = parent_rmse[parent];
          fitness[i] = parent_fitness[parent];
          continue;
        }
      }
      rmse[i] = evaluator.rmse(children[i], data, target);
      ++result.evaluations;
      fitness[i] = rmse[i] + settings.parsimony * static_cast<double>(children[i].size());
    }

    std::size_t best = 0;
    double total_length = 0.0;
    for (std::size_t i = 0; i < settings.population; ++i) {
      if (rmse[i] < rmse[best]) best = i;
      total_length += static_cast<double>(children[i].size());
    }
    result.generations.push_back({rmse[best], children[best].size(),
                                  total_length / static_cast<double>(settings.population)});
    std::swap(parents, children);
    std::swap(parent_rmse, rmse);
    std::swap(parent_fitness, fitness);
    if (children.size() != settings.population) {
      children.resize(settings.population);
      rmse.resize(settings.population);
      fitness.resize(settings.population);
    }
    if (parent_rmse[best] <= settings.stopping_criteria) break;
  }

  // gplearn keeps the program of the last generation with the lowest raw fitness (RMSE).
  std::size_t best = 0;
  for (std::size_t i = 0; i < parents.size(); ++i)
    if (parent_rmse[i] < parent_rmse[best]) best = i;
  result.program = parents[best];
  result.train_rmse = parent_rmse[best];
  return result;
}

}  // namespace hypershap::symbolic
