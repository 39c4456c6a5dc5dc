// The importance figures: one bar with its error bar per fANOVA term, the PD line with its band,
// the PD heat map with one cell per grid point; all well-formed SVG (tests/report/validate_svg.py).

#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "hypershap/report/importance_figures.hpp"

using namespace hypershap;

namespace {

std::size_t count_of(const std::string& text, const std::string& what) {
  std::size_t count = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1))
    ++count;
  return count;
}

ImportanceResults results() {
  ImportanceResults r;
  r.model = "toy";
  r.metric = "accuracy";
  r.trees = r.trees_used = 16;
  r.samples = 1000;
  r.total_variance = 2.5;
  r.terms = {{{"learning_rate"}, 0.6, 0.05, 0.6, 0.05},
             {{"batch_size"}, 0.25, 0.04, 0.25, 0.04},
             {{"learning_rate", "batch_size"}, 0.1, 0.02, 0.95, 0.01}};
  PartialDependence line;
  line.names = {"learning_rate"};
  line.features = {0};
  line.axes = {{0.001, 0.01, 0.1}};
  line.labels = {{"0.001", "0.01", "0.1"}};
  line.mean = {0.5, 0.7, 0.6};
  line.standard_error = {0.01, 0.02, 0.01};
  line.count = {100, 100, 100};
  PartialDependence map = line;
  map.names = {"learning_rate", "optimizer"};
  map.features = {0, 1};
  map.axes = {{0.001, 0.01, 0.1}, {0, 1}};
  map.labels = {{"0.001", "0.01", "0.1"}, {"adam", "sgd"}};
  map.mean = {0.5, 0.4, 0.7, 0.6, 0.6, 0.2};
  map.standard_error = std::vector<double>(6, 0.01);
  r.partial_dependence = {line, map};
  return r;
}

}  // namespace

TEST_CASE("importance figures: bars with error bars, a PD line with its band, a PD heat map") {
  const ImportanceResults r = results();
  const std::string bars = report::importance_bar_chart(r);
  CHECK(count_of(bars, "<rect") == 1 + 3);          // the background and one bar per term
  CHECK(count_of(bars, "<line") == 3 * 3 + 1 + 5);  // error bar + 2 caps each, axis, 5 ticks
  CHECK(bars.find("<title>learning_rate × batch_size: 0.1 ± 0.02</title>") != std::string::npos);
  const std::string line = report::partial_dependence_plot(r.partial_dependence[0], r.metric);
  CHECK(count_of(line, "<path") == 2);  // the band and the line
  CHECK(count_of(line, "<circle") == 3);
  CHECK(line.find("learning_rate = 0.01: 0.7 ± 0.02") != std::string::npos);
  const std::string map = report::partial_dependence_plot(r.partial_dependence[1], r.metric);
  CHECK(count_of(map, "<rect") == 1 + 6 + 50);  // background, 3×2 cells, the colour scale
  CHECK(map.find("learning_rate = 0.1, optimizer = sgd: 0.2 ± 0.01") != std::string::npos);

  const auto dir = std::filesystem::temp_directory_path() / "hypershap-test-importance-report";
  std::filesystem::remove_all(dir);
  const auto written = report::write_importance_report(r, dir, "importance");
  CHECK(written.size() == 4);
  std::string command = std::string(HYPERSHAP_PYTHON) + " " + HYPERSHAP_SVG_VALIDATOR;
  for (const auto& path : written)
    if (path.extension() == ".svg") command += " '" + path.string() + "'";
  CHECK(std::system(command.c_str()) == 0);
  std::filesystem::remove_all(dir);
}
