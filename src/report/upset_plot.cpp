// The upset plot of the HyperSHAP paper (Figure 3): the interactions of largest magnitude as bars,
// with the membership matrix of the hyperparameters below.

#include <algorithm>
#include <cmath>

#include "hypershap/core/coalition.hpp"
#include "hypershap/report/figures.hpp"
#include "plot_layout.hpp"

namespace hypershap::report {

std::string upset_svg(const InteractionValues& values, const FigureScale& scale,
                      const std::string& value_label, int top) {
  double largest = 0;
  for (std::size_t k = 0; k < values.coalitions.size() && k < values.values.size(); ++k)
    if (values.coalitions[k] != 0 && std::isfinite(values.values[k]))
      largest = std::max(largest, std::abs(values.values[k]));
  std::vector<std::size_t> chosen;
  for (std::size_t k = 0; k < values.coalitions.size() && k < values.values.size(); ++k)
    if (values.coalitions[k] != 0 && detail::denoise(values.values[k], largest) != 0.0)
      chosen.push_back(k);
  std::stable_sort(chosen.begin(), chosen.end(), [&](std::size_t a, std::size_t b) {
    return std::abs(values.values[a]) > std::abs(values.values[b]);
  });
  if (static_cast<int>(chosen.size()) > std::max(top, 1))
    chosen.resize(static_cast<std::size_t>(std::max(top, 1)));

  const std::vector<std::string>& players = scale.players;
  const int n = static_cast<int>(players.size());
  const std::vector<int> slot = detail::positions_in(values.players, players);

  double label_width = 0;
  std::vector<std::string> labels;
  for (const auto& p : players) {
    labels.push_back(truncate_utf8(p, 24));
    label_width = std::max(label_width, detail::text_width(labels.back(), 11));
  }
  // Each bar carries its value; the columns are wide enough that neighbouring values never touch
  // (-0.0054 next to -0.0048 needs more than the 38 px of a short label).
  double value_width = 0;
  for (const std::size_t k : chosen)
    value_width = std::max(value_width, detail::text_width(format_value(values.values[k], 2), 9));
  const double column = std::max(38.0, value_width + 6);
  const double row = n > 16 ? 14 : 18;
  const double left = std::max(label_width + 16, 80.0);
  const double bars_top = 36;
  const double bars_height = 220;
  const double matrix_top = bars_top + bars_height + 18;
  const double columns = static_cast<double>(std::max<std::size_t>(chosen.size(), 1));
  const double plot_width = column * columns;
  const double width = std::max(left + plot_width + 24, 460.0);
  const double height = matrix_top + row * n + 50;

  SvgWriter svg(
      width, height,
      "Upset plot: the largest interactions (" + std::string(name_of(values.index)) + ")");

  double lo = 0, hi = 0;
  for (const std::size_t k : chosen) {
    lo = std::min(lo, values.values[k]);
    hi = std::max(hi, values.values[k]);
  }
  const detail::LinearScale y(lo, hi, bars_top + bars_height, bars_top);
  const double axis_x = left - 6;
  detail::vertical_axis(svg, y, axis_x, value_label, left + plot_width);
  // The y title sits left of the tick labels; in the matrix's label column, which is wide enough.
  svg.line(axis_x, y(0), left + plot_width, y(0), "#333333", 1);

  if (chosen.empty()) {
    svg.text(left + 12, bars_top + bars_height / 2 - 20, "all interactions are zero", "start", 12,
             {attr("fill", "#555555")});
  }
  svg.open("g", {attr("class", "bars")});
  for (std::size_t c = 0; c < chosen.size(); ++c) {
    const std::size_t k = chosen[c];
    const double v = values.values[k];
    const double x = left + column * static_cast<double>(c) + 6;
    std::string names;
    for (const int m : members(values.coalitions[k]))
      names += (names.empty() ? "" : " \u00d7 ") + values.players[static_cast<std::size_t>(m)];
    const double y0 = y(0);
    const double y1 = y(v);
    svg.element_with_title(
        "rect",
        {attr("x", x), attr("y", std::min(y0, y1)), attr("width", column - 12),
         attr("height", std::max(std::abs(y1 - y0), 0.5)), attr("fill", detail::sign_colour(v))},
        names + ": " + format_value(v, 4));
    svg.text(x + (column - 12) / 2, v >= 0 ? y1 - 4 : y1 + 11, format_value(v, 2), "middle", 9,
             {attr("fill", "#333333")});
  }
  svg.close();

  svg.open("g", {attr("class", "matrix")});
  for (int i = 0; i < n; ++i) {
    const double cy = matrix_top + row * i + row / 2;
    if (i % 2 == 0) svg.rect(8, cy - row / 2, left + plot_width - 8, row, "#f3f3f3");
    svg.element_with_title("text",
                           {attr("x", left - 10), attr("y", cy + 4), attr("font-size", 11),
                            attr("text-anchor", "end"), attr("fill", "#222222")},
                           players[static_cast<std::size_t>(i)],
                           labels[static_cast<std::size_t>(i)]);
  }
  const double dot = std::min(row * 0.32, 6.0);
  for (std::size_t c = 0; c < chosen.size(); ++c) {
    const double cx = left + column * static_cast<double>(c) + column / 2;
    std::vector<bool> member(static_cast<std::size_t>(n), false);
    double first = -1, last = -1;
    for (const int m : members(values.coalitions[chosen[c]])) {
      const int s = m < static_cast<int>(slot.size()) ? slot[static_cast<std::size_t>(m)] : -1;
      if (s < 0) continue;
      member[static_cast<std::size_t>(s)] = true;
      const double cy = matrix_top + row * s + row / 2;
      first = first < 0 ? cy : std::min(first, cy);
      last = std::max(last, cy);
    }
    // Non-members first, then the line joining the members, then the members on top.
    for (int i = 0; i < n; ++i) {
      if (member[static_cast<std::size_t>(i)]) continue;
      svg.element("circle", {attr("cx", cx), attr("cy", matrix_top + row * i + row / 2),
                             attr("r", dot), attr("fill", "#dddddd")});
    }
    if (first >= 0 && last > first) svg.line(cx, first, cx, last, "#333333", 3);
    for (int i = 0; i < n; ++i) {
      if (!member[static_cast<std::size_t>(i)]) continue;
      svg.element("circle", {attr("cx", cx), attr("cy", matrix_top + row * i + row / 2),
                             attr("r", dot), attr("fill", "#333333")});
    }
  }
  svg.close();
  detail::sign_legend(svg, std::max(left - 60, 10.0), height - 16);
  return svg.finish();
}

}  // namespace hypershap::report
