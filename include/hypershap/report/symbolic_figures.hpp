#pragma once
// The figures of symbolic explanations (Segel et al., AutoML 2023): the landscapes side by side as
// heat maps over the test grid — the objective, the GP's posterior mean, the chosen formula — with
// the training configurations on top (the paper's Figure 3); the test RMSE against the operation
// count over the parsimony sweep with the elbow marked and every fit's point, the Pareto front
// joined (Figures 5 and 8); the chosen formula as text and LaTeX, and the paper's Table 1 row.

#include <filesystem>
#include <string>
#include <vector>

#include "hypershap/symbolic/explanation.hpp"

namespace hypershap::report {

/// The heat maps of one landscape (two players; with one player, lines).
std::string symbolic_landscape_plot(const symbolic::ExplanationResults& results,
                                    const symbolic::ExplanationLandscape& landscape);

/// RMSE against operations of one instance's fits, the sweep's means joined, the elbow ringed.
std::string symbolic_elbow_plot(const symbolic::ExplanationResults& results,
                                const std::string& instance);

/// A self-contained HTML page: per table and instance, the formula, the figures, the numbers.
std::string symbolic_page(const std::vector<symbolic::ExplanationResults>& results,
                          const std::string& title);

/// Writes DIR/symbolic.html and its SVGs (symbolic-NAME-K-landscape.svg, ...-elbow.svg),
/// creating DIR; returns the paths written. io_error naming a file that cannot be written.
std::vector<std::filesystem::path> write_symbolic_report(
    const std::vector<symbolic::ExplanationResults>& results, const std::filesystem::path& dir,
    const std::string& title);

}  // namespace hypershap::report
