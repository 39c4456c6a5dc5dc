#pragma once
// The figures of a HyperSHAP report as SVG documents: the interaction graph (the paper's Figures
// 2, 4 and 5), the upset plot (Figure 3), the waterfall of the Shapley values, the stacked bars
// of the interactions by order, and the faithfulness curve (Figure 2, right).
//
// A FigureScale fixes the hyperparameter order and the colour and size scales, so that the
// panels of several games (snapshots of one run, many datasets) can be compared side by side.
// Every layout guards its divisions: all-zero values, one dominant value, 2 or 25 players and
// long names give finite coordinates and no overlapping text.

#include <string>
#include <utility>
#include <vector>

#include "hypershap/explain/interaction_values.hpp"
#include "hypershap/report/report_input.hpp"

namespace hypershap::report {

/// Red for positive values (synergy), blue for negative ones (redundancy), as in the paper.
inline constexpr const char* positive_colour = "#ff0d57";
inline constexpr const char* negative_colour = "#1e88e5";

struct FigureScale {
  std::vector<std::string> players;  // the common order: every player of every panel
  double max_main = 0.0;             // max |I({i})|: node sizes, bar lengths
  double max_interaction = 0.0;      // max |I(S)| over |S| >= 2: edge widths
  double max_value = 0.0;            // max |I(S)| over S ≠ ∅: upset bars
  double max_positive_share = 0.0;   // largest positive stack of the order bars
  double max_negative_share = 0.0;   // largest negative stack (as a magnitude)
};

/// The scale of one explanation on its own.
FigureScale scale_of(const InteractionValues& values);
/// One scale for several explanations: players in first-seen order, the largest magnitudes.
FigureScale common_scale(const std::vector<const InteractionValues*>& values);

struct GraphOptions {
  bool hyperedges = true;  // tint the areas of interactions of order >= 3
  bool abbreviate = true;  // label nodes by abbreviations (full names on hover)
};

std::string interaction_graph_svg(const InteractionValues& values, const FigureScale& scale,
                                  const GraphOptions& options = {});

/// The `top` interactions of largest magnitude as bars over the membership matrix.
/// `value_label` is the y axis ("performance gain" for Tunability-like games).
std::string upset_svg(const InteractionValues& values, const FigureScale& scale,
                      const std::string& value_label, int top = 12);

/// From v(∅) to v(N) by the Shapley values, largest magnitude first.
std::string waterfall_svg(const InteractionValues& shapley_values, const std::string& value_label);

/// Per hyperparameter, the sum of its main effect, pairs, triples, ..., each interaction split
/// evenly among its members.
std::string order_bars_svg(const InteractionValues& values, const FigureScale& scale);

/// Per hyperparameter and order d, Σ_{S ∋ i, |S| = d} I(S) / |S| (row = player in scale order,
/// column = d - 1); used by order_bars_svg and its tests.
std::vector<std::vector<double>> order_shares(const InteractionValues& values,
                                              const std::vector<std::string>& players);

/// R² of the order-k approximation for k = 1..r2.size().
std::string faithfulness_svg(const std::vector<double>& r2, int n_players);

/// The R² curves of several games in one plot (the paper's Figure 2, right), one line per game
/// (title, r2) with a legend below.
std::string faithfulness_comparison_svg(
    const std::vector<std::pair<std::string, std::vector<double>>>& series);

}  // namespace hypershap::report
