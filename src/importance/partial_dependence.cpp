#include "hypershap/importance/partial_dependence.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>

#include "hypershap/core/coalition.hpp"
#include "hypershap/core/error.hpp"
#include "hypershap/core/random.hpp"

namespace hypershap {

namespace {

// the first primes, one Halton base per player
std::vector<std::uint64_t> primes(std::size_t count) {
  std::vector<std::uint64_t> out;
  for (std::uint64_t p = 2; out.size() < count; ++p) {
    bool prime = true;
    for (const std::uint64_t q : out) {
      if (q * q > p) break;
      if (p % q == 0) prime = false;
    }
    if (prime) out.push_back(p);
  }
  return out;
}

double radical_inverse(std::uint64_t i, std::uint64_t base) {
  double result = 0.0;
  double scale = 1.0 / static_cast<double>(base);
  while (i > 0) {
    result += static_cast<double>(i % base) * scale;
    i /= base;
    scale /= static_cast<double>(base);
  }
  return result;
}

double standard_normal_cdf(double x) { return 0.5 * std::erfc(-x / std::sqrt(2.0)); }

// The value of `h` at quantile u ∈ [0, 1) of its prior (the inverse of the distribution
// Hyperparameter::sample draws from).
double value_at(const Hyperparameter& h, double u) {
  double value = 0.0;
  switch (h.kind) {
    case HyperparameterKind::uniform_float:
      value = h.log ? std::exp(std::log(h.lower) + u * (std::log(h.upper) - std::log(h.lower)))
                    : h.lower + u * (h.upper - h.lower);
      break;
    case HyperparameterKind::uniform_int:
      if (h.log) {
        const double lo = std::log(h.lower - 0.5), hi = std::log(h.upper + 0.5);
        value = std::round(std::exp(lo + u * (hi - lo)));
      } else {
        value = h.lower + std::floor(u * (h.upper - h.lower + 1.0));
      }
      break;
    case HyperparameterKind::normal_float:
    case HyperparameterKind::normal_int: {
      // the normal prior truncated to the bounds, inverted by bisection
      const auto z_of = [&](double bound) {
        if (!std::isfinite(bound)) return bound;
        return ((h.log ? std::log(bound) : bound) - h.mu) / h.sigma;
      };
      const double p_lo = standard_normal_cdf(z_of(h.lower));
      const double p_hi = standard_normal_cdf(z_of(h.upper));
      const double target = p_lo + u * (p_hi - p_lo);
      double a = -40.0, b = 40.0;
      for (int i = 0; i < 200 && b - a > 1e-14; ++i) {
        const double m = 0.5 * (a + b);
        (standard_normal_cdf(m) < target ? a : b) = m;
      }
      value = h.mu + h.sigma * 0.5 * (a + b);
      if (h.log) value = std::exp(value);
      if (h.is_integer()) value = std::round(value);
      break;
    }
    case HyperparameterKind::categorical: {
      const auto k = static_cast<double>(h.choices.size());
      if (h.weights.empty()) return std::min(std::floor(u * k), k - 1.0);
      double cumulative = 0.0;
      std::size_t index = 0;
      for (; index + 1 < h.weights.size(); ++index) {
        cumulative += h.weights[index];
        if (u < cumulative) break;
      }
      return static_cast<double>(index);
    }
    case HyperparameterKind::ordinal: {
      const auto k = static_cast<double>(h.choices.size());
      return std::min(std::floor(u * k), k - 1.0);
    }
    case HyperparameterKind::constant: return 0.0;
  }
  if (h.q > 0.0) value = std::round(value / h.q) * h.q;
  return std::clamp(value, h.lower, h.upper);
}

}  // namespace

std::vector<double> partial_dependence_axis(const Hyperparameter& h, int points) {
  std::vector<double> axis;
  if (h.has_choices()) {
    for (std::size_t c = 0; c < std::max<std::size_t>(h.choices.size(), 1); ++c)
      axis.push_back(static_cast<double>(c));
    if (h.kind == HyperparameterKind::constant) axis = {0.0};
    return axis;
  }
  if (!std::isfinite(h.lower) || !std::isfinite(h.upper))
    throw invalid_input("partial dependence: hyperparameter '" + h.name +
                        "' has no finite bounds; give it lower and upper bounds in the space");
  for (int i = 0; i < points; ++i) {
    const double u = points == 1 ? 0.5 : static_cast<double>(i) / (points - 1);
    double x = h.log ? std::exp(std::log(h.lower) + u * (std::log(h.upper) - std::log(h.lower)))
                     : h.lower + u * (h.upper - h.lower);
    if (h.is_integer()) x = std::round(x);
    x = std::clamp(x, h.lower, h.upper);
    if (axis.empty() || axis.back() != x) axis.push_back(x);
  }
  return axis;
}

ConfigurationMatrix quasi_random_configurations(const ConfigurationSpace& space,
                                                const std::vector<int>& players,
                                                const Configuration& baseline, std::size_t count,
                                                std::uint64_t seed) {
  const std::vector<std::uint64_t> bases = primes(players.size());
  Rng rng = Rng::stream(seed, {0x7064u});  // "pd": the random shift of every dimension
  std::vector<double> shift(players.size());
  for (double& s : shift) s = rng.uniform();
  const Coalition all = grand_coalition(static_cast<int>(players.size()));
  ConfigurationMatrix out(static_cast<Eigen::Index>(count), space.size());
  Configuration point = baseline;
  for (std::size_t r = 0; r < count; ++r) {
    for (std::size_t p = 0; p < players.size(); ++p) {
      double u = radical_inverse(r + 1, bases[p]) + shift[p];
      if (u >= 1.0) u -= 1.0;
      point[players[p]] = value_at(space.hyperparameter(players[p]), u);
    }
    space.blend_into(point, baseline, all, players, out.row(static_cast<Eigen::Index>(r)));
  }
  return out;
}

PartialDependence partial_dependence(const PerformanceModel& model, const std::vector<int>& players,
                                     const Configuration& baseline,
                                     const std::vector<int>& features,
                                     const PartialDependenceOptions& options) {
  const ConfigurationSpace& space = model.space();
  if (features.empty() || features.size() > 2)
    throw invalid_input("partial dependence: " + std::to_string(features.size()) +
                        " hyperparameters; give one (a curve) or two (a heat map)");
  if (features.size() == 2 && features[0] == features[1])
    throw invalid_input("partial dependence: '" + space.hyperparameter(features[0]).name +
                        "' twice; give two different hyperparameters");
  if (options.grid < 2 || options.grid > 10000)
    throw invalid_input("partial dependence: grid = " + std::to_string(options.grid) +
                        "; use 2 to 10000 points");
  if (options.samples < 2 || options.samples > 10000000)
    throw invalid_input("partial dependence: samples = " + std::to_string(options.samples) +
                        "; use 2 to 10,000,000 Monte Carlo points");
  PartialDependence pd;
  pd.features = features;
  for (const int f : features) {
    if (std::find(players.begin(), players.end(), f) == players.end())
      throw invalid_input(
          "partial dependence: '" +
          (f >= 0 && f < space.size() ? space.hyperparameter(f).name : std::to_string(f)) +
          "' is not a player; name one of the job's players");
    pd.names.push_back(space.hyperparameter(f).name);
    pd.axes.push_back(partial_dependence_axis(space.hyperparameter(f), options.grid));
    pd.labels.emplace_back();
    for (const double v : pd.axes.back())
      pd.labels.back().push_back(space.hyperparameter(f).text(v));
  }
  const auto n = static_cast<std::size_t>(options.samples);
  const ConfigurationMatrix points =
      quasi_random_configurations(space, players, baseline, n, options.seed);
  std::size_t cells = 1;
  for (const auto& axis : pd.axes) cells *= axis.size();
  pd.mean.assign(cells, 0.0);
  pd.standard_error.assign(cells, 0.0);
  pd.count.assign(cells, 0);
  if (options.ice)
    pd.ice =
        Eigen::MatrixXd::Constant(static_cast<Eigen::Index>(n), static_cast<Eigen::Index>(cells),
                                  std::numeric_limits<double>::quiet_NaN());

  const Coalition all = grand_coalition(static_cast<int>(players.size()));
  ConfigurationMatrix batch(static_cast<Eigen::Index>(n), space.size());
  Eigen::VectorXd values(static_cast<Eigen::Index>(n));
  std::vector<Eigen::Index> allowed;
  Configuration point(space.size());
  for (std::size_t cell = 0; cell < cells; ++cell) {
    // the grid values of this cell, the first feature's index varying slowest
    std::vector<double> at_cell(features.size());
    std::size_t rest = cell;
    for (std::size_t i = features.size(); i-- > 0;) {
      at_cell[i] = pd.axes[i][rest % pd.axes[i].size()];
      rest /= pd.axes[i].size();
    }
    allowed.clear();
    Eigen::Index rows = 0;
    for (std::size_t r = 0; r < n; ++r) {
      point = points.row(static_cast<Eigen::Index>(r));
      for (std::size_t i = 0; i < features.size(); ++i) point[features[i]] = at_cell[i];
      if (space.blend_into(point, baseline, all, players, batch.row(rows))) continue;
      allowed.push_back(static_cast<Eigen::Index>(r));
      ++rows;
    }
    if (rows == 0) {
      pd.mean[cell] = pd.standard_error[cell] = std::numeric_limits<double>::quiet_NaN();
      continue;
    }
    model.evaluate(batch.topRows(rows), values.head(rows));
    double mean = 0.0;
    for (Eigen::Index i = 0; i < rows; ++i) mean += values[i];
    mean /= static_cast<double>(rows);
    double squares = 0.0;
    for (Eigen::Index i = 0; i < rows; ++i) squares += (values[i] - mean) * (values[i] - mean);
    pd.mean[cell] = mean;
    pd.count[cell] = static_cast<int>(rows);
    pd.standard_error[cell] =
        rows > 1 ? std::sqrt(squares / static_cast<double>(rows - 1) / static_cast<double>(rows))
                 : std::numeric_limits<double>::quiet_NaN();
    if (options.ice)
      for (Eigen::Index i = 0; i < rows; ++i)
        pd.ice(allowed[static_cast<std::size_t>(i)], static_cast<Eigen::Index>(cell)) = values[i];
  }
  return pd;
}

}  // namespace hypershap
