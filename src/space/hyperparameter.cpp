#include "hypershap/space/hyperparameter.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>

namespace hypershap {

namespace {

// The shortest text that reads back as the same double, in Python's style: positional for
// 1e-4 <= |x| < 1e16, scientific otherwise (0.0001, not 1e-04).
std::string number_text(double value) {
  std::array<char, 64> buffer{};
  const bool positional =
      value == 0.0 || (std::abs(value) >= 1e-4 && std::abs(value) < 1e16) || !std::isfinite(value);
  const auto result =
      std::to_chars(buffer.data(), buffer.data() + buffer.size(), value,
                    positional ? std::chars_format::fixed : std::chars_format::scientific);
  return std::string(buffer.data(), result.ptr);
}

double clamp_to(double value, double lower, double upper) {
  return std::min(std::max(value, lower), upper);
}

}  // namespace

const char* kind_name(HyperparameterKind kind) {
  switch (kind) {
    case HyperparameterKind::uniform_float: return "uniform_float";
    case HyperparameterKind::uniform_int: return "uniform_int";
    case HyperparameterKind::normal_float: return "normal_float";
    case HyperparameterKind::normal_int: return "normal_int";
    case HyperparameterKind::categorical: return "categorical";
    case HyperparameterKind::ordinal: return "ordinal";
    case HyperparameterKind::constant: return "constant";
  }
  return "unknown";
}

bool Hyperparameter::has_numeric_values() const {
  if (is_numeric()) return true;
  return std::none_of(choice_numbers.begin(), choice_numbers.end(),
                      [](double x) { return std::isnan(x); });
}

std::string Hyperparameter::why_illegal(double value) const {
  if (is_numeric()) {
    if (!std::isfinite(value)) return number_text(value) + " is not a finite number";
    if (value < lower || value > upper) {
      return number_text(value) + " is outside [" + number_text(lower) + ", " + number_text(upper) +
             "]";
    }
    if (is_integer() && value != std::round(value)) {
      return number_text(value) + " is not an integer";
    }
    return {};
  }
  const auto count = static_cast<double>(choices.size());
  if (!(value >= 0.0 && value < count) || value != std::round(value)) {
    return "index " + number_text(value) + " is not one of the " + number_text(count) +
           " choices (0 to " + number_text(count - 1.0) + ")";
  }
  return {};
}

std::string Hyperparameter::text(double value) const {
  if (is_inactive(value)) return "inactive";
  if (is_numeric()) return number_text(value);
  if (why_illegal(value).empty()) return choices[static_cast<std::size_t>(value)];
  return "index " + number_text(value);
}

double Hyperparameter::encode(double value) const {
  if (is_inactive(value)) return inactive_encoding;
  if (!is_numeric()) return kind == HyperparameterKind::constant ? 0.0 : value;
  if (std::isfinite(lower) && std::isfinite(upper)) {
    if (upper == lower) return 0.0;
    if (log) return (std::log(value) - std::log(lower)) / (std::log(upper) - std::log(lower));
    return (value - lower) / (upper - lower);
  }
  return ((log ? std::log(value) : value) - mu) / sigma;
}

double Hyperparameter::sample(Rng& rng) const {
  double value = 0.0;
  switch (kind) {
    case HyperparameterKind::uniform_float:
      value =
          log ? std::exp(rng.uniform(std::log(lower), std::log(upper))) : rng.uniform(lower, upper);
      break;
    case HyperparameterKind::uniform_int:
      if (log) {
        value = std::round(std::exp(rng.uniform(std::log(lower - 0.5), std::log(upper + 0.5))));
      } else {
        value =
            lower + static_cast<double>(rng.below(static_cast<std::uint64_t>(upper - lower) + 1));
      }
      break;
    case HyperparameterKind::normal_float:
    case HyperparameterKind::normal_int: {
      // Truncated to the bounds by rejection; a prior with almost no mass inside the bounds falls
      // back to uniform within them rather than looping.
      bool found = false;
      for (int attempt = 0; attempt < 1000 && !found; ++attempt) {
        value = mu + sigma * rng.normal();
        if (log) value = std::exp(value);
        if (is_integer()) value = std::round(value);
        found = value >= lower && value <= upper;
      }
      if (!found) value = rng.uniform(lower, upper);
      break;
    }
    case HyperparameterKind::categorical:
      if (!weights.empty()) {
        const double u = rng.uniform();
        double cumulative = 0.0;
        std::size_t index = 0;
        for (; index + 1 < weights.size(); ++index) {
          cumulative += weights[index];
          if (u < cumulative) break;
        }
        return static_cast<double>(index);
      }
      return static_cast<double>(rng.below(choices.size()));
    case HyperparameterKind::ordinal: return static_cast<double>(rng.below(choices.size()));
    case HyperparameterKind::constant: return 0.0;
  }
  if (q > 0.0) value = std::round(value / q) * q;
  value = clamp_to(value, lower, upper);
  if (is_integer()) value = std::round(value);
  return value;
}

}  // namespace hypershap
