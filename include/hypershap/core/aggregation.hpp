#pragma once
// How several values of one coalition combine into one: the instances of a multi-dataset game
// (HyperSHAP, Definition 5: v(S) = AGG_i v_i(S)), in the run and in `hypershap aggregate`, and
// the baselines of an ablation game. One implementation, so that every path that aggregates the
// same numbers gives the same bits.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hypershap {

struct Aggregation {
  enum class Op { mean, median, min, max, quantile, variance };
  Op op = Op::mean;
  double q = 0.5;  // only for quantile, 0 <= q <= 1

  friend bool operator==(const Aggregation& a, const Aggregation& b) {
    return a.op == b.op && (a.op != Op::quantile || a.q == b.q);
  }
  friend bool operator!=(const Aggregation& a, const Aggregation& b) { return !(a == b); }
};

/// mean, median, min, max, variance or quantile:Q (0 <= Q <= 1, the whole rest a number);
/// nullopt for anything else (the caller names the key and the choices it accepts).
std::optional<Aggregation> parse_aggregation(std::string_view text);

/// The text parse_aggregation reads back: mean, ..., quantile:0.25 (the shortest text of q that
/// reads back as q).
std::string to_text(const Aggregation& aggregation);

/// The aggregate of `values`; NaN when there are none. The values are sorted first, so the result
/// does not depend on their order (a sum is exact to the last bit only in one order). Quantiles
/// interpolate linearly between order statistics (numpy's default): x_(h) with h = (m-1)·q; the
/// median is quantile 0.5. variance is the population variance (divided by m).
double aggregate(const Aggregation& aggregation, std::vector<double> values);

}  // namespace hypershap
