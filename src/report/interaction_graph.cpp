// The interaction graph of shapiq and the HyperSHAP paper (Figures 2, 4, 5): hyperparameters on a
// circle, node size by main effect, edge width by pairwise interaction, tinted areas for higher
// orders; red is positive (synergy), blue negative (redundancy).

#include <algorithm>
#include <cmath>

#include "hypershap/core/coalition.hpp"
#include "hypershap/report/figures.hpp"
#include "plot_layout.hpp"

namespace hypershap::report {

using detail::safe_ratio;

namespace {

constexpr double pi = 3.14159265358979323846;

struct Point {
  double x, y;
};

std::string joined_names(const std::vector<std::string>& names, Coalition s) {
  std::string out;
  for (const int m : members(s)) {
    if (!out.empty()) out += " \u00d7 ";
    if (m < static_cast<int>(names.size())) out += names[static_cast<std::size_t>(m)];
  }
  return out;
}

}  // namespace

std::string interaction_graph_svg(const InteractionValues& values, const FigureScale& scale,
                                  const GraphOptions& options) {
  const double width = 540;
  const double height = 580;
  const Point centre{270, 262};
  const double radius = 170;
  const int n = static_cast<int>(scale.players.size());

  SvgWriter svg(width, height,
                std::string("Interaction graph (") + std::string(name_of(values.index)) +
                    ", order " + std::to_string(values.order) + ")");

  // Player i of `values` sits at the position of its name in the common order.
  const std::vector<int> slot = detail::positions_in(values.players, scale.players);
  std::vector<Point> position(static_cast<std::size_t>(std::max(n, 0)));
  for (int i = 0; i < n; ++i) {
    // Clockwise from the top, as in shapiq.
    const double angle = -pi / 2 + 2 * pi * safe_ratio(i, n);
    position[static_cast<std::size_t>(i)] = {centre.x + radius * std::cos(angle),
                                             centre.y + radius * std::sin(angle)};
  }
  const double spacing = n > 1 ? 2 * radius * std::sin(pi / n) : 2 * radius;
  const double max_node = std::clamp(0.45 * spacing, 6.0, 34.0);
  const double min_node = std::min(4.0, max_node / 3);
  const auto place = [&](int player) -> const Point* {
    if (player < 0 || player >= static_cast<int>(slot.size())) return nullptr;
    const int s = slot[static_cast<std::size_t>(player)];
    return s < 0 ? nullptr : &position[static_cast<std::size_t>(s)];
  };

  // Largest magnitudes last, so that they are drawn on top.
  std::vector<std::size_t> by_magnitude(values.coalitions.size());
  for (std::size_t k = 0; k < by_magnitude.size(); ++k) by_magnitude[k] = k;
  const auto value_at = [&](std::size_t k) {
    const double v = k < values.values.size() ? values.values[k] : 0.0;
    return std::isfinite(v) ? v : 0.0;
  };
  std::stable_sort(by_magnitude.begin(), by_magnitude.end(), [&](std::size_t a, std::size_t b) {
    return std::abs(value_at(a)) < std::abs(value_at(b));
  });

  // Order >= 3: a tinted polygon over the members (players in circle order make it convex).
  if (options.hyperedges) {
    svg.open("g", {attr("class", "hyperedges")});
    for (const std::size_t k : by_magnitude) {
      const Coalition s = values.coalitions[k];
      const double v = value_at(k);
      const double strength = safe_ratio(std::abs(v), scale.max_interaction);
      if (size_of(s) < 3 || strength < 0.05) continue;
      std::vector<std::pair<int, Point>> corners;
      for (const int m : members(s))
        if (const Point* p = place(m)) corners.push_back({slot[static_cast<std::size_t>(m)], *p});
      std::sort(corners.begin(), corners.end(),
                [](const auto& a, const auto& b) { return a.first < b.first; });
      std::string points;
      for (const auto& c : corners)
        points += format_number(c.second.x) + "," + format_number(c.second.y) + " ";
      svg.element_with_title("polygon",
                             {attr("points", points), attr("fill", detail::sign_colour(v)),
                              attr("fill-opacity", 0.06 + 0.24 * strength),
                              attr("stroke", detail::sign_colour(v)), attr("stroke-opacity", 0.3)},
                             joined_names(values.players, s) + ": " + format_value(v, 4));
    }
    svg.close();
  }

  // With many players every pair is an edge and the graph becomes a hairball: beyond 12 players
  // only the 2n strongest pairs are drawn (the legend says so), and edges get thinner.
  std::size_t pairs = 0;
  for (const std::size_t k : by_magnitude)
    if (size_of(values.coalitions[k]) == 2 &&
        safe_ratio(std::abs(value_at(k)), scale.max_interaction) >= 0.01)
      ++pairs;
  const std::size_t shown_pairs = n > 12 ? std::min(pairs, static_cast<std::size_t>(2 * n)) : pairs;
  const double max_edge = n > 12 ? std::max(4.0, 14.0 * 12.0 / n) : 14.0;
  std::size_t skipped = pairs - shown_pairs;  // the weakest come first in by_magnitude
  svg.open("g", {attr("class", "edges"), attr("stroke-linecap", "round")});
  for (const std::size_t k : by_magnitude) {
    const Coalition s = values.coalitions[k];
    const double v = value_at(k);
    const double strength = safe_ratio(std::abs(v), scale.max_interaction);
    if (size_of(s) != 2 || strength < 0.01) continue;
    if (skipped > 0) {
      --skipped;
      continue;
    }
    const std::vector<int> pair = members(s);
    const Point* a = place(pair[0]);
    const Point* b = place(pair[1]);
    if (a == nullptr || b == nullptr) continue;
    svg.element_with_title("line",
                           {attr("x1", a->x), attr("y1", a->y), attr("x2", b->x), attr("y2", b->y),
                            attr("stroke", detail::sign_colour(v)),
                            attr("stroke-width", 1.0 + (max_edge - 1.0) * strength),
                            attr("stroke-opacity", 0.35 + 0.5 * strength)},
                           joined_names(values.players, s) + ": " + format_value(v, 4));
  }
  svg.close();

  const std::vector<std::string> short_names = abbreviate_all(scale.players);
  std::vector<double> main(static_cast<std::size_t>(n), 0.0);
  std::vector<bool> present(static_cast<std::size_t>(n), false);
  for (std::size_t k = 0; k < values.coalitions.size(); ++k) {
    if (size_of(values.coalitions[k]) != 1) continue;
    const int player = members(values.coalitions[k]).front();
    if (place(player) == nullptr) continue;
    main[static_cast<std::size_t>(slot[static_cast<std::size_t>(player)])] = value_at(k);
  }
  for (const int s : slot)
    if (s >= 0) present[static_cast<std::size_t>(s)] = true;

  svg.open("g", {attr("class", "nodes")});
  for (int i = 0; i < n; ++i) {
    const auto u = static_cast<std::size_t>(i);
    const Point& p = position[u];
    const double strength = safe_ratio(std::abs(main[u]), scale.max_main);
    const double r = min_node + (max_node - min_node) * std::sqrt(strength);
    const std::string fill =
        !present[u] ? "#ffffff" : (strength < 1e-9 ? "#bbbbbb" : detail::sign_colour(main[u]));
    const std::string hover =
        scale.players[u] +
        (present[u] ? ": main effect " + format_value(main[u], 4) : ": not in this game");
    svg.element_with_title("circle",
                           {attr("cx", p.x), attr("cy", p.y), attr("r", r), attr("fill", fill),
                            attr("stroke", "#555555"), attr("stroke-width", 1)},
                           hover);
    // The label outside the largest node, anchored away from the circle.
    const double angle = -pi / 2 + 2 * pi * safe_ratio(i, n);
    const double c = std::cos(angle);
    const double sn = std::sin(angle);
    const double lr = radius + max_node + 8;
    const std::string label =
        options.abbreviate ? short_names[u] : truncate_utf8(scale.players[u], 12);
    std::vector<Attribute> label_attributes{attr("font-size", n > 16 ? 10 : 12),
                                            attr("fill", "#222222"), attr("class", "node-label")};
    if (n <= 12) {
      // Few labels: horizontal, anchored away from the circle.
      label_attributes.push_back(attr("x", centre.x + lr * c));
      label_attributes.push_back(attr("y", centre.y + lr * sn + 4 + 6 * sn));
      label_attributes.push_back(
          attr("text-anchor", c > 0.3 ? "start" : (c < -0.3 ? "end" : "middle")));
    } else {
      // Many labels: along the radius (as in chord diagrams), so that neighbours never touch;
      // on the left half turned by 180 degrees to stay upright.
      const double lx = centre.x + (lr - 4) * c;
      const double ly = centre.y + (lr - 4) * sn;
      const bool left_half = c < -1e-9;
      const double degrees = angle * 180 / pi + (left_half ? 180 : 0);
      label_attributes.push_back(attr("x", lx));
      label_attributes.push_back(attr("y", ly));
      label_attributes.push_back(attr("dy", "0.35em"));
      label_attributes.push_back(attr("text-anchor", left_half ? "end" : "start"));
      label_attributes.push_back(attr("transform", "rotate(" + format_number(degrees) + " " +
                                                       format_number(lx) + " " + format_number(ly) +
                                                       ")"));
    }
    svg.element_with_title("text", label_attributes, scale.players[u], label);
  }
  svg.close();

  const double legend_y = height - 52;
  detail::sign_legend(svg, 20, legend_y);
  svg.text(20, legend_y + 18,
           "node area: |main effect| (max " + format_value(scale.max_main, 3) + ")", "start", 10,
           {attr("fill", "#555555")});
  svg.text(20, legend_y + 32,
           "edge width: |pairwise interaction| (max " + format_value(scale.max_interaction, 3) +
               ")" +
               (shown_pairs < pairs ? "; the " + std::to_string(shown_pairs) + " strongest of " +
                                          std::to_string(pairs) + " pairs shown"
                                    : std::string()),
           "start", 10, {attr("fill", "#555555")});
  return svg.finish();
}

}  // namespace hypershap::report
