// The symbolic-explanation figures: one heat-map cell per grid cell and panel (objective, GP mean,
// formula) with the training configurations on top, the elbow plot with one point per fit and per
// parsimony value and the elbow ringed, the page with the formula; all well-formed SVG
// (tests/report/validate_svg.py).

#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "hypershap/report/symbolic_figures.hpp"

using namespace hypershap;

namespace {

std::size_t count_of(const std::string& text, const std::string& what) {
  std::size_t count = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1))
    ++count;
  return count;
}

symbolic::ExplanationResults results() {
  symbolic::ExplanationResults r;
  r.name = "gp";
  r.training = "surrogate";
  r.model = "toy";
  r.metric = "acc";
  r.players = {"eta", "lambda"};
  r.parsimony = {0.0001, 0.01, 0.1};
  r.population = 100;
  r.generations = 3;
  // parsimony 0.1: 1 op, RMSE 0.3; 0.01: 3 ops, 0.1; 0.0001: 9 ops, 0.095 (the elbow: 0.01)
  const double ops[3] = {9, 3, 1}, rmse[3] = {0.095, 0.1, 0.3};
  for (int k = 0; k < 3; ++k) {
    symbolic::ExplanationFit f;
    f.instance = "31";
    f.parsimony = r.parsimony[static_cast<std::size_t>(k)];
    f.program = "eta";
    f.formula = "eta*" + std::to_string(k);
    f.operations = static_cast<int>(ops[k]);
    f.test_rmse = rmse[k];
    r.fits.push_back(f);
  }
  r.baselines = {{"31", 0, 0.05, 0.2}};
  symbolic::ExplanationLandscape l;
  l.instance = "31";
  l.axes = {{0.15, 0.45, 0.75}, {0.01, 0.1}};  // eta linear, lambda log-spaced
  l.objective = {1, 2, 3, 4, 5, 6};
  l.gp_mean = {1, 2, 3, 4, 5, 6};
  l.formula = {1, 2, 3, 4, 5, 6};
  l.chosen_fit = 1;
  l.training = {0.15, 0.01, 0.75, 0.1};
  l.training_cost = {1, 6};
  r.landscapes = {l};
  return r;
}

}  // namespace

TEST_CASE("symbolic figures: three heat maps with the samples, the elbow plot, the page") {
  const auto r = results();
  const std::string maps = report::symbolic_landscape_plot(r, r.landscapes[0]);
  CHECK(count_of(maps, "<rect") == 1 + 3 * 6 + 3 + 50);  // background, cells, frames, scale
  CHECK(count_of(maps, "<circle") == 3 * 2);             // the 2 samples on every panel
  CHECK(maps.find("eta = 0.75, lambda = 0.1: 6") != std::string::npos);
  const std::string elbow = report::symbolic_elbow_plot(r, "31");
  // 3 fits (all on the Pareto front), 3 sweep means, the elbow's ring
  CHECK(count_of(elbow, "<circle") == 3 + 3 + 1);
  CHECK(elbow.find("parsimony 0.01: mean 3 operations, mean RMSE 0.1") != std::string::npos);
  const std::string page = report::symbolic_page({r}, "symbolic");
  CHECK(page.find("<code>eta*1</code>") != std::string::npos);  // the chosen fit's formula

  const auto dir = std::filesystem::temp_directory_path() / "hypershap-test-symbolic-report";
  std::filesystem::remove_all(dir);
  const auto written = report::write_symbolic_report({r}, dir, "symbolic");
  CHECK(written.size() == 3);
  std::string command = std::string(HYPERSHAP_PYTHON) + " " + HYPERSHAP_SVG_VALIDATOR;
  for (const auto& path : written)
    if (path.extension() == ".svg") command += " '" + path.string() + "'";
  CHECK(std::system(command.c_str()) == 0);
  std::filesystem::remove_all(dir);
}
