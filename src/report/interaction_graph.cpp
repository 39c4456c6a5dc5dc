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

/// Where the players sit: on a circle, clockwise from the top (as in shapiq), player i of the
/// values at the position of its name in the common order; node sizes fit the spacing.
struct GraphLayout {
  static constexpr double width = 540;
  static constexpr double height = 580;
  static constexpr double radius = 170;
  const Point centre{270, 262};
  int n = 0;
  std::vector<int> slot;  // player of the values -> position (or -1)
  std::vector<Point> position;
  double max_node = 0, min_node = 0;

  GraphLayout(const InteractionValues& values, const FigureScale& scale)
      : n(static_cast<int>(scale.players.size())),
        slot(detail::positions_in(values.players, scale.players)),
        position(static_cast<std::size_t>(std::max(n, 0))) {
    for (int i = 0; i < n; ++i) {
      const double a = angle(i);
      position[static_cast<std::size_t>(i)] = {centre.x + radius * std::cos(a),
                                               centre.y + radius * std::sin(a)};
    }
    const double spacing = n > 1 ? 2 * radius * std::sin(pi / n) : 2 * radius;
    max_node = std::clamp(0.45 * spacing, 6.0, 34.0);
    min_node = std::min(4.0, max_node / 3);
  }

  double angle(int i) const { return -pi / 2 + 2 * pi * safe_ratio(i, n); }

  const Point* place(int player) const {
    if (player < 0 || player >= static_cast<int>(slot.size())) return nullptr;
    const int s = slot[static_cast<std::size_t>(player)];
    return s < 0 ? nullptr : &position[static_cast<std::size_t>(s)];
  }
};

/// The values, non-finite ones as 0, and their indices by magnitude (largest last, so that they
/// are drawn on top).
struct RankedValues {
  const InteractionValues& values;
  std::vector<std::size_t> by_magnitude;

  explicit RankedValues(const InteractionValues& v) : values(v), by_magnitude(v.coalitions.size()) {
    for (std::size_t k = 0; k < by_magnitude.size(); ++k) by_magnitude[k] = k;
    std::stable_sort(by_magnitude.begin(), by_magnitude.end(), [&](std::size_t a, std::size_t b) {
      return std::abs(at(a)) < std::abs(at(b));
    });
  }
  double at(std::size_t k) const {
    const double v = k < values.values.size() ? values.values[k] : 0.0;
    return std::isfinite(v) ? v : 0.0;
  }
};

/// Order >= 3: a tinted polygon over the members (players in circle order make it convex).
void draw_hyperedges(SvgWriter& svg, const RankedValues& ranked, const GraphLayout& layout,
                     const FigureScale& scale) {
  const InteractionValues& values = ranked.values;
  svg.open("g", {attr("class", "hyperedges")});
  for (const std::size_t k : ranked.by_magnitude) {
    const Coalition s = values.coalitions[k];
    const double v = ranked.at(k);
    const double strength = safe_ratio(std::abs(v), scale.max_interaction);
    if (size_of(s) < 3 || strength < 0.05) continue;
    std::vector<std::pair<int, Point>> corners;
    for (const int m : members(s))
      if (const Point* p = layout.place(m))
        corners.push_back({layout.slot[static_cast<std::size_t>(m)], *p});
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

/// How many pairs are strong enough to draw, and how many of them are drawn.
struct PairCount {
  std::size_t pairs = 0, shown = 0;
};

/// The pairs as edges. With many players every pair is an edge and the graph becomes a hairball:
/// beyond 12 players only the 2n strongest pairs are drawn (the legend says so), and edges get
/// thinner.
PairCount draw_edges(SvgWriter& svg, const RankedValues& ranked, const GraphLayout& layout,
                     const FigureScale& scale) {
  const InteractionValues& values = ranked.values;
  const int n = layout.n;
  PairCount count;
  for (const std::size_t k : ranked.by_magnitude)
    if (size_of(values.coalitions[k]) == 2 &&
        safe_ratio(std::abs(ranked.at(k)), scale.max_interaction) >= 0.01)
      ++count.pairs;
  count.shown = n > 12 ? std::min(count.pairs, static_cast<std::size_t>(2 * n)) : count.pairs;
  const double max_edge = n > 12 ? std::max(4.0, 14.0 * 12.0 / n) : 14.0;
  std::size_t skipped = count.pairs - count.shown;  // the weakest come first in by_magnitude
  svg.open("g", {attr("class", "edges"), attr("stroke-linecap", "round")});
  for (const std::size_t k : ranked.by_magnitude) {
    const Coalition s = values.coalitions[k];
    const double v = ranked.at(k);
    const double strength = safe_ratio(std::abs(v), scale.max_interaction);
    if (size_of(s) != 2 || strength < 0.01) continue;
    if (skipped > 0) {
      --skipped;
      continue;
    }
    const std::vector<int> pair = members(s);
    const Point* a = layout.place(pair[0]);
    const Point* b = layout.place(pair[1]);
    if (a == nullptr || b == nullptr) continue;
    svg.element_with_title("line",
                           {attr("x1", a->x), attr("y1", a->y), attr("x2", b->x), attr("y2", b->y),
                            attr("stroke", detail::sign_colour(v)),
                            attr("stroke-width", 1.0 + (max_edge - 1.0) * strength),
                            attr("stroke-opacity", 0.35 + 0.5 * strength)},
                           joined_names(values.players, s) + ": " + format_value(v, 4));
  }
  svg.close();
  return count;
}

/// The label of node i outside the largest node: few labels horizontal, anchored away from the
/// circle; many along the radius (as in chord diagrams), so that neighbours never touch, on the
/// left half turned by 180 degrees to stay upright.
std::vector<Attribute> label_attributes(const GraphLayout& layout, int i) {
  const int n = layout.n;
  const double angle = layout.angle(i);
  const double c = std::cos(angle);
  const double sn = std::sin(angle);
  const double lr = GraphLayout::radius + layout.max_node + 8;
  const Point& centre = layout.centre;
  std::vector<Attribute> attributes{attr("font-size", n > 16 ? 10 : 12), attr("fill", "#222222"),
                                    attr("class", "node-label")};
  if (n <= 12) {
    attributes.push_back(attr("x", centre.x + lr * c));
    attributes.push_back(attr("y", centre.y + lr * sn + 4 + 6 * sn));
    attributes.push_back(attr("text-anchor", c > 0.3 ? "start" : (c < -0.3 ? "end" : "middle")));
  } else {
    const double lx = centre.x + (lr - 4) * c;
    const double ly = centre.y + (lr - 4) * sn;
    const bool left_half = c < -1e-9;
    const double degrees = angle * 180 / pi + (left_half ? 180 : 0);
    attributes.push_back(attr("x", lx));
    attributes.push_back(attr("y", ly));
    attributes.push_back(attr("dy", "0.35em"));
    attributes.push_back(attr("text-anchor", left_half ? "end" : "start"));
    attributes.push_back(attr("transform", "rotate(" + format_number(degrees) + " " +
                                               format_number(lx) + " " + format_number(ly) + ")"));
  }
  return attributes;
}

/// The players as nodes, sized by |main effect|, with their labels.
void draw_nodes(SvgWriter& svg, const RankedValues& ranked, const GraphLayout& layout,
                const FigureScale& scale, const GraphOptions& options) {
  const InteractionValues& values = ranked.values;
  const int n = layout.n;
  const std::vector<std::string> short_names = abbreviate_all(scale.players);
  std::vector<double> main(static_cast<std::size_t>(n), 0.0);
  std::vector<bool> present(static_cast<std::size_t>(n), false);
  for (std::size_t k = 0; k < values.coalitions.size(); ++k) {
    if (size_of(values.coalitions[k]) != 1) continue;
    const int player = members(values.coalitions[k]).front();
    if (layout.place(player) == nullptr) continue;
    main[static_cast<std::size_t>(layout.slot[static_cast<std::size_t>(player)])] = ranked.at(k);
  }
  for (const int s : layout.slot)
    if (s >= 0) present[static_cast<std::size_t>(s)] = true;

  svg.open("g", {attr("class", "nodes")});
  for (int i = 0; i < n; ++i) {
    const auto u = static_cast<std::size_t>(i);
    const Point& p = layout.position[u];
    const double strength = safe_ratio(std::abs(main[u]), scale.max_main);
    const double r = layout.min_node + (layout.max_node - layout.min_node) * std::sqrt(strength);
    const std::string fill =
        !present[u] ? "#ffffff" : (strength < 1e-9 ? "#bbbbbb" : detail::sign_colour(main[u]));
    // below 1e-9 of the largest main effect a value is the rounding of an exact 0 (e.g. -2.8e-17
    // for a hyperparameter that never changes the model), drawn grey and read as 0
    const std::string hover =
        scale.players[u] +
        (present[u]
             ? ": main effect " + (strength < 1e-9 ? std::string("0") : format_value(main[u], 4))
             : ": not in this game");
    svg.element_with_title("circle",
                           {attr("cx", p.x), attr("cy", p.y), attr("r", r), attr("fill", fill),
                            attr("stroke", "#555555"), attr("stroke-width", 1)},
                           hover);
    const std::string label =
        options.abbreviate ? short_names[u] : truncate_utf8(scale.players[u], 12);
    svg.element_with_title("text", label_attributes(layout, i), scale.players[u], label);
  }
  svg.close();
}

}  // namespace

std::string interaction_graph_svg(const InteractionValues& values, const FigureScale& scale,
                                  const GraphOptions& options) {
  SvgWriter svg(GraphLayout::width, GraphLayout::height,
                std::string("Interaction graph (") + std::string(name_of(values.index)) +
                    ", order " + std::to_string(values.order) + ")");
  const GraphLayout layout(values, scale);
  const RankedValues ranked(values);
  if (options.hyperedges) draw_hyperedges(svg, ranked, layout, scale);
  const PairCount pairs = draw_edges(svg, ranked, layout, scale);
  draw_nodes(svg, ranked, layout, scale, options);

  const double legend_y = GraphLayout::height - 52;
  detail::sign_legend(svg, 20, legend_y);
  svg.text(20, legend_y + 18,
           "node area: |main effect| (max " + format_value(scale.max_main, 3) + ")", "start", 10,
           {attr("fill", "#555555")});
  svg.text(
      20, legend_y + 32,
      "edge width: |pairwise interaction| (max " + format_value(scale.max_interaction, 3) + ")" +
          (pairs.shown < pairs.pairs ? "; the " + std::to_string(pairs.shown) + " strongest of " +
                                           std::to_string(pairs.pairs) + " pairs shown"
                                     : std::string()),
      "start", 10, {attr("fill", "#555555")});
  return svg.finish();
}

}  // namespace hypershap::report
