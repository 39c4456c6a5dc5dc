#pragma once
// The figures of `hypershap importance` results: the fANOVA fractions as a bar chart with error
// bars (± the standard deviation over trees), and partial dependence as a line with its 95% band
// (one hyperparameter) or a heat map (two). Grid points are spaced evenly, so a log-scale
// hyperparameter's grid (log-spaced) reads as a log axis.

#include <filesystem>
#include <string>
#include <vector>

#include "hypershap/importance/importance_job.hpp"

namespace hypershap::report {

/// The `max_terms` largest fractions, one bar each, largest first.
std::string importance_bar_chart(const ImportanceResults& results, std::size_t max_terms = 20);

/// A line (one hyperparameter) or a heat map (two); `metric` labels the values.
std::string partial_dependence_plot(const PartialDependence& pd, const std::string& metric);

/// A self-contained HTML page with every figure of `results` inline.
std::string importance_page(const ImportanceResults& results, const std::string& title);

/// Writes DIR/importance.html and its SVGs (importance-fanova.svg, importance-pd-K.svg),
/// creating DIR; returns the paths written. io_error naming a file that cannot be written.
std::vector<std::filesystem::path> write_importance_report(const ImportanceResults& results,
                                                           const std::filesystem::path& dir,
                                                           const std::string& title);

}  // namespace hypershap::report
