#pragma once
// Shared by the figures: guarded arithmetic, axes with round ticks, colours.

#include <string>
#include <vector>

#include "hypershap/report/figures.hpp"
#include "hypershap/report/svg_writer.hpp"

namespace hypershap::report::detail {

/// a / b, or 0 where b is 0 or the quotient is not finite.
double safe_ratio(double a, double b);

/// 0 for a value that is rounding noise next to `largest` (|value| <= 1e-12 · |largest|, as an
/// exact zero interaction comes out of floating point) or not finite; the value otherwise.
double denoise(double value, double largest);

/// A linear map from [lo, hi] to [pixel_lo, pixel_hi]; an empty range is widened first.
struct LinearScale {
  double lo, hi, pixel_lo, pixel_hi;
  LinearScale(double lo_, double hi_, double pixel_lo_, double pixel_hi_);
  double operator()(double x) const;
};

/// About `count` round tick positions covering [lo, hi].
std::vector<double> nice_ticks(double lo, double hi, int count);

/// `hex` (#rrggbb) mixed with white: t = 0 the colour, t = 1 white.
std::string lighten(const std::string& hex, double t);

inline std::string positive_colour_hex() { return positive_colour; }
inline std::string negative_colour_hex() { return negative_colour; }
std::string sign_colour(double value);

/// Approximate width in pixels of `text` at font `size` (~0.62 em: DejaVu Sans, the widest of
/// the usual fallbacks).
double text_width(const std::string& text, double size);

/// Axis title, tick marks and labels of a vertical axis at x = `x`.
void vertical_axis(SvgWriter& svg, const LinearScale& y, double x, const std::string& title,
                   double gridline_to = -1);
/// ... and of a horizontal axis at y = `y`.
void horizontal_axis(SvgWriter& svg, const LinearScale& x, double y, const std::string& title,
                     double gridline_to = -1);

/// The red/blue legend of the paper, starting at (x, y).
void sign_legend(SvgWriter& svg, double x, double y);

/// The index of each of `players` in `names`, -1 where absent.
std::vector<int> positions_in(const std::vector<std::string>& players,
                              const std::vector<std::string>& names);

}  // namespace hypershap::report::detail
