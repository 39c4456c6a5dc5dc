#include "hypershap/job/job_file.hpp"

#include <cmath>
#include <limits>
#include <sstream>

#include "hypershap/core/error.hpp"
#include "hypershap/core/suggest.hpp"
#include "hypershap/core/text_file.hpp"
#include "hypershap/explain/approximation.hpp"
#include "importance_table.hpp"
#include "optimize_table.hpp"
#include "symbolic_table.hpp"
#include "toml_reader.hpp"

namespace hypershap {

using job_detail::Context;
using job_detail::Problems;
using job_detail::TableReader;

std::string_view name_of(ModelKind kind) {
  switch (kind) {
    case ModelKind::yahpo: return "yahpo";
    case ModelKind::random_forest: return "random-forest";
    case ModelKind::analytic: return "analytic";
    case ModelKind::gaussian_process: return "gaussian-process";
    case ModelKind::command: return "command";
  }
  return "?";
}

std::string_view name_of(GameKind kind) {
  switch (kind) {
    case GameKind::ablation: return "ablation";
    case GameKind::sensitivity: return "sensitivity";
    case GameKind::tunability: return "tunability";
    case GameKind::mistunability: return "mistunability";
    case GameKind::optimizer_bias: return "optimizer-bias";
  }
  return "?";
}

std::string JobSpec::where(const std::string& key_path) const {
  for (std::string path = key_path; !path.empty();) {
    if (const auto found = locations.find(path); found != locations.end()) return found->second;
    const auto dot = path.rfind('.');
    path = dot == std::string::npos ? std::string() : path.substr(0, dot);
  }
  return file.filename().string();
}

namespace {

const std::vector<std::string> model_kinds = {"yahpo", "random-forest", "analytic",
                                              "gaussian-process", "command"};
const std::vector<std::string> game_kinds = {"ablation", "sensitivity", "tunability",
                                             "mistunability", "optimizer-bias"};
const std::vector<std::string> analytic_functions = {"table1", "linear-toy", "smooth-interactions",
                                                     "pairs-20"};

std::filesystem::path resolve(const std::filesystem::path& base, const std::string& path) {
  const std::filesystem::path p(path);
  return (p.is_absolute() ? p : base / p).lexically_normal();
}

// --set key.path=value: the value is read as TOML, or else taken as a string.
void apply_override(toml::table& root, const std::string& text, Context& context) {
  Problems& problems = context.problems;
  const auto equals = text.find('=');
  if (equals == std::string::npos || equals == 0) {
    problems.push_back("--set " + text +
                       ": expected key.path=value, e.g. --set model.instance=3945");
    return;
  }
  const std::string path = text.substr(0, equals);
  const std::string value = text.substr(equals + 1);
  const std::string source = "--set " + text;
  context.overrides.emplace_back(path, source);
  toml::table parsed;
  try {
    parsed = toml::parse("v = " + value, source);
  } catch (const toml::parse_error&) {
    std::string quoted;
    for (const char c : value) {
      if (c == '"' || c == '\\') quoted += '\\';
      quoted += c;
    }
    parsed = toml::parse("v = \"" + quoted + "\"", source);
  }
  toml::table* table = &root;
  std::string::size_type start = 0;
  while (true) {
    const auto dot = path.find('.', start);
    const std::string key = path.substr(start, dot == std::string::npos ? dot : dot - start);
    if (key.empty()) {
      problems.push_back(source + ": the key path has an empty part");
      return;
    }
    if (dot == std::string::npos) {
      table->insert_or_assign(key, *parsed.get("v"));
      return;
    }
    toml::node* next = table->get(key);
    if (next == nullptr) {
      table->insert(key, toml::table{});
      next = table->get(key);
    }
    if (!next->is_table()) {
      problems.push_back(source + ": '" + path.substr(0, dot) +
                         "' is a value, not a table, so it has no key '" + path.substr(dot + 1) +
                         "'");
      return;
    }
    table = next->as_table();
    start = dot + 1;
  }
}

// { name = value, ... } of hyperparameter values (numbers or category names); `path` is the
// table's key path (games.NAME.baseline) and `label` how messages name it.
NamedValues values_of(const toml::table& table, const std::string& path, const std::string& label,
                      Context& context) {
  NamedValues values;
  for (const auto& [name, node] : table) {
    if (const auto* s = node.as_string()) {
      values.emplace_back(std::string(name.str()), s->get());
    } else if (const auto* i = node.as_integer()) {
      values.emplace_back(std::string(name.str()), static_cast<double>(i->get()));
    } else if (const auto* f = node.as_floating_point()) {
      values.emplace_back(std::string(name.str()), f->get());
    } else if (const auto* b = node.as_boolean()) {
      values.emplace_back(std::string(name.str()), std::string(b->get() ? "True" : "False"));
    } else {
      context.problems.push_back(context.location_of(node, path + "." + std::string(name.str())) +
                                 ": " + label + "." + std::string(name.str()) +
                                 " must be a number or a category name");
    }
  }
  return values;
}

std::optional<NamedValues> read_values(TableReader& reader, const std::string& key,
                                       Context& context) {
  const toml::table* table = reader.table(key);
  if (table == nullptr) return std::nullopt;
  return values_of(*table, reader.section() + "." + key, "[" + reader.section() + "] " + key,
                   context);
}

// [model.kernel] amplitude, lengthscales, noise: a gaussian-process's fixed hyperparameters.
std::optional<KernelSpec> read_kernel(TableReader& model, Context& context) {
  const toml::table* table = model.table("kernel");
  if (table == nullptr) return std::nullopt;
  TableReader r(*table, "model.kernel", context);
  KernelSpec kernel;
  const auto positive = [&](const toml::node& node, const std::string& key, double& out) {
    const std::optional<double> v = node.value<double>();
    if (!v || !(*v > 0.0) || !std::isfinite(*v)) {
      r.problem(node, "[model.kernel] " + key + " must be a positive number");
      return;
    }
    out = *v;
  };
  if (const toml::node* n = r.node("amplitude", true)) positive(*n, "amplitude", kernel.amplitude);
  if (const toml::node* n = r.node("noise", true)) positive(*n, "noise", kernel.noise);
  if (const toml::node* n = r.node("lengthscales", true)) {
    const toml::array* array = n->as_array();
    if (array == nullptr || array->empty()) {
      r.problem(*n,
                "[model.kernel] lengthscales must be an array of positive numbers, one per "
                "hyperparameter in the space's order");
    } else {
      for (const toml::node& element : *array) {
        kernel.lengthscales.push_back(0.0);
        positive(element, "lengthscales", kernel.lengthscales.back());
      }
    }
  }
  r.finish();
  return kernel;
}

// budget = "highest" | "all" | a number: which runs of a multi-fidelity history are used.
std::optional<BudgetChoice> read_budget(TableReader& r) {
  const toml::node* node = r.node("budget");
  if (node == nullptr) return std::nullopt;
  BudgetChoice choice;
  if (const auto text = node->value<std::string>();
      text && (*text == "highest" || *text == "all")) {
    choice.kind = *text == "all" ? BudgetChoice::Kind::all : BudgetChoice::Kind::highest;
    return choice;
  }
  const auto number = node->value<double>();
  if (node->is_number() && number && std::isfinite(*number) && *number > 0.0) {
    choice.kind = BudgetChoice::Kind::value;
    choice.value = *number;
    return choice;
  }
  r.problem(*node,
            "[model] budget must be \"highest\" (the default), \"all\" (every run, the budget a "
            "feature) or a positive number (the runs at that budget)");
  return std::nullopt;
}

void read_model(TableReader& r, const std::filesystem::path& base, ModelSpec& model,
                Context& context) {
  const auto kind = r.choice("kind", model_kinds, true);
  const auto folder = r.string("folder");
  const auto scenario = r.string("scenario");
  const auto instance = r.string("instance");
  const auto metric = r.string("metric");
  const auto history = r.string("history");
  const auto maximize = r.boolean("maximize");
  const auto trees = r.integer("trees", 1, 100000);
  const auto log_target = r.boolean("log_target");
  const auto function = r.choice("function", analytic_functions);
  const auto m = r.integer("m", 1, 1000000);
  const auto command = r.strings("command");
  const auto timeout = r.number("timeout_seconds", 0.001);
  const auto trials = r.integer("trials", 1, 100000000);
  const auto normalize_y = r.boolean("normalize_y");
  const auto restarts = r.integer("restarts", 0, 1000);
  const auto kernel = read_kernel(r, context);
  const auto min_r2 = r.number("min_r2", -1e300);
  const auto allow_poor_model = r.boolean("allow_poor_model");
  const auto budget = read_budget(r);
  const auto study = r.string("study");
  if (!kind) return;

  const auto only_for = [&](bool present, const char* key, const char* kinds) {
    if (present)
      r.problem(*r.node(key), "[model] " + std::string(key) + " applies only to kind = " + kinds +
                                  ", not '" + *kind + "'");
  };
  if (*kind == "yahpo") {
    model.kind = ModelKind::yahpo;
    if (!folder) r.problem("[model] kind = 'yahpo' needs folder = \"path/to/yahpo_model\"");
    if (!instance) r.problem("[model] kind = 'yahpo' needs instance (the OpenML task id)");
    if (!metric) r.problem("[model] kind = 'yahpo' needs metric (the output to explain)");
    only_for(history.has_value(), "history", "'random-forest'");
    only_for(trees.has_value(), "trees", "'random-forest'");
    only_for(log_target.has_value(), "log_target", "'random-forest'");
    only_for(function.has_value(), "function", "'analytic'");
  } else if (*kind == "gaussian-process") {
    model.kind = ModelKind::gaussian_process;
    if (!history)
      r.problem(
          "[model] kind = 'gaussian-process' needs history (a CSV file or a SMAC3 run folder)");
    only_for(folder.has_value(), "folder", "'yahpo'");
    only_for(scenario.has_value(), "scenario", "'yahpo'");
    only_for(instance.has_value(), "instance", "'yahpo'");
    only_for(function.has_value(), "function", "'analytic'");
    only_for(trees.has_value(), "trees", "'random-forest'");
    only_for(log_target.has_value(), "log_target", "'random-forest'");
  } else if (*kind == "random-forest") {
    model.kind = ModelKind::random_forest;
    if (!history)
      r.problem("[model] kind = 'random-forest' needs history (a CSV file or a SMAC3 run folder)");
    only_for(folder.has_value(), "folder", "'yahpo'");
    only_for(scenario.has_value(), "scenario", "'yahpo'");
    only_for(instance.has_value(), "instance", "'yahpo'");
    only_for(function.has_value(), "function", "'analytic'");
  } else if (*kind == "command") {
    model.kind = ModelKind::command;
    if (!command || command->empty())
      r.problem(
          "[model] kind = 'command' needs command = [\"program\", \"argument\", ...], e.g. "
          "[\"python3\", \"train.py\"] (run without a shell, in the job file's folder)");
    only_for(folder.has_value(), "folder", "'yahpo'");
    only_for(history.has_value(), "history", "'random-forest'");
    only_for(function.has_value(), "function", "'analytic'");
    only_for(trees.has_value(), "trees", "'random-forest'");
  } else {
    model.kind = ModelKind::analytic;
    if (!function)
      r.problem("[model] kind = 'analytic' needs function = " + one_of(analytic_functions));
    only_for(folder.has_value(), "folder", "'yahpo'");
    only_for(scenario.has_value(), "scenario", "'yahpo'");
    only_for(history.has_value(), "history", "'random-forest'");
  }
  if (model.kind != ModelKind::gaussian_process) {
    only_for(normalize_y.has_value(), "normalize_y", "'gaussian-process'");
    only_for(restarts.has_value(), "restarts", "'gaussian-process'");
    only_for(kernel.has_value(), "kernel", "'gaussian-process'");
  }
  if (normalize_y) model.normalize_y = *normalize_y;
  if (restarts) model.restarts = static_cast<int>(*restarts);
  model.kernel = kernel;
  if (m && function.value_or("") != "table1")
    r.problem(*r.node("m"), "[model] m applies only to function = 'table1'");
  if (model.kind != ModelKind::random_forest) {
    only_for(min_r2.has_value(), "min_r2", "'random-forest'");
    only_for(allow_poor_model.has_value(), "allow_poor_model", "'random-forest'");
  }
  if (min_r2 && *min_r2 > 1.0)
    r.problem(*r.node("min_r2"), "[model] min_r2 must be at most 1 (a perfect fit)");
  if (min_r2) model.min_r2 = *min_r2;
  if (allow_poor_model) model.allow_poor_model = *allow_poor_model;
  if (model.kind != ModelKind::command) {
    only_for(command.has_value(), "command", "'command'");
    only_for(timeout.has_value(), "timeout_seconds", "'command'");
  }
  if (budget && !history)
    r.problem(*r.node("budget"),
              "[model] budget applies only to a multi-fidelity run history (random-forest or "
              "gaussian-process)");
  if (budget) model.budget = *budget;
  if (study && !history)
    r.problem(*r.node("study"),
              "[model] study applies only to a history that is an Optuna SQLite storage");
  if (study) model.study = *study;
  if (trials && !history)
    r.problem(*r.node("trials"),
              "[model] trials applies only to a history that is the store of `hypershap "
              "optimize` (its first `trials` trials)");
  if (command) model.command = *command;
  if (timeout) model.timeout_seconds = *timeout;
  if (trials) model.trials = static_cast<int>(*trials);
  if (folder) model.folder = resolve(context.base_for("model.folder", base), *folder);
  if (scenario) model.scenario = *scenario;
  if (instance) model.instance = *instance;
  if (metric) model.metric = *metric;
  if (history) model.history = resolve(context.base_for("model.history", base), *history);
  model.maximize = maximize;
  if (trees) model.trees = static_cast<int>(*trees);
  if (log_target) model.log_target = *log_target;
  if (function) model.function = *function;
  if (m) model.m = static_cast<int>(*m);
}

// frozen = [...] of an optimizer (the game's or an ensemble member's): required by frozen-search
// and only allowed there.
std::vector<std::string> read_frozen(TableReader& r, OptimizerKind optimizer) {
  const auto frozen = r.strings("frozen");
  const bool frozen_search = optimizer == OptimizerKind::frozen_search;
  if (frozen_search && (!frozen || frozen->empty()))
    r.problem("[" + r.section() +
              "] optimizer = 'frozen-search' needs frozen = [\"name\", ...], the "
              "hyperparameters it never tunes");
  if (frozen && !frozen_search)
    r.problem(*r.node("frozen"), "[" + r.section() +
                                     "] frozen applies only to optimizer = 'frozen-search', not '" +
                                     std::string(name_of(optimizer)) + "'");
  return frozen.value_or(std::vector<std::string>{});
}

// draws_per_hyperparameter = K of coordinate-search: K draws per player of S (the paper's plain
// Optimizer Bias setting, 49) instead of one budget split over S; only allowed there.
int read_draws(TableReader& r, OptimizerKind optimizer) {
  const auto draws = r.integer("draws_per_hyperparameter", 1, 100000000);
  if (draws && optimizer != OptimizerKind::coordinate_search) {
    r.problem(*r.node("draws_per_hyperparameter"),
              "[" + r.section() +
                  "] draws_per_hyperparameter applies only to optimizer = 'coordinate-search', "
                  "not '" +
                  std::string(name_of(optimizer)) + "'");
  }
  return draws ? static_cast<int>(*draws) : 0;
}

// ensemble = [ { optimizer = "random-search", samples = 2000 }, ... ]
std::vector<OptimizerSettings> read_ensemble(const toml::node& node, const std::string& section,
                                             Context& context) {
  std::vector<OptimizerSettings> ensemble;
  const toml::array* array = node.as_array();
  if (array == nullptr) {
    context.problems.push_back(context.location_of(node, section + ".ensemble") + ": [" + section +
                               "] ensemble must be an array of tables, e.g. ensemble = [ { "
                               "optimizer = \"random-search\", samples = 2000 } ]");
    return ensemble;
  }
  for (std::size_t i = 0; i < array->size(); ++i) {
    const std::string member = section + ".ensemble[" + std::to_string(i) + "]";
    const toml::table* t = (*array)[i].as_table();
    if (t == nullptr) {
      context.problems.push_back(context.location_of((*array)[i], member) + ": [" + member +
                                 "] must be a table: { optimizer = \"random-search\", samples = "
                                 "2000 }");
      continue;
    }
    TableReader er(*t, member, context);
    OptimizerSettings o;
    if (const auto optimizer = er.choice("optimizer", optimizer_names(), true))
      o.optimizer = parse_optimizer(*optimizer);
    if (const auto samples = er.integer("samples", 1, 100000000))
      o.samples = static_cast<int>(*samples);
    o.frozen = read_frozen(er, o.optimizer);
    o.draws_per_hyperparameter = read_draws(er, o.optimizer);
    er.finish();
    ensemble.push_back(std::move(o));
  }
  return ensemble;
}

// samples, optimizer, frozen, ensemble: the inner HPO of Tunability-type games or the optimizer
// under study of Optimizer Bias, and its budget.
void read_search_keys(TableReader& r, Context& context, GameSettings& game) {
  const std::string where = "[" + r.section() + "] ";
  const std::string kind_name(name_of(game.kind));
  const bool bias = game.kind == GameKind::optimizer_bias;
  const bool search = game.kind == GameKind::tunability || game.kind == GameKind::mistunability;
  // samples: the inner search's (optimizer-bias: the studied optimizer's) model evaluations
  if (const auto samples = r.integer("samples", 1, 100000000))
    game.samples = static_cast<int>(*samples);

  // optimizer: the inner HPO (tunability, mistunability) or the optimizer under study
  if (const auto optimizer = r.choice("optimizer", optimizer_names())) {
    game.optimizer = parse_optimizer(*optimizer);
    const bool inner = *optimizer == "random-search" || *optimizer == "local-search";
    if (search && !inner) {
      r.problem(*r.node("optimizer"), where + "optimizer = '" + *optimizer +
                                          "' is an optimizer to study with kind = "
                                          "'optimizer-bias'; " +
                                          kind_name +
                                          " searches with random-search or local-search");
    } else if (!search && !bias && *optimizer != "random-search") {
      r.problem(*r.node("optimizer"),
                where +
                    "optimizer applies only to kind = 'tunability', 'mistunability' or "
                    "'optimizer-bias', not '" +
                    kind_name + "'");
    }
  }
  // frozen: the hyperparameters frozen-search never tunes
  game.frozen = read_frozen(r, game.optimizer);
  game.draws_per_hyperparameter = read_draws(r, game.optimizer);
  // ensemble: the optimizers whose virtual best (with the studied one) approximates Tunability
  if (const toml::node* ensemble = r.node("ensemble")) {
    if (bias) {
      game.ensemble = read_ensemble(*ensemble, r.section(), context);
    } else {
      r.problem(*ensemble, where + "ensemble applies only to kind = 'optimizer-bias', not '" +
                               kind_name + "'");
    }
  }
  if (bias && game.ensemble.empty() && r.node("ensemble") == nullptr) {
    game.ensemble = {OptimizerSettings{OptimizerKind::random_search, game.samples, {}},
                     OptimizerSettings{OptimizerKind::local_search, game.samples, {}}};
  }
}

// baseline, baseline_samples, baselines, baseline_aggregate, target: λ⁰ of every game, and
// ablation's several or random λ⁰ and its λ*.
void read_baseline_keys(TableReader& r, Context& context, GameSettings& game) {
  const std::string where = "[" + r.section() + "] ";
  const std::string kind_name(name_of(game.kind));
  const bool ablation = game.kind == GameKind::ablation;
  const auto only_ablation = [&](const char* key) {
    if (!ablation && r.node(key) != nullptr)
      r.problem(*r.node(key),
                where + key + " applies only to kind = 'ablation', not '" + kind_name + "'");
  };
  // baseline: λ⁰ as { name = value, ... }, or (ablation) "random": λ⁰ drawn from the space
  if (const toml::node* baseline = r.node("baseline")) {
    if (const auto* text = baseline->as_string()) {
      if (text->get() != "random") {
        r.problem(*baseline, where + "baseline = '" + text->get() +
                                 "': a baseline is a table { name = value, ... } or, for "
                                 "ablation, \"random\"");
      } else if (!ablation) {
        r.problem(*baseline, where + "baseline = \"random\" applies only to kind = 'ablation'");
      } else {
        game.baseline_samples = 100;
      }
    } else {
      game.baseline = read_values(r, "baseline", context);
    }
  }
  // baseline_samples: how many λ⁰ baseline = "random" draws
  only_ablation("baseline_samples");
  if (const auto samples = r.integer("baseline_samples", 1, 100000000)) {
    if (game.baseline_samples == 0) {
      r.problem(*r.node("baseline_samples"),
                where + "baseline_samples applies only to baseline = \"random\"");
    } else {
      game.baseline_samples = static_cast<int>(*samples);
    }
  }
  // baselines: several λ⁰ for ablation, [ { name = value, ... }, ... ]
  only_ablation("baselines");
  if (const toml::node* baselines = r.node("baselines"); baselines != nullptr && ablation) {
    const toml::array* array = baselines->as_array();
    if (array == nullptr || array->empty()) {
      r.problem(*baselines, where +
                                "baselines must be a non-empty array of tables, e.g. "
                                "baselines = [ { a = 0.1 }, { a = 0.5 } ]");
    } else {
      for (std::size_t i = 0; i < array->size(); ++i) {
        const std::string path = r.section() + ".baselines[" + std::to_string(i) + "]";
        if (const toml::table* t = (*array)[i].as_table()) {
          game.baselines.push_back(values_of(*t, path, "[" + path + "]", context));
        } else {
          context.problems.push_back(context.location_of((*array)[i], path) + ": " + where +
                                     "baselines[" + std::to_string(i) +
                                     "] must be a table { name = value, ... }");
        }
      }
    }
    if (game.baseline || game.baseline_samples > 0)
      r.problem(*baselines, where + "give either baseline or baselines, not both");
  }
  // baseline_aggregate: how the ablation values of several λ⁰ combine
  only_ablation("baseline_aggregate");
  if (const auto aggregate = r.choice("baseline_aggregate", {"mean", "min", "max", "variance"}))
    game.baseline_aggregate = *parse_aggregation(*aggregate);

  // target: ablation's λ*, { name = value, ... } or "best-of-search"
  only_ablation("target");
  if (const toml::node* target = r.node("target"); target != nullptr && ablation) {
    if (const auto* text = target->as_string()) {
      if (text->get() == "best-of-search") {
        game.target_best_of_search = true;
      } else {
        r.problem(*target, where + "target = '" + text->get() +
                               "': a target is a table { name = value, ... } or "
                               "\"best-of-search\"");
      }
    } else {
      game.target = read_values(r, "target", context);
    }
  }
  // search_free: hyperparameters, not players, that best-of-search samples too (the fidelity)
  only_ablation("search_free");
  if (const auto free = r.strings("search_free"); free && ablation) {
    if (!game.target_best_of_search) {
      r.problem(*r.node("search_free"),
                where + "search_free applies only to target = \"best-of-search\"");
    } else {
      game.search_free = *free;
    }
  }
}

// instances, aggregate: a multi-dataset game (Definition 5).
void read_instance_keys(TableReader& r, GameSettings& game) {
  // instances and aggregate: a multi-dataset game (Definition 5)
  if (const auto instances = r.strings("instances")) game.instances = *instances;
  if (const auto aggregate = r.string("aggregate")) {
    const std::string& a = *aggregate;
    const std::optional<Aggregation> parsed = parse_aggregation(a);
    if (parsed && parsed->op != Aggregation::Op::variance) {
      game.aggregate = *parsed;
    } else if (a.rfind("quantile:", 0) == 0) {
      r.problem(*r.node("aggregate"), "[" + r.section() + "] aggregate = '" + a +
                                          "': the quantile must be a number from 0 to 1, e.g. "
                                          "quantile:0.75");
    } else {
      r.problem(*r.node("aggregate"), "[" + r.section() + "] aggregate = '" + a +
                                          "' is not one of mean, median, min, max, quantile:Q");
    }
  }
}

void read_game(TableReader& r, Context& context, GameSettings& game) {
  if (const auto kind = r.choice("kind", game_kinds, true)) {
    for (std::size_t i = 0; i < game_kinds.size(); ++i)
      if (*kind == game_kinds[i]) game.kind = static_cast<GameKind>(i);
  }
  read_search_keys(r, context, game);
  read_baseline_keys(r, context, game);
  read_instance_keys(r, game);
}

void read_explain(TableReader& r, ExplainSpec& explain) {
  if (const auto indices = r.strings("indices")) {
    explain.indices.clear();
    for (const std::string& name : *indices) {
      if (name == "all") {
        explain.indices = all_indices();
        break;
      }
      try {
        explain.indices.push_back(parse_index(name));
      } catch (const Error& e) {
        r.problem(*r.node("indices"), std::string("[explain] indices: ") + e.what());
      }
    }
  }
  if (const auto order = r.integer("order", 1, 64)) explain.order = static_cast<int>(*order);
  if (const auto empty_set = r.choice("empty_set", {"baseline", "shapiq"}))
    explain.empty_set = parse_empty_set_convention(*empty_set);
  // issue 13: approximate explanations of games too large for 2^n coalitions
  if (const auto method = r.choice("method", {"exact", "approximate", "auto"}))
    explain.method = *method == "exact"         ? ExplainMethod::exact
                     : *method == "approximate" ? ExplainMethod::approximate
                                                : ExplainMethod::automatic;
  if (const auto budget = r.integer("budget", 4, std::int64_t{1} << 40))
    explain.budget = static_cast<std::uint64_t>(*budget);
  if (const auto approximator = r.choice("approximator", {"regression", "permutation", "shap-iq"}))
    explain.approximator = parse_approximation_method(*approximator);
  // budget and approximator are kept with method = "exact" (they do not apply), so that
  // --set explain.method="exact" switches an approximate job without editing it
  if (explain.approximator) {
    for (const Index index : explain.indices)
      if (!supports(*explain.approximator, index, std::max(explain.order, 1)))
        r.problem(*r.node("approximator"),
                  "[explain] approximator = '" + std::string(name_of(*explain.approximator)) +
                      "' does not estimate " + std::string(name_of(index)) +
                      "; leave approximator out (each index gets the recommended one: SV and "
                      "FSII regression, SII and k-SII permutation, others shap-iq) or list "
                      "other indices");
  }
}

}  // namespace

JobSpec parse_job(std::string_view text, const std::string& source,
                  const std::filesystem::path& base_directory,
                  const std::vector<std::string>& overrides) {
  toml::table root;
  try {
    root = toml::parse(text, source);
  } catch (const toml::parse_error& e) {
    throw invalid_input(source + ":" + std::to_string(e.source().begin.line) + ":" +
                        std::to_string(e.source().begin.column) +
                        ": not valid TOML: " + std::string(e.description()));
  }
  Context context;
  context.source = source;
  for (const std::string& o : overrides) apply_override(root, o, context);
  Problems& problems = context.problems;

  JobSpec job;
  job.file = std::filesystem::absolute(source).lexically_normal();
  TableReader top(root, "top level", context);

  if (const toml::table* t = top.table("job")) {
    TableReader r(*t, "job", context);
    job.name = r.string("name").value_or("");
    if (const auto seed = r.integer("seed", 0, std::numeric_limits<std::int64_t>::max()))
      job.seed = static_cast<std::uint64_t>(*seed);
    if (const auto output = r.string("output"))
      job.output = resolve(context.base_for("job.output", base_directory), *output);
    r.finish();
  }
  const std::string stem = std::filesystem::path(source).stem().string();
  if (job.name.empty()) job.name = stem;
  if (job.output.empty()) job.output = resolve(base_directory, stem + ".h5");

  if (const toml::table* t = top.table("model")) {
    TableReader r(*t, "model", context);
    read_model(r, base_directory, job.model, context);
    r.finish();
  } else {
    top.problem(
        "the job needs a [model] table (kind = yahpo, random-forest, analytic, gaussian-process "
        "or command)");
  }

  if (const toml::table* t = top.table("space")) {
    TableReader r(*t, "space", context);
    if (const auto file = r.string("file"))
      job.space.file = resolve(context.base_for("space.file", base_directory), *file);
    // players = [] is every hyperparameter not pinned, as when the key is left out (README): the
    // resolved job text of every store writes it so, and must read back the same
    if (const auto players = r.strings("players")) job.space.players = *players;
    if (auto pinned = read_values(r, "pinned", context)) job.space.pinned = *pinned;
    for (const std::string& player : job.space.players)
      for (const auto& pinned : job.space.pinned)
        if (pinned.first == player)
          r.problem(*r.node("players"),
                    "[space] players names '" + player +
                        "', which [space] pinned also holds fixed; a hyperparameter is either "
                        "explained (a player) or pinned: remove it from players or from pinned");
    r.finish();
  }

  if (const toml::table* t = top.table("games")) {
    for (const auto& [name, node] : *t) {
      const std::string game_name(name.str());
      const toml::table* game_table = node.as_table();
      if (game_table == nullptr) {
        problems.push_back(context.location_of(node, "games." + game_name) + ": [games] " +
                           game_name + " must be a table: [games." + game_name +
                           "] kind = \"tunability\"");
        continue;
      }
      TableReader r(*game_table, "games." + game_name, context);
      GameSettings game;
      game.name = game_name;
      read_game(r, context, game);
      r.finish();
      job.games.push_back(std::move(game));
    }
  }
  if (const toml::table* t = top.table("optimize")) {
    TableReader r(*t, "optimize", context);
    job.optimize = job_detail::read_optimize(r, job.seed);
    r.finish();
  }
  if (const toml::table* t = top.table("importance")) {
    TableReader r(*t, "importance", context);
    job.importance.emplace();
    job_detail::read_importance(r, *job.importance);
    r.finish();
  }
  if (const toml::table* t = top.table("symbolic"))
    job_detail::read_symbolic_tables(*t, base_directory, job, context);
  if (job.games.empty() && !job.optimize && !job.importance && job.symbolic.empty()) {
    top.problem(
        "the job needs at least one game, e.g. [games.tunability] kind = \"tunability\" (or an "
        "[optimize] table, for hypershap optimize, a [symbolic.NAME] table, or an [importance] "
        "table)");
  }

  if (const toml::table* t = top.table("explain")) {
    TableReader r(*t, "explain", context);
    read_explain(r, job.explain);
    r.finish();
  }
  top.finish();

  job.locations = std::move(context.locations);
  if (!problems.empty()) {
    std::string message = std::to_string(problems.size()) +
                          (problems.size() == 1 ? " problem" : " problems") + " in " + source + ":";
    for (const std::string& p : problems) message += "\n  " + p;
    throw invalid_input(message);
  }
  return job;
}

JobSpec read_job_file(const std::filesystem::path& path,
                      const std::vector<std::string>& overrides) {
  const std::string text = read_text_file(path, "the job file");
  const auto absolute = std::filesystem::absolute(path).lexically_normal();
  return parse_job(text, path.string(), absolute.parent_path(), overrides);
}

std::string resolved_job_text(const JobSpec& job) {
  const std::filesystem::path base = job.file.parent_path();
  return resolved_job_text(job, [&](const std::filesystem::path& p) {
    return p.empty() ? std::string() : p.lexically_relative(base).generic_string();
  });
}

std::string resolved_job_text(
    const JobSpec& job, const std::function<std::string(const std::filesystem::path&)>& relative) {
  const auto values_table = [](const NamedValues& values) {
    toml::table t;
    for (const auto& [name, value] : values) {
      if (const auto* d = std::get_if<double>(&value)) {
        t.insert(name, *d);
      } else {
        t.insert(name, std::get<std::string>(value));
      }
    }
    return t;
  };
  const auto strings_array = [](const std::vector<std::string>& strings) {
    toml::array array;
    for (const auto& text : strings) array.push_back(text);
    return array;
  };
  toml::table root;
  root.insert("job", toml::table{{"name", job.name},
                                 {"seed", static_cast<std::int64_t>(job.seed)},
                                 {"output", relative(job.output)}});
  toml::array players;
  for (const auto& p : job.space.players) players.push_back(p);
  toml::table space{{"players", players}, {"pinned", values_table(job.space.pinned)}};
  if (!job.space.file.empty()) space.insert("file", relative(job.space.file));
  root.insert("space", space);
  const ModelSpec& m = job.model;
  toml::table model{{"kind", std::string(name_of(m.kind))}};
  if (!m.metric.empty()) model.insert("metric", m.metric);
  if (m.maximize) model.insert("maximize", *m.maximize);
  // the default is left out, so that job texts (and hashes) of jobs without budget stay as they
  // were
  if (m.budget.kind == BudgetChoice::Kind::all) model.insert("budget", "all");
  if (m.budget.kind == BudgetChoice::Kind::value) model.insert("budget", m.budget.value);
  if (!m.study.empty()) model.insert("study", m.study);
  switch (m.kind) {
    case ModelKind::yahpo:
      model.insert("folder", relative(m.folder));
      if (!m.scenario.empty()) model.insert("scenario", m.scenario);
      model.insert("instance", m.instance);
      break;
    case ModelKind::random_forest:
      model.insert("history", relative(m.history));
      model.insert("trees", m.trees);
      model.insert("log_target", m.log_target);
      break;
    case ModelKind::gaussian_process:
      model.insert("history", relative(m.history));
      model.insert("normalize_y", m.normalize_y);
      model.insert("restarts", m.restarts);
      if (m.kernel) {
        toml::array lengthscales;
        for (const double l : m.kernel->lengthscales) lengthscales.push_back(l);
        model.insert("kernel", toml::table{{"amplitude", m.kernel->amplitude},
                                           {"lengthscales", lengthscales},
                                           {"noise", m.kernel->noise}});
      }
      break;
    case ModelKind::analytic:
      model.insert("function", m.function);
      if (m.function == "table1") model.insert("m", m.m);
      break;
    case ModelKind::command:
      model.insert("command", strings_array(m.command));
      model.insert("timeout_seconds", m.timeout_seconds);
      break;
  }
  if (m.trials > 0) model.insert("trials", m.trials);
  root.insert("model", model);
  toml::table games;
  for (const GameSettings& g : job.games) {
    toml::array instances;
    for (const auto& i : g.instances) instances.push_back(i);
    toml::table game{{"kind", std::string(name_of(g.kind))},
                     {"samples", g.samples},
                     {"optimizer", std::string(name_of(g.optimizer))},
                     {"instances", instances},
                     {"aggregate", to_text(g.aggregate)}};
    if (g.baseline) game.insert("baseline", values_table(*g.baseline));
    if (!g.frozen.empty()) game.insert("frozen", strings_array(g.frozen));
    if (g.draws_per_hyperparameter > 0)
      game.insert("draws_per_hyperparameter", g.draws_per_hyperparameter);
    if (g.kind == GameKind::optimizer_bias) {
      toml::array ensemble;
      for (const OptimizerSettings& o : g.ensemble) {
        toml::table member{{"optimizer", std::string(name_of(o.optimizer))},
                           {"samples", o.samples}};
        if (!o.frozen.empty()) member.insert("frozen", strings_array(o.frozen));
        if (o.draws_per_hyperparameter > 0)
          member.insert("draws_per_hyperparameter", o.draws_per_hyperparameter);
        ensemble.push_back(member);
      }
      game.insert("ensemble", ensemble);
    }
    if (g.kind == GameKind::ablation) {
      if (g.baseline_samples > 0) {
        game.insert("baseline", "random");
        game.insert("baseline_samples", g.baseline_samples);
      }
      if (!g.baselines.empty()) {
        toml::array baselines;
        for (const NamedValues& b : g.baselines) baselines.push_back(values_table(b));
        game.insert("baselines", baselines);
      }
      game.insert("baseline_aggregate", to_text(g.baseline_aggregate));
      if (g.target_best_of_search) game.insert("target", "best-of-search");
      if (!g.search_free.empty()) game.insert("search_free", strings_array(g.search_free));
    }
    if (g.target) game.insert("target", values_table(*g.target));
    games.insert(g.name, game);
  }
  root.insert("games", games);
  toml::array indices;
  for (const Index i : job.explain.indices) indices.push_back(std::string(name_of(i)));
  if (job.optimize) root.insert("optimize", job_detail::optimize_table(*job.optimize));
  toml::table explain{{"indices", indices},
                      {"order", job.explain.order},
                      {"empty_set", std::string(name_of(job.explain.empty_set))}};
  if (job.explain.method != ExplainMethod::exact) {  // exact jobs keep their text (and identity)
    explain.insert("method", std::string(name_of(job.explain.method)));
    explain.insert("budget", static_cast<std::int64_t>(job.explain.budget));
    if (job.explain.approximator)
      explain.insert("approximator", std::string(name_of(*job.explain.approximator)));
  }
  root.insert("explain", explain);
  if (job.importance) root.insert("importance", job_detail::importance_table(*job.importance));
  if (!job.symbolic.empty()) {
    toml::table symbolic;
    for (const SymbolicSpec& s : job.symbolic)
      symbolic.insert(s.name, job_detail::symbolic_table(s, relative));
    root.insert("symbolic", symbolic);
  }
  std::ostringstream out;
  out << root;
  return out.str() + "\n";
}

}  // namespace hypershap
