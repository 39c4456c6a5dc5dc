#include "hypershap/report/html_report.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <fstream>
#include <system_error>

#include "hypershap/core/coalition.hpp"
#include "hypershap/core/error.hpp"
#include "hypershap/explain/shapley_interactions.hpp"
#include "hypershap/report/figures.hpp"
#include "hypershap/report/svg_writer.hpp"

namespace hypershap::report {

bool is_gain_game(const std::string& game_kind) {
  std::string kind;
  for (const char c : game_kind)
    kind += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  // tunability, mistunability, data_specific_tunability, ...: v(S) - v(∅) is what tuning S gains
  return kind.find("tunability") != std::string::npos;
}

namespace {

const char* const style_sheet = R"(
body { font-family: Helvetica, Arial, sans-serif; margin: 24px; color: #222; background: #fff; }
h1 { font-size: 22px; } h2 { font-size: 18px; margin-top: 36px; border-bottom: 1px solid #ccc; }
.figures { display: flex; flex-wrap: wrap; gap: 18px; align-items: flex-start; }
figure { margin: 0; border: 1px solid #e3e3e3; padding: 8px; background: #fff; }
figcaption { font-size: 13px; color: #444; max-width: 520px; margin-top: 4px; }
table { border-collapse: collapse; font-size: 13px; margin: 8px 0; }
td, th { border: 1px solid #ddd; padding: 3px 8px; text-align: left; vertical-align: top; }
th { background: #f5f5f5; }
details summary { font-size: 13px; color: #444; cursor: pointer; margin: 4px 0; }
details pre { font-size: 12px; background: #f7f7f7; padding: 8px; max-width: 1100px;
  overflow-x: auto; white-space: pre-wrap; }
.key { font-size: 12px; color: #444; }
#comparison svg { width: 400px; height: auto; }
)";

std::string html_escape(std::string_view text) { return xml_escape(text); }

std::string slug(std::size_t number, const std::string& title) {
  std::string out = "game" + std::to_string(number);
  std::string tail;
  for (const char c : title) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) != 0) {
      tail += static_cast<char>(std::tolower(u));
    } else if (!tail.empty() && tail.back() != '-') {
      tail += '-';
    }
    if (tail.size() >= 40) break;
  }
  while (!tail.empty() && tail.back() == '-') tail.pop_back();
  return tail.empty() ? out : out + "-" + tail;
}

void check_input(const ReportInput& input, std::size_t number) {
  const std::string what = "report input " + std::to_string(number) + " ('" + input.title + "')";
  if (input.game.players.empty()) throw invalid_input(what + " has no players");
  if (input.explanations.empty())
    throw invalid_input(what + " has no explanation; explain the game first");
  if (!input.game.values.empty() && input.game.values.size() != coalition_count(input.game.n()))
    throw invalid_input(what + " has " + std::to_string(input.game.values.size()) +
                        " values, but " + std::to_string(input.game.n()) + " players need 2^" +
                        std::to_string(input.game.n()));
  for (const auto& e : input.explanations)
    if (e.values.coalitions.size() != e.values.values.size() ||
        e.values.players != input.game.players)
      throw invalid_input(what + ": an explanation's players or values do not match the game");
}

struct Figure {
  std::string id;    // element id and file name stem
  std::string kind;  // data-figure: graph, upset, waterfall, order-bars, faithfulness
  std::string caption;
  std::string svg;
};

std::string figure_html(const Figure& f) {
  return "<figure id=\"" + html_escape(f.id) + "\" data-figure=\"" + f.kind + "\">\n" + f.svg +
         "<figcaption>" + html_escape(f.caption) + "</figcaption>\n</figure>\n";
}

std::string summary_table(const ReportInput& input) {
  const InteractionValues& primary = input.explanations.front().values;
  std::vector<std::pair<std::string, std::string>> rows;
  rows.emplace_back("game kind", input.game_kind.empty() ? "not given" : input.game_kind);
  std::string names;
  for (const auto& p : input.game.players) names += (names.empty() ? "" : ", ") + p;
  rows.emplace_back("players", std::to_string(input.game.n()) + ": " + names);
  rows.emplace_back("v(\u2205)", format_value(primary.empty_value, 6));
  rows.emplace_back("v(N)", format_value(primary.grand_value, 6));
  std::string explained;
  for (const auto& e : input.explanations)
    explained += (explained.empty() ? "" : ", ") + std::string(name_of(e.values.index)) +
                 " (order " + std::to_string(e.values.order) + ")";
  rows.emplace_back("explanations", explained);
  for (const auto& row : input.summary) rows.push_back(row);
  std::string out = "<table class=\"summary\">\n";
  for (const auto& [key, value] : rows)
    out += "<tr><th>" + html_escape(key) + "</th><td>" + html_escape(value) + "</td></tr>\n";
  out += "</table>\n";
  // an approximate explanation: its largest values with their standard errors
  const ReportExplanation& first = input.explanations.front();
  if (!first.standard_errors.empty()) {
    std::vector<std::size_t> order;
    for (std::size_t i = 1; i < primary.coalitions.size(); ++i) order.push_back(i);
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      return std::fabs(primary.values[a]) > std::fabs(primary.values[b]);
    });
    if (order.size() > 15) order.resize(15);
    out += "<table class=\"summary approximation\">\n<tr><th colspan=\"2\">" +
           html_escape(std::string(name_of(primary.index)) + " approximated by " +
                       first.approximation + ": the 15 largest, ± one standard error") +
           "</th></tr>\n";
    for (const std::size_t i : order) {
      std::string joined;
      for (const int p : members(primary.coalitions[i]))
        joined += (joined.empty() ? "" : " \u00d7 ") + primary.players[static_cast<std::size_t>(p)];
      out += "<tr><th>" + html_escape(joined) + "</th><td>" +
             html_escape(format_value(primary.values[i], 4) + " \u00b1 " +
                         format_value(first.standard_errors[i], 2)) +
             "</td></tr>\n";
    }
    out += "</table>\n";
  }
  for (const auto& [title, text] : input.details)
    out += "<details class=\"details\"><summary>" + html_escape(title) + "</summary>\n<pre>" +
           html_escape(text) + "</pre>\n</details>\n";
  return out;
}

std::string abbreviation_key(const std::vector<std::string>& players) {
  const std::vector<std::string> short_names = abbreviate_all(players);
  // A name that is its own abbreviation (the SVM's C) needs no entry in the key.
  std::string entries;
  for (std::size_t i = 0; i < players.size(); ++i)
    if (short_names[i] != players[i])
      entries += (entries.empty() ? "" : "; ") + std::string("<b>") + html_escape(short_names[i]) +
                 "</b> " + html_escape(players[i]);
  if (entries.empty()) return {};
  return "<p class=\"key\">Abbreviations: " + entries + "</p>\n";
}

InteractionValues shapley_values_of(const ReportInput& input) {
  for (const auto& e : input.explanations)
    if (e.values.index == Index::sv) return e.values;
  return explain(input.game, Index::sv, 1);
}

}  // namespace

RenderedReport render_report(const std::vector<ReportInput>& inputs, const ReportOptions& options) {
  if (inputs.empty()) throw invalid_input("a report needs at least one game");
  for (std::size_t i = 0; i < inputs.size(); ++i) check_input(inputs[i], i + 1);

  std::vector<const InteractionValues*> primaries;
  for (const auto& input : inputs) primaries.push_back(&input.explanations.front().values);
  const FigureScale common = common_scale(primaries);
  const GraphOptions graph_options{options.hyperedges, options.abbreviate};

  RenderedReport report;
  std::string body;
  std::vector<std::string> graphs;
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    const ReportInput& input = inputs[i];
    const ReportExplanation& primary = input.explanations.front();
    const InteractionValues& values = primary.values;
    FigureScale scale = common;
    if (!options.common_scales) {
      scale = common_scale({&values});
      scale.players = common.players;
    }
    const std::string stem = slug(i + 1, input.title);
    const std::string label =
        is_gain_game(input.game_kind) ? "performance gain" : "interaction value";
    const std::string index_name(name_of(values.index));
    const std::string order_text = "order " + std::to_string(values.order);

    std::vector<Figure> figures;
    figures.push_back({stem + "-interaction-graph", "graph",
                       "Interaction graph, " + index_name + " " + order_text +
                           ": node size by main effect, edge width by pairwise interaction" +
                           (values.order >= 3 ? ", tinted areas for higher orders" : "") +
                           "; red positive (synergy), blue negative (redundancy).",
                       interaction_graph_svg(values, scale, graph_options)});
    figures.push_back({stem + "-upset", "upset",
                       "Upset plot: the " + std::to_string(options.upset_top) + " largest " +
                           index_name + " values and the hyperparameters they join.",
                       upset_svg(values, scale, label, options.upset_top)});
    const bool has_sv = std::any_of(input.explanations.begin(), input.explanations.end(),
                                    [](const auto& e) { return e.values.index == Index::sv; });
    if (has_sv || input.game.values.size() == coalition_count(input.game.n())) {
      const std::string waterfall_label = "game value v";
      figures.push_back({stem + "-waterfall", "waterfall",
                         "Shapley values from v(\u2205) to v(N), largest magnitude first.",
                         waterfall_svg(shapley_values_of(input), waterfall_label)});
    }
    figures.push_back({stem + "-order-bars", "order-bars",
                       "Main effects and interactions (" + index_name + " " + order_text +
                           ") per hyperparameter, each interaction split evenly among its members.",
                       order_bars_svg(values, scale)});
    if (primary.standard_errors.empty() || !primary.r2.empty())  // not for an approximate game
      figures.push_back({stem + "-faithfulness", "faithfulness",
                         "Faithfulness: weighted R\u00b2 of the best order-k approximation of the "
                         "game (FSII), k = 1.." +
                             std::to_string(primary.r2.size()) + ".",
                         faithfulness_svg(primary.r2, input.game.n())});

    body += "<section class=\"game\" id=\"" + stem + "\">\n<h2>" +
            html_escape(input.title.empty() ? stem : input.title) + "</h2>\n" +
            summary_table(input) + "<div class=\"figures\">\n";
    for (const Figure& f : figures) {
      body += figure_html(f);
      report.svgs.emplace_back(f.id + ".svg", f.svg);
    }
    body += "</div>\n</section>\n";
    graphs.push_back("<figure data-figure=\"comparison\">\n" + figures.front().svg +
                     "<figcaption>" + html_escape(input.title) + "</figcaption>\n</figure>\n");
  }

  std::string comparison;
  if (inputs.size() > 1) {
    comparison =
        "<section id=\"comparison\">\n<h2>Side by side</h2>\n<p>The same hyperparameter "
        "order in every panel, " +
        std::string(options.common_scales ? "the same scales"
                                          : "each game on its own scale (compare shapes, not "
                                            "sizes)") +
        ".</p>\n<div class=\"figures\">\n";
    for (const auto& g : graphs) comparison += g;
    std::vector<std::pair<std::string, std::vector<double>>> curves;
    for (const auto& input : inputs)
      curves.emplace_back(input.title, input.explanations.front().r2);
    const Figure faithfulness{"comparison-faithfulness", "faithfulness-comparison",
                              "Faithfulness of every game: weighted R\u00b2 of the best order-k "
                              "approximation (FSII) against k.",
                              faithfulness_comparison_svg(curves)};
    comparison += figure_html(faithfulness);
    report.svgs.emplace_back(faithfulness.id + ".svg", faithfulness.svg);
    comparison += "</div>\n</section>\n";
  }
  const std::string heading =
      "HyperSHAP report" + (options.title.empty() ? "" : ": " + html_escape(options.title));
  report.html =
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<title>" +
      heading + "</title>\n<style>" + std::string(style_sheet) + "</style>\n</head>\n<body>\n<h1>" +
      heading + "</h1>\n" + abbreviation_key(common.players) + comparison + body +
      "</body>\n</html>\n";
  return report;
}

std::vector<std::filesystem::path> write_report(const std::vector<ReportInput>& inputs,
                                                const std::filesystem::path& dir,
                                                const ReportOptions& options) {
  const RenderedReport report = render_report(inputs, options);
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (error)
    throw io_error("cannot create the report folder " + dir.string() + ": " + error.message());
  std::vector<std::filesystem::path> written;
  const auto write = [&](const std::filesystem::path& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary);
    out << text;
    out.close();
    if (!out)
      throw io_error("cannot write " + path.string() +
                     "; check the folder's permissions and free space");
    written.push_back(path);
  };
  for (const auto& [name, svg] : report.svgs)
    write(dir / name, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + svg);
  write(dir / "index.html", report.html);
  return written;
}

}  // namespace hypershap::report
