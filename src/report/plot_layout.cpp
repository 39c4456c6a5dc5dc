#include "plot_layout.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace hypershap::report::detail {

double safe_ratio(double a, double b) {
  if (b == 0.0) return 0.0;
  const double q = a / b;
  return std::isfinite(q) ? q : 0.0;
}

double denoise(double value, double largest) {
  if (!std::isfinite(value)) return 0.0;
  return std::abs(value) <= 1e-12 * std::abs(largest) ? 0.0 : value;
}

LinearScale::LinearScale(double lo_, double hi_, double pixel_lo_, double pixel_hi_)
    : lo(std::isfinite(lo_) ? lo_ : 0.0),
      hi(std::isfinite(hi_) ? hi_ : 0.0),
      pixel_lo(pixel_lo_),
      pixel_hi(pixel_hi_) {
  if (hi < lo) std::swap(lo, hi);
  if (!(hi - lo > 1e-300) || !std::isfinite(hi - lo)) {
    const double pad = std::abs(lo) > 0 && std::isfinite(lo) ? std::abs(lo) * 0.1 : 1.0;
    lo -= pad;
    hi += pad;
  }
}

double LinearScale::operator()(double x) const {
  const double t = safe_ratio(x - lo, hi - lo);
  return pixel_lo + t * (pixel_hi - pixel_lo);
}

std::vector<double> nice_ticks(double lo, double hi, int count) {
  const LinearScale range(lo, hi, 0, 1);  // widened where empty
  const double span = range.hi - range.lo;
  const double raw = span / std::max(count, 1);
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  double step = magnitude;
  for (const double m : {1.0, 2.0, 2.5, 5.0, 10.0}) {
    step = m * magnitude;
    if (step >= raw) break;
  }
  std::vector<double> ticks;
  if (!(step > 0) || !std::isfinite(step)) return {range.lo, range.hi};
  const double first = std::ceil(range.lo / step - 1e-9) * step;
  for (int i = 0; i < 50; ++i) {
    const double t = first + i * step;
    if (t > range.hi + step * 1e-9) break;
    ticks.push_back(std::abs(t) < step * 1e-9 ? 0.0 : t);
  }
  return ticks;
}

std::string lighten(const std::string& hex, double t) {
  unsigned r = 0, g = 0, b = 0;
  if (hex.size() != 7 || std::sscanf(hex.c_str(), "#%02x%02x%02x", &r, &g, &b) != 3) return hex;
  t = std::clamp(std::isfinite(t) ? t : 0.0, 0.0, 1.0);
  const auto mix = [t](unsigned c) {
    return static_cast<unsigned>(std::lround(c + (255.0 - c) * t));
  };
  char buffer[8];
  std::snprintf(buffer, sizeof buffer, "#%02x%02x%02x", mix(r) & 0xFFU, mix(g) & 0xFFU,
                mix(b) & 0xFFU);
  return buffer;
}

std::string sign_colour(double value) {
  return value < 0 ? negative_colour_hex() : positive_colour_hex();
}

double text_width(const std::string& text, double size) {
  return static_cast<double>(utf8_length(text)) * size * 0.62;
}

void vertical_axis(SvgWriter& svg, const LinearScale& y, double x, const std::string& title,
                   double gridline_to) {
  svg.line(x, y.pixel_lo, x, y.pixel_hi, "#333333", 1);
  double widest = 0;
  for (const double t : nice_ticks(y.lo, y.hi, 5)) {
    const double py = y(t);
    if (gridline_to >= 0) svg.line(x, py, gridline_to, py, "#e6e6e6", 1);
    svg.line(x - 4, py, x, py, "#333333", 1);
    const std::string label = format_value(t, 3);
    widest = std::max(widest, text_width(label, 10));
    svg.text(x - 6, py + 3.5, label, "end", 10, {attr("fill", "#333333")});
  }
  const double cx = x - widest - 16;
  const double cy = (y.pixel_lo + y.pixel_hi) / 2;
  svg.text(cx, cy, title, "middle", 11,
           {attr("transform", "rotate(-90 " + format_number(cx) + " " + format_number(cy) + ")"),
            attr("fill", "#333333")});
}

void horizontal_axis(SvgWriter& svg, const LinearScale& x, double y, const std::string& title,
                     double gridline_to) {
  svg.line(x.pixel_lo, y, x.pixel_hi, y, "#333333", 1);
  for (const double t : nice_ticks(x.lo, x.hi, 5)) {
    const double px = x(t);
    if (gridline_to >= 0) svg.line(px, y, px, gridline_to, "#e6e6e6", 1);
    svg.line(px, y, px, y + 4, "#333333", 1);
    svg.text(px, y + 15, format_value(t, 3), "middle", 10, {attr("fill", "#333333")});
  }
  svg.text((x.pixel_lo + x.pixel_hi) / 2, y + 31, title, "middle", 11, {attr("fill", "#333333")});
}

void sign_legend(SvgWriter& svg, double x, double y) {
  svg.rect(x, y - 9, 12, 12, positive_colour_hex());
  svg.text(x + 17, y + 1, "positive (synergy)", "start", 11);
  svg.rect(x + 135, y - 9, 12, 12, negative_colour_hex());
  svg.text(x + 152, y + 1, "negative (redundancy)", "start", 11);
}

std::vector<int> positions_in(const std::vector<std::string>& players,
                              const std::vector<std::string>& names) {
  std::vector<int> out;
  for (const auto& p : players) {
    const auto it = std::find(names.begin(), names.end(), p);
    out.push_back(it == names.end() ? -1 : static_cast<int>(it - names.begin()));
  }
  return out;
}

}  // namespace hypershap::report::detail
