// `hypershap validate JOB [--set key=value ...]`: everything that can be checked without running.

#include <chrono>
#include <cmath>
#include <cstdio>
#include <memory>
#include <nlohmann/json.hpp>
#include <ostream>

#include <filesystem>
#include "command.hpp"

#include "hypershap/core/error.hpp"
#include "hypershap/core/memory.hpp"
#include "hypershap/explain/approximation.hpp"
#include "hypershap/job/game_setup.hpp"
#include "hypershap/job/job_file.hpp"
#include "hypershap/job/model_setup.hpp"
#include "hypershap/job/optimize_job.hpp"
#include "hypershap/models/model_checks.hpp"
#include "hypershap/store/store.hpp"

namespace hypershap::cli {

namespace {

struct ValidateOptions {
  std::string job_path;
  std::vector<std::string> overrides;
  std::string format = "text";
};

// The model's fit as JSON (null for models not fitted on a run history).
nlohmann::json fit_json(const PerformanceModel& model) {
  const std::optional<ModelFit> fit = model.fit();
  if (!fit) return nullptr;
  nlohmann::json out = {{"model", fit->model}, {"runs", fit->runs}, {"notes", fit->notes}};
  for (const auto& [name, value] : fit->numbers) out[name] = value;
  for (const auto& [name, values] : fit->vectors) out[name] = values;
  return out;
}

std::string with_thousands(std::uint64_t x) {
  std::string digits = std::to_string(x);
  for (auto i = static_cast<int>(digits.size()) - 3; i > 0; i -= 3)
    digits.insert(static_cast<std::size_t>(i), ",");
  return digits;
}

// A CSV run history without [space] file: its space was read off the columns.
bool space_inferred(const ConfigurationSpace& space) {
  return space.source().find("(space inferred from its columns)") != std::string::npos;
}

// The baseline as the model evaluates it: a YAHPO model answers for its [model] instance, whatever
// the space's default instance is.
std::string baseline_text(const PerformanceModel& model, const ConfigurationSpace& space,
                          Configuration configuration) {
  for (int i = 0; i < space.size(); ++i) {
    if (!model.is_context(space.hyperparameter(i).name) || model.instance().empty()) continue;
    const Hyperparameter& hp = space.hyperparameter(i);
    configuration[i] = hp.is_numeric()
                           ? space.internal_value(i, HumanValue(std::stod(model.instance())), "")
                           : space.internal_value(i, HumanValue(model.instance()), "");
  }
  return space.to_text(configuration);
}

// [optimize]: the optimizer is built (so an unknown one is reported) and its settings printed.
void print_optimize(const JobSpec& job, const std::shared_ptr<const PerformanceModel>& model,
                    std::ostream& out) {
  const OptimizeSpec& o = *job.optimize;
  make_job_optimizer(o, std::shared_ptr<const ConfigurationSpace>(model, &model->space()));
  const bool maximize = o.direction_given ? o.maximize : model->maximize();
  std::string snapshots;
  for (const int s : o.snapshots) snapshots += (snapshots.empty() ? "" : ", ") + std::to_string(s);
  out << "  optimize      " << o.optimizer << ", " << o.trials << " trials, seed " << o.seed << ", "
      << (maximize ? "maximizing " : "minimizing ") << model->metric()
      << (snapshots.empty() ? std::string() : ", snapshots at " + snapshots) << "\n";
}

int run_validate(const ValidateOptions& options, const Streams& io) {
  if (options.format != "text" && options.format != "json")
    throw invalid_input("unknown --format '" + options.format + "'; use text or json");
  const JobSpec job = read_job_file(options.job_path, options.overrides);
  const auto model = load_model(job);
  const ConfigurationSpace& space = model->space();

  // the model must answer on the baseline (the default with the pinned values)
  std::vector<std::unique_ptr<ExplanationGame>> games;
  for (const GameSettings& spec : job.games) games.push_back(make_game(job, spec, model));
  std::vector<GameSpec> specs;
  for (const auto& game : games) {
    check_game_name(game->name());
    specs.push_back({game->name(), std::string(game->kind()), game->player_names(),
                     game->has_best_configurations() ? game->space().size() : 0});
    if (approximates(job.explain, game->n()))
      specs.back().sample = approximation_sample(job.explain, game->n(), game->setup().seed);
  }
  // An approximate game's time, estimated from a few of its sampled coalitions evaluated here.
  std::vector<double> seconds_per_coalition(games.size(), 0.0);
  std::vector<std::size_t> timed(games.size(), 0);
  for (std::size_t g = 0; g < games.size(); ++g) {
    const std::vector<Coalition>& sample = specs[g].sample;
    if (sample.empty()) continue;
    std::vector<Coalition> probe;
    for (std::size_t i = 1; i < sample.size() && probe.size() < 8; i += 1 + sample.size() / 8)
      probe.push_back(sample[i]);
    const auto start = std::chrono::steady_clock::now();
    games[g]->evaluate(probe);
    const double took =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    seconds_per_coalition[g] = took / static_cast<double>(std::max<std::size_t>(probe.size(), 1));
    timed[g] = probe.size();
  }
  ConfigurationMatrix baseline(1, space.size());
  baseline.row(0) = games.empty() ? pinned_baseline(job, space) : games.front()->setup().baseline;
  Eigen::VectorXd value(1);
  model->evaluate(baseline, value);
  if (!std::isfinite(value(0))) {
    throw invalid_input(options.job_path + ": the model answers " + std::to_string(value(0)) +
                        " on the baseline configuration (" + space.to_text(baseline.row(0)) +
                        "); check [model] and [space] pinned");
  }

  if (options.format == "json") {
    nlohmann::json game_list = nlohmann::json::array();
    for (std::size_t g = 0; g < games.size(); ++g) {
      const auto& game = games[g];
      const std::uint64_t coalitions = specs[g].slots();
      game_list.push_back({{"name", game->name()},
                           {"kind", game->kind()},
                           {"players", game->player_names()},
                           {"method", specs[g].sparse() ? "approximate" : "exact"},
                           {"coalitions", coalitions},
                           {"model_evaluations", coalitions * game->evaluations_per_coalition()}});
      if (specs[g].sparse()) {
        game_list.back()["budget"] = job.explain.budget;
        game_list.back()["estimated_cpu_seconds"] =
            seconds_per_coalition[g] * static_cast<double>(coalitions);
      }
    }
    io.out << nlohmann::json{{"job", options.job_path},
                             {"valid", true},
                             {"model",
                              {{"description", model->describe()},
                               {"metric", model->metric()},
                               {"maximize", model->maximize()},
                               {"outputs", model->outputs()},
                               {"fit", fit_json(*model)}}},
                             {"space",
                              {{"source", space.source()},
                               {"hyperparameters", space.size()},
                               {"forbidden_clauses", space.forbidden_clauses().size()},
                               {"inferred", space_inferred(space)},
                               {"configspace", nlohmann::json::parse(model->space_json())}}},
                             {"baseline",
                              {{"value", value(0)},
                               {"configuration", baseline_text(*model, space, baseline.row(0))}}},
                             {"games", game_list},
                             {"store", job.output.string()}}
                  .dump(2)
           << "\n";
    return to_int(ExitCode::success);
  }
  std::ostream& out = io.out;
  char number[64];
  std::snprintf(number, sizeof number, "%.10g", value(0));
  out << options.job_path << ": valid\n";
  out << "  model         " << model->describe() << "; "
      << metric_direction(model->metric(), model->maximize()) << "\n";
  for (const std::string& line : model->diagnostics()) out << "                " << line << "\n";
  out << "  space         " << space.source() << ": " << space.size() << " hyperparameters, "
      << space.forbidden_clauses().size() << " forbidden clauses\n";
  if (space_inferred(space)) {
    out << "                inferred from the history's columns (below); to correct it, save it "
           "as space.json and set [space] file = \"space.json\"\n"
        << model->space_json() << "\n";
  }
  out << "  baseline      VAL(λ⁰) = " << number << " at "
      << baseline_text(*model, space, baseline.row(0)) << "\n";
  for (std::size_t g = 0; g < games.size(); ++g) {
    const auto& game = games[g];
    const std::uint64_t coalitions = specs[g].slots();
    const std::uint64_t per_coalition = game->evaluations_per_coalition();
    out << "  game          " << game->name() << " (" << game->kind() << "): " << game->n()
        << " players, " << with_thousands(coalitions)
        << (specs[g].sparse() ? " sampled coalitions" : " coalitions") << ", about "
        << with_thousands(coalitions * per_coalition) << " model evaluations\n";
    if (specs[g].sparse()) {
      std::string methods;
      for (const Index i : job.explain.indices)
        methods += (methods.empty() ? "" : ", ") + std::string(name_of(i)) + " by " +
                   std::string(name_of(approximation_settings(job.explain, i, 0).method));
      std::snprintf(number, sizeof number, "%.3g", seconds_per_coalition[g]);
      char total[64];
      std::snprintf(total, sizeof total, "%.3g",
                    seconds_per_coalition[g] * static_cast<double>(coalitions));
      out << "                method: approximate (" << name_of(job.explain.method) << "), budget "
          << with_thousands(job.explain.budget) << " coalitions (" << methods << ")\n"
          << "                estimated time: " << total << " s of CPU (" << number
          << " s per coalition, measured here on " << timed[g]
          << " of them); divide by the ranks\n";
    } else {
      out << "                method: exact"
          << (job.explain.method == ExplainMethod::automatic
                  ? " (auto: 2^" + std::to_string(game->n()) + " <= budget " +
                        with_thousands(job.explain.budget) + ")"
                  : std::string())
          << "\n";
    }
    std::string names;
    for (const std::string& p : game->player_names()) names += (names.empty() ? "" : ", ") + p;
    out << "                players: " << names << "\n";
  }
  if (job.optimize) print_optimize(job, model, out);
  std::string indices;
  for (const Index i : job.explain.indices)
    indices += (indices.empty() ? "" : ", ") + std::string(name_of(i));
  if (!games.empty())
    out << "  explanations  " << indices << " at order " << job.explain.order << "\n";
  out << "  store         " << job.output.string() << "\n";
  // what `run` checks before it starts (README, "Limits"): disk for the store, memory on rank 0
  const StoreNeeds needs = store_needs(specs);
  std::error_code error;
  const std::filesystem::path folder = std::filesystem::absolute(job.output, error).parent_path();
  std::filesystem::path existing = folder;
  while (!existing.empty() && !std::filesystem::exists(existing, error))
    existing = existing.parent_path();
  const std::filesystem::space_info disk = std::filesystem::space(existing, error);
  const std::size_t memory = available_memory_bytes();
  out << "  resources     store " << format_bytes(static_cast<double>(needs.disk_bytes))
      << " on disk ("
      << (error ? std::string("free space unknown")
                : format_bytes(static_cast<double>(disk.available)) + " free")
      << "); rank 0 memory about " << format_bytes(static_cast<double>(needs.memory_bytes)) << " ("
      << format_bytes(static_cast<double>(memory)) << " available here)\n";
  if (!error && needs.disk_bytes > disk.available)
    out << "  warning       the store does not fit in the free disk space of " << existing.string()
        << ": `run` here would refuse it (exit 5)\n";
  if (needs.memory_bytes > memory)
    out << "  warning       rank 0 would not have the memory it needs here: `run` here would "
           "refuse "
           "it (exit 5)\n";
  return to_int(ExitCode::success);
}

}  // namespace

void add_validate_command(CLI::App& app, Action& chosen) {
  auto options = std::make_shared<ValidateOptions>();
  CLI::App* sub = app.add_subcommand(
      "validate", "Check a job file, its space and its model without running it");
  sub->add_option("JOB", options->job_path, "The job file (TOML)")->required();
  sub->add_option("--set", options->overrides,
                  "Override a key of the job file: --set key.path=value (repeatable)");
  sub->add_option("--format", options->format,
                  "text, or json (adds the model's fit: a GP's kernel hyperparameters and log "
                  "marginal likelihood, a forest's out-of-bag RMSE and R², the runs used)")
      ->capture_default_str();
  sub->callback([&chosen, options] {
    chosen = [options](const Streams& io) { return run_validate(*options, io); };
  });
}

}  // namespace hypershap::cli
