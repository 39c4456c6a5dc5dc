#include "hypershap/optimize/bayesian_optimization.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <map>
#include <mutex>
#include <numeric>
#include <optional>

#include "hypershap/core/random.hpp"
#include "hypershap/models/gaussian_process.hpp"
#include "hypershap/models/gp_model.hpp"

namespace hypershap {

namespace {

// Stream keys of BO's randomness ("bo" in ASCII), apart from random search's and the games'.
constexpr std::uint64_t bo_stream = 0x626f;
enum : std::uint64_t {
  design_shift = 1,  // the initial design's shift (one per run)
  interleave = 2,    // whether trial t is a random configuration
  random_config = 3,
  candidates = 4,  // the random candidates of the acquisition search
  neighbours = 5,  // the local search's steps
  gp_restarts = 6,
  forbidden_fallback = 7
};

// The value of a hyperparameter at position u of [0, 1] (numeric ones as encode() places them,
// choices by equal-width bins).
double from_unit(const Hyperparameter& h, double u, Rng& rng) {
  u = std::clamp(u, 0.0, 1.0);
  if (h.kind == HyperparameterKind::constant) return 0.0;
  if (h.has_choices()) {
    const auto k = static_cast<double>(h.choices.size());
    return std::min(std::floor(u * k), k - 1.0);
  }
  if (!std::isfinite(h.lower) || !std::isfinite(h.upper)) return h.sample(rng);
  double value = 0.0;
  if (h.is_integer()) {
    // integers: equal-width bins over [lower − 0.5, upper + 0.5] (log-aware), as sampling does
    const double lo = h.lower - 0.5;
    const double hi = h.upper + 0.5;
    value = h.log && lo > 0.0 ? std::exp(std::log(lo) + u * (std::log(hi) - std::log(lo)))
                              : lo + u * (hi - lo);
    value = std::round(value);
  } else {
    value = h.log ? std::exp(std::log(h.lower) + u * (std::log(h.upper) - std::log(h.lower)))
                  : h.lower + u * (h.upper - h.lower);
  }
  if (h.q > 0.0) value = h.lower + std::round((value - h.lower) / h.q) * h.q;
  return std::clamp(value, h.lower, h.upper);
}

// A numeric value moved from its [0, 1] position (the inverse of encode()).
double decode_numeric(const Hyperparameter& h, double u) {
  u = std::clamp(u, 0.0, 1.0);
  double value = h.log ? std::exp(std::log(h.lower) + u * (std::log(h.upper) - std::log(h.lower)))
                       : h.lower + u * (h.upper - h.lower);
  if (h.q > 0.0) value = h.lower + std::round((value - h.lower) / h.q) * h.q;
  if (h.is_integer()) value = std::round(value);
  return std::clamp(value, h.lower, h.upper);
}

bool same_configuration(const ConfigurationView& a, const ConfigurationView& b) {
  for (Eigen::Index j = 0; j < a.size(); ++j) {
    const bool na = is_inactive(a(j));
    if (na != is_inactive(b(j)) || (!na && a(j) != b(j))) return false;
  }
  return true;
}

// Expected Improvement of a cost below eta (Jones et al. 1998), xi as SMAC's EI.
double expected_improvement(double mean, double std, double eta, double xi) {
  const double improvement = eta - mean - xi;
  if (!(std > 0.0)) return std::max(improvement, 0.0);
  const double z = improvement / std;
  const double cdf = 0.5 * std::erfc(-z / std::sqrt(2.0));
  const double pdf = std::exp(-0.5 * z * z) / std::sqrt(2.0 * M_PI);
  return improvement * cdf + std * pdf;
}

class BayesianOptimization final : public Optimizer {
 public:
  BayesianOptimization(std::shared_ptr<const ConfigurationSpace> space,
                       BayesianOptimizationSettings settings, std::uint64_t seed)
      : space_(std::move(space)),
        settings_(settings),
        seed_(seed),
        players_(space_->all_players()),
        categorical_(gp_categorical_columns(*space_)) {
    const int d = space_->size();
    initial_ = initial_design_size(settings_, d);
    // R_d: φ_d solves x^(d+1) = x + 1 (Newton from 2)
    double phi = 2.0;
    for (int i = 0; i < 50; ++i)
      phi -= (std::pow(phi, d + 1) - phi - 1.0) / ((d + 1) * std::pow(phi, d) - 1.0);
    Rng rng = Rng::stream(seed_, {bo_stream, design_shift});
    for (int j = 0; j < d; ++j) {
      alpha_.push_back(std::fmod(std::pow(1.0 / phi, j + 1), 1.0));
      shift_.push_back(rng.uniform());
    }
  }

  Configuration propose(const std::vector<Trial>& history) const override {
    const std::uint64_t t = history.size();
    if (t < static_cast<std::uint64_t>(initial_)) return design_point(t);
    Rng interleave_rng = Rng::stream(seed_, {bo_stream, t, interleave});
    if (interleave_rng.uniform() < settings_.random_probability) return random_configuration(t);

    const std::optional<GaussianProcess> gp = surrogate(history);
    if (!gp) return random_configuration(t);  // every trial crashed
    ConfigurationMatrix configurations(static_cast<Eigen::Index>(t), space_->size());
    for (std::size_t r = 0; r < history.size(); ++r)
      configurations.row(static_cast<Eigen::Index>(r)) = history[r].configuration;
    return maximise_ei(*gp, configurations, t);
  }

 private:
  // The GP's data after the first u trials: crashed trials at the worst finite cost seen; none if
  // every trial crashed.
  bool gp_data(const std::vector<Trial>& history, std::size_t u, GpMatrix& x,
               Eigen::VectorXd& y) const {
    double worst = -std::numeric_limits<double>::infinity();
    for (std::size_t r = 0; r < u; ++r)
      if (std::isfinite(history[r].cost)) worst = std::max(worst, history[r].cost);
    if (!std::isfinite(worst)) return false;
    ConfigurationMatrix configurations(static_cast<Eigen::Index>(u), space_->size());
    y.resize(static_cast<Eigen::Index>(u));
    for (std::size_t r = 0; r < u; ++r) {
      configurations.row(static_cast<Eigen::Index>(r)) = history[r].configuration;
      y(static_cast<Eigen::Index>(r)) = std::isfinite(history[r].cost) ? history[r].cost : worst;
    }
    x = gp_inputs(*space_, configurations);
    return true;
  }

  // The GP on the first u trials with the kernel hyperparameters of the schedule: at a full-fit
  // trial SMAC's initial kernel and gp_restarts random starts; otherwise one L-BFGS-B start from
  // the hyperparameters of the GP on the first u − 1 trials (a warm refit). `previous` is that
  // kernel (ignored at a full-fit trial). None if every trial crashed.
  std::optional<GaussianProcess> fit_at(const std::vector<Trial>& history, std::size_t u,
                                        const std::optional<GpKernel>& previous) const {
    GpMatrix x;
    Eigen::VectorXd y;
    if (!gp_data(history, u, x, y)) return std::nullopt;
    GpOptions options;
    if (is_full_fit(u) || !previous) {
      options.restarts = settings_.gp_restarts;
      options.seed = Rng::stream(seed_, {bo_stream, u, gp_restarts}).next();
    } else {
      options.restarts = 0;
      options.initial = *previous;
    }
    return GaussianProcess::fit(x, y, categorical_, options);
  }

  bool is_full_fit(std::size_t u) const {
    const auto first = static_cast<std::size_t>(initial_);
    const auto every = static_cast<std::size_t>(std::max(settings_.gp_full_fit_every, 1));
    return u <= first || (u - first) % every == 0;
  }

  // The GP of trial t = history.size(). Its hyperparameters are a function of the history alone:
  // they chain back through warm refits to the last full-fit trial t0 ≤ t, each link the GP on a
  // shorter prefix. Kernels already computed for a prefix of this history are taken from the
  // cache (exactly what recomputing them would give), so an uninterrupted run fits one GP per
  // proposal and a resumed run recomputes at most the chain since t0.
  std::optional<GaussianProcess> surrogate(const std::vector<Trial>& history) const {
    const std::size_t t = history.size();
    std::size_t t0 = t;
    while (!is_full_fit(t0)) --t0;
    std::lock_guard<std::mutex> lock(cache_mutex_);
    remember(history);
    std::optional<GpKernel> previous;
    std::size_t u = t0;
    for (std::size_t v = t; v > t0; --v) {
      const auto hit = kernels_.find(v - 1);
      if (hit != kernels_.end() && v - 1 >= t0) {
        previous = hit->second;
        u = v;
        break;
      }
    }
    for (; u < t; ++u) {
      const std::optional<GaussianProcess> gp = fit_at(history, u, previous);
      if (gp) previous = gp->kernel();
      if (previous) kernels_[u] = *previous;
    }
    std::optional<GaussianProcess> gp = fit_at(history, t, previous);
    if (gp) kernels_[t] = gp->kernel();
    // kernels before the chain of the next proposals are no longer needed
    kernels_.erase(kernels_.begin(), kernels_.lower_bound(t0));
    return gp;
  }

  // Keeps the cache to kernels of prefixes of `history`: entries past the first trial where it
  // differs from the history last seen are dropped.
  void remember(const std::vector<Trial>& history) const {
    const std::size_t width = static_cast<std::size_t>(space_->size()) + 1;
    std::vector<std::uint64_t> bits(history.size() * width);
    for (std::size_t r = 0; r < history.size(); ++r) {
      std::memcpy(&bits[r * width], history[r].configuration.data(), (width - 1) * sizeof(double));
      std::memcpy(&bits[r * width + width - 1], &history[r].cost, sizeof(double));
    }
    std::size_t common = 0;
    while (common < history.size() && (common + 1) * width <= seen_.size() &&
           std::equal(bits.begin() + static_cast<std::ptrdiff_t>(common * width),
                      bits.begin() + static_cast<std::ptrdiff_t>((common + 1) * width),
                      seen_.begin() + static_cast<std::ptrdiff_t>(common * width)))
      ++common;
    // the kernel at u depends on trials 0..u−1
    kernels_.erase(kernels_.upper_bound(common), kernels_.end());
    seen_ = std::move(bits);
  }

  Configuration design_point(std::uint64_t t) const {
    Rng rng = Rng::stream(seed_, {bo_stream, t, random_config});
    Configuration c(space_->size());
    for (int j = 0; j < space_->size(); ++j) {
      const auto k = static_cast<double>(t + 1);
      const double u = std::fmod(
          shift_[static_cast<std::size_t>(j)] + k * alpha_[static_cast<std::size_t>(j)], 1.0);
      c(j) = from_unit(space_->hyperparameter(j), u, rng);
    }
    const Blend resolved = resolve(c);
    if (resolved.forbidden) return random_configuration(t);
    return resolved.configuration;
  }

  Configuration random_configuration(std::uint64_t t) const {
    Rng rng = Rng::stream(seed_, {bo_stream, t, forbidden_fallback});
    return space_->sample(rng);
  }

  // Conditions applied again (children of a changed parent become inactive or take a value).
  Blend resolve(const Configuration& c) const {
    const Coalition all =
        space_->size() >= 64 ? ~Coalition{0} : (Coalition{1} << space_->size()) - 1;
    return space_->blend(c, c, all, players_);
  }

  Eigen::VectorXd acquisition(const GaussianProcess& gp, const ConfigurationMatrix& configs,
                              double eta) const {
    Eigen::VectorXd mean(configs.rows());
    Eigen::VectorXd std;
    gp.predict(gp_inputs(*space_, configs), mean, &std);
    return acquisition(mean, std, eta);
  }

  Eigen::VectorXd acquisition(const Eigen::VectorXd& mean, const Eigen::VectorXd& std,
                              double eta) const {
    Eigen::VectorXd ei(mean.size());
    for (Eigen::Index i = 0; i < mean.size(); ++i)
      ei(i) = expected_improvement(mean(i), std(i), eta, settings_.xi);
    return ei;
  }

  // ConfigSpace's one-exchange neighbourhood, as SMAC's local search uses it: each active
  // numeric value moved by a Gaussian step of standard deviation 0.2 in [0, 1] (4 moves), each
  // categorical switched to every other choice, an ordinal to its neighbours; forbidden ones out.
  void add_neighbours(const Configuration& current, Rng& rng,
                      std::vector<Configuration>& out) const {
    constexpr int numeric_moves = 4;
    constexpr double step = 0.2;
    for (int j = 0; j < space_->size(); ++j) {
      const Hyperparameter& h = space_->hyperparameter(j);
      const double value = current(j);
      if (is_inactive(value)) continue;
      std::vector<double> moves;
      if (h.is_numeric() && std::isfinite(h.lower) && std::isfinite(h.upper)) {
        const double u = h.encode(value);
        for (int m = 0; m < numeric_moves; ++m) {
          double moved = decode_numeric(h, u + step * rng.normal());
          if (moved == value && h.is_integer())
            moved = std::clamp(value + (rng.uniform() < 0.5 ? -1.0 : 1.0), h.lower, h.upper);
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
        Configuration candidate = current;
        candidate(j) = moved;
        Blend resolved = resolve(candidate);
        if (!resolved.forbidden) out.push_back(std::move(resolved.configuration));
      }
    }
  }

  // SMAC's LocalAndSortedRandomSearch: random candidates sorted by EI; local search from the
  // best evaluated and the best random configurations (all starts in step, one GP call per step);
  // the best EI not evaluated yet.
  Configuration maximise_ei(const GaussianProcess& gp, const ConfigurationMatrix& evaluated,
                            std::uint64_t t) const {
    // η: the lowest predicted cost among the evaluated configurations (SMAC's _get_x_best)
    Eigen::VectorXd evaluated_mean(evaluated.rows());
    Eigen::VectorXd evaluated_std;
    gp.predict(gp_inputs(*space_, evaluated), evaluated_mean, &evaluated_std);
    const double eta = evaluated_mean.minCoeff();

    Rng candidate_rng = Rng::stream(seed_, {bo_stream, t, candidates});
    const ConfigurationMatrix random = space_->sample(
        static_cast<std::size_t>(std::max(1, settings_.random_candidates)), candidate_rng);
    const Eigen::VectorXd random_ei = acquisition(gp, random, eta);
    const Eigen::VectorXd evaluated_ei = acquisition(evaluated_mean, evaluated_std, eta);

    const auto top = [](const Eigen::VectorXd& values, int count) {
      std::vector<Eigen::Index> order(static_cast<std::size_t>(values.size()));
      std::iota(order.begin(), order.end(), 0);
      const auto k = std::min(order.size(), static_cast<std::size_t>(std::max(count, 0)));
      std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(k), order.end(),
                        [&](Eigen::Index a, Eigen::Index b) { return values(a) > values(b); });
      order.resize(k);
      return order;
    };
    std::vector<Configuration> current;
    std::vector<double> current_ei;
    for (const Eigen::Index i : top(evaluated_ei, settings_.local_search_starts)) {
      current.emplace_back(evaluated.row(i));
      current_ei.push_back(evaluated_ei(i));
    }
    for (const Eigen::Index i : top(random_ei, settings_.local_search_starts)) {
      current.emplace_back(random.row(i));
      current_ei.push_back(random_ei(i));
    }

    // local search, every start in step
    Rng rng = Rng::stream(seed_, {bo_stream, t, neighbours});
    std::vector<bool> active(current.size(), true);
    for (int step = 0; step < settings_.local_search_max_steps; ++step) {
      std::vector<Configuration> batch;
      std::vector<std::size_t> owner;
      for (std::size_t s = 0; s < current.size(); ++s) {
        if (!active[s]) continue;
        const std::size_t before = batch.size();
        add_neighbours(current[s], rng, batch);
        owner.insert(owner.end(), batch.size() - before, s);
      }
      if (batch.empty()) break;
      ConfigurationMatrix matrix(static_cast<Eigen::Index>(batch.size()), space_->size());
      for (std::size_t i = 0; i < batch.size(); ++i)
        matrix.row(static_cast<Eigen::Index>(i)) = batch[i];
      const Eigen::VectorXd ei = acquisition(gp, matrix, eta);
      std::vector<Eigen::Index> best(current.size(), -1);
      for (std::size_t i = 0; i < batch.size(); ++i) {
        const std::size_t s = owner[i];
        const auto row = static_cast<Eigen::Index>(i);
        if (ei(row) > current_ei[s] && (best[s] < 0 || ei(row) > ei(best[s]))) best[s] = row;
      }
      bool moved = false;
      for (std::size_t s = 0; s < current.size(); ++s) {
        if (!active[s]) continue;
        if (best[s] < 0) {
          active[s] = false;  // a local optimum of EI
          continue;
        }
        current[s] = batch[static_cast<std::size_t>(best[s])];
        current_ei[s] = ei(best[s]);
        moved = true;
      }
      if (!moved) break;
    }

    // the best EI among local optima and random candidates that was not evaluated yet
    std::vector<std::pair<double, Configuration>> pool;
    for (std::size_t s = 0; s < current.size(); ++s) pool.emplace_back(current_ei[s], current[s]);
    for (const Eigen::Index i : top(random_ei, 2 * settings_.local_search_starts + 1))
      pool.emplace_back(random_ei(i), random.row(i));
    std::stable_sort(pool.begin(), pool.end(),
                     [](const auto& a, const auto& b) { return a.first > b.first; });
    for (const auto& [value, configuration] : pool) {
      bool seen = false;
      for (Eigen::Index r = 0; r < evaluated.rows() && !seen; ++r)
        seen = same_configuration(configuration, evaluated.row(r));
      if (!seen) return configuration;
    }
    return random_configuration(t);
  }

  std::shared_ptr<const ConfigurationSpace> space_;
  BayesianOptimizationSettings settings_;
  std::uint64_t seed_;
  std::vector<int> players_;
  std::vector<bool> categorical_;
  int initial_ = 0;
  std::vector<double> alpha_;
  std::vector<double> shift_;
  // the kernel hyperparameters after u trials, for prefixes of the history last seen (a speed-up
  // only: every entry is what recomputing it would give)
  mutable std::mutex cache_mutex_;
  mutable std::map<std::size_t, GpKernel> kernels_;
  mutable std::vector<std::uint64_t> seen_;
};

}  // namespace

int initial_design_size(const BayesianOptimizationSettings& settings, int dimensions) {
  if (settings.initial_design > 0) return settings.initial_design;
  int size = 8 * std::max(dimensions, 1);  // SMAC's n_configs_per_hyperparameter
  if (settings.trials > 0)
    size = std::min(size, static_cast<int>(settings.max_initial_ratio * settings.trials));
  return std::max(size, 1);
}

std::unique_ptr<Optimizer> make_bayesian_optimization(
    std::shared_ptr<const ConfigurationSpace> space, const BayesianOptimizationSettings& settings,
    std::uint64_t seed) {
  return std::make_unique<BayesianOptimization>(std::move(space), settings, seed);
}

}  // namespace hypershap
