#include "hypershap/core/aggregation.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>

namespace hypershap {

std::optional<Aggregation> parse_aggregation(std::string_view text) {
  Aggregation a;
  if (text == "mean") return a;
  if (text == "median") {
    a.op = Aggregation::Op::median;
    return a;
  }
  if (text == "min") {
    a.op = Aggregation::Op::min;
    return a;
  }
  if (text == "max") {
    a.op = Aggregation::Op::max;
    return a;
  }
  if (text == "variance") {
    a.op = Aggregation::Op::variance;
    return a;
  }
  const std::string_view prefix = "quantile:";
  if (text.substr(0, prefix.size()) != prefix) return std::nullopt;
  const std::string number(text.substr(prefix.size()));
  char* end = nullptr;
  const double q = std::strtod(number.c_str(), &end);
  if (number.empty() || end != number.c_str() + number.size() || !(q >= 0.0 && q <= 1.0))
    return std::nullopt;
  a.op = Aggregation::Op::quantile;
  a.q = q;
  return a;
}

std::string to_text(const Aggregation& aggregation) {
  switch (aggregation.op) {
    case Aggregation::Op::mean: return "mean";
    case Aggregation::Op::median: return "median";
    case Aggregation::Op::min: return "min";
    case Aggregation::Op::max: return "max";
    case Aggregation::Op::variance: return "variance";
    case Aggregation::Op::quantile: break;
  }
  char text[64];
  for (int digits = 1; digits <= 17; ++digits) {
    std::snprintf(text, sizeof text, "%.*g", digits, aggregation.q);
    if (std::strtod(text, nullptr) == aggregation.q) break;
  }
  return "quantile:" + std::string(text);
}

double aggregate(const Aggregation& aggregation, std::vector<double> values) {
  if (values.empty()) return std::numeric_limits<double>::quiet_NaN();
  std::sort(values.begin(), values.end());
  const auto mean = [&] {
    double sum = 0.0;
    for (const double v : values) sum += v;
    return sum / static_cast<double>(values.size());
  };
  switch (aggregation.op) {
    case Aggregation::Op::mean: return mean();
    case Aggregation::Op::min: return values.front();
    case Aggregation::Op::max: return values.back();
    case Aggregation::Op::variance: {
      const double m = mean();
      double squares = 0.0;
      for (const double v : values) squares += (v - m) * (v - m);
      return squares / static_cast<double>(values.size());
    }
    case Aggregation::Op::median:
    case Aggregation::Op::quantile: break;
  }
  const double q = aggregation.op == Aggregation::Op::median ? 0.5 : aggregation.q;
  const double h = static_cast<double>(values.size() - 1) * q;
  const auto below = static_cast<std::size_t>(std::floor(h));
  const std::size_t above = std::min(below + 1, values.size() - 1);
  const double fraction = h - static_cast<double>(below);
  // exact at the order statistics (fraction 0), e.g. the median of an odd count
  if (fraction == 0.0) return values[below];
  return values[below] + fraction * (values[above] - values[below]);
}

}  // namespace hypershap
