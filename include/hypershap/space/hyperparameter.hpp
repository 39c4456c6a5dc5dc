#pragma once
// One hyperparameter of a ConfigSpace configuration space and the representation of its values.
//
// A configuration holds one double per hyperparameter (hypershap::Configuration):
//   uniform/normal float and int   the value itself (ints are integral doubles)
//   categorical, ordinal           the index into `choices` (the ordinal's sequence)
//   constant                       0
//   inactive                       NaN (the hyperparameter's conditions do not hold)

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "hypershap/core/random.hpp"

namespace hypershap {

/// The value of an inactive hyperparameter in a configuration.
inline constexpr double inactive_value = std::numeric_limits<double>::quiet_NaN();
inline bool is_inactive(double value) { return std::isnan(value); }

/// What an inactive hyperparameter becomes in the numeric encoding for models (encode()): outside
/// the unit interval and below every index, as SMAC's random forests impute it.
inline constexpr double inactive_encoding = -1.0;

enum class HyperparameterKind {
  uniform_float,
  uniform_int,
  normal_float,
  normal_int,
  categorical,
  ordinal,
  constant
};

/// The ConfigSpace type name ("uniform_float", ...).
const char* kind_name(HyperparameterKind kind);

struct Hyperparameter {
  std::string name;
  HyperparameterKind kind = HyperparameterKind::constant;

  // Numeric kinds: bounds (a normal hyperparameter without bounds has infinite ones), log scale
  // and the quantisation step q (0: none). Normal kinds: mu and sigma, of log(x) when `log`.
  double lower = 0.0;
  double upper = 0.0;
  bool log = false;
  double q = 0.0;
  double mu = 0.0;
  double sigma = 1.0;

  // Categorical choices, the ordinal's sequence or the constant's value, as text (strings as
  // written, booleans as True/False the way Python prints them, numbers as JSON writes them).
  std::vector<std::string> choices;
  // The number each choice stands for, NaN for choices that are not numbers.
  std::vector<double> choice_numbers;
  // Categorical sampling weights, normalised to sum 1; empty means uniform.
  std::vector<double> weights;

  // The default in the configuration representation (the value, or the index for choices).
  double default_value = 0.0;

  bool is_numeric() const { return kind <= HyperparameterKind::normal_int; }
  bool is_integer() const {
    return kind == HyperparameterKind::uniform_int || kind == HyperparameterKind::normal_int;
  }
  bool has_choices() const { return !is_numeric(); }
  /// Every value of this hyperparameter is a number (numeric kinds; choices that all are).
  bool has_numeric_values() const;

  /// Empty when `value` (not inactive) is a legal value, otherwise why not ("0.5 is outside
  /// [1, 10]", "2.5 is not an integer", "index 7 is not one of the 3 choices").
  std::string why_illegal(double value) const;

  /// The value as people read it: the number, or the choice's text.
  std::string text(double value) const;

  /// The value for models: numerics mapped to [0, 1] over their bounds (on the log scale when
  /// `log`; unbounded normals standardised as (x - mu) / sigma), the index for categorical and
  /// ordinal, 0 for a constant. Inactive values become inactive_encoding.
  double encode(double value) const;

  /// A value drawn from the hyperparameter's prior: uniform (log-uniform when `log`; integers
  /// log-uniform over [lower - 0.5, upper + 0.5] and rounded), normal (truncated to the bounds),
  /// categorical by weight, ordinal uniform; quantised to multiples of q when q > 0.
  double sample(Rng& rng) const;
};

}  // namespace hypershap
