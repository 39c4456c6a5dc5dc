#include <algorithm>
#include <cmath>

#include "hypershap/core/coalition.hpp"
#include "hypershap/report/figures.hpp"
#include "plot_layout.hpp"

namespace hypershap::report {

namespace {

double magnitude(double x) { return std::isfinite(x) ? std::abs(x) : 0.0; }

}  // namespace

std::vector<std::vector<double>> order_shares(const InteractionValues& values,
                                              const std::vector<std::string>& players) {
  const int max_order = std::max(values.order, 1);
  std::vector<std::vector<double>> shares(players.size(),
                                          std::vector<double>(static_cast<std::size_t>(max_order)));
  const std::vector<int> row = detail::positions_in(values.players, players);
  for (std::size_t k = 0; k < values.coalitions.size() && k < values.values.size(); ++k) {
    const Coalition s = values.coalitions[k];
    const int size = size_of(s);
    if (size == 0 || size > max_order || !std::isfinite(values.values[k])) continue;
    const double share = values.values[k] / size;
    for (const int member : members(s)) {
      if (member >= static_cast<int>(row.size())) continue;
      const int r = row[static_cast<std::size_t>(member)];
      if (r < 0) continue;
      shares[static_cast<std::size_t>(r)][static_cast<std::size_t>(size - 1)] += share;
    }
  }
  return shares;
}

FigureScale scale_of(const InteractionValues& values) { return common_scale({&values}); }

FigureScale common_scale(const std::vector<const InteractionValues*>& values) {
  FigureScale scale;
  for (const InteractionValues* v : values) {
    for (const auto& name : v->players)
      if (std::find(scale.players.begin(), scale.players.end(), name) == scale.players.end())
        scale.players.push_back(name);
  }
  for (const InteractionValues* v : values) {
    for (std::size_t k = 0; k < v->coalitions.size() && k < v->values.size(); ++k) {
      const int size = size_of(v->coalitions[k]);
      const double m = magnitude(v->values[k]);
      if (size == 0) continue;
      scale.max_value = std::max(scale.max_value, m);
      if (size == 1) scale.max_main = std::max(scale.max_main, m);
      if (size >= 2) scale.max_interaction = std::max(scale.max_interaction, m);
    }
    for (const auto& row : order_shares(*v, scale.players)) {
      double positive = 0, negative = 0;
      for (const double x : row) (x > 0 ? positive : negative) += x;
      scale.max_positive_share = std::max(scale.max_positive_share, positive);
      scale.max_negative_share = std::max(scale.max_negative_share, -negative);
    }
  }
  return scale;
}

}  // namespace hypershap::report
