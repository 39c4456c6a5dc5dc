// A waterfall of the Shapley values: from v(∅), each hyperparameter adds its value, to v(N)
// (efficiency: v(∅) + Σ φ_i = v(N)). Largest magnitude first.

#include <algorithm>
#include <cmath>

#include "hypershap/core/coalition.hpp"
#include "hypershap/report/figures.hpp"
#include "plot_layout.hpp"

namespace hypershap::report {

std::string waterfall_svg(const InteractionValues& shapley_values, const std::string& value_label) {
  struct Step {
    std::string name;
    double value;
  };
  double largest =
      std::max(std::abs(shapley_values.empty_value), std::abs(shapley_values.grand_value));
  for (std::size_t k = 0; k < shapley_values.values.size(); ++k)
    if (std::isfinite(shapley_values.values[k]))
      largest = std::max(largest, std::abs(shapley_values.values[k]));
  std::vector<Step> steps;
  for (std::size_t k = 0; k < shapley_values.coalitions.size() && k < shapley_values.values.size();
       ++k) {
    if (size_of(shapley_values.coalitions[k]) != 1) continue;
    const double v = detail::denoise(shapley_values.values[k], largest);
    steps.push_back(
        {shapley_values
             .players[static_cast<std::size_t>(members(shapley_values.coalitions[k]).front())],
         v});
  }
  std::stable_sort(steps.begin(), steps.end(), [](const Step& a, const Step& b) {
    return std::abs(a.value) > std::abs(b.value);
  });

  const double start = std::isfinite(shapley_values.empty_value) ? shapley_values.empty_value : 0.0;
  const double end = std::isfinite(shapley_values.grand_value) ? shapley_values.grand_value : 0.0;
  double lo = std::min(start, end), hi = std::max(start, end), running = start;
  for (const Step& s : steps) {
    running += s.value;
    lo = std::min(lo, running);
    hi = std::max(hi, running);
  }

  double label_width = detail::text_width("v(\u2205) (no tuning)", 11);
  std::vector<std::string> labels;
  for (const Step& s : steps) {
    labels.push_back(truncate_utf8(s.name, 24));
    label_width = std::max(label_width, detail::text_width(labels.back(), 11));
  }
  const double row = steps.size() > 16 ? 16 : 22;
  const double left = label_width + 20;
  const double plot_width = 380;
  const double top = 24;
  const double rows = static_cast<double>(steps.size() + 2);
  const double width = left + plot_width + 70;
  const double height = top + row * rows + 64;

  SvgWriter svg(width, height, "Waterfall of the Shapley values from v(\u2205) to v(N)");
  // Pad the range so that value labels beside the bars stay inside the plot.
  const double pad = (hi - lo) * 0.15;
  const detail::LinearScale x(lo - pad, hi + pad, left, left + plot_width);
  const double bottom = top + row * rows;
  detail::horizontal_axis(svg, x, bottom + 4, value_label, top);

  const auto marker = [&](double value, double y, const std::string& label) {
    svg.rect(x(value) - 1.5, y + 3, 3, row - 6, "#333333");
    svg.text(left - 8, y + row / 2 + 4, label, "end", 11, {attr("font-weight", "bold")});
    svg.text(x(value) + 6, y + row / 2 + 4, format_value(value, 4), "start", 10,
             {attr("fill", "#333333")});
  };
  marker(start, top, "v(\u2205)");
  running = start;
  for (std::size_t i = 0; i < steps.size(); ++i) {
    const double y = top + row * static_cast<double>(i + 1);
    const double from = running;
    running += steps[i].value;
    const double a = x(from), b = x(running);
    const std::string colour =
        steps[i].value == 0.0 ? "#bbbbbb" : detail::sign_colour(steps[i].value);
    svg.element_with_title(
        "rect",
        {attr("x", std::min(a, b)), attr("y", y + 3), attr("width", std::max(std::abs(b - a), 1.0)),
         attr("height", row - 6), attr("fill", colour)},
        steps[i].name + ": " + format_value(steps[i].value, 4));
    // The connector to the next row, as in SHAP's waterfall.
    svg.line(b, y + row - 3, b, y + row + 3, "#888888", 1);
    svg.element_with_title("text",
                           {attr("x", left - 8), attr("y", y + row / 2 + 4), attr("font-size", 11),
                            attr("text-anchor", "end")},
                           steps[i].name, labels[i]);
    const bool right = steps[i].value >= 0;
    svg.text(right ? std::max(a, b) + 4 : std::min(a, b) - 4, y + row / 2 + 4,
             (right ? "+" : "") + format_value(steps[i].value, 3), right ? "start" : "end", 10,
             {attr("fill", "#333333")});
  }
  marker(end, top + row * static_cast<double>(steps.size() + 1), "v(N)");
  detail::sign_legend(svg, 10, height - 8);
  return svg.finish();
}

}  // namespace hypershap::report
