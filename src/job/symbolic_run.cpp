#include "hypershap/job/symbolic_run.hpp"

#include <Eigen/Dense>
#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <limits>
#include <map>
#include <mutex>

#include <nlohmann/json.hpp>

#include "hypershap/core/error.hpp"
#include "hypershap/core/random.hpp"
#include "hypershap/importance/importance_job.hpp"
#include "hypershap/importance/partial_dependence.hpp"
#include "hypershap/job/model_setup.hpp"
#include "hypershap/job/players.hpp"
#include "hypershap/models/gp_model.hpp"
#include "hypershap/optimize/bayesian_optimization.hpp"
#include "hypershap/store/trial_history.hpp"
#include "hypershap/symbolic/count_ops.hpp"
#include "hypershap/symbolic/evaluator.hpp"
#include "hypershap/symbolic/expression.hpp"
#include "hypershap/symbolic/formula_text.hpp"
#include "hypershap/symbolic/parsimony.hpp"
#include "hypershap/symbolic/regressor.hpp"

namespace hypershap {

using symbolic::ExplanationBaseline;
using symbolic::ExplanationFit;
using symbolic::ExplanationLandscape;
using symbolic::ExplanationResults;

namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();
// stream keys of the table's seed
constexpr std::uint64_t random_stream = 0x72616e646f6du;  // "random"
constexpr std::uint64_t sr_stream = 0x73796d626f6cu;      // "symbol"
constexpr std::uint64_t pd_stream = 0x7064u;              // "pd"

std::string where(const JobSpec& job, const SymbolicSpec& spec) {
  return job.file.filename().string() + ": [symbolic." + spec.name + "]";
}

double rmse(const Eigen::VectorXd& a, const Eigen::VectorXd& b) {
  const Eigen::VectorXd d = a - b;
  const double value = std::sqrt(d.squaredNorm() / static_cast<double>(d.size()));
  return std::isfinite(value) ? value : std::numeric_limits<double>::infinity();
}

/// What one instance of the table works with.
struct Setting {
  std::shared_ptr<const PerformanceModel> model;
  const ConfigurationSpace* space = nullptr;
  Configuration baseline;
  std::vector<int> players;  // the explained hyperparameters (space indices)
  double offset = 0.0, scale = 1.0;
  // The players alone as a space (no conditions): BO, its GP and the random samples live here,
  // as the paper tunes and samples only the explained hyperparameters; a configuration of it is
  // a row of player values.
  std::shared_ptr<const ConfigurationSpace> subspace;
  std::string subspace_json;
};

/// The players as a ConfigSpace JSON space of their own: bounds, scale and type kept, the
/// default λ⁰'s value (the pinned baseline) where it is active.
std::string subspace_json(const ConfigurationSpace& space, const Configuration& baseline,
                          const std::vector<int>& players) {
  nlohmann::json hyperparameters = nlohmann::json::array();
  for (const int p : players) {
    const Hyperparameter& h = space.hyperparameter(p);
    if (h.kind == HyperparameterKind::categorical) {
      const double index = std::isfinite(baseline[p]) ? baseline[p] : h.default_value;
      hyperparameters.push_back({{"name", h.name},
                                 {"type", "categorical"},
                                 {"choices", h.choices},
                                 {"default_value", h.choices[static_cast<std::size_t>(index)]}});
      continue;
    }
    double fallback = std::isfinite(baseline[p]) ? baseline[p] : h.default_value;
    if (!std::isfinite(fallback) || !h.why_illegal(fallback).empty())
      fallback = h.log ? std::sqrt(h.lower * h.upper) : (h.lower + h.upper) / 2;
    if (h.is_integer()) fallback = std::clamp(std::round(fallback), h.lower, h.upper);
    nlohmann::json item = {
        {"name", h.name},   {"type", h.is_integer() ? "uniform_int" : "uniform_float"},
        {"lower", h.lower}, {"upper", h.upper},
        {"log", h.log},     {"default_value", fallback}};
    if (h.is_integer()) {
      item["lower"] = static_cast<long long>(h.lower);
      item["upper"] = static_cast<long long>(h.upper);
      item["default_value"] = static_cast<long long>(fallback);
    }
    hyperparameters.push_back(item);
  }
  return nlohmann::json{{"name", "players"}, {"hyperparameters", hyperparameters}}.dump();
}

/// The configurations whose players take `values` (rows × players), the rest λ⁰'s.
ConfigurationMatrix configurations_at(const Setting& s, const Eigen::MatrixXd& values,
                                      const std::string& context) {
  ConfigurationMatrix out(values.rows(), s.space->size());
  const Coalition all = grand_coalition(static_cast<int>(s.players.size()));
  for (Eigen::Index r = 0; r < values.rows(); ++r) {
    Configuration lambda = s.baseline;
    for (std::size_t p = 0; p < s.players.size(); ++p)
      lambda[s.players[p]] = values(r, static_cast<Eigen::Index>(p));
    if (s.space->blend_into(lambda, s.baseline, all, s.players, out.row(r)))
      throw invalid_input(context + ": the configuration " + s.space->to_text(out.row(r)) +
                          " of the test grid or training set is forbidden; explain other "
                          "hyperparameters or pin others");
  }
  return out;
}

/// The cost (offset + scale × metric) of `model` on `configurations`.
Eigen::VectorXd cost_of(const Setting& s, const PerformanceModel& model,
                        const ConfigurationMatrix& configurations) {
  Eigen::VectorXd y(configurations.rows());
  model.evaluate(configurations, y);
  return (s.offset + s.scale * y.array()).matrix();
}

/// The partial dependence of the objective's cost at `values` of the players: the mean over the
/// same quasi-random points of the job's other players (common random numbers).
Eigen::VectorXd partial_dependence_cost(const Setting& s, const std::vector<int>& others,
                                        const Eigen::MatrixXd& values, int samples,
                                        std::uint64_t seed, const std::string& context) {
  const ConfigurationMatrix points = quasi_random_configurations(
      *s.space, others, s.baseline, static_cast<std::size_t>(samples), seed);
  Eigen::VectorXd out(values.rows());
  ConfigurationMatrix batch(points.rows(), s.space->size());
  const Coalition all = grand_coalition(static_cast<int>(s.players.size()));
  Eigen::VectorXd y(points.rows());
  for (Eigen::Index r = 0; r < values.rows(); ++r) {
    Eigen::Index rows = 0;
    for (Eigen::Index m = 0; m < points.rows(); ++m) {
      Configuration lambda = points.row(m);
      for (std::size_t p = 0; p < s.players.size(); ++p)
        lambda[s.players[p]] = values(r, static_cast<Eigen::Index>(p));
      if (!s.space->blend_into(lambda, points.row(m), all, s.players, batch.row(rows))) ++rows;
    }
    if (rows == 0)
      throw invalid_input(context +
                          ": every Monte Carlo point is forbidden at a training or "
                          "grid point; the partial dependence is undefined there");
    y.resize(rows);
    s.model->evaluate(batch.topRows(rows), y);
    out[r] = s.offset + s.scale * y.mean();
  }
  return out;
}

/// Least squares with an intercept, fitted on (x, y), predicting at `at`.
Eigen::VectorXd linear_regression(const Eigen::MatrixXd& x, const Eigen::VectorXd& y,
                                  const Eigen::MatrixXd& at) {
  Eigen::MatrixXd a(x.rows(), x.cols() + 1);
  a << Eigen::VectorXd::Ones(x.rows()), x;
  const Eigen::VectorXd beta = a.colPivHouseholderQr().solve(y);
  Eigen::MatrixXd b(at.rows(), at.cols() + 1);
  b << Eigen::VectorXd::Ones(at.rows()), at;
  return b * beta;
}

ConfigurationMatrix run_bo_samples(const JobSpec& job, const SymbolicSpec& spec, const Setting& s,
                                   int repetition, Eigen::VectorXd& cost);

/// The samples' player values (rows of the subspace).

/// The BO samples of repetition r: a stored history's first `trials` trials, or a BO run. Runs
/// are kept for the process (the tables bo and surrogate of a job share theirs, as SR (BO) and
/// SR (BO-GP) of the paper share one BO run per seed).
ConfigurationMatrix bo_samples(const JobSpec& job, const SymbolicSpec& spec, const Setting& s,
                               int repetition, Eigen::VectorXd& cost) {
  std::string key = job.file.string() + "|" + s.model->instance() + "|" + spec.history.string() +
                    "|" + std::to_string(spec.seed) + "|" + std::to_string(repetition) + "|" +
                    std::to_string(spec.trials) + "|" + std::to_string(s.offset) + "|" +
                    std::to_string(s.scale);
  for (const int p : s.players) key += "|" + std::to_string(p);
  static std::mutex mutex;
  static std::map<std::string, std::pair<ConfigurationMatrix, Eigen::VectorXd>> runs;
  {
    const std::lock_guard<std::mutex> lock(mutex);
    if (const auto at = runs.find(key); at != runs.end()) {
      cost = at->second.second;
      return at->second.first;
    }
  }
  ConfigurationMatrix x = run_bo_samples(job, spec, s, repetition, cost);
  const std::lock_guard<std::mutex> lock(mutex);
  runs.emplace(key, std::make_pair(x, cost));
  return x;
}

ConfigurationMatrix run_bo_samples(const JobSpec& job, const SymbolicSpec& spec, const Setting& s,
                                   int repetition, Eigen::VectorXd& cost) {
  const std::string context = where(job, spec);
  const auto trials = static_cast<std::size_t>(spec.trials);
  const auto d = static_cast<Eigen::Index>(s.players.size());
  ConfigurationMatrix x(static_cast<Eigen::Index>(trials), d);
  cost.resize(static_cast<Eigen::Index>(trials));
  if (!spec.history.empty()) {
    const StoredTrials stored = read_trial_history(spec.history);
    if (stored.count() < trials)
      throw invalid_input(context + " history " + spec.history.string() + " holds " +
                          std::to_string(stored.count()) + " trials, fewer than trials = " +
                          std::to_string(trials) + "; lower trials or run the optimizer longer");
    std::vector<std::size_t> columns;
    for (const int p : s.players) {
      const std::string& name = s.space->hyperparameter(p).name;
      const auto& names = stored.info.hyperparameters;
      const auto at = std::find(names.begin(), names.end(), name);
      if (at == names.end())
        throw invalid_input(context + " history " + spec.history.string() +
                            " has no hyperparameter '" + name +
                            "': it is the run of another model; give the store of `hypershap "
                            "optimize` on this job's model");
      columns.push_back(static_cast<std::size_t>(at - names.begin()));
    }
    const std::size_t width = stored.dimension();
    for (std::size_t t = 0; t < trials; ++t) {
      for (std::size_t c = 0; c < columns.size(); ++c)
        x(static_cast<Eigen::Index>(t), static_cast<Eigen::Index>(c)) =
            stored.configurations[t * width + columns[c]];
      // the stored objective, as this table's cost
      cost[static_cast<Eigen::Index>(t)] = s.offset + s.scale * stored.objective[t];
    }
    return x;
  }
  // BO minimising the cost over the players (the rest at λ⁰)
  BayesianOptimizationSettings settings;
  settings.trials = spec.trials;
  const std::unique_ptr<Optimizer> bo = make_bayesian_optimization(
      s.subspace, settings,
      Rng::stream(spec.seed, {static_cast<std::uint64_t>(repetition)}).next());
  std::vector<Trial> history;
  Eigen::VectorXd value(1);
  for (std::size_t t = 0; t < trials; ++t) {
    const Configuration proposal = bo->propose(history);
    const ConfigurationMatrix one = configurations_at(s, proposal, context);
    s.model->evaluate(one, value);
    const double c = s.offset + s.scale * value[0];
    x.row(static_cast<Eigen::Index>(t)) = proposal;
    cost[static_cast<Eigen::Index>(t)] = c;
    history.push_back({proposal, c, 0.0});
  }
  return x;
}

std::shared_ptr<const PerformanceModel> fit_gp(const Setting& s, const ConfigurationMatrix& x,
                                               const Eigen::VectorXd& cost, int repetition) {
  GpOptions options;
  options.seed = static_cast<std::uint64_t>(repetition);
  return make_gp_model(*s.subspace, s.subspace_json, x, cost, false, options,
                       "Gaussian process on the BO samples");
}

Setting setting_for(const JobSpec& job, const SymbolicSpec& spec,
                    const std::shared_ptr<const PerformanceModel>& model) {
  const std::string context = where(job, spec);
  Setting s;
  s.model = model;
  s.space = &model->space();
  s.baseline = pinned_baseline(job, *s.space);
  const bool maximize = model->maximize();
  s.offset = spec.cost_offset.value_or(0.0);
  s.scale = spec.cost_scale.value_or(maximize ? -1.0 : 1.0);
  if (spec.training == "partial-dependence") {
    // fANOVA over the job's players; its top `top` main effects are explained
    std::vector<int> candidates =
        job_players(job, *model, "[symbolic." + spec.name + "]", "symbolic." + spec.name);
    if (!spec.players.empty()) candidates = s.space->players(spec.players, context + " players");
    if (static_cast<int>(candidates.size()) <= spec.top)
      throw invalid_input(context + ": partial-dependence explains the top " +
                          std::to_string(spec.top) + " of more players; there are only " +
                          std::to_string(candidates.size()) +
                          " (use training = 'random' or 'surrogate' for them)");
    ImportanceSpec importance;
    importance.order = 1;
    const ImportanceResults ranked =
        compute_importance(importance, *model, candidates, s.baseline, job.seed, context);
    for (const ImportanceTerm& t : ranked.terms) {
      if (static_cast<int>(s.players.size()) == spec.top) break;
      if (t.names.size() == 1) s.players.push_back(s.space->index_of(t.names[0], context));
    }
  } else if (!spec.players.empty()) {
    s.players = s.space->players(spec.players, context + " players");
  } else {
    s.players = job_players(job, *model, "[symbolic." + spec.name + "]", "symbolic." + spec.name);
  }
  if (s.players.empty())
    throw invalid_input(context + ": no hyperparameter to explain; set players = [\"a\", \"b\"]");
  for (const int p : s.players) {
    const Hyperparameter& h = s.space->hyperparameter(p);
    if (h.kind == HyperparameterKind::categorical && spec.one_hot) continue;
    if (!h.is_numeric())
      throw invalid_input(context + ": '" + h.name +
                          "' is not numerical; symbolic regression takes numerical "
                          "hyperparameters only (the paper's Appendix C): set one_hot = true "
                          "(a categorical one becomes one 0/1 variable per choice), or pin it in "
                          "[space] pinned and explain the others");
    if (!std::isfinite(h.lower) || !std::isfinite(h.upper))
      throw invalid_input(context + ": '" + h.name +
                          "' has no finite bounds, so there is no test grid over it");
  }
  double cells = 1.0;
  for (const int p : s.players) {
    const Hyperparameter& h = s.space->hyperparameter(p);
    cells *= h.has_choices() ? static_cast<double>(h.choices.size()) : spec.grid;
  }
  if (cells > 1e6)
    throw invalid_input(context + ": the test grid of " + std::to_string(s.players.size()) +
                        " hyperparameters × grid = " + std::to_string(spec.grid) +
                        " has more than 1,000,000 cells; explain fewer or lower grid");
  s.subspace_json = subspace_json(*s.space, s.baseline, s.players);
  s.subspace = std::make_shared<const ConfigurationSpace>(
      ConfigurationSpace::from_string(s.subspace_json, context + " players"));
  return s;
}

/// The grid's cells (first player slowest) as player values.
Eigen::MatrixXd grid_values(const std::vector<std::vector<double>>& axes) {
  Eigen::Index cells = 1;
  for (const auto& axis : axes) cells *= static_cast<Eigen::Index>(axis.size());
  Eigen::MatrixXd out(cells, static_cast<Eigen::Index>(axes.size()));
  for (Eigen::Index c = 0; c < cells; ++c) {
    Eigen::Index rest = c;
    for (std::size_t p = axes.size(); p-- > 0;) {
      const auto n = static_cast<Eigen::Index>(axes[p].size());
      out(c, static_cast<Eigen::Index>(p)) = axes[p][static_cast<std::size_t>(rest % n)];
      rest /= n;
    }
  }
  return out;
}

/// The SR variables of the players: a numerical player as it is, a categorical one (one_hot) as
/// one 0/1 variable per choice, named player_choice.
std::vector<std::string> sr_names(const Setting& s) {
  std::vector<std::string> names;
  for (const int p : s.players) {
    const Hyperparameter& h = s.space->hyperparameter(p);
    if (h.kind != HyperparameterKind::categorical) {
      names.push_back(h.name);
      continue;
    }
    for (const std::string& choice : h.choices) {
      std::string name = h.name + "_" + choice;
      for (char& c : name)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') c = '_';
      names.push_back(name);
    }
  }
  return names;
}

/// Player values (rows × players) as SR variables (sr_names).
Eigen::MatrixXd sr_features(const Setting& s, const Eigen::MatrixXd& values) {
  Eigen::Index width = 0;
  for (const int p : s.players) {
    const Hyperparameter& h = s.space->hyperparameter(p);
    width +=
        h.kind == HyperparameterKind::categorical ? static_cast<Eigen::Index>(h.choices.size()) : 1;
  }
  if (width == values.cols()) return values;
  Eigen::MatrixXd out = Eigen::MatrixXd::Zero(values.rows(), width);
  Eigen::Index column = 0;
  for (std::size_t p = 0; p < s.players.size(); ++p) {
    const Hyperparameter& h = s.space->hyperparameter(s.players[p]);
    const auto in = static_cast<Eigen::Index>(p);
    if (h.kind != HyperparameterKind::categorical) {
      out.col(column++) = values.col(in);
      continue;
    }
    for (Eigen::Index r = 0; r < values.rows(); ++r)
      if (std::isfinite(values(r, in)))
        out(r, column + static_cast<Eigen::Index>(values(r, in))) = 1.0;
    column += static_cast<Eigen::Index>(h.choices.size());
  }
  return out;
}

}  // namespace

std::vector<double> symbolic_grid_axis(const Hyperparameter& h, int points) {
  std::vector<double> axis;
  if (h.has_choices()) {  // every choice (its index)
    for (std::size_t c = 0; c < h.choices.size(); ++c) axis.push_back(static_cast<double>(c));
    return axis;
  }
  const bool log = h.log && h.lower > 0.0;
  const double lo = log ? std::log(h.lower) : h.lower;
  const double hi = log ? std::log(h.upper) : h.upper;
  for (int k = 0; k < points; ++k) {
    double v = lo + (static_cast<double>(k) + 0.5) * (hi - lo) / static_cast<double>(points);
    if (log) v = std::exp(v);
    if (h.is_integer()) v = std::round(v);
    axis.push_back(std::clamp(v, h.lower, h.upper));
  }
  return axis;
}

ExplanationResults run_symbolic_table(const JobSpec& job, const SymbolicSpec& spec,
                                      const std::shared_ptr<const PerformanceModel>& model,
                                      const std::function<void(const std::string&)>& progress) {
  const auto start = std::chrono::steady_clock::now();
  const std::string context = where(job, spec);
  ExplanationResults out;
  out.name = spec.name;
  out.training = spec.training;
  out.model = model->describe();
  out.metric = model->metric();
  out.parsimony = spec.parsimony_paper ? symbolic::paper_parsimony_values() : spec.parsimony;
  std::sort(out.parsimony.begin(), out.parsimony.end());
  out.parsimony.erase(std::unique(out.parsimony.begin(), out.parsimony.end()), out.parsimony.end());
  out.population = spec.population;
  out.generations = spec.generations;
  symbolic::RegressorSettings settings;
  settings.population = static_cast<std::size_t>(spec.population);
  settings.generations = spec.generations;
  symbolic::check_settings(settings);
  const bool needs_bo = spec.training == "bo" || spec.training == "surrogate";

  std::vector<std::string> instances = spec.instances;
  if (instances.empty()) instances.push_back(model->instance());
  for (const std::string& instance : instances) {
    const std::shared_ptr<const PerformanceModel> m =
        instance == model->instance() ? model : model->for_instance(instance);
    const Setting s = setting_for(job, spec, m);
    if (out.players.empty()) {
      for (const int p : s.players) out.players.push_back(s.space->hyperparameter(p).name);
      out.cost_offset = s.offset;
      out.cost_scale = s.scale;
    }
    const std::vector<std::string> names = sr_names(s);
    std::vector<int> others;  // partial dependence: the job's players not explained
    if (spec.training == "partial-dependence")
      for (const int p :
           job_players(job, *m, "[symbolic." + spec.name + "]", "symbolic." + spec.name))
        if (std::find(s.players.begin(), s.players.end(), p) == s.players.end())
          others.push_back(p);

    ExplanationLandscape landscape;
    landscape.instance = instance;
    for (const int p : s.players)
      landscape.axes.push_back(symbolic_grid_axis(s.space->hyperparameter(p), spec.grid));
    const Eigen::MatrixXd grid = grid_values(landscape.axes);
    const Eigen::MatrixXd grid_features = sr_features(s, grid);
    const ConfigurationMatrix grid_configurations = configurations_at(s, grid, context);
    const Eigen::VectorXd truth =
        spec.training == "partial-dependence"
            ? partial_dependence_cost(s, others, grid, spec.pd_samples,
                                      Rng::stream(spec.seed, {pd_stream}).next(), context)
            : cost_of(s, *m, grid_configurations);
    for (Eigen::Index i = 0; i < truth.size(); ++i)
      if (!std::isfinite(truth[i]))
        throw invalid_input(context + ": the objective is " + std::to_string(truth[i]) + " at " +
                            s.space->to_text(grid_configurations.row(i)) +
                            " on the test grid; the RMSE needs finite values");
    landscape.objective.assign(truth.data(), truth.data() + truth.size());

    std::vector<std::pair<std::size_t, symbolic::Program>> candidates;  // repetition 0, SR seed 0
    for (int r = 0; r < spec.repetitions; ++r) {
      const auto rep = static_cast<std::uint64_t>(r);
      ExplanationBaseline baseline{instance, r, nan, nan};
      Eigen::MatrixXd x;
      Eigen::VectorXd y;
      std::shared_ptr<const PerformanceModel> gp;
      if (needs_bo) {
        Eigen::VectorXd bo_cost;
        const ConfigurationMatrix bo = bo_samples(job, spec, s, r, bo_cost);
        gp = fit_gp(s, bo, bo_cost, r);
        Eigen::VectorXd mean(grid.rows());
        gp->evaluate(ConfigurationMatrix(grid), mean);
        baseline.gp_rmse = rmse(mean, truth);
        if (r == 0) landscape.gp_mean.assign(mean.data(), mean.data() + mean.size());
        if (spec.training == "bo") {
          x = bo;
          y = bo_cost;
        }
      }
      if (spec.training != "bo") {
        // uniform over the players' box (log-uniform on log scales), as ConfigSpace samples
        const ConfigurationMatrix drawn = s.subspace->sample_rows(
            spec.seed, random_stream + rep, 0, static_cast<std::size_t>(spec.samples));
        x = drawn;
        if (spec.training == "random") {
          y = cost_of(s, *m, configurations_at(s, x, context));
        } else if (spec.training == "surrogate") {
          y.resize(drawn.rows());
          gp->evaluate(drawn, y);
        } else {
          y = partial_dependence_cost(s, others, x, spec.pd_samples,
                                      Rng::stream(spec.seed, {pd_stream}).next(), context);
        }
      }
      // failed evaluations (NaN) are left out of the training set
      std::vector<Eigen::Index> keep;
      for (Eigen::Index i = 0; i < y.size(); ++i)
        if (std::isfinite(y[i])) keep.push_back(i);
      if (keep.size() < 2)
        throw invalid_input(context + ": fewer than 2 training samples with a finite cost");
      if (keep.size() < static_cast<std::size_t>(y.size())) {
        Eigen::MatrixXd kx(static_cast<Eigen::Index>(keep.size()), x.cols());
        Eigen::VectorXd ky(static_cast<Eigen::Index>(keep.size()));
        for (std::size_t k = 0; k < keep.size(); ++k) {
          kx.row(static_cast<Eigen::Index>(k)) = x.row(keep[k]);
          ky[static_cast<Eigen::Index>(k)] = y[keep[k]];
        }
        x = kx;
        y = ky;
      }
      const Eigen::MatrixXd features = sr_features(s, x);
      baseline.linear_rmse = rmse(linear_regression(features, y, grid_features), truth);
      out.baselines.push_back(baseline);
      if (r == 0) {
        for (Eigen::Index i = 0; i < x.rows(); ++i)
          for (Eigen::Index j = 0; j < x.cols(); ++j) landscape.training.push_back(x(i, j));
        landscape.training_cost.assign(y.data(), y.data() + y.size());
      }

      symbolic::Evaluator evaluator;
      for (int k = 0; k < spec.sr_seeds; ++k) {
        for (const double z : out.parsimony) {
          settings.parsimony = z;
          const auto fit_start = std::chrono::steady_clock::now();
          const std::uint64_t seed =
              Rng::stream(spec.seed, {sr_stream, rep, static_cast<std::uint64_t>(k)}).next();
          const symbolic::FitResult fit =
              symbolic::fit_symbolic_regression(features, y, settings, seed);
          ExplanationFit f;
          f.instance = instance;
          f.repetition = r;
          f.sr_seed = k;
          f.parsimony = z;
          f.program = symbolic::to_prefix_string(fit.program, names, true);
          const symbolic::ExprPtr formula = symbolic::simplify_program(fit.program, names);
          f.formula = symbolic::to_text(*formula);
          f.latex = symbolic::to_latex(*formula);
          f.operations = symbolic::count_ops(*formula);
          f.length = fit.program.size();
          f.train_rmse = fit.train_rmse;
          f.test_rmse = evaluator.rmse(fit.program, grid_features, truth);
          f.seconds =
              std::chrono::duration<double>(std::chrono::steady_clock::now() - fit_start).count();
          if (r == 0 && k == 0) candidates.emplace_back(out.fits.size(), fit.program);
          out.fits.push_back(std::move(f));
        }
      }
      if (progress)
        progress(instance + ": repetition " + std::to_string(r + 1) + " of " +
                 std::to_string(spec.repetitions) + " done");
    }
    // the chosen formula: repetition 0, SR seed 0, at the sweep's elbow
    const std::vector<symbolic::SweepPoint> sweep = symbolic::parsimony_sweep(out, instance);
    const double elbow =
        sweep.empty() ? out.parsimony.front() : sweep[symbolic::sweep_elbow(sweep)].parsimony;
    for (const auto& [index, program] : candidates)
      if (out.fits[index].parsimony == elbow) {
        landscape.chosen_fit = index;
        symbolic::Evaluator evaluator;
        const Eigen::VectorXd values = evaluator.predict(program, grid_features);
        landscape.formula.assign(values.data(), values.data() + values.size());
      }
    out.landscapes.push_back(std::move(landscape));
  }
  out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return out;
}

}  // namespace hypershap
