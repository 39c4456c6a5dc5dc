#include "hypershap/report/importance_figures.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>

#include "hypershap/core/error.hpp"

#include "hypershap/report/svg_writer.hpp"

namespace hypershap::report {

namespace {

std::string joined(const std::vector<std::string>& names, const char* separator) {
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "" : separator) + n;
  return out;
}

// a sequential colour from light yellow (t = 0) to dark blue (t = 1)
std::string sequential(double t) {
  t = std::clamp(std::isfinite(t) ? t : 0.0, 0.0, 1.0);
  const double from[3] = {255, 247, 188}, mid[3] = {65, 182, 196}, to[3] = {37, 52, 148};
  int rgb[3];
  for (int c = 0; c < 3; ++c) {
    const double v =
        t < 0.5 ? from[c] + (mid[c] - from[c]) * t * 2 : mid[c] + (to[c] - mid[c]) * (t - 0.5) * 2;
    rgb[c] = static_cast<int>(std::lround(v));
  }
  char text[8];
  std::snprintf(text, sizeof text, "#%02x%02x%02x", rgb[0], rgb[1], rgb[2]);
  return text;
}

std::string label_of(const PartialDependence& pd, std::size_t axis, std::size_t i) {
  if (axis < pd.labels.size() && i < pd.labels[axis].size()) return pd.labels[axis][i];
  return format_value(pd.axes[axis][i]);
}

// tick positions: every point when few, otherwise first, quarters and last
std::vector<std::size_t> ticks(std::size_t n) {
  if (n <= 6) {
    std::vector<std::size_t> all(n);
    for (std::size_t i = 0; i < n; ++i) all[i] = i;
    return all;
  }
  return {0, (n - 1) / 4, (n - 1) / 2, 3 * (n - 1) / 4, n - 1};
}

}  // namespace

std::string importance_bar_chart(const ImportanceResults& results, std::size_t max_terms) {
  const std::size_t count = std::min(max_terms, results.terms.size());
  const double left = 220, right = 30, top = 40, row = 22, width = 680;
  const double height = top + row * static_cast<double>(count) + 50;
  SvgWriter svg(width, height, "fANOVA variance fractions");
  double top_value = 0.0;
  for (std::size_t i = 0; i < count; ++i)
    top_value = std::max(top_value, results.terms[i].fraction + results.terms[i].std);
  if (!(top_value > 0)) top_value = 1.0;
  const double plot = width - left - right;
  const auto x_of = [&](double v) { return left + plot * std::max(0.0, v) / top_value; };
  svg.text(10, 20,
           truncate_utf8("fANOVA of " + results.metric + " (± std over " +
                             std::to_string(results.trees_used) + " trees)",
                         70),
           "start", 13);
  for (std::size_t i = 0; i < count; ++i) {
    const ImportanceTerm& t = results.terms[i];
    const double y = top + row * static_cast<double>(i);
    const std::string name = joined(t.names, " × ");
    svg.text(left - 8, y + 15, truncate_utf8(name, 32), "end", 12);
    svg.element_with_title(
        "rect",
        {attr("x", left), attr("y", y + 3), attr("width", x_of(t.fraction) - left),
         attr("height", row - 6), attr("fill", t.names.size() == 1 ? "#4c72b0" : "#dd8452")},
        name + ": " + format_value(t.fraction) + " ± " + format_value(t.std));
    const double lo = x_of(t.fraction - t.std), hi = x_of(t.fraction + t.std), mid = y + row / 2;
    svg.line(lo, mid, hi, mid, "#222", 1.2);
    svg.line(lo, mid - 5, lo, mid + 5, "#222", 1.2);
    svg.line(hi, mid - 5, hi, mid + 5, "#222", 1.2);
  }
  const double axis_y = top + row * static_cast<double>(count) + 4;
  svg.line(left, axis_y, left + plot, axis_y, "#444", 1);
  for (int k = 0; k <= 4; ++k) {
    const double v = top_value * k / 4.0;
    svg.line(x_of(v), axis_y, x_of(v), axis_y + 4, "#444", 1);
    svg.text(x_of(v), axis_y + 18, format_value(v, 2), "middle", 11);
  }
  svg.text(left + plot / 2, axis_y + 36,
           "variance fraction (blue: main effect, orange: interaction)", "middle", 11);
  return svg.finish();
}

std::string partial_dependence_plot(const PartialDependence& pd, const std::string& metric) {
  const double left = 70, right = pd.axes.size() == 2 ? 90 : 20, top = 36, bottom = 60;
  const double width = 520, height = 380;
  const double pw = width - left - right, ph = height - top - bottom;
  SvgWriter svg(width, height, "partial dependence on " + joined(pd.names, " and "));
  svg.text(10, 20, truncate_utf8("PD of " + metric + " on " + joined(pd.names, " × "), 56), "start",
           13);
  const std::size_t nx = pd.axes[0].size();
  const auto x_of = [&](std::size_t i, std::size_t n) {
    return left + (n <= 1 ? pw / 2 : pw * static_cast<double>(i) / static_cast<double>(n - 1));
  };
  if (pd.axes.size() == 1) {
    double lo = INFINITY, hi = -INFINITY;
    for (std::size_t i = 0; i < nx; ++i) {
      if (!std::isfinite(pd.mean[i])) continue;
      const double band = std::isfinite(pd.standard_error[i]) ? 1.96 * pd.standard_error[i] : 0;
      lo = std::min(lo, pd.mean[i] - band);
      hi = std::max(hi, pd.mean[i] + band);
    }
    if (!(hi > lo)) {
      lo = std::isfinite(lo) ? lo - 1 : 0;
      hi = lo + 2;
    }
    const auto y_of = [&](double v) { return top + ph * (hi - v) / (hi - lo); };
    std::string band, line;
    for (std::size_t i = 0; i < nx; ++i) {
      const double se = std::isfinite(pd.standard_error[i]) ? pd.standard_error[i] : 0;
      band += (band.empty() ? "M" : " L") + format_number(x_of(i, nx)) + " " +
              format_number(y_of(pd.mean[i] + 1.96 * se));
      line += (line.empty() ? "M" : " L") + format_number(x_of(i, nx)) + " " +
              format_number(y_of(pd.mean[i]));
    }
    for (std::size_t i = nx; i-- > 0;) {
      const double se = std::isfinite(pd.standard_error[i]) ? pd.standard_error[i] : 0;
      band += " L" + format_number(x_of(i, nx)) + " " + format_number(y_of(pd.mean[i] - 1.96 * se));
    }
    svg.element("path", {attr("d", band + " Z"), attr("fill", "#4c72b0"), attr("opacity", "0.2")});
    svg.element("path", {attr("d", line), attr("fill", "none"), attr("stroke", "#4c72b0"),
                         attr("stroke-width", 2)});
    for (std::size_t i = 0; i < nx; ++i)
      svg.element_with_title("circle",
                             {attr("cx", x_of(i, nx)), attr("cy", y_of(pd.mean[i])), attr("r", 3),
                              attr("fill", "#4c72b0")},
                             pd.names[0] + " = " + label_of(pd, 0, i) + ": " +
                                 format_value(pd.mean[i], 4) + " ± " +
                                 format_value(pd.standard_error[i], 2));
    for (int k = 0; k <= 4; ++k) {
      const double v = lo + (hi - lo) * k / 4.0;
      svg.line(left - 4, y_of(v), left, y_of(v), "#444", 1);
      svg.text(left - 6, y_of(v) + 4, format_value(v, 3), "end", 11);
    }
    svg.line(left, top, left, top + ph, "#444", 1);
    svg.text(16, top + ph / 2, metric, "middle", 11,
             {attr("transform", "rotate(-90 16 " + format_number(top + ph / 2) + ")")});
  } else {
    const std::size_t ny = pd.axes[1].size();
    double lo = INFINITY, hi = -INFINITY;
    for (const double v : pd.mean)
      if (std::isfinite(v)) {
        lo = std::min(lo, v);
        hi = std::max(hi, v);
      }
    if (!(hi > lo)) hi = lo + 1;
    const double cw = pw / static_cast<double>(nx), ch = ph / static_cast<double>(ny);
    for (std::size_t i = 0; i < nx; ++i)
      for (std::size_t j = 0; j < ny; ++j) {
        const double v = pd.mean[i * ny + j];
        svg.element_with_title(
            "rect",
            {attr("x", left + cw * static_cast<double>(i)),
             attr("y", top + ph - ch * static_cast<double>(j + 1)), attr("width", cw + 0.3),
             attr("height", ch + 0.3), attr("fill", sequential((v - lo) / (hi - lo)))},
            pd.names[0] + " = " + label_of(pd, 0, i) + ", " + pd.names[1] + " = " +
                label_of(pd, 1, j) + ": " + format_value(v, 4) + " ± " +
                format_value(pd.standard_error[i * ny + j], 2));
      }
    for (const std::size_t j : ticks(ny)) {
      const double y = top + ph - ch * (static_cast<double>(j) + 0.5);
      svg.text(left - 6, y + 4, truncate_utf8(label_of(pd, 1, j), 9), "end", 11);
    }
    svg.text(16, top + ph / 2, pd.names[1], "middle", 11,
             {attr("transform", "rotate(-90 16 " + format_number(top + ph / 2) + ")")});
    // the colour scale
    const double lx = left + pw + 20;
    for (int k = 0; k < 50; ++k)
      svg.rect(lx, top + ph - ph * (k + 1) / 50.0, 14, ph / 50.0 + 0.3, sequential(k / 49.0));
    svg.text(lx + 18, top + 10, format_value(hi, 4), "start", 10);
    svg.text(lx + 18, top + ph, format_value(lo, 4), "start", 10);
  }
  const double axis_y = top + ph;
  svg.line(left, axis_y, left + pw, axis_y, "#444", 1);
  for (const std::size_t i : ticks(nx)) {
    const double x = pd.axes.size() == 2
                         ? left + pw / static_cast<double>(nx) * (static_cast<double>(i) + 0.5)
                         : x_of(i, nx);
    svg.line(x, axis_y, x, axis_y + 4, "#444", 1);
    svg.text(x, axis_y + 18, truncate_utf8(label_of(pd, 0, i), 10), "middle", 11);
  }
  svg.text(left + pw / 2, axis_y + 40, pd.names[0], "middle", 12);
  return svg.finish();
}

std::string importance_page(const ImportanceResults& results, const std::string& title) {
  std::string html =
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" +
      xml_escape(title) +
      "</title><style>body{font-family:sans-serif;margin:2em}</style></head><body>\n";
  html += "<h1>" + xml_escape(title) + "</h1>\n<p>" + xml_escape(results.model) + "; ";
  html += results.samples > 0 ? "a forest of " + std::to_string(results.trees) + " trees on " +
                                    std::to_string(results.samples) + " random configurations"
                              : "the model's own " + std::to_string(results.trees) + " trees";
  html += "; total variance " + xml_escape(format_value(results.total_variance, 4)) + ".</p>\n";
  html += importance_bar_chart(results) + "\n";
  for (const PartialDependence& pd : results.partial_dependence)
    html += "<div>" + partial_dependence_plot(pd, results.metric) + "</div>\n";
  return html + "</body></html>\n";
}

std::vector<std::filesystem::path> write_importance_report(const ImportanceResults& results,
                                                           const std::filesystem::path& dir,
                                                           const std::string& title) {
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (error)
    throw io_error(dir.string() + ": cannot create the report folder (" + error.message() +
                   "); choose another -o");
  std::vector<std::pair<std::string, std::string>> files = {
      {"importance.html", importance_page(results, title)},
      {"importance-fanova.svg", importance_bar_chart(results)}};
  for (std::size_t i = 0; i < results.partial_dependence.size(); ++i)
    files.emplace_back("importance-pd-" + std::to_string(i + 1) + ".svg",
                       partial_dependence_plot(results.partial_dependence[i], results.metric));
  std::vector<std::filesystem::path> written;
  for (const auto& [name, text] : files) {
    const std::filesystem::path path = dir / name;
    std::ofstream out(path, std::ios::binary);
    out << text;
    if (!out) throw io_error(path.string() + ": cannot write the report file; check the folder");
    written.push_back(path);
  }
  return written;
}

}  // namespace hypershap::report
