// `hypershap report SOURCE... [--game NAME] [--kind KIND] [--index NAME --order K] -o DIR`

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <ostream>
#include <utility>

#include "command.hpp"
#include "game_source.hpp"
#include "hypershap/core/error.hpp"
#include "hypershap/explain/faithfulness.hpp"
#include "hypershap/explain/shapley_interactions.hpp"
#include "hypershap/report/html_report.hpp"

namespace hypershap::cli {

namespace {

struct ReportOptions {
  std::vector<std::string> sources;
  std::string game_name;
  std::string game_kind;
  std::string index = "FSII";
  int order = 2;
  std::string output_dir;
  int upset_top = 12;
  bool full_names = false;
};

// The optional keys of a line of the HyperSHAP paper's games.jsonl that say what a game is:
// game_type, scenario, instance, metric (read_game_json has checked the file already).
void describe_from_json(const std::string& path, report::ReportInput& input) {
  std::ifstream in(path);
  const nlohmann::json document = nlohmann::json::parse(in, nullptr, false);
  if (!document.is_object()) return;
  const auto text = [&](const char* key) {
    const auto it = document.find(key);
    return it != document.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  if (input.game_kind.empty()) input.game_kind = text("game_type");
  const std::string scenario = text("scenario");
  const std::string instance = text("instance");
  if (!scenario.empty() || !instance.empty()) {
    input.title +=
        " (" + scenario + (scenario.empty() || instance.empty() ? "" : " / ") + instance + ")";
  }
  if (!text("metric").empty()) input.summary.emplace_back("metric", text("metric"));
}

report::ReportInput input_from_json(const std::string& path, const ReportOptions& options) {
  report::ReportInput input;
  GameSource source = read_game_source(path, options.game_name);
  input.game = std::move(source.game);
  input.title = source.name;
  input.game_kind = options.game_kind.empty() ? source.kind : options.game_kind;
  if (!is_result_store(path)) describe_from_json(path, input);
  const int n = input.game.n();
  if (options.order < 1) {
    throw invalid_input("--order " + std::to_string(options.order) +
                        " is out of range: the interaction order must be at least 1");
  }
  // Several games may have different numbers of players; each is explained up to its n.
  const int order = std::min(options.order, n);
  if (options.index == "all" || options.index == "ALL") {
    throw invalid_input(
        "--index all: a report draws one index; choose one of Moebius, SV, BV, SII, k-SII, "
        "STII, FSII, FBII (FSII is the HyperSHAP paper's)");
  }
  const Index index = parse_index(options.index);
  std::vector<Index> indices{index};
  if (index != Index::sv) indices.push_back(Index::sv);  // the waterfall
  const std::vector<InteractionValues> results = explain(input.game, indices, order);
  const std::vector<double> r2 = faithfulness_r2(input.game, default_r2_max_order(n, order));
  for (const auto& values : results) input.explanations.push_back({values, r2});
  input.summary.emplace_back("source", path);
  if (order < options.order) {
    input.summary.emplace_back("order", "--order " + std::to_string(options.order) +
                                            " asked; this game has " + std::to_string(n) +
                                            " players, so order " + std::to_string(order));
  }
  return input;
}

int run_report(const ReportOptions& options, const Streams& io) {
  std::vector<report::ReportInput> inputs;
  for (const auto& source : options.sources) inputs.push_back(input_from_json(source, options));
  report::ReportOptions report_options;
  report_options.upset_top = options.upset_top;
  report_options.abbreviate = !options.full_names;
  const auto written = report::write_report(inputs, options.output_dir, report_options);
  io.out << "wrote " << written.size() << " files to " << options.output_dir << ", open "
         << (std::filesystem::path(options.output_dir) / "index.html").string() << "\n";
  return to_int(ExitCode::success);
}

}  // namespace

void add_report_command(CLI::App& app, Action& chosen) {
  auto options = std::make_shared<ReportOptions>();
  CLI::App* sub = app.add_subcommand(
      "report",
      "Draw interaction graphs, upset plots, waterfalls and faithfulness curves as SVG "
      "and one self-contained index.html");
  sub->add_option("SOURCE", options->sources,
                  "JSON games or result stores (as `explain` reads them); several are drawn "
                  "side by side on common scales")
      ->required();
  sub->add_option("-o,--output", options->output_dir, "The folder to write (created if missing)")
      ->required();
  sub->add_option("--game", options->game_name,
                  "With a result store: the game to draw (needed when it holds several)");
  sub->add_option("--kind", options->game_kind,
                  "What the values are: ablation, sensitivity, tunability, mistunability, "
                  "optimizer-bias (labels the axes; tunability-like games show performance "
                  "gain); default: the store's game kind or the JSON game's 'game_type'");
  sub->add_option("--index", options->index,
                  "The index drawn: Moebius, SV, BV, SII, k-SII, STII, FSII, FBII (any case)")
      ->capture_default_str();
  sub->add_option("--order", options->order,
                  "Interaction order k; 3 or more adds tinted areas to the graphs")
      ->capture_default_str();
  sub->add_option("--top", options->upset_top, "Bars in the upset plot")->capture_default_str();
  sub->add_flag("--full-names", options->full_names,
                "Label graph nodes by full (truncated) names instead of abbreviations");
  sub->callback([&chosen, options] {
    chosen = [options](const Streams& io) { return run_report(*options, io); };
  });
}

}  // namespace hypershap::cli
