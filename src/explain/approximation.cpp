#include "hypershap/explain/approximation.hpp"

#include <algorithm>
#include <cctype>
#include <string>

#include "hypershap/core/error.hpp"
#include "hypershap/explain/permutation_estimator.hpp"
#include "hypershap/explain/regression_estimator.hpp"
#include "hypershap/explain/shapiq_estimator.hpp"

namespace hypershap {

std::string_view name_of(ApproximationMethod method) {
  switch (method) {
    case ApproximationMethod::regression: return "regression";
    case ApproximationMethod::permutation: return "permutation";
    case ApproximationMethod::shap_iq: return "shap-iq";
  }
  return "?";
}

ApproximationMethod parse_approximation_method(std::string_view text) {
  std::string wanted(text);
  std::transform(wanted.begin(), wanted.end(), wanted.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  for (const auto method : {ApproximationMethod::regression, ApproximationMethod::permutation,
                            ApproximationMethod::shap_iq}) {
    if (wanted == name_of(method)) return method;
  }
  throw invalid_input("unknown approximation method '" + std::string(text) +
                      "'; use regression, permutation or shap-iq");
}

bool supports(ApproximationMethod method, Index index, int order) {
  switch (method) {
    case ApproximationMethod::regression:
      return index == Index::sv || index == Index::fsii ||
             (index == Index::k_sii && effective_order(index, order) == 1);
    case ApproximationMethod::permutation:
      return index == Index::sv || index == Index::sii || index == Index::k_sii;
    case ApproximationMethod::shap_iq: return index != Index::moebius;
  }
  return false;
}

InteractionValues explanation_frame(int n, Index index, int order, double empty_value,
                                    double grand_value) {
  InteractionValues frame;
  frame.index = index;
  frame.order = order;
  frame.convention = EmptySetConvention::baseline;
  for (int i = 0; i < n; ++i) frame.players.push_back(std::to_string(i));
  frame.empty_value = empty_value;
  frame.grand_value = grand_value;
  frame.coalitions = coalitions_up_to(n, order, /*include_empty=*/true);
  frame.values.assign(frame.coalitions.size(), empty_value);
  return frame;
}

std::unique_ptr<Approximator> make_approximator(int n, Index index, int order,
                                                const ApproximationSettings& settings) {
  if (n < 1 || n > max_approximation_players) {
    throw invalid_input("an approximation takes 1 to " + std::to_string(max_approximation_players) +
                        " players, not " + std::to_string(n));
  }
  if (order < 1 || order > n) {
    throw invalid_input("--order " + std::to_string(order) + " is out of range: a game on " +
                        std::to_string(n) + " players has interaction orders 1 to " +
                        std::to_string(n));
  }
  if (!supports(settings.method, index, order)) {
    throw invalid_input(
        "the " + std::string(name_of(settings.method)) + " approximation does not estimate " +
        std::string(name_of(index)) + " of order " + std::to_string(order) +
        "; use regression for SV and FSII, permutation for SV, SII and k-SII, or shap-iq for "
        "every index but Moebius");
  }
  switch (settings.method) {
    case ApproximationMethod::regression:
      return std::make_unique<RegressionEstimator>(n, index, order, settings);
    case ApproximationMethod::permutation:
      return std::make_unique<PermutationEstimator>(n, index, order, settings);
    case ApproximationMethod::shap_iq:
      return std::make_unique<ShapIqEstimator>(n, index, order, settings);
  }
  throw invalid_input("unknown approximation method");
}

Approximation approximate(const CoalitionValueFunction& v, int n, Index index, int order,
                          const ApproximationSettings& settings) {
  const auto approximator = make_approximator(n, index, order, settings);
  const std::vector<double> values = v(approximator->coalitions());
  if (values.size() != approximator->coalitions().size()) {
    throw invalid_input("the value function returned " + std::to_string(values.size()) +
                        " values for " + std::to_string(approximator->coalitions().size()) +
                        " coalitions");
  }
  return approximator->estimate(values);
}

ApproximationMethod recommended_approximation(Index index) {
  switch (index) {
    case Index::sv:
    case Index::fsii: return ApproximationMethod::regression;
    case Index::sii:
    case Index::k_sii: return ApproximationMethod::permutation;
    default: return ApproximationMethod::shap_iq;
  }
}

bool approximates(const ExplainSpec& spec, int n) {
  switch (spec.method) {
    case ExplainMethod::exact: return false;
    case ExplainMethod::approximate: return true;
    case ExplainMethod::automatic: return n > 62 || (std::uint64_t{1} << n) > spec.budget;
  }
  return false;
}

ApproximationSettings approximation_settings(const ExplainSpec& spec, Index index,
                                             std::uint64_t seed) {
  ApproximationSettings settings;
  settings.budget = spec.budget;
  settings.seed = seed;
  settings.method = spec.approximator ? *spec.approximator : recommended_approximation(index);
  return settings;
}

namespace {
int approximation_order(const ExplainSpec& spec, Index index, int n) {
  return std::min(effective_order(index, spec.order), n);
}
}  // namespace

std::vector<Coalition> approximation_sample(const ExplainSpec& spec, int n, std::uint64_t seed) {
  std::vector<Coalition> sample;
  for (const Index index : spec.indices) {
    const auto approximator = make_approximator(n, index, approximation_order(spec, index, n),
                                                approximation_settings(spec, index, seed));
    const std::vector<Coalition>& drawn = approximator->coalitions();
    sample.insert(sample.end(), drawn.begin(), drawn.end());
  }
  std::sort(sample.begin(), sample.end());
  sample.erase(std::unique(sample.begin(), sample.end()), sample.end());
  return sample;
}

std::vector<Approximation> approximate_explanations(
    const ExplainSpec& spec, int n, std::uint64_t seed,
    const std::function<double(Coalition)>& value_of) {
  std::vector<Approximation> result;
  for (const Index index : spec.indices) {
    const auto approximator = make_approximator(n, index, approximation_order(spec, index, n),
                                                approximation_settings(spec, index, seed));
    std::vector<double> values;
    values.reserve(approximator->coalitions().size());
    for (const Coalition s : approximator->coalitions()) values.push_back(value_of(s));
    result.push_back(approximator->estimate(values));
  }
  return result;
}

}  // namespace hypershap
