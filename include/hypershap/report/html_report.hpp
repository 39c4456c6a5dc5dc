#pragma once
// The report: every figure of every game as an SVG file and one self-contained index.html (the
// SVGs inline, no scripts, fonts or network), which opens from a file in any browser.

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "hypershap/report/report_input.hpp"

namespace hypershap::report {

struct ReportOptions {
  std::string title;       // what the report is of (the job's name): "HyperSHAP report: TITLE"
  int upset_top = 12;      // bars in the upset plot
  bool hyperedges = true;  // tinted areas for interactions of order >= 3 in the graphs
  bool abbreviate = true;  // abbreviated node labels in the graphs (full names on hover)
  /// One colour and size scale for every game (comparable panels); false gives each game its
  /// own magnitudes (games of different units or sizes, e.g. Tunability next to Optimizer
  /// Bias), the hyperparameter order still shared.
  bool common_scales = true;
};

struct RenderedReport {
  std::string html;                                       // index.html
  std::vector<std::pair<std::string, std::string>> svgs;  // file name, document
};

/// Throws invalid_input where an input is not a report (no players, no explanation, values of
/// the wrong size).
RenderedReport render_report(const std::vector<ReportInput>& inputs,
                             const ReportOptions& options = {});

/// Renders and writes DIR/index.html and the SVG files (creating DIR); returns the paths written.
std::vector<std::filesystem::path> write_report(const std::vector<ReportInput>& inputs,
                                                const std::filesystem::path& dir,
                                                const ReportOptions& options = {});

}  // namespace hypershap::report
