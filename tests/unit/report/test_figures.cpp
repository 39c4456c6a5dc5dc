#include <doctest/doctest.h>

#include <unistd.h>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>

#include "hypershap/explain/shapley_interactions.hpp"
#include "hypershap/io/game_json.hpp"
#include "hypershap/report/figures.hpp"
#include "hypershap/report/html_report.hpp"
#include "nasty_cases.hpp"
#include "test_support.hpp"

using namespace hypershap;
using namespace hypershap::report;

namespace {

std::size_t count_of(const std::string& text, const std::string& what) {
  std::size_t count = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1))
    ++count;
  return count;
}

// f = 0.5 + 0.3 lr + 0.2 batch + 0.4 lr*momentum - 0.1 batch*dropout (its Möbius transform).
InteractionValues analytic_moebius() {
  return test::synthetic_values({"learning_rate", "batch_size", "momentum", "dropout"}, 2,
                                Index::moebius, [](Coalition s) {
                                  switch (s) {
                                    case 0b0001: return 0.3;
                                    case 0b0010: return 0.2;
                                    case 0b0101: return 0.4;
                                    case 0b1010: return -0.1;
                                    default: return 0.0;
                                  }
                                });
}

}  // namespace

TEST_CASE("order shares split every interaction evenly among its members") {
  const InteractionValues v = analytic_moebius();
  const auto shares = order_shares(v, v.players);
  REQUIRE(shares.size() == 4);
  CHECK(shares[0][0] == doctest::Approx(0.3));
  CHECK(shares[0][1] == doctest::Approx(0.2));  // half of lr*momentum
  CHECK(shares[1][0] == doctest::Approx(0.2));
  CHECK(shares[1][1] == doctest::Approx(-0.05));
  CHECK(shares[2][1] == doctest::Approx(0.2));
  CHECK(shares[3][1] == doctest::Approx(-0.05));
  // In another player order the rows follow the names.
  const auto reordered = order_shares(v, {"dropout", "learning_rate", "batch_size", "momentum"});
  CHECK(reordered[0][1] == doctest::Approx(-0.05));
  CHECK(reordered[1][0] == doctest::Approx(0.3));
}

TEST_CASE("order shares of an efficient index add up to v(N) - v(∅) (efficiency)") {
  const GameTable game = test::random_game(5, 7U);
  const InteractionValues v = explain(game, Index::fsii, 3);
  double total = 0;
  for (const auto& row : order_shares(v, v.players))
    for (const double x : row) total += x;
  CHECK(total == doctest::Approx(game.grand_value() - game.empty_value()));
}

TEST_CASE("a common scale keeps every player in first-seen order and the largest magnitudes") {
  InteractionValues a = analytic_moebius();
  InteractionValues b = test::synthetic_values({"momentum", "weight_decay"}, 2, Index::moebius,
                                               [](Coalition s) { return s == 3 ? -0.9 : 0.5; });
  const FigureScale scale = common_scale({&a, &b});
  CHECK(scale.players == std::vector<std::string>{"learning_rate", "batch_size", "momentum",
                                                  "dropout", "weight_decay"});
  CHECK(scale.max_main == doctest::Approx(0.5));
  CHECK(scale.max_interaction == doctest::Approx(0.9));
  CHECK(scale.max_value == doctest::Approx(0.9));
  CHECK(scale.max_negative_share == doctest::Approx(0.45));
}

TEST_CASE("the interaction graph draws one node per player and one edge per non-zero pair") {
  const InteractionValues v = analytic_moebius();
  const std::string svg = interaction_graph_svg(v, scale_of(v));
  CHECK(count_of(svg, "<circle") == 4);
  CHECK(count_of(svg, "<line x1") == 2);  // lr×momentum and batch×dropout
  // The strongest pair is red and widest (14 px), the negative one blue.
  CHECK(std::regex_search(svg, std::regex("stroke=\"#ff0d57\" stroke-width=\"14\"")));
  CHECK(std::regex_search(svg, std::regex("stroke=\"#1e88e5\" stroke-width=\"4.25\"")));
  CHECK(svg.find("<title>learning_rate \u00d7 momentum: 0.4</title>") != std::string::npos);
  // Abbreviated labels keep the full name on hover.
  CHECK(svg.find("<title>learning_rate</title>L-R</text>") != std::string::npos);
}

TEST_CASE("the upset plot shows the top interactions by magnitude with their members") {
  const InteractionValues v = analytic_moebius();
  const std::string svg = upset_svg(v, scale_of(v), "performance gain", 3);
  CHECK(svg.find("performance gain") != std::string::npos);
  const auto first = svg.find("<title>learning_rate \u00d7 momentum: 0.4</title>");
  const auto second = svg.find("<title>learning_rate: 0.3</title>");
  const auto third = svg.find("<title>batch_size: 0.2</title>");
  CHECK(first < second);
  CHECK(second < third);
  CHECK(third != std::string::npos);
  CHECK(svg.find("batch_size \u00d7 dropout") == std::string::npos);  // 4th, cut by top = 3
  // 3 columns × 4 players of the membership matrix; 4 filled dots (2 + 1 + 1 members).
  CHECK(count_of(svg, "<circle") == 12);
  CHECK(count_of(svg, "fill=\"#333333\"/>") == 4);
}

TEST_CASE("the waterfall goes from v(∅) to v(N) by the Shapley values") {
  const GameTable game =
      read_game_json(test::source_dir() / "jobs/games/analytic-interactions.json");
  const InteractionValues sv = explain(game, Index::sv, 1);
  const std::string svg = waterfall_svg(sv, "v");
  CHECK(svg.find(">v(\u2205)</text>") != std::string::npos);
  CHECK(svg.find(">0.5</text>") != std::string::npos);
  CHECK(svg.find(">1.3</text>") != std::string::npos);
  // lr: 0.3 + 0.4/2 = 0.5 comes first, dropout: -0.05 last.
  const auto lr = svg.find("<title>learning_rate: 0.5</title>");
  const auto dropout = svg.find("<title>dropout: -0.05</title>");
  CHECK(lr != std::string::npos);
  CHECK(lr < dropout);
}

TEST_CASE("faithfulness plots one point per order, or says it was not computed") {
  const std::string svg = faithfulness_svg({0.5, 0.9, 1.0}, 3);
  CHECK(count_of(svg, "<circle") == 3);
  CHECK(svg.find("<title>k = 2: R\u00b2 = 0.9</title>") != std::string::npos);
  CHECK(faithfulness_svg({}, 4).find("not computed") != std::string::npos);
}

TEST_CASE("the nasty cases give well-formed SVG with finite coordinates and no overlapping text") {
  // HYPERSHAP_REPORT_OUT=DIR keeps the reports there, to look at them.
  const char* keep = std::getenv("HYPERSHAP_REPORT_OUT");
  const std::filesystem::path dir =
      keep != nullptr ? std::filesystem::path(keep)
                      : std::filesystem::temp_directory_path() /
                            ("hypershap-report-nasty-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  for (const auto& nasty : test::nasty_cases()) {
    CAPTURE(nasty.name);
    const RenderedReport report = render_report({nasty.input});
    CHECK(report.svgs.size() == 5);
    for (const auto& [name, svg] : report.svgs) {
      CAPTURE(name);
      CHECK(svg.find("nan") == std::string::npos);
      CHECK(svg.find("inf\"") == std::string::npos);
    }
    write_report({nasty.input}, dir / nasty.name);
  }
  // All seven side by side on one scale, too.
  std::vector<ReportInput> all;
  for (const auto& nasty : test::nasty_cases()) all.push_back(nasty.input);
  write_report(all, dir / "side-by-side");

  if (!std::filesystem::exists(HYPERSHAP_PYTHON)) {
    MESSAGE("SKIPPED the XML validation: " HYPERSHAP_PYTHON " is missing");
    return;
  }
  std::string command = std::string(HYPERSHAP_PYTHON) + " " + HYPERSHAP_SVG_VALIDATOR;
  for (const auto& entry : std::filesystem::directory_iterator(dir))
    command += " '" + entry.path().string() + "'";
  CHECK(std::system(command.c_str()) == 0);
  if (keep == nullptr) std::filesystem::remove_all(dir);
}

TEST_CASE("rounding noise is not drawn as an interaction") {
  const GameTable game =
      read_game_json(test::source_dir() / "jobs/games/analytic-interactions.json");
  const InteractionValues v = explain(game, Index::fsii, 2);
  const std::string svg = upset_svg(v, scale_of(v), "v", 12);
  // exactly the four non-zero Möbius coefficients of the 2-additive game, no 1e-16 bars
  CHECK(count_of(svg, "<rect x=") - count_of(svg, "fill=\"#f3f3f3\"") - 2 /*legend*/ -
            1 /*background*/
        == 4);
  CHECK(svg.find("e-1") == std::string::npos);
}

TEST_CASE("a main effect that is the rounding of an exact 0 reads 0 on hover, drawn grey") {
  // momentum's main effect is 1e-17 against learning_rate's 0.3: the residue of an exact 0
  const InteractionValues v = test::synthetic_values({"learning_rate", "batch_size", "momentum"}, 2,
                                                     Index::moebius, [](Coalition s) {
                                                       switch (s) {
                                                         case 0b001: return 0.3;
                                                         case 0b010: return -0.2;
                                                         case 0b100: return 1e-17;
                                                         case 0b011: return 0.1;
                                                         default: return 0.0;
                                                       }
                                                     });
  const std::string svg = interaction_graph_svg(v, scale_of(v));
  CHECK(svg.find("<title>momentum: main effect 0</title>") != std::string::npos);
  CHECK(svg.find("<title>learning_rate: main effect 0.3</title>") != std::string::npos);
  CHECK(svg.find("<title>batch_size: main effect -0.2</title>") != std::string::npos);
  CHECK(svg.find("e-17") == std::string::npos);
}

TEST_CASE("beyond 12 players the graph draws the 2n strongest pairs and says so") {
  const InteractionValues v = test::synthetic_values(
      test::player_names(25), 2, Index::fsii,
      [](Coalition s) { return 1.0 - static_cast<double>(s % 997) / 2000.0; });
  const std::string svg = interaction_graph_svg(v, scale_of(v));
  CHECK(count_of(svg, "<line x1") == 50);
  CHECK(svg.find("the 50 strongest of 300 pairs shown") != std::string::npos);
  CHECK(count_of(svg, "<circle") == 25);
  CHECK(count_of(svg, "transform=\"rotate(") == 25);  // labels along the radius
}
