// `hypershap inspect STORE [--format table|json]`: what a result store holds.

#include <cmath>
#include <cstdio>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <ostream>

#include "command.hpp"
#include "hypershap/core/error.hpp"
#include "hypershap/store/model_fit.hpp"
#include "hypershap/store/store.hpp"
#include "hypershap/store/trial_history.hpp"
#include "job_facts.hpp"

namespace hypershap::cli {

namespace {

struct InspectOptions {
  std::string store_path;
  std::string format = "table";
};

int run_inspect(const InspectOptions& options, const Streams& io) {
  if (options.format != "table" && options.format != "json")
    throw invalid_input("unknown --format '" + options.format + "'; use table or json");
  const StoreReader reader(options.store_path);
  const StoreSummary summary = reader.summary();
  const StoreMetadata& m = summary.metadata;
  const std::optional<StoredModelFit> fit = read_model_fit(options.store_path);
  if (options.format == "json") {
    nlohmann::json model = nullptr;  // a store without /model (written before it was recorded)
    if (fit) {
      nlohmann::json numbers = nlohmann::json::object();
      for (const auto& [name, value] : fit->numbers)
        numbers[name] = std::isfinite(value) ? nlohmann::json(value) : nlohmann::json(nullptr);
      nlohmann::json dropped = nlohmann::json::object();
      for (const auto& [reason, count] : fit->dropped_reasons) dropped[reason] = count;
      model = {{"kind", fit->kind},
               {"description", fit->description},
               {"metric", fit->metric},
               {"maximize", fit->maximize},
               {"negated", fit->negated},
               {"baseline_value", std::isfinite(fit->baseline_value)
                                      ? nlohmann::json(fit->baseline_value)
                                      : nlohmann::json(nullptr)},
               {"fitted", fit->fitted},
               {"runs", fit->runs},
               {"dropped", fit->dropped},
               {"dropped_reasons", dropped},
               {"fit", numbers}};
    }
    nlohmann::json games = nlohmann::json::array();
    for (const auto& g : summary.games) {
      games.push_back({{"name", g.name},
                       {"kind", g.kind},
                       {"n_players", g.n},
                       {"players", g.players},
                       {"done", g.done},
                       {"total", g.total},
                       {"evaluations", g.evaluations},
                       {"seconds", g.seconds},
                       {"explanations", g.explanations}});
    }
    io.out << nlohmann::json{{"store", options.store_path},
                             {"schema", m.schema},
                             {"schema_version", m.schema_version},
                             {"software_version", m.software_version},
                             {"git_sha", m.git_sha},
                             {"created_utc", m.created_utc},
                             {"host", m.host},
                             {"job_hash", m.job_hash},
                             {"job", m.job_text},
                             {"model", model},
                             {"games", games}}
                  .dump()
           << "\n";
    return to_int(ExitCode::success);
  }
  io.out << options.store_path << ": " << m.schema << " v" << m.schema_version
         << ", written by hypershap " << m.software_version << " (git " << m.git_sha << ") on "
         << m.host << " at " << m.created_utc << "\n  job " << m.job_hash << "\n";
  // the games' model (stores of optimize or importance alone hold no games and no /model)
  if (fit || !summary.games.empty())
    for (const auto& [label, text] : model_fit_rows(fit))
      io.out << "  " << label << ": " << text << "\n";
  for (const auto& g : summary.games) {
    char line[256];
    std::snprintf(
        line, sizeof line,
        "  game %-16s %-15s %2d players  %llu/%llu coalitions done  %llu model evaluations  %.1f s",
        g.name.c_str(), g.kind.c_str(), g.n, static_cast<unsigned long long>(g.done),
        static_cast<unsigned long long>(g.total), static_cast<unsigned long long>(g.evaluations),
        g.seconds);
    io.out << line << "\n";
    std::string players;
    for (const auto& p : g.players) players += (players.empty() ? "" : ", ") + p;
    io.out << "       players: " << players << "\n";
    if (!g.explanations.empty()) {
      std::string keys;
      for (const auto& k : g.explanations) keys += (keys.empty() ? "" : ", ") + k;
      io.out << "       explanations: " << keys << "\n";
    }
  }
  if (has_trial_history(options.store_path)) {
    const StoredTrials t = read_trial_history(options.store_path);
    io.out << "  optimize " << t.info.optimizer << ": " << t.count() << "/" << t.info.budget
           << " trials done, " << (t.info.maximize ? "maximizing " : "minimizing ")
           << t.info.metric;
    if (t.count() > 0 && t.incumbent.back() >= 0) {
      const double best = t.incumbent_cost.back();
      io.out << ", best " << (t.info.maximize ? -best : best) << " at trial " << t.incumbent.back();
    }
    io.out << " (hypershap export " << options.store_path << " --what history)\n";
  }
  return to_int(ExitCode::success);
}

}  // namespace

void add_inspect_command(CLI::App& app, Action& chosen) {
  auto options = std::make_shared<InspectOptions>();
  CLI::App* sub = app.add_subcommand(
      "inspect", "Summarise a result store: provenance, games, progress, explanations");
  sub->add_option("STORE", options->store_path, "A result store written by 'hypershap run'")
      ->required();
  sub->add_option("--format", options->format, "table or json")->capture_default_str();
  sub->callback([&chosen, options] {
    chosen = [options](const Streams& io) { return run_inspect(*options, io); };
  });
}

}  // namespace hypershap::cli
