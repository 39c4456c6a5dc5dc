#include "hypershap/report/symbolic_figures.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>

#include "hypershap/core/error.hpp"
#include "hypershap/report/svg_writer.hpp"

namespace hypershap::report {

namespace {

using symbolic::ExplanationFit;
using symbolic::ExplanationLandscape;
using symbolic::ExplanationResults;

// a sequential colour from light yellow (t = 0, low cost) to dark blue (t = 1, high cost)
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

/// The position of `v` on a grid axis of cell centres, in cells (centre k is at k + 0.5):
/// piecewise linear between neighbouring centres (on the log scale for a positive axis spanning
/// more than a decade, as log-spaced grids do), extended by the end cells' widths.
double cell_position(const std::vector<double>& axis, double v) {
  const std::size_t n = axis.size();
  if (n < 2) return 0.5;
  const bool log = axis.front() > 0 && axis.back() > 10 * axis.front();
  const auto f = [&](double x) { return log ? std::log(std::max(x, 1e-300)) : x; };
  std::size_t k = 0;
  while (k + 2 < n && v > axis[k + 1]) ++k;
  const double a = f(axis[k]), b = f(axis[k + 1]);
  const double t = b > a ? (f(v) - a) / (b - a) : 0.5;
  return std::clamp(static_cast<double>(k) + 0.5 + t, 0.0, static_cast<double>(n));
}

std::string operations_text(const ExplanationFit& f) {
  return std::to_string(f.operations) + (f.operations == 1 ? " operation" : " operations");
}

}  // namespace

std::string symbolic_landscape_plot(const ExplanationResults& results,
                                    const ExplanationLandscape& l) {
  struct Panel {
    std::string title;
    const std::vector<double>* values;
  };
  std::vector<Panel> panels = {{"objective", &l.objective}};
  if (!l.gp_mean.empty()) panels.push_back({"GP mean", &l.gp_mean});
  if (!l.formula.empty()) panels.push_back({"formula", &l.formula});
  // one colour scale for every panel: the objective's range (the formula may leave it)
  double lo = INFINITY, hi = -INFINITY;
  for (const double v : l.objective)
    if (std::isfinite(v)) {
      lo = std::min(lo, v);
      hi = std::max(hi, v);
    }
  if (!(hi > lo)) hi = lo + 1;
  const double pw = 220, ph = 220, left = 70, gap = 40, top = 40;
  const double width = left + (pw + gap) * static_cast<double>(panels.size()) + 60;
  const double height = top + ph + 70;
  SvgWriter svg(width, height, "Symbolic explanation: landscapes of " + results.name);
  const bool two = l.axes.size() == 2;
  const std::size_t nx = l.axes.empty() ? 0 : l.axes[0].size();
  const std::size_t ny = two ? l.axes[1].size() : 1;
  const std::size_t d = l.axes.size();
  for (std::size_t k = 0; k < panels.size(); ++k) {
    const double x0 = left + (pw + gap) * static_cast<double>(k);
    svg.text(x0 + pw / 2, top - 12, panels[k].title, "middle", 13);
    const std::vector<double>& values = *panels[k].values;
    const double cw = pw / static_cast<double>(std::max<std::size_t>(nx, 1));
    const double ch = ph / static_cast<double>(ny);
    for (std::size_t i = 0; i < nx; ++i)
      for (std::size_t j = 0; j < ny; ++j) {
        const std::size_t cell = i * ny + j;
        if (cell >= values.size()) continue;
        const double v = values[cell];
        std::string where = results.players[0] + " = " + format_value(l.axes[0][i], 4);
        if (two) where += ", " + results.players[1] + " = " + format_value(l.axes[1][j], 4);
        svg.element_with_title(
            "rect",
            {attr("x", x0 + cw * static_cast<double>(i)),
             attr("y", top + ph - ch * static_cast<double>(j + 1)), attr("width", cw + 0.3),
             attr("height", ch + 0.3), attr("fill", sequential((v - lo) / (hi - lo)))},
            where + ": " + format_value(v, 4));
      }
    // the training configurations on top (only when they lie in the grid's plane)
    if (d >= 1 && l.training.size() >= d) {
      for (std::size_t s = 0; s + d <= l.training.size(); s += d) {
        const double px = x0 + cw * cell_position(l.axes[0], l.training[s]);
        const double py =
            two ? top + ph - ch * cell_position(l.axes[1], l.training[s + 1]) : top + ph / 2;
        svg.element("circle", {attr("cx", px), attr("cy", py), attr("r", 2.0), attr("fill", "none"),
                               attr("stroke", "#d62728"), attr("stroke-width", 0.8)});
      }
    }
    svg.rect(x0, top, pw, ph, "none", {attr("stroke", "#444")});
    svg.text(x0, top + ph + 16, format_value(l.axes[0].front(), 3), "start", 10);
    svg.text(x0 + pw, top + ph + 16, format_value(l.axes[0].back(), 3), "end", 10);
    svg.text(x0 + pw / 2, top + ph + 34, results.players[0], "middle", 12);
    if (two && k == 0) {
      svg.text(x0 - 6, top + ph, format_value(l.axes[1].front(), 3), "end", 10);
      svg.text(x0 - 6, top + 10, format_value(l.axes[1].back(), 3), "end", 10);
      svg.text(16, top + ph / 2, results.players[1], "middle", 12,
               {attr("transform", "rotate(-90 16 " + format_number(top + ph / 2) + ")")});
    }
  }
  const double lx = width - 50;
  for (int k = 0; k < 50; ++k)
    svg.rect(lx, top + ph - ph * (k + 1) / 50.0, 12, ph / 50.0 + 0.3, sequential(k / 49.0));
  svg.text(lx - 2, top - 4, format_value(hi, 3), "start", 10);
  svg.text(lx - 2, top + ph + 14, format_value(lo, 3), "start", 10);
  svg.text(left, height - 10, "cost on the test grid; red circles: the training set (repetition 0)",
           "start", 11);
  return svg.finish();
}

std::string symbolic_elbow_plot(const ExplanationResults& results, const std::string& instance) {
  const std::vector<symbolic::SweepPoint> sweep = symbolic::parsimony_sweep(results, instance);
  const std::vector<std::size_t> front = symbolic::fit_pareto_front(results, instance);
  const std::size_t elbow = symbolic::sweep_elbow(sweep);
  double max_ops = 1, lo = INFINITY, hi = -INFINITY;
  for (const ExplanationFit& f : results.fits)
    if (f.instance == instance && std::isfinite(f.test_rmse)) {
      max_ops = std::max(max_ops, static_cast<double>(f.operations));
      lo = std::min(lo, f.test_rmse);
      hi = std::max(hi, f.test_rmse);
    }
  if (!(hi > lo)) {
    lo = std::isfinite(lo) ? lo - 1e-3 : 0;
    hi = lo + 2e-3;
  }
  const double left = 80, top = 30, pw = 420, ph = 260, width = 640, height = 360;
  SvgWriter svg(width, height, "RMSE against operations: " + results.name);
  const auto x_of = [&](double ops) { return left + pw * ops / max_ops; };
  const auto y_of = [&](double v) { return top + ph - ph * (v - lo) / (hi - lo); };
  svg.rect(left, top, pw, ph, "none", {attr("stroke", "#444")});
  for (std::size_t i = 0; i < results.fits.size(); ++i) {
    const ExplanationFit& f = results.fits[i];
    if (f.instance != instance || !std::isfinite(f.test_rmse)) continue;
    const bool on_front = std::find(front.begin(), front.end(), i) != front.end();
    svg.element_with_title(
        "circle",
        {attr("cx", x_of(f.operations)), attr("cy", y_of(f.test_rmse)),
         attr("r", on_front ? 3.5 : 2.5), attr("fill", on_front ? "#ff7f0e" : "#bbbbbb")},
        "parsimony " + format_value(f.parsimony, 3) + ": " + f.formula + " (" + operations_text(f) +
            ", RMSE " + format_value(f.test_rmse, 4) + ")");
  }
  for (std::size_t k = 1; k < front.size(); ++k) {
    const ExplanationFit& a = results.fits[front[k - 1]];
    const ExplanationFit& b = results.fits[front[k]];
    svg.line(x_of(a.operations), y_of(a.test_rmse), x_of(b.operations), y_of(b.test_rmse),
             "#ff7f0e", 1, {attr("stroke-dasharray", "3 2")});
  }
  for (std::size_t k = 0; k < sweep.size(); ++k) {
    if (k > 0)
      svg.line(x_of(sweep[k - 1].operations), y_of(sweep[k - 1].rmse), x_of(sweep[k].operations),
               y_of(sweep[k].rmse), "#1f77b4", 1.5);
    svg.element_with_title("circle",
                           {attr("cx", x_of(sweep[k].operations)), attr("cy", y_of(sweep[k].rmse)),
                            attr("r", 4.0), attr("fill", "#1f77b4")},
                           "parsimony " + format_value(sweep[k].parsimony, 3) + ": mean " +
                               format_value(sweep[k].operations, 3) + " operations, mean RMSE " +
                               format_value(sweep[k].rmse, 4));
  }
  if (!sweep.empty())
    svg.element("circle",
                {attr("cx", x_of(sweep[elbow].operations)), attr("cy", y_of(sweep[elbow].rmse)),
                 attr("r", 9.0), attr("fill", "none"), attr("stroke", "#d62728"),
                 attr("stroke-width", 2.0)});
  for (int k = 0; k <= 4; ++k) {
    const double v = lo + (hi - lo) * k / 4.0;
    svg.text(left - 6, y_of(v) + 4, format_value(v, 3), "end", 10);
    const double ops = max_ops * k / 4.0;
    svg.text(x_of(ops), top + ph + 16, format_value(ops, 2), "middle", 10);
  }
  svg.text(left + pw / 2, top + ph + 36, "operations (SymPy count_ops)", "middle", 12);
  svg.text(18, top + ph / 2, "test RMSE", "middle", 12,
           {attr("transform", "rotate(-90 18 " + format_number(top + ph / 2) + ")")});
  svg.text(left + pw + 12, top + 14, "● mean per parsimony", "start", 10,
           {attr("fill", "#1f77b4")});
  svg.text(left + pw + 12, top + 30, "● Pareto front", "start", 10, {attr("fill", "#ff7f0e")});
  svg.text(left + pw + 12, top + 46, "○ elbow (App. A)", "start", 10, {attr("fill", "#d62728")});
  return svg.finish();
}

namespace {

std::string mean_std_text(const symbolic::MeanStd& m) {
  if (m.count == 0 || !std::isfinite(m.mean)) return "–";
  char text[64];
  if (std::isfinite(m.std))
    std::snprintf(text, sizeof text, "%.3f ± %.3f", m.mean, m.std);
  else
    std::snprintf(text, sizeof text, "%.3f", m.mean);
  return text;
}

}  // namespace

std::string symbolic_page(const std::vector<ExplanationResults>& results,
                          const std::string& title) {
  std::string html =
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" +
      xml_escape(title) +
      "</title><style>body{font-family:sans-serif;margin:2em}td,th{padding:2px 8px;text-align:"
      "left}code{background:#f4f4f4;padding:2px 4px}</style></head><body>\n<h1>" +
      xml_escape(title) + "</h1>\n";
  for (const ExplanationResults& r : results) {
    html += "<h2>[symbolic." + xml_escape(r.name) + "]: training set " + xml_escape(r.training) +
            "</h2>\n<p>" + xml_escape(r.model) +
            "; cost = " + xml_escape(format_value(r.cost_offset, 4)) + " + " +
            xml_escape(format_value(r.cost_scale, 4)) + " × " + xml_escape(r.metric) +
            "; population " + std::to_string(r.population) + ", " + std::to_string(r.generations) +
            " generations; " + xml_escape(format_value(r.seconds, 3)) + " s.</p>\n";
    for (const ExplanationLandscape& l : r.landscapes) {
      html += "<h3>instance " + xml_escape(l.instance.empty() ? "-" : l.instance) + "</h3>\n";
      if (l.chosen_fit < r.fits.size()) {
        const ExplanationFit& f = r.fits[l.chosen_fit];
        html += "<p>formula (parsimony " + xml_escape(format_value(f.parsimony, 3)) +
                ", repetition 0, SR seed 0): <code>" + xml_escape(f.formula) + "</code> (" +
                xml_escape(operations_text(f)) + ", length " + std::to_string(f.length) +
                ", test RMSE " + xml_escape(format_value(f.test_rmse, 4)) + ")<br>LaTeX: <code>" +
                xml_escape(f.latex) + "</code><br>gplearn: <code>" + xml_escape(f.program) +
                "</code></p>\n";
      }
      const double z = r.parsimony.empty() ? 0.0 : r.parsimony.front();
      html += "<table><tr><th>SR (" + xml_escape(r.training) + ") at parsimony " +
              xml_escape(format_value(z, 3)) +
              "</th><th>GP baseline</th><th>linear regression</th></tr><tr><td>" +
              xml_escape(mean_std_text(symbolic::test_rmse_of(r, l.instance, z))) + "</td><td>" +
              xml_escape(mean_std_text(symbolic::gp_rmse_of(r, l.instance))) + "</td><td>" +
              xml_escape(mean_std_text(symbolic::linear_rmse_of(r, l.instance))) +
              "</td></tr></table>\n";
      html += "<div>" + symbolic_landscape_plot(r, l) + "</div>\n";
      if (r.parsimony.size() > 1) html += "<div>" + symbolic_elbow_plot(r, l.instance) + "</div>\n";
    }
  }
  return html + "</body></html>\n";
}

std::vector<std::filesystem::path> write_symbolic_report(
    const std::vector<ExplanationResults>& results, const std::filesystem::path& dir,
    const std::string& title) {
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (error)
    throw io_error(dir.string() + ": cannot create the report folder (" + error.message() +
                   "); choose another -o");
  std::vector<std::pair<std::string, std::string>> files = {
      {"symbolic.html", symbolic_page(results, title)}};
  for (const ExplanationResults& r : results)
    for (std::size_t k = 0; k < r.landscapes.size(); ++k) {
      const std::string stem = "symbolic-" + r.name + "-" + std::to_string(k + 1);
      files.emplace_back(stem + "-landscape.svg", symbolic_landscape_plot(r, r.landscapes[k]));
      if (r.parsimony.size() > 1)
        files.emplace_back(stem + "-elbow.svg", symbolic_elbow_plot(r, r.landscapes[k].instance));
    }
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
