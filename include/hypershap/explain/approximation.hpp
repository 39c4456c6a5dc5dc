#pragma once
// Approximate explanations of games too large for the exact engine: an index at an order is
// estimated from the values of at most `budget` coalitions, with a standard error per estimate.
// Every approximator works in two steps so that the coalitions can be evaluated anywhere (in
// one batch here, by MPI ranks and a store later): the constructor draws the coalitions from
// (n, index, order, budget, seed) alone, estimate() turns their values into the explanation.
//
// Common to all methods: coalitions are bitmasks (n <= 64, no 2^n arrays), v(∅) and v(N) are
// always evaluated, samples come in antithetic pairs (S with N \ S, a permutation with its
// reverse) and the same settings give the same coalitions and estimates. The empty coalition's
// entry is v(∅) (the baseline convention) with standard error 0.

#include <cstdint>
#include <functional>
#include <memory>
#include <string_view>
#include <vector>

#include "hypershap/core/coalition.hpp"
#include "hypershap/explain/index.hpp"
#include "hypershap/explain/interaction_values.hpp"

namespace hypershap {

/// The largest number of players an approximation takes (coalitions are 64-bit masks).
inline constexpr int max_approximation_players = 64;

enum class ApproximationMethod : int {
  regression,   // Shapley-kernel weighted least squares: KernelSHAP (SV) and regression FSII
  permutation,  // permutation sampling of SII, and SV and k-SII from it
  shap_iq,      // SHAP-IQ (Fumagalli et al. 2023): unbiased sums over sampled coalitions, any index
};

/// Canonical name: regression, permutation, shap-iq.
std::string_view name_of(ApproximationMethod method);

/// Case-insensitive parse of a canonical name; throws invalid_input listing the valid names.
ApproximationMethod parse_approximation_method(std::string_view text);

/// Whether `method` estimates `index` (at `order`): regression does SV, FSII (make_approximator
/// refuses order n, the Möbius transform) and
/// k-SII of order 1 (= SV); permutation does SV, SII and k-SII; shap-iq every index but the Möbius
/// transform.
bool supports(ApproximationMethod method, Index index, int order);

struct ApproximationSettings {
  std::uint64_t budget = 1U << 14;  // at most this many coalitions are evaluated, ∅ and N included
  std::uint64_t seed = 0;
  ApproximationMethod method = ApproximationMethod::regression;
};

struct Approximation {
  InteractionValues values;                // baseline convention: values for ∅ is v(∅)
  std::vector<double> standard_errors;     // standard_errors[i] belongs to values.coalitions[i]
  std::uint64_t evaluated_coalitions = 0;  // distinct coalitions whose values were used
  /// True when the sample covered every coalition the estimator needs to be exact (regression
  /// and shap-iq with budget >= 2^n, any method for one player); the standard errors are then 0.
  bool exact = false;
};

/// A game given as a function: the values of a batch of coalitions, in the order given.
using CoalitionValueFunction = std::function<std::vector<double>(const std::vector<Coalition>&)>;

class Approximator {
 public:
  virtual ~Approximator() = default;
  /// The distinct coalitions whose values estimate() needs; ∅ and N are the first two.
  virtual const std::vector<Coalition>& coalitions() const = 0;
  /// The explanation from values[i] = v(coalitions()[i]).
  virtual Approximation estimate(const std::vector<double>& values) const = 0;
};

/// Draws the coalitions of one approximation; throws invalid_input for an unsupported index,
/// an order outside 1..n, n outside 1..64, or a budget too small for the method.
std::unique_ptr<Approximator> make_approximator(int n, Index index, int order,
                                                const ApproximationSettings& settings);

/// The result's frame: players named by their numbers, every coalition up to the order, all
/// values v(∅) (the estimators overwrite the coalitions they estimate).
InteractionValues explanation_frame(int n, Index index, int order, double empty_value,
                                    double grand_value);

/// make_approximator, one call of v on its coalitions, estimate.
Approximation approximate(const CoalitionValueFunction& v, int n, Index index, int order,
                          const ApproximationSettings& settings);

/// The README's recommendation ("Approximations"): SV and FSII -> regression, SII and k-SII ->
/// permutation, the other indices -> shap-iq.
ApproximationMethod recommended_approximation(Index index);

/// Whether a run approximates a game on `n` players: method approximate, or auto with
/// 2^n > budget (and always above 62 players, where 2^n does not fit the budget's type).
bool approximates(const ExplainSpec& spec, int n);

/// The approximation settings of `index` in a run (the job's budget and seed).
ApproximationSettings approximation_settings(const ExplainSpec& spec, Index index,
                                             std::uint64_t seed);

/// The coalitions a run evaluates for an approximate game on n players: the union of the
/// coalitions of every index's approximator (indices with the same approximator share them), in
/// increasing bitmask order. Drawn from (n, spec, seed) alone.
std::vector<Coalition> approximation_sample(const ExplainSpec& spec, int n, std::uint64_t seed);

/// Every explanation of `spec` from the values of a sample: value_of(s) is v(s) for each
/// coalition of approximation_sample (throws from value_of for a coalition it lacks).
std::vector<Approximation> approximate_explanations(
    const ExplainSpec& spec, int n, std::uint64_t seed,
    const std::function<double(Coalition)>& value_of);

}  // namespace hypershap
