#pragma once
// The explanations hypershap computes, named as in shapiq and the HyperSHAP paper.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hypershap {

enum class Index {
  moebius,  // Möbius transform (Harsanyi dividends) m(S)
  sv,       // Shapley value
  bv,       // Banzhaf value
  sii,      // Shapley interaction index (Grabisch & Roubens)
  k_sii,    // k-Shapley values (Bord et al.): SII aggregated by Bernoulli numbers, efficient
  stii,     // Shapley-Taylor interaction index (Sundararajan et al.)
  fsii,     // Faithful Shapley interaction index (Tsai et al.)
  fbii,     // Faithful Banzhaf interaction index (Tsai et al.)
};

/// Every index, in the order `--index all` reports them.
const std::vector<Index>& all_indices();

/// Canonical name: Moebius, SV, BV, SII, k-SII, STII, FSII, FBII.
std::string_view name_of(Index index);

/// Case-insensitive parse of a canonical name; throws invalid_input listing the valid names.
Index parse_index(std::string_view text);

/// The order an explanation of `index` has when `order` is asked for: SV and BV are always
/// order 1, the others take the order asked for.
int effective_order(Index index, int order);

/// How the empty coalition's entry I(∅) is reported.
enum class EmptySetConvention {
  baseline,  // I(∅) = v(∅) for every index (hypershap's default: the value plots start from)
  shapiq,    // what shapiq's ExactComputer reports (a mean of v for SII, BV, BII; FBII's intercept)
};

EmptySetConvention parse_empty_set_convention(std::string_view text);
std::string_view name_of(EmptySetConvention convention);

/// How a run explains a game ([explain] method): from every coalition, from a sample of at most
/// `budget` coalitions (explain/approximation.hpp), or exactly when 2^n <= budget.
enum class ExplainMethod { exact, approximate, automatic };

/// Canonical name: exact, approximate, auto.
std::string_view name_of(ExplainMethod method);

enum class ApproximationMethod;  // explain/approximation.hpp

/// The explanations a run stores for each game ([explain] of a job file).
struct ExplainSpec {
  std::vector<Index> indices = {Index::sv, Index::fsii};
  int order = 2;
  EmptySetConvention empty_set = EmptySetConvention::baseline;
  ExplainMethod method = ExplainMethod::exact;
  std::uint64_t budget = std::uint64_t{1} << 14;  // coalitions of an approximate game
  /// The approximator of every index; unset: the recommended one per index
  /// (recommended_approximation in explain/approximation.hpp).
  std::optional<ApproximationMethod> approximator;
};

}  // namespace hypershap
