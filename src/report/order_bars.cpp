// Stacked bars by order: per hyperparameter, its main effect, its share of the pairs, of the
// triples, ..., each interaction split evenly among its members. Positive parts stack to the
// right of zero, negative ones to the left; red and blue as everywhere, lighter for higher orders.

#include <algorithm>
#include <cmath>

#include "hypershap/report/figures.hpp"
#include "plot_layout.hpp"

namespace hypershap::report {

namespace {

std::string order_name(int d) {
  switch (d) {
    case 1: return "main effects";
    case 2: return "pairs";
    case 3: return "triples";
    default: return "order " + std::to_string(d);
  }
}

}  // namespace

std::string order_bars_svg(const InteractionValues& values, const FigureScale& scale) {
  const std::vector<std::vector<double>> shares = order_shares(values, scale.players);
  const int orders = std::max(values.order, 1);
  const std::size_t n = scale.players.size();

  double label_width = 0;
  std::vector<std::string> labels;
  for (const auto& p : scale.players) {
    labels.push_back(truncate_utf8(p, 24));
    label_width = std::max(label_width, detail::text_width(labels.back(), 11));
  }
  const double row = n > 16 ? 16 : 22;
  const double left = label_width + 20;
  const double plot_width = 380;
  const double top = 16;
  const double legend_rows = std::ceil(orders / 3.0);
  const double width = left + plot_width + 30;
  const double height = top + row * static_cast<double>(n) + 54 + 18 * legend_rows;

  SvgWriter svg(width, height,
                "Interactions by order per hyperparameter (" + std::string(name_of(values.index)) +
                    ", each split evenly among its members)");
  const double bottom = top + row * static_cast<double>(n);
  const detail::LinearScale x(-scale.max_negative_share, scale.max_positive_share, left,
                              left + plot_width);
  detail::horizontal_axis(svg, x, bottom + 4, "share of the interactions", top);
  svg.line(x(0), top, x(0), bottom + 4, "#333333", 1);

  const auto colour = [orders](int d, bool positive) {
    const std::string base = positive ? positive_colour : negative_colour;
    return detail::lighten(base, orders > 1 ? 0.7 * (d - 1) / (orders - 1) : 0.0);
  };
  for (std::size_t i = 0; i < n; ++i) {
    const double y = top + row * static_cast<double>(i);
    svg.element_with_title("text",
                           {attr("x", left - 8), attr("y", y + row / 2 + 4), attr("font-size", 11),
                            attr("text-anchor", "end")},
                           scale.players[i], labels[i]);
    double positive = 0, negative = 0;
    for (int d = 1; d <= orders; ++d) {
      const double v = shares[i][static_cast<std::size_t>(d - 1)];
      if (v == 0.0 || !std::isfinite(v)) continue;
      double& stack = v > 0 ? positive : negative;
      const double a = x(stack), b = x(stack + v);
      stack += v;
      svg.element_with_title(
          "rect",
          {attr("x", std::min(a, b)), attr("y", y + 3), attr("width", std::abs(b - a)),
           attr("height", row - 6), attr("fill", colour(d, v > 0)), attr("stroke", "#ffffff"),
           attr("stroke-width", 0.5)},
          scale.players[i] + ", " + order_name(d) + ": " + format_value(v, 4));
    }
  }

  // Legend: one swatch pair (positive, negative) per order.
  for (int d = 1; d <= orders; ++d) {
    const double lx = 10 + 150 * ((d - 1) % 3);
    const double ly = height - 18 * legend_rows + 18 * ((d - 1) / 3) - 2;
    svg.rect(lx, ly - 9, 10, 12, colour(d, true));
    svg.rect(lx + 11, ly - 9, 10, 12, colour(d, false));
    svg.text(lx + 26, ly + 1, order_name(d), "start", 11);
  }
  return svg.finish();
}

}  // namespace hypershap::report
