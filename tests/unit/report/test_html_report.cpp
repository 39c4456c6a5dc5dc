#include <doctest/doctest.h>

#include <unistd.h>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "hypershap/core/error.hpp"
#include "hypershap/explain/faithfulness.hpp"
#include "hypershap/explain/shapley_interactions.hpp"
#include "hypershap/io/game_json.hpp"
#include "hypershap/report/html_report.hpp"
#include "nasty_cases.hpp"
#include "test_support.hpp"

using namespace hypershap;
using namespace hypershap::report;

namespace {

ReportInput analytic_input() {
  ReportInput input;
  input.title = "analytic-interactions";
  input.game_kind = "tunability";
  input.game = read_game_json(test::source_dir() / "jobs/games/analytic-interactions.json");
  input.explanations.push_back(
      {explain(input.game, Index::fsii, 2), faithfulness_r2(input.game, 4)});
  input.summary.emplace_back("best configuration", "learning_rate=0.1, momentum=0.9 <best>");
  input.summary.emplace_back("evaluations", "16");
  return input;
}

std::size_t count_of(const std::string& text, const std::string& what) {
  std::size_t count = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1))
    ++count;
  return count;
}

}  // namespace

TEST_CASE("the report of one game has five inline figures, a summary and nothing external") {
  const RenderedReport report = render_report({analytic_input()});
  REQUIRE(report.svgs.size() == 5);
  CHECK(report.svgs[0].first == "game1-analytic-interactions-interaction-graph.svg");
  for (const char* kind : {"graph", "upset", "waterfall", "order-bars", "faithfulness"})
    CHECK(count_of(report.html, std::string("data-figure=\"") + kind + "\"") == 1);
  CHECK(count_of(report.html, "<svg ") == 5);
  // Self-contained: no scripts, no links, no URL but the SVG namespace.
  CHECK(report.html.find("<script") == std::string::npos);
  CHECK(report.html.find("<link") == std::string::npos);
  CHECK(count_of(report.html, "http") == count_of(report.html, "http://www.w3.org/2000/svg"));
  // The summary: kind, v(∅), v(N), the rows given, escaped.
  CHECK(report.html.find("<th>game kind</th><td>tunability</td>") != std::string::npos);
  CHECK(report.html.find("<th>v(\u2205)</th><td>0.5</td>") != std::string::npos);
  CHECK(report.html.find("<th>v(N)</th><td>1.3</td>") != std::string::npos);
  CHECK(report.html.find("momentum=0.9 &lt;best&gt;") != std::string::npos);
  CHECK(report.html.find("performance gain") != std::string::npos);
  CHECK(report.html.find("<b>L-R</b> learning_rate") != std::string::npos);
}

TEST_CASE("several games share one player order and get a side-by-side section") {
  ReportInput a = analytic_input();
  ReportInput b = test::synthetic_input("other", {"momentum", "weight_decay"}, 2,
                                        [](Coalition s) { return s == 3 ? -0.2 : 0.1; });
  const RenderedReport report = render_report({a, b});
  CHECK(report.svgs.size() == 11);
  CHECK(report.html.find("id=\"comparison\"") != std::string::npos);
  CHECK(count_of(report.html, "data-figure=\"comparison\"") == 2);
  // One faithfulness plot with a curve per game, after the graphs.
  CHECK(count_of(report.html, "data-figure=\"faithfulness-comparison\"") == 1);
  CHECK(report.svgs[10].first == "comparison-faithfulness.svg");
  CHECK(count_of(report.svgs[10].second, "<polyline") == 2);
  // The second game's graph has a node for every player of both, those it lacks hollow.
  const std::string& graph = report.svgs[5].second;
  CHECK(count_of(graph, "<circle") == 5);
  CHECK(graph.find("learning_rate: not in this game") != std::string::npos);
}

TEST_CASE("write_report writes index.html and the SVG files") {
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("hypershap-report-" + std::to_string(::getpid()));
  const auto written = write_report({analytic_input()}, dir / "sub");
  CHECK(written.size() == 6);
  CHECK(std::filesystem::exists(dir / "sub" / "index.html"));
  std::ifstream in(dir / "sub" / "game1-analytic-interactions-upset.svg");
  std::stringstream text;
  text << in.rdbuf();
  CHECK(text.str().rfind("<?xml", 0) == 0);
  std::filesystem::remove_all(dir);
}

TEST_CASE("inputs that are no report are refused with a message") {
  ReportInput no_players;
  CHECK_THROWS_AS(render_report({no_players}), Error);
  ReportInput no_explanation = analytic_input();
  no_explanation.explanations.clear();
  CHECK_THROWS_WITH_AS(render_report({no_explanation}), doctest::Contains("no explanation"), Error);
  ReportInput wrong_size = analytic_input();
  wrong_size.game.values.pop_back();
  CHECK_THROWS_WITH_AS(render_report({wrong_size}), doctest::Contains("15 values"), Error);
  CHECK_THROWS_AS(render_report({}), Error);
}

TEST_CASE("tunability-like games label their interactions as performance gains") {
  CHECK(is_gain_game("tunability"));
  CHECK(is_gain_game("Mistunability"));
  CHECK(is_gain_game("data_specific_tunability"));
  CHECK_FALSE(is_gain_game("ablation"));
  CHECK_FALSE(is_gain_game(""));
  ReportInput ablation = analytic_input();
  ablation.game_kind = "ablation";
  const RenderedReport report = render_report({ablation});
  CHECK(report.html.find("performance gain") == std::string::npos);
  CHECK(report.html.find("interaction value") != std::string::npos);
}

TEST_CASE("details are collapsible blocks after the summary, escaped") {
  ReportInput input = analytic_input();
  input.details.emplace_back("The resolved job (sha256:00)", "[job]\nname = \"<toy>\"\n");
  const RenderedReport report = render_report({input});
  CHECK(report.html.find("<details class=\"details\"><summary>The resolved job (sha256:00)"
                         "</summary>\n<pre>[job]\nname = &quot;&lt;toy&gt;&quot;\n</pre>") !=
        std::string::npos);
  CHECK(report.html.find("</table>\n<details") != std::string::npos);
}

TEST_CASE("games on their own scales keep the common hyperparameter order") {
  ReportInput a = analytic_input();
  ReportInput b = test::synthetic_input("small", {"momentum", "weight_decay"}, 2,
                                        [](Coalition s) { return s == 3 ? -0.002 : 0.001; });
  ReportOptions each;
  each.common_scales = false;
  const RenderedReport common = render_report({a, b});
  const RenderedReport own = render_report({a, b}, each);
  // The small game's graph differs (its own magnitudes) but still has every player's node.
  CHECK(own.svgs[5].second != common.svgs[5].second);
  CHECK(count_of(own.svgs[5].second, "<circle") == 5);
  CHECK(own.svgs[0].second == common.svgs[0].second);  // the largest game sets both scales
  CHECK(own.html.find("each game on its own scale") != std::string::npos);
  CHECK(common.html.find("the same scales") != std::string::npos);
}

TEST_CASE("the abbreviation key lists only the names that are shortened") {
  ReportInput input = analytic_input();
  const std::vector<std::string> long_names = input.game.players;
  REQUIRE(long_names.size() >= 2);
  input.game.players[0] = "C";  // the SVM's C is its own abbreviation
  input.explanations.front().values.players = input.game.players;
  const RenderedReport report = render_report({input});
  CHECK(report.html.find("<b>C</b> C") == std::string::npos);
  CHECK(report.html.find("Abbreviations: ") != std::string::npos);
  // with every name its own abbreviation there is no key at all
  for (std::size_t i = 0; i < input.game.players.size(); ++i)
    input.game.players[i] = std::string(1, static_cast<char>('A' + i));
  input.explanations.front().values.players = input.game.players;
  CHECK(render_report({input}).html.find("Abbreviations: ") == std::string::npos);
}
