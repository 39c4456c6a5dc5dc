// `hypershap report SOURCE... [--game NAME|all]... [--kind KIND] [--index NAME --order K] -o DIR`

#include <Eigen/Core>
#include <algorithm>
#include <cctype>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <ostream>
#include <utility>
#include <variant>

#include "command.hpp"
#include "game_source.hpp"
#include "hypershap/core/error.hpp"
#include "hypershap/explain/faithfulness.hpp"
#include "hypershap/explain/shapley_interactions.hpp"
#include "hypershap/report/html_report.hpp"
#include "hypershap/report/importance_figures.hpp"
#include "hypershap/report/svg_writer.hpp"
#include "hypershap/space/configuration_space.hpp"
#include "hypershap/store/importance_results.hpp"
#include "hypershap/store/model_fit.hpp"
#include "job_facts.hpp"

namespace hypershap::cli {

namespace {

struct ReportOptions {
  std::vector<std::string> sources;
  std::vector<std::string> game_names;
  GameSelection selection;
  std::string game_kind;
  std::string index = "FSII";
  int order = 2;
  std::string output_dir;
  int upset_top = 12;
  bool full_names = false;
  std::string scales = "common";
};

// The optional keys of a line of the HyperSHAP paper's games.jsonl that say what a game is:
// game_type, scenario, instance, metric (as the game file reader found them).
void describe_from_file(const GameSource& source, report::ReportInput& input) {
  const auto text = [&](const char* key) {
    for (const auto& [name, value] : source.description)
      if (name == key) return value;
    return std::string();
  };
  if (input.game_kind.empty()) input.game_kind = text("game_type");
  const std::string scenario = text("scenario");
  const std::string instance = text("instance");
  if (!scenario.empty() || !instance.empty()) {
    input.title +=
        " (" + scenario + (scenario.empty() || instance.empty() ? "" : " / ") + instance + ")";
  }
  if (!text("metric").empty()) input.summary.emplace_back("metric", text("metric"));
  if (!text("normalization_value").empty())
    input.summary.emplace_back("normalization value (shapiq)", text("normalization_value"));
}

const StoredExplanation* stored_explanation(const GameSource& source, Index index, int order,
                                            const std::vector<double>** r2) {
  if (!source.store) return nullptr;
  for (const auto& e : source.store->explanations) {
    if (e.values.index == index && e.values.order == order &&
        e.values.convention == EmptySetConvention::baseline &&
        e.values.players == source.game.players) {
      if (r2 != nullptr) *r2 = &e.r2;
      return &e;
    }
  }
  return nullptr;
}

// The configuration of the grand coalition as names and values (the best configuration found for
// Tunability-like games), decoded with the configuration space recorded in the store.
std::string grand_configuration(const StoredGameDetails& details, const std::string& path) {
  const auto d = static_cast<std::size_t>(details.stored.spec.configuration_dimension);
  if (d == 0 || details.stored.best_configurations.empty()) return {};
  const std::size_t grand = details.stored.values.size() - 1;
  if (details.stored.best_configurations.size() < (grand + 1) * d) return {};
  const Eigen::Map<const Eigen::RowVectorXd> row(
      details.stored.best_configurations.data() + grand * d, static_cast<Eigen::Index>(d));
  try {
    const ConfigurationSpace space = ConfigurationSpace::from_string(
        details.metadata.configuration_space_json, path + " (configuration space)");
    if (static_cast<std::size_t>(space.size()) == d) {
      // name=value in the space's order, numbers to 6 significant digits (the store keeps them
      // exactly); inactive hyperparameters are left out.
      const auto values = space.to_values(row);
      std::string text;
      for (const auto& hyperparameter : space.hyperparameters()) {
        const auto it = values.find(hyperparameter.name);
        if (it == values.end()) continue;
        const std::string* choice = std::get_if<std::string>(&it->second);
        text +=
            (text.empty() ? "" : ", ") + hyperparameter.name + "=" +
            (choice != nullptr ? *choice : report::format_value(std::get<double>(it->second), 6));
      }
      return text;
    }
  } catch (const Error&) {
    // Fall through to the raw numbers: the report still shows what the store holds.
  }
  std::string raw;
  for (Eigen::Index i = 0; i < row.size(); ++i)
    raw += (raw.empty() ? "" : ", ") + report::format_value(row(i), 6);
  return "[" + raw + "] (the store's configuration space could not be decoded)";
}

void describe_from_store(const std::string& path, const GameSource& source,
                         report::ReportInput& input) {
  const StoredGameDetails& details = *source.store;
  const StoreMetadata& meta = details.metadata;
  const JobFacts facts = job_facts(meta.job_text);
  if (!facts.name.empty()) input.summary.emplace_back("job", facts.name);
  if (!facts.model.empty()) input.summary.emplace_back("model", facts.model);
  const std::optional<StoredModelFit> fit = read_model_fit(path);
  // the stored metric and direction say what the job text may leave to the run folder
  if (!fit && !facts.metric.empty()) input.summary.emplace_back("metric", facts.metric);
  for (auto& row : model_fit_rows(fit)) input.summary.push_back(std::move(row));
  const std::string configuration = grand_configuration(details, path);
  if (!configuration.empty()) {
    // Tunability searches the best configuration, Mistunability the worst; the other games
    // evaluate a given one (Ablation: the target).
    std::string kind = input.game_kind;
    std::transform(kind.begin(), kind.end(), kind.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    const char* label = kind.find("mistunability") != std::string::npos
                            ? "worst configuration found (N)"
                        : report::is_gain_game(kind) ? "best configuration found (N)"
                                                     : "configuration of v(N)";
    input.summary.emplace_back(label, configuration);
  }
  std::uint64_t evaluations = 0;
  double seconds = 0.0;
  for (std::size_t s = 0; s < details.stored.done.size(); ++s) {
    if (details.stored.done[s] == 0) continue;
    evaluations += details.stored.evaluations[s];
    seconds += details.stored.seconds[s];
  }
  input.summary.emplace_back("evaluations", std::to_string(evaluations) + " over " +
                                                std::to_string(details.stored.done.size()) +
                                                " coalitions");
  input.summary.emplace_back("compute time", report::format_value(seconds, 4) +
                                                 " s (summed over coalitions and processes)");
  input.summary.emplace_back("software",
                             "hypershap " + meta.software_version + " (git " + meta.git_sha + ")");
  input.summary.emplace_back("host", meta.host);
  input.summary.emplace_back("created", meta.created_utc);
  input.summary.emplace_back("job hash", meta.job_hash);
  input.details.emplace_back("The resolved job (" + meta.job_hash + ")", meta.job_text);
}

report::ReportInput input_from_source(const std::string& path, GameSource source,
                                      const ReportOptions& options, bool several) {
  report::ReportInput input;
  input.title = source.name;
  if (source.store && several) {
    // panels of several stores are told apart by what differs: the dataset, else the job
    const JobFacts facts = job_facts(source.store->metadata.job_text);
    const std::string label = !facts.instance.empty() ? "instance " + facts.instance
                              : !facts.name.empty()
                                  ? facts.name
                                  : std::filesystem::path(path).filename().string();
    input.title += " (" + label + ")";
  }
  input.game_kind = options.game_kind.empty() ? source.kind : options.game_kind;
  if (!source.store) describe_from_file(source, input);
  const int n = source.game.n();
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
  // The explanations stored by `run` where they are the ones asked for, the rest computed.
  const std::vector<double>* stored_r2 = nullptr;
  std::vector<double> r2;
  std::vector<std::string> from_store;
  std::vector<std::string> computed;
  for (const Index i : indices) {
    const int k = i == Index::sv ? 1 : order;
    const std::string what = std::string(name_of(i)) + " order " + std::to_string(k);
    const std::vector<double>* this_r2 = nullptr;
    const bool sparse = source.store && source.store->stored.spec.sparse();
    if (const StoredExplanation* stored = stored_explanation(source, i, k, &this_r2)) {
      input.explanations.push_back(
          {stored->values, {}, stored->standard_errors, stored->approximation});
      if (i == index) stored_r2 = this_r2;
      from_store.push_back(what);
    } else if (sparse && i == Index::sv) {
      // an approximate game without stored Shapley values: no waterfall
    } else if (sparse) {
      throw invalid_input(path + ": game " + source.name + " is approximate (a sample of " +
                          std::to_string(source.store->stored.spec.sample.size()) +
                          " coalitions), so a report shows only what its run stored, and it has "
                          "no " +
                          what +
                          "; choose a stored index with --index (see `hypershap "
                          "inspect " +
                          path + "`) or add it to the job's [explain] indices");
    } else {
      input.explanations.push_back({explain(source.game, i, k), {}});
      computed.push_back(what);
    }
  }
  if (stored_r2 != nullptr && !stored_r2->empty()) {
    r2 = *stored_r2;
  } else if (source.store && source.store->stored.spec.sparse()) {
    r2.clear();  // the faithfulness R² needs every coalition
  } else {
    r2 = faithfulness_r2(source.game, default_r2_max_order(n, order));
  }
  for (auto& e : input.explanations) e.r2 = r2;
  input.game = std::move(source.game);
  if (source.store) {
    const auto join = [](const std::vector<std::string>& items) {
      std::string out;
      for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
      return out;
    };
    std::string origin;
    if (!from_store.empty()) origin = "stored by the run: " + join(from_store);
    if (!computed.empty())
      origin += (origin.empty() ? "" : "; ") + std::string("computed here: ") + join(computed);
    input.summary.emplace_back("explanation source", origin);
  }
  input.summary.emplace_back("source", path);
  if (order < options.order) {
    input.summary.emplace_back("order", "--order " + std::to_string(options.order) +
                                            " asked; this game has " + std::to_string(n) +
                                            " players, so order " + std::to_string(order));
  }
  if (source.store) describe_from_store(path, source, input);
  return input;
}

int run_report(const ReportOptions& options, const Streams& io) {
  std::vector<std::pair<std::string, GameSource>> sources;
  for (const auto& path : options.sources)
    for (auto& source : read_game_sources(path, options.game_names, options.selection))
      sources.emplace_back(path, std::move(source));
  // the title names the job(s) the stores were computed from
  std::string title;
  for (const auto& entry : sources) {
    if (!entry.second.store) continue;
    const std::string name = job_facts(entry.second.store->metadata.job_text).name;
    if (!name.empty() && (", " + title + ", ").find(", " + name + ", ") == std::string::npos)
      title += (title.empty() ? "" : ", ") + name;
  }
  std::vector<report::ReportInput> inputs;
  const bool several = options.sources.size() > 1;
  for (auto& [path, source] : sources)
    inputs.push_back(input_from_source(path, std::move(source), options, several));
  report::ReportOptions report_options;
  report_options.title = title;
  report_options.upset_top = options.upset_top;
  report_options.abbreviate = !options.full_names;
  report_options.common_scales = options.scales == "common";
  auto written = report::write_report(inputs, options.output_dir, report_options);
  // a store with `hypershap importance` results: their figures beside the games'
  for (const auto& path : options.sources)
    if (is_result_store(path))
      if (const auto importance = read_importance_results(path)) {
        const auto more = report::write_importance_report(*importance, options.output_dir,
                                                          "Hyperparameter importance: " + path);
        written.insert(written.end(), more.begin(), more.end());
      }
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
                  "Games (JSON, JSON lines, .npz) or result stores, as `explain` reads them; "
                  "several are drawn "
                  "side by side on common scales")
      ->required();
  sub->add_option("-o,--output", options->output_dir, "The folder to write (created if missing)")
      ->required();
  sub->add_option("--game", options->game_names,
                  "With result stores: the game to draw (needed when a store holds several); "
                  "repeat it or give `all` to draw several games of a store side by side")
      ->expected(1)
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)
      ->delimiter(',');
  add_game_selection_options(*sub, options->selection);
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
  sub->add_option("--scales", options->scales,
                  "common: one colour and size scale for all games (comparable panels); each: "
                  "every game its own (games of different magnitudes, e.g. Tunability next to "
                  "Optimizer Bias)")
      ->check(CLI::IsMember({"common", "each"}))
      ->capture_default_str();
  sub->add_flag("--full-names", options->full_names,
                "Label graph nodes by full (truncated) names instead of abbreviations");
  sub->callback([&chosen, options] {
    chosen = [options](const Streams& io) { return run_report(*options, io); };
  });
}

}  // namespace hypershap::cli
