#include "hypershap/explain/shapley_interactions.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "hypershap/core/error.hpp"
#include "hypershap/core/memory.hpp"
#include "hypershap/explain/ranked_superset_sums.hpp"
#include "hypershap/explain/value_weights.hpp"

namespace hypershap {

namespace {

// shapiq reports I(∅) from the index's own formula for SII, BV (BII) and FBII, and v(∅) otherwise.
bool shapiq_reports_formula_for_empty_set(Index index) {
  return index == Index::sii || index == Index::bv || index == Index::fbii;
}

InteractionValues explain_with(const GameTable& game, const RankedSupersetSums& sums, Index index,
                               int order, EmptySetConvention convention) {
  const int n = game.n();
  const int k = effective_order(index, order);
  const ValueWeights weights(index, n, k);

  InteractionValues result;
  result.index = index;
  result.order = k;
  result.convention = convention;
  result.players = game.players;
  result.empty_value = game.empty_value();
  result.grand_value = game.grand_value();
  result.coalitions = coalitions_up_to(n, k, /*include_empty=*/true);
  result.values.reserve(result.coalitions.size());

  for (const Coalition s : result.coalitions) {
    const int size = size_of(s);
    double value = 0.0;
    // I(S) = Σ_{R ⊆ S} Σ_w e_{s,|R|}(w) · Σ_{W ⊇ R, |W| = w} v(W), over the submasks R of S.
    Coalition r = s;
    while (true) {
      const int rsize = size_of(r);
      for (int w = rsize; w <= n; ++w) value += weights.at(size, rsize, w) * sums.at(r, w);
      if (r == 0) break;
      r = (r - 1) & s;
    }
    result.values.push_back(value);
  }

  const bool formula_for_empty =
      convention == EmptySetConvention::shapiq && shapiq_reports_formula_for_empty_set(index);
  if (!formula_for_empty) result.values.front() = game.empty_value();
  return result;
}

}  // namespace

std::size_t explanation_memory_bytes(int n, int order) {
  return RankedSupersetSums::memory_bytes(n, order);
}

void check_explanation_request(int n, int order) {
  if (order < 1 || order > n) {
    throw invalid_input("--order " + std::to_string(order) + " is out of range: a game on " +
                        std::to_string(n) + " players has interaction orders 1 to " +
                        std::to_string(n));
  }
  require_memory(explanation_memory_bytes(n, order), "explaining a game on " + std::to_string(n) +
                                                         " players up to order " +
                                                         std::to_string(order));
}

std::vector<InteractionValues> explain(const GameTable& game, const std::vector<Index>& indices,
                                       int order, EmptySetConvention convention) {
  int needed_order = 0;
  for (const Index index : indices)
    needed_order = std::max(needed_order, effective_order(index, order));
  check_explanation_request(game.n(), needed_order);
  double largest = 0.0;
  for (std::size_t s = 0; s < game.values.size(); ++s) {
    if (!std::isfinite(game.values[s]))
      throw invalid_input("the game's value of coalition " + std::to_string(s) + " is " +
                          std::to_string(game.values[s]) +
                          "; every value of a game must be a finite number");
    largest = std::max(largest, std::abs(game.values[s]));
  }
  const RankedSupersetSums sums(game.values, game.n(), needed_order);
  std::vector<InteractionValues> results;
  results.reserve(indices.size());
  for (const Index index : indices) {
    results.push_back(explain_with(game, sums, index, order, convention));
    // sums of values near the largest double overflow; a NaN or inf must never be reported
    for (const double v : results.back().values)
      if (!std::isfinite(v)) {
        char text[32];
        std::snprintf(text, sizeof text, "%.3g", largest);
        throw invalid_input(std::string(name_of(index)) + " of this game overflows: its values " +
                            "reach " + text + ", and sums of them exceed the largest double " +
                            "(1.8e308); rescale the values (e.g. divide them by 1e300) and " +
                            "scale the explanation back");
      }
  }
  return results;
}

InteractionValues explain(const GameTable& game, Index index, int order,
                          EmptySetConvention convention) {
  return explain(game, std::vector<Index>{index}, order, convention).front();
}

}  // namespace hypershap
