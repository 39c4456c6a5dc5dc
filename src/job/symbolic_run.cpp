#include "hypershap/job/symbolic_run.hpp"

#include <Eigen/Dense>
#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <limits>
#include <map>
#include <mutex>
#include <sstream>

#include <nlohmann/json.hpp>

#include "hypershap/core/error.hpp"
#include "hypershap/core/random.hpp"
#include "hypershap/core/stop_request.hpp"
#include "hypershap/importance/importance_job.hpp"
#include "hypershap/importance/partial_dependence.hpp"
#include "hypershap/job/job_file.hpp"
#include "hypershap/job/job_identity.hpp"
#include "hypershap/job/model_setup.hpp"
#include "hypershap/job/players.hpp"
#include "hypershap/models/gp_model.hpp"
#include "hypershap/optimize/bayesian_optimization.hpp"
#include "hypershap/parallel/communicator.hpp"
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
    // a stop ends a long BO run at once (the study's store keeps nothing of it)
    if (stop_requested())
      throw Error(ExitCode::requeue, context + ": stopped by a signal during a BO run");
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

namespace {

/// What one instance of a table prepares once: the setting, the test grid and the objective on it.
struct InstanceState {
  Setting s;
  std::vector<std::string> names;
  std::vector<int> others;  // partial dependence: the job's players not explained
  Eigen::MatrixXd grid, grid_features;
  Eigen::VectorXd truth;
  ExplanationLandscape landscape;  // instance, axes, objective
};

/// The state a table's `prepare` keeps between calls (on the master).
struct TableSource {
  JobSpec job;
  SymbolicSpec spec;
  std::shared_ptr<const PerformanceModel> model;
  std::vector<std::string> instances;
  std::map<std::size_t, InstanceState> states;

  const InstanceState& instance(std::size_t i) {
    if (const auto at = states.find(i); at != states.end()) return at->second;
    const std::string context = where(job, spec);
    const std::string& name = instances[i];
    const std::shared_ptr<const PerformanceModel> m =
        name == model->instance() ? model : model->for_instance(name);
    InstanceState st;
    st.s = setting_for(job, spec, m);
    const Setting& s = st.s;
    st.names = sr_names(s);
    if (spec.training == "partial-dependence")
      for (const int p :
           job_players(job, *m, "[symbolic." + spec.name + "]", "symbolic." + spec.name))
        if (std::find(s.players.begin(), s.players.end(), p) == s.players.end())
          st.others.push_back(p);
    st.landscape.instance = name;
    for (const int p : s.players)
      st.landscape.axes.push_back(symbolic_grid_axis(s.space->hyperparameter(p), spec.grid));
    st.grid = grid_values(st.landscape.axes);
    st.grid_features = sr_features(s, st.grid);
    const ConfigurationMatrix grid_configurations = configurations_at(s, st.grid, context);
    st.truth = spec.training == "partial-dependence"
                   ? partial_dependence_cost(s, st.others, st.grid, spec.pd_samples,
                                             Rng::stream(spec.seed, {pd_stream}).next(), context)
                   : cost_of(s, *m, grid_configurations);
    for (Eigen::Index i2 = 0; i2 < st.truth.size(); ++i2)
      if (!std::isfinite(st.truth[i2]))
        throw invalid_input(context + ": the objective is " + std::to_string(st.truth[i2]) +
                            " at " + s.space->to_text(grid_configurations.row(i2)) +
                            " on the test grid; the RMSE needs finite values");
    st.landscape.objective.assign(st.truth.data(), st.truth.data() + st.truth.size());
    return states.emplace(i, std::move(st)).first->second;
  }

  /// The training set of repetition r of instance i (its baseline and landscape too).
  SymbolicTrainingSet prepare(std::size_t i, int r) {
    const std::string context = where(job, spec);
    const InstanceState& st = instance(i);
    const Setting& s = st.s;
    const bool needs_bo = spec.training == "bo" || spec.training == "surrogate";
    const auto rep = static_cast<std::uint64_t>(r);
    SymbolicTrainingSet out;
    out.landscape = st.landscape;
    ExplanationBaseline& baseline = out.baseline;
    baseline = {instances[i], r, nan, nan};
    Eigen::MatrixXd x;
    Eigen::VectorXd y;
    std::shared_ptr<const PerformanceModel> gp;
    if (needs_bo) {
      Eigen::VectorXd bo_cost;
      const ConfigurationMatrix bo = bo_samples(job, spec, s, r, bo_cost);
      gp = fit_gp(s, bo, bo_cost, r);
      Eigen::VectorXd mean(st.grid.rows());
      gp->evaluate(ConfigurationMatrix(st.grid), mean);
      baseline.gp_rmse = rmse(mean, st.truth);
      out.landscape.gp_mean.assign(mean.data(), mean.data() + mean.size());
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
        y = cost_of(s, *s.model, configurations_at(s, x, context));
      } else if (spec.training == "surrogate") {
        y.resize(drawn.rows());
        gp->evaluate(drawn, y);
      } else {
        y = partial_dependence_cost(s, st.others, x, spec.pd_samples,
                                    Rng::stream(spec.seed, {pd_stream}).next(), context);
      }
    }
    // failed evaluations (NaN) are left out of the training set
    std::vector<Eigen::Index> keep;
    for (Eigen::Index k = 0; k < y.size(); ++k)
      if (std::isfinite(y[k])) keep.push_back(k);
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
    out.features = sr_features(s, x);
    out.cost = y;
    out.grid_features = st.grid_features;
    out.truth = st.truth;
    out.names = st.names;
    baseline.linear_rmse = rmse(linear_regression(out.features, y, st.grid_features), st.truth);
    for (Eigen::Index a = 0; a < x.rows(); ++a)
      for (Eigen::Index b = 0; b < x.cols(); ++b) out.landscape.training.push_back(x(a, b));
    out.landscape.training_cost.assign(y.data(), y.data() + y.size());
    return out;
  }
};

}  // namespace

SymbolicTablePlan plan_symbolic_table(const JobSpec& job, const SymbolicSpec& spec,
                                      const std::shared_ptr<const PerformanceModel>& model) {
  SymbolicTablePlan plan;
  ExplanationResults& out = plan.header;
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
  auto source = std::make_shared<TableSource>();
  source->job = job;
  source->spec = spec;
  source->model = model;
  source->instances = spec.instances;
  if (source->instances.empty()) source->instances.push_back(model->instance());
  // the header's players and cost come from the first instance (as the table's columns)
  const Setting& first = source->instance(0).s;
  for (const int p : first.players) out.players.push_back(first.space->hyperparameter(p).name);
  out.cost_offset = first.offset;
  out.cost_scale = first.scale;
  plan.instances = source->instances;
  plan.repetitions = spec.repetitions;
  plan.sr_seeds = spec.sr_seeds;
  plan.seed = spec.seed;
  plan.prepare = [source](std::size_t instance, int repetition) {
    return source->prepare(instance, repetition);
  };
  return plan;
}

SymbolicStudyRequest symbolic_study_request(const JobSpec& job,
                                            const std::vector<std::string>& tables, bool store) {
  SymbolicStudyRequest request;
  request.label = job.file.filename().string();
  if (store) request.output = job.output;
  request.assemble = [job, tables] {
    const std::shared_ptr<const PerformanceModel> model = load_model(job);
    SymbolicStudySetup setup;
    setup.description = job_description(job, model->space_json());
    for (const SymbolicSpec& spec : job.symbolic)
      if (tables.empty() || std::find(tables.begin(), tables.end(), spec.name) != tables.end())
        setup.tables.push_back(plan_symbolic_table(job, spec, model));
    return setup;
  };
  return request;
}

ExplanationResults run_symbolic_table(const JobSpec& job, const SymbolicSpec& spec,
                                      const std::shared_ptr<const PerformanceModel>& model) {
  SymbolicStudyRequest request;
  request.label = job.file.filename().string();
  request.setup.tables.push_back(plan_symbolic_table(job, spec, model));
  std::ostringstream messages;
  const auto comm = make_serial_communicator();
  SymbolicStudyReport report = run_symbolic_study(request, *comm, messages);
  if (report.code != 0 || report.tables.size() != 1)
    throw Error(
        static_cast<ExitCode>(report.code == 0 ? to_int(ExitCode::internal_error) : report.code),
        messages.str());
  return std::move(report.tables.front());
}

}  // namespace hypershap
