// Faithfulness (the HyperSHAP paper's Figure 2, right): R² of the order-k FSII approximation.

#include <algorithm>
#include <cmath>

#include "hypershap/report/figures.hpp"
#include "plot_layout.hpp"

namespace hypershap::report {

std::string faithfulness_svg(const std::vector<double>& r2, int n_players) {
  const double width = 460, height = 300;
  const double left = 70, right = 20, top = 20, bottom = 60;
  SvgWriter svg(width, height, "Faithfulness: R\u00b2 of the order-k approximation");
  const int count = static_cast<int>(r2.size());
  if (count == 0) {
    svg.text(width / 2, height / 2, "faithfulness was not computed for this game", "middle", 12,
             {attr("fill", "#555555")});
    return svg.finish();
  }
  double lo = 0.0;
  for (const double v : r2)
    if (std::isfinite(v)) lo = std::min(lo, v);
  const detail::LinearScale y(lo, 1.0, height - bottom, top);
  // One position per order, with half a step of margin on both sides.
  const detail::LinearScale x(0.5, count + 0.5, left, width - right);
  detail::vertical_axis(svg, y, left, "R\u00b2 (Shapley-kernel weighted)", width - right);
  svg.line(left, height - bottom, width - right, height - bottom, "#333333", 1);
  const int step = count > 12 ? (count + 11) / 12 : 1;
  for (int k = 1; k <= count; ++k) {
    if ((k - 1) % step != 0 && k != count) continue;
    svg.line(x(k), height - bottom, x(k), height - bottom + 4, "#333333", 1);
    svg.text(x(k), height - bottom + 15, std::to_string(k), "middle", 10);
  }
  svg.text((left + width - right) / 2, height - bottom + 31,
           "interaction order k (of n = " + std::to_string(n_players) + ")", "middle", 11);

  std::string points;
  for (int k = 1; k <= count; ++k) {
    const double v = r2[static_cast<std::size_t>(k - 1)];
    points += format_number(x(k)) + "," + format_number(y(std::isfinite(v) ? v : 0.0)) + " ";
  }
  svg.element("polyline", {attr("points", points), attr("fill", "none"), attr("stroke", "#333333"),
                           attr("stroke-width", 2)});
  for (int k = 1; k <= count; ++k) {
    const double v = r2[static_cast<std::size_t>(k - 1)];
    const double py = y(std::isfinite(v) ? v : 0.0);
    svg.element_with_title(
        "circle", {attr("cx", x(k)), attr("cy", py), attr("r", 4), attr("fill", "#333333")},
        "k = " + std::to_string(k) + ": R\u00b2 = " + format_value(v, 4));
    if (count <= 12) svg.text(x(k), py - 8, format_value(v, 3), "middle", 9);
  }
  return svg.finish();
}

std::string faithfulness_comparison_svg(
    const std::vector<std::pair<std::string, std::vector<double>>>& series) {
  // Categorical colours that are neither the red nor the blue of the signs.
  static const char* const palette[] = {"#333333", "#e66101", "#1b9e77", "#7570b3",
                                        "#a6761d", "#e7298a", "#66a61e", "#666666"};
  const int palette_size = static_cast<int>(sizeof palette / sizeof palette[0]);
  int count = 0;
  double lo = 0.0;
  for (const auto& one : series) {
    count = std::max(count, static_cast<int>(one.second.size()));
    for (const double v : one.second)
      if (std::isfinite(v)) lo = std::min(lo, v);
  }
  const double width = 460, line_height = 15;
  const double left = 70, right = 20, top = 20, plot_height = 220;
  const double legend_top = top + plot_height + 46;
  const double height = legend_top + line_height * static_cast<double>(series.size()) + 8;
  SvgWriter svg(width, height, "Faithfulness of every game: R\u00b2 of the order-k approximation");
  if (count == 0) {
    svg.text(width / 2, top + plot_height / 2, "faithfulness was not computed for these games",
             "middle", 12, {attr("fill", "#555555")});
    return svg.finish();
  }
  const double bottom_y = top + plot_height;
  const detail::LinearScale y(lo, 1.0, bottom_y, top);
  const detail::LinearScale x(0.5, count + 0.5, left, width - right);
  detail::vertical_axis(svg, y, left, "R\u00b2 (Shapley-kernel weighted)", width - right);
  svg.line(left, bottom_y, width - right, bottom_y, "#333333", 1);
  const int step = count > 12 ? (count + 11) / 12 : 1;
  for (int k = 1; k <= count; ++k) {
    if ((k - 1) % step != 0 && k != count) continue;
    svg.line(x(k), bottom_y, x(k), bottom_y + 4, "#333333", 1);
    svg.text(x(k), bottom_y + 15, std::to_string(k), "middle", 10);
  }
  svg.text((left + width - right) / 2, bottom_y + 31, "interaction order k", "middle", 11);
  for (std::size_t g = 0; g < series.size(); ++g) {
    const std::string colour = palette[static_cast<int>(g) % palette_size];
    const std::vector<double>& r2 = series[g].second;
    std::string points;
    for (std::size_t k = 1; k <= r2.size(); ++k) {
      const double v = std::isfinite(r2[k - 1]) ? r2[k - 1] : 0.0;
      points += format_number(x(static_cast<double>(k))) + "," + format_number(y(v)) + " ";
    }
    if (!points.empty())
      svg.element("polyline", {attr("points", points), attr("fill", "none"), attr("stroke", colour),
                               attr("stroke-width", 2)});
    for (std::size_t k = 1; k <= r2.size(); ++k) {
      const double v = std::isfinite(r2[k - 1]) ? r2[k - 1] : 0.0;
      svg.element_with_title("circle",
                             {attr("cx", x(static_cast<double>(k))), attr("cy", y(v)),
                              attr("r", 3.5), attr("fill", colour)},
                             series[g].first + ", k = " + std::to_string(k) +
                                 ": R\u00b2 = " + format_value(r2[k - 1], 4));
    }
    const double ly = legend_top + line_height * static_cast<double>(g);
    svg.line(left, ly - 4, left + 22, ly - 4, colour, 2);
    svg.text(left + 28, ly, truncate_utf8(series[g].first, 56), "start", 11);
  }
  return svg.finish();
}

}  // namespace hypershap::report
