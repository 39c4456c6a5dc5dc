// `hypershap export STORE --what values|history|explanations [--game G] --format csv|json
// [--output FILE]`: a stored table as a plain file (the store stays the source of truth).
//   values        one row per coalition of each game: value, done, evaluations, seconds and the
//                 best configuration found (Tunability-like games)
//   history       the trials of `hypershap optimize` in order, with the incumbent so far
//   explanations  one row per explained coalition of each stored explanation

#include <cstdio>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <ostream>

#include "command.hpp"
#include "hypershap/core/error.hpp"
#include "hypershap/io/csv.hpp"
#include "hypershap/space/configuration_space.hpp"
#include "hypershap/store/store.hpp"
#include "hypershap/store/trial_history.hpp"

namespace hypershap::cli {

namespace {

struct ExportOptions {
  std::string store_path;
  std::string what;
  std::vector<std::string> games;
  std::string format = "csv";
  std::string output_path;  // empty: standard output
};

std::string number_text(double x) {
  if (std::isnan(x)) return "";
  char text[32];
  std::snprintf(text, sizeof text, "%.17g", x);
  return text;
}

/// A configuration value as people write it; empty for an inactive hyperparameter.
std::string value_text(const Hyperparameter& hp, double value) {
  return is_inactive(value) ? std::string() : hp.text(value);
}

nlohmann::json value_json(const Hyperparameter& hp, double value) {
  if (is_inactive(value)) return nullptr;
  if (hp.is_numeric()) return value;
  return hp.text(value);
}

std::vector<std::string> member_names(Coalition s, const std::vector<std::string>& players) {
  std::vector<std::string> names;
  for (int i = 0; i < static_cast<int>(players.size()); ++i)
    if (contains(s, i)) names.push_back(players[static_cast<std::size_t>(i)]);
  return names;
}

std::string joined(const std::vector<std::string>& names) {
  std::string text;
  for (const std::string& n : names) text += (text.empty() ? "" : "|") + n;
  return text;
}

/// The games to export: those named (each checked), or every game of the store.
std::vector<std::string> chosen_games(const StoreReader& reader, const ExportOptions& options) {
  if (options.games.empty() || (options.games.size() == 1 && options.games.front() == "all"))
    return reader.game_names();
  for (const std::string& name : options.games) reader.game(name);  // refuses an unknown name
  return options.games;
}

void export_values(const StoreReader& reader, const ExportOptions& options, std::ostream& out) {
  const ConfigurationSpace space = ConfigurationSpace::from_string(
      reader.metadata().configuration_space_json, options.store_path + " (configuration space)");
  const std::vector<std::string> names = chosen_games(reader, options);
  if (options.format == "csv") {
    std::vector<std::string> header = {"game", "coalition",   "members", "value",
                                       "done", "evaluations", "seconds"};
    for (const Hyperparameter& hp : space.hyperparameters()) header.push_back(hp.name);
    write_csv_record(out, header);
  }
  nlohmann::json games = nlohmann::json::array();
  for (const std::string& name : names) {
    const StoredGame game = reader.game(name);
    const auto d = static_cast<std::size_t>(game.spec.configuration_dimension);
    const bool configurations = d > 0 && d == static_cast<std::size_t>(space.size());
    if (options.format == "csv") {
      for (std::size_t s = 0; s < game.values.size(); ++s) {
        std::vector<std::string> row = {name,
                                        std::to_string(s),
                                        joined(member_names(s, game.spec.players)),
                                        number_text(game.values[s]),
                                        std::to_string(game.done[s]),
                                        std::to_string(game.evaluations[s]),
                                        number_text(game.seconds[s])};
        for (std::size_t c = 0; c < static_cast<std::size_t>(space.size()); ++c)
          row.push_back(configurations ? value_text(space.hyperparameter(static_cast<int>(c)),
                                                    game.best_configurations[s * d + c])
                                       : std::string());
        write_csv_record(out, row);
      }
      continue;
    }
    nlohmann::json g = {
        {"name", name},           {"kind", game.spec.kind}, {"players", game.spec.players},
        {"values", game.values},  {"done", game.done},      {"evaluations", game.evaluations},
        {"seconds", game.seconds}};
    if (configurations) {
      nlohmann::json best = nlohmann::json::array();
      for (std::size_t s = 0; s < game.values.size(); ++s) {
        nlohmann::json row = nlohmann::json::object();
        for (int c = 0; c < space.size(); ++c)
          row[space.hyperparameter(c).name] =
              value_json(space.hyperparameter(c),
                         game.best_configurations[s * d + static_cast<std::size_t>(c)]);
        best.push_back(row);
      }
      g["best_configurations"] = best;
    }
    games.push_back(g);
  }
  if (options.format == "json")
    out << nlohmann::json{{"store", options.store_path}, {"games", games}}.dump(1) << "\n";
}

void export_history(const StoreReader& reader, const ExportOptions& options, std::ostream& out) {
  if (!options.games.empty())
    throw invalid_input("--game applies to --what values and explanations, not history");
  const StoredTrials trials = read_trial_history(options.store_path);
  const ConfigurationSpace space = ConfigurationSpace::from_string(
      reader.metadata().configuration_space_json, options.store_path + " (configuration space)");
  const std::size_t d = trials.dimension();
  std::vector<const Hyperparameter*> columns;
  for (const std::string& name : trials.info.hyperparameters)
    columns.push_back(&space.hyperparameter(space.index_of(name, options.store_path)));
  const auto cell = [&](std::size_t t, std::size_t c) { return trials.configurations[t * d + c]; };
  if (options.format == "csv") {
    std::vector<std::string> header = {"trial"};
    header.insert(header.end(), trials.info.hyperparameters.begin(),
                  trials.info.hyperparameters.end());
    for (const char* name : {"objective", "cost", "seconds", "incumbent", "incumbent_cost"})
      header.emplace_back(name);
    write_csv_record(out, header);
    for (std::size_t t = 0; t < trials.count(); ++t) {
      std::vector<std::string> row = {std::to_string(t)};
      for (std::size_t c = 0; c < d; ++c) row.push_back(value_text(*columns[c], cell(t, c)));
      row.push_back(number_text(trials.objective[t]));
      row.push_back(number_text(trials.cost[t]));
      row.push_back(number_text(trials.seconds[t]));
      row.push_back(trials.incumbent[t] < 0 ? std::string() : std::to_string(trials.incumbent[t]));
      row.push_back(number_text(trials.incumbent_cost[t]));
      write_csv_record(out, row);
    }
    return;
  }
  nlohmann::json list = nlohmann::json::array();
  for (std::size_t t = 0; t < trials.count(); ++t) {
    nlohmann::json configuration = nlohmann::json::object();
    for (std::size_t c = 0; c < d; ++c)
      configuration[trials.info.hyperparameters[c]] = value_json(*columns[c], cell(t, c));
    list.push_back({{"trial", t},
                    {"configuration", configuration},
                    {"objective", trials.objective[t]},
                    {"cost", trials.cost[t]},
                    {"seconds", trials.seconds[t]},
                    {"incumbent", trials.incumbent[t] < 0 ? nlohmann::json(nullptr)
                                                          : nlohmann::json(trials.incumbent[t])},
                    {"incumbent_cost", trials.incumbent_cost[t]}});
  }
  out << nlohmann::json{{"store", options.store_path},
                        {"optimizer", trials.info.optimizer},
                        {"budget", trials.info.budget},
                        {"seed", trials.info.seed},
                        {"metric", trials.info.metric},
                        {"direction", trials.info.maximize ? "maximize" : "minimize"},
                        {"snapshots", trials.info.snapshots},
                        {"hyperparameters", trials.info.hyperparameters},
                        {"trials", list}}
             .dump(1)
      << "\n";
}

void export_explanations(const StoreReader& reader, const ExportOptions& options,
                         std::ostream& out) {
  if (options.format == "csv")
    write_csv_record(out, {"game", "explanation", "index", "order", "empty_set", "coalition",
                           "members", "value"});
  nlohmann::json games = nlohmann::json::array();
  for (const std::string& name : chosen_games(reader, options)) {
    nlohmann::json explanations = nlohmann::json::array();
    for (const std::string& key : reader.explanation_keys(name)) {
      const StoredExplanation e = reader.explanation(name, key);
      const InteractionValues& iv = e.values;
      nlohmann::json interactions = nlohmann::json::array();
      for (std::size_t i = 0; i < iv.coalitions.size(); ++i) {
        const std::vector<std::string> members = member_names(iv.coalitions[i], iv.players);
        if (options.format == "csv") {
          write_csv_record(out,
                           {name, key, std::string(name_of(iv.index)), std::to_string(iv.order),
                            std::string(name_of(iv.convention)), std::to_string(iv.coalitions[i]),
                            joined(members), number_text(iv.values[i])});
        } else {
          interactions.push_back(
              {{"coalition", iv.coalitions[i]}, {"names", members}, {"value", iv.values[i]}});
        }
      }
      explanations.push_back({{"key", key},
                              {"index", std::string(name_of(iv.index))},
                              {"order", iv.order},
                              {"empty_set", std::string(name_of(iv.convention))},
                              {"empty_value", iv.empty_value},
                              {"grand_value", iv.grand_value},
                              {"players", iv.players},
                              {"r2", e.r2},
                              {"interactions", interactions}});
    }
    games.push_back({{"name", name}, {"explanations", explanations}});
  }
  if (options.format == "json")
    out << nlohmann::json{{"store", options.store_path}, {"games", games}}.dump(1) << "\n";
}

int run_export(const ExportOptions& options, const Streams& io) {
  if (options.format != "csv" && options.format != "json")
    throw invalid_input("unknown --format '" + options.format + "'; use csv or json");
  if (options.what != "values" && options.what != "history" && options.what != "explanations")
    throw invalid_input("unknown --what '" + options.what +
                        "'; use values, history or explanations");
  const StoreReader reader(options.store_path);
  std::ofstream file;
  if (!options.output_path.empty()) {
    file.open(options.output_path, std::ios::binary);
    if (!file) throw io_error(options.output_path + ": cannot write the export; check the folder");
  }
  std::ostream& out = options.output_path.empty() ? io.out : file;
  if (options.what == "values") export_values(reader, options, out);
  if (options.what == "history") export_history(reader, options, out);
  if (options.what == "explanations") export_explanations(reader, options, out);
  out.flush();
  if (!out) throw io_error(options.output_path + ": writing the export failed");
  return to_int(ExitCode::success);
}

}  // namespace

void add_export_command(CLI::App& app, Action& chosen) {
  auto options = std::make_shared<ExportOptions>();
  CLI::App* sub = app.add_subcommand(
      "export", "Write a stored table (game values, optimize history, explanations) as CSV/JSON");
  sub->add_option("STORE", options->store_path, "The result store (HDF5)")->required();
  sub->add_option("--what", options->what, "values, history or explanations")->required();
  sub->add_option("--game", options->games, "Only these games (repeatable), or all (the default)");
  sub->add_option("--format", options->format, "csv or json")->capture_default_str();
  sub->add_option("-o,--output", options->output_path, "Write to FILE instead of standard output");
  sub->callback([&chosen, options] {
    chosen = [options](const Streams& io) { return run_export(*options, io); };
  });
}

}  // namespace hypershap::cli
