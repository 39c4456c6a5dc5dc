// The optimizers of the games: random search, SMAC-style local search, coordinate-wise search
// and frozen search, each on Λ^S with a budget of model evaluations.

#include "hypershap/games/optimizers.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "hypershap/core/error.hpp"
#include "hypershap/core/suggest.hpp"

namespace hypershap {

const std::vector<std::string>& optimizer_names() {
  static const std::vector<std::string> names = {"random-search", "local-search",
                                                 "coordinate-search", "frozen-search"};
  return names;
}

OptimizerKind parse_optimizer(const std::string& name) {
  const auto& names = optimizer_names();
  for (std::size_t i = 0; i < names.size(); ++i)
    if (names[i] == name) return static_cast<OptimizerKind>(i);
  throw invalid_input("unknown optimizer '" + name + "'; use " + one_of(names));
}

std::string_view name_of(OptimizerKind kind) {
  return optimizer_names()[static_cast<std::size_t>(kind)];
}

namespace {

/// Candidates of Λ^S and their objective values, evaluated in one model call.
struct Evaluated {
  ConfigurationMatrix configurations;
  Eigen::VectorXd objective;
};

/// Evaluates the rows of `candidates` whose `allowed` flag is set; the others get −inf.
Eigen::VectorXd evaluate_rows(const SearchProblem& p, const ConfigurationMatrix& candidates,
                              const std::vector<bool>& allowed, std::uint64_t& evaluations) {
  std::vector<Eigen::Index> rows;
  for (Eigen::Index r = 0; r < candidates.rows(); ++r)
    if (allowed[static_cast<std::size_t>(r)]) rows.push_back(r);
  Eigen::VectorXd objective =
      Eigen::VectorXd::Constant(candidates.rows(), -std::numeric_limits<double>::infinity());
  if (rows.empty()) return objective;
  if (rows.size() == static_cast<std::size_t>(candidates.rows())) {  // all allowed: no copy
    p.model->evaluate(candidates, objective);
    evaluations += rows.size();
    objective *= p.sign;
    return objective;
  }
  ConfigurationMatrix batch(static_cast<Eigen::Index>(rows.size()), candidates.cols());
  for (std::size_t i = 0; i < rows.size(); ++i)
    batch.row(static_cast<Eigen::Index>(i)) = candidates.row(rows[i]);
  Eigen::VectorXd values(batch.rows());
  p.model->evaluate(batch, values);
  evaluations += rows.size();
  for (std::size_t i = 0; i < rows.size(); ++i)
    objective(rows[i]) = p.sign * values(static_cast<Eigen::Index>(i));
  return objective;
}

/// λ⁰ (row 0) and count − 1 draws from the space blended into Λ^S (count ≥ 1).
Evaluated random_candidates(const SearchProblem& p, Coalition s, int count, Rng& rng,
                            std::uint64_t& evaluations) {
  const ConfigurationSpace& space = p.model->space();
  const auto draws = static_cast<Eigen::Index>(s == 0 ? 0 : std::max(0, count - 1));
  const ConfigurationMatrix samples = space.sample(static_cast<std::size_t>(draws), rng);
  Evaluated e;
  e.configurations.resize(draws + 1, space.size());
  e.configurations.row(0) = *p.baseline;
  std::vector<bool> allowed(static_cast<std::size_t>(draws + 1), true);
  for (Eigen::Index r = 0; r < draws; ++r) {
    allowed[static_cast<std::size_t>(r + 1)] =
        !space.blend_into(samples.row(r), *p.baseline, s, *p.players, e.configurations.row(r + 1));
  }
  e.objective = evaluate_rows(p, e.configurations, allowed, evaluations);
  return e;
}

/// The first row with the largest objective (ties keep the earlier row, so λ⁰ wins ties).
Eigen::Index argmax(const Eigen::VectorXd& objective) {
  Eigen::Index best = 0;
  for (Eigen::Index r = 1; r < objective.size(); ++r)
    if (objective(r) > objective(best)) best = r;
  return best;
}

SearchResult random_search(const SearchProblem& p, Coalition s, int budget, Rng& rng) {
  SearchResult result;
  const Evaluated e = random_candidates(p, s, budget, rng, result.evaluations);
  const Eigen::Index best = argmax(e.objective);
  result.objective = e.objective(best);
  result.best = e.configurations.row(best);
  return result;
}

/// The value of a numeric hyperparameter at unit-cube coordinate u (the inverse of encode()).
double decode_numeric(const Hyperparameter& h, double u) {
  double value = 0.0;
  if (std::isfinite(h.lower) && std::isfinite(h.upper)) {
    u = std::clamp(u, 0.0, 1.0);
    value = h.log ? std::exp(std::log(h.lower) + u * (std::log(h.upper) - std::log(h.lower)))
                  : h.lower + u * (h.upper - h.lower);
  } else {
    value = h.mu + u * h.sigma;
    if (h.log) value = std::exp(value);
  }
  if (h.q > 0.0) value = h.lower + std::round((value - h.lower) / h.q) * h.q;
  if (h.is_integer()) value = std::round(value);
  if (std::isfinite(h.lower)) value = std::max(value, h.lower);
  if (std::isfinite(h.upper)) value = std::min(value, h.upper);
  return value;
}

/// Neighbours of `current` that change one player of S (ConfigSpace's one-exchange
/// neighbourhood, as SMAC's local search uses it): a numeric value moved by a Gaussian step of
/// standard deviation `step` in the unit-cube encoding (`numeric_moves` of them), a categorical
/// switched to every other choice, an ordinal moved to its neighbours in the sequence.
std::vector<Configuration> neighbours(const SearchProblem& p, Coalition s,
                                      const Configuration& current, double step, Rng& rng) {
  constexpr int numeric_moves = 4;
  const ConfigurationSpace& space = p.model->space();
  std::vector<Configuration> out;
  for (const int j : members(s)) {
    const int index = (*p.players)[static_cast<std::size_t>(j)];
    const Hyperparameter& h = space.hyperparameter(index);
    const double value = current(index);
    if (is_inactive(value)) continue;
    std::vector<double> moves;
    if (h.is_numeric()) {
      const double u = h.encode(value);
      for (int m = 0; m < numeric_moves; ++m) {
        double moved = decode_numeric(h, u + step * rng.normal());
        if (moved == value && h.is_integer()) {  // a step below one integer: the next integer
          moved = decode_numeric(h, u) + (rng.uniform() < 0.5 ? -1.0 : 1.0);
          moved = std::clamp(moved, h.lower, h.upper);
        }
        if (moved != value) moves.push_back(moved);
      }
    } else if (h.kind == HyperparameterKind::categorical) {
      for (std::size_t c = 0; c < h.choices.size(); ++c)
        if (static_cast<double>(c) != value) moves.push_back(static_cast<double>(c));
    } else if (h.kind == HyperparameterKind::ordinal) {
      if (value > 0) moves.push_back(value - 1);
      if (value + 1 < static_cast<double>(h.choices.size())) moves.push_back(value + 1);
    }
    for (const double moved : moves) {
      if (!h.why_illegal(moved).empty()) continue;
      Configuration candidate = current;
      candidate(index) = moved;
      out.push_back(std::move(candidate));
    }
  }
  return out;
}

/// Local search on the model: a fifth of the budget on random candidates (λ⁰ included), then
/// steepest-ascent one-exchange moves from the best of them in turn; a start whose neighbourhood
/// holds no improvement halves its numeric step and is done once the step is below 1e-3 (or it
/// has no numeric player). Stops when the budget is spent.
SearchResult local_search(const SearchProblem& p, Coalition s, int budget, Rng& rng) {
  constexpr std::size_t max_starts = 10;
  constexpr double initial_step = 0.2;  // ConfigSpace's one-exchange standard deviation
  constexpr double final_step = 1e-3;
  SearchResult result;
  const int initial = std::max(1, budget / 5);
  const Evaluated e = random_candidates(p, s, initial, rng, result.evaluations);
  Eigen::Index best_row = argmax(e.objective);
  result.objective = e.objective(best_row);
  result.best = e.configurations.row(best_row);
  if (s == 0) return result;

  std::vector<Eigen::Index> order(static_cast<std::size_t>(e.objective.size()));
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](Eigen::Index a, Eigen::Index b) { return e.objective(a) > e.objective(b); });
  const ConfigurationSpace& space = p.model->space();
  const auto total = static_cast<std::uint64_t>(budget);
  for (std::size_t start = 0; start < std::min(max_starts, order.size()); ++start) {
    if (!std::isfinite(e.objective(order[start]))) break;
    Configuration current = e.configurations.row(order[start]);
    double current_objective = e.objective(order[start]);
    double step = initial_step;
    while (result.evaluations < total) {
      std::vector<Configuration> candidates = neighbours(p, s, current, step, rng);
      if (candidates.empty()) break;
      const std::uint64_t left = total - result.evaluations;
      if (candidates.size() > left) candidates.resize(static_cast<std::size_t>(left));
      ConfigurationMatrix blends(static_cast<Eigen::Index>(candidates.size()), space.size());
      std::vector<bool> allowed(candidates.size());
      for (std::size_t c = 0; c < candidates.size(); ++c) {
        allowed[c] = !space.blend_into(candidates[c], *p.baseline, s, *p.players,
                                       blends.row(static_cast<Eigen::Index>(c)));
      }
      const Eigen::VectorXd objective = evaluate_rows(p, blends, allowed, result.evaluations);
      const Eigen::Index best = argmax(objective);
      if (objective(best) > current_objective) {
        current = blends.row(best);
        current_objective = objective(best);
        if (current_objective > result.objective) {
          result.objective = current_objective;
          result.best = current;
        }
      } else {
        step /= 2.0;
        if (step < final_step) break;
      }
    }
    if (result.evaluations >= total) break;
  }
  return result;
}

/// Coordinate-wise search: each player of S tuned by random search over Λ^{j} from λ⁰ (λ⁰ and
/// `budget` split over S, or λ⁰ and draws_per_hyperparameter draws from the player's own stream);
/// the configuration returned takes every player's best value (conditions re-resolved), whatever
/// its own performance. A forbidden combination returns the best per-coordinate configuration
/// instead.
SearchResult coordinate_search(const SearchProblem& p, const OptimizerSpec& optimizer, Coalition s,
                               Rng& rng) {
  SearchResult result;
  const std::vector<int> coordinates = members(s);
  if (coordinates.empty()) return random_search(p, 0, 1, rng);
  const ConfigurationSpace& space = p.model->space();
  // each coordinate: λ⁰ and its draws; then the combination
  const bool fixed_draws = optimizer.draws_per_hyperparameter > 0;
  const int per_coordinate =
      fixed_draws ? optimizer.draws_per_hyperparameter + 1
                  : std::max(1, (optimizer.budget - 1) / static_cast<int>(coordinates.size()));
  Configuration combined = *p.baseline;
  Configuration best_single = *p.baseline;
  double best_single_objective = -std::numeric_limits<double>::infinity();
  for (const int j : coordinates) {
    const Coalition single = Coalition{1} << j;
    Rng own = Rng::stream(optimizer.draws_stream, {static_cast<std::uint64_t>(j)});
    const Evaluated e =
        random_candidates(p, single, per_coordinate, fixed_draws ? own : rng, result.evaluations);
    const Eigen::Index best = argmax(e.objective);
    const int index = (*p.players)[static_cast<std::size_t>(j)];
    combined(index) = e.configurations(best, index);
    if (e.objective(best) > best_single_objective) {
      best_single_objective = e.objective(best);
      best_single = e.configurations.row(best);
    }
  }
  ConfigurationMatrix blend(1, space.size());
  const bool forbidden = space.blend_into(combined, *p.baseline, s, *p.players, blend.row(0));
  if (forbidden) {
    result.objective = best_single_objective;
    result.best = best_single;
    return result;
  }
  const Eigen::VectorXd objective = evaluate_rows(p, blend, {true}, result.evaluations);
  result.objective = objective(0);
  result.best = blend.row(0);
  return result;
}

}  // namespace

std::uint64_t mean_evaluations(const OptimizerSpec& optimizer, int n) {
  if (optimizer.kind != OptimizerKind::coordinate_search || optimizer.draws_per_hyperparameter <= 0)
    return static_cast<std::uint64_t>(optimizer.budget);
  // mean |S| = n / 2; the empty coalition's single evaluation is within the rounding
  const auto per_player = static_cast<std::uint64_t>(optimizer.draws_per_hyperparameter) + 1;
  return per_player * static_cast<std::uint64_t>(n) / 2 + 1;
}

SearchResult run_optimizer(const OptimizerSpec& optimizer, const SearchProblem& problem,
                           Coalition s, Rng& rng) {
  switch (optimizer.kind) {
    case OptimizerKind::random_search: return random_search(problem, s, optimizer.budget, rng);
    case OptimizerKind::local_search: return local_search(problem, s, optimizer.budget, rng);
    case OptimizerKind::coordinate_search: return coordinate_search(problem, optimizer, s, rng);
    case OptimizerKind::frozen_search:
      return random_search(problem, s & ~optimizer.frozen, optimizer.budget, rng);
  }
  throw std::logic_error("unknown optimizer kind");
}

}  // namespace hypershap
