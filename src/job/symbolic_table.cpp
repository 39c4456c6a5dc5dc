#include "symbolic_table.hpp"

#include <cmath>
#include <limits>

namespace hypershap::job_detail {

namespace {

const std::vector<std::string> trainings = {"bo", "random", "surrogate", "partial-dependence"};

}  // namespace

SymbolicSpec read_symbolic(TableReader& r, const std::string& name,
                           const std::filesystem::path& base_directory, std::uint64_t job_seed) {
  SymbolicSpec spec;
  spec.name = name;
  spec.seed = job_seed;
  const std::string where = "[symbolic." + name + "] ";
  if (const auto training = r.choice("training", trainings, true)) spec.training = *training;
  const bool uses_bo = spec.training == "bo" || spec.training == "surrogate";
  const bool samples_random = spec.training != "bo";
  if (const auto players = r.strings("players")) spec.players = *players;
  if (const auto top = r.integer("top", 1, 3)) {
    if (spec.training != "partial-dependence")
      r.problem(*r.node("top"), where + "top applies only to training = 'partial-dependence'");
    spec.top = static_cast<int>(*top);
  }
  if (const auto samples = r.integer("samples", 2, 10000000)) {
    if (!samples_random)
      r.problem(*r.node("samples"),
                where +
                    "samples does not apply to training = 'bo' (its samples are the BO "
                    "trials: set trials)");
    spec.samples = static_cast<int>(*samples);
  }
  if (const auto trials = r.integer("trials", 2, 10000000)) {
    if (!uses_bo)
      r.problem(*r.node("trials"), where + "trials applies only to training = 'bo' or 'surrogate'");
    spec.trials = static_cast<int>(*trials);
  }
  if (const auto history = r.string("history")) {
    if (!uses_bo)
      r.problem(*r.node("history"),
                where + "history applies only to training = 'bo' or 'surrogate'");
    spec.history = base_directory / *history;
    spec.history = spec.history.lexically_normal();
  }
  if (const auto repetitions = r.integer("repetitions", 1, 1000))
    spec.repetitions = static_cast<int>(*repetitions);
  if (const auto seeds = r.integer("sr_seeds", 1, 1000)) spec.sr_seeds = static_cast<int>(*seeds);
  if (const toml::node* node = r.node("parsimony")) {
    const std::string usage = where +
                              "parsimony must be a number >= 0, a list of them (a sweep: "
                              "elbow and Pareto front) or \"paper\" (its 12 values)";
    std::vector<double> values;
    bool ok = true;
    const auto take = [&](const toml::node& n) {
      std::optional<double> v;
      if (const auto* i = n.as_integer()) v = static_cast<double>(i->get());
      if (const auto* f = n.as_floating_point()) v = f->get();
      if (!v || !(*v >= 0.0) || !std::isfinite(*v)) ok = false;
      if (v) values.push_back(*v);
    };
    if (const auto* text = node->as_string()) {
      if (text->get() == "paper")
        spec.parsimony_paper = true;
      else
        ok = false;
    } else if (const auto* list = node->as_array()) {
      for (const toml::node& n : *list) take(n);
      if (list->empty()) ok = false;
    } else {
      take(*node);
    }
    if (!ok)
      r.problem(*node, usage);
    else if (!spec.parsimony_paper)
      spec.parsimony = values;
  }
  if (const auto population = r.integer("population", 1, 10000000))
    spec.population = static_cast<int>(*population);
  if (const auto generations = r.integer("generations", 1, 100000))
    spec.generations = static_cast<int>(*generations);
  if (const auto grid = r.integer("grid", 2, 1000)) spec.grid = static_cast<int>(*grid);
  if (const auto samples = r.integer("pd_samples", 1, 10000000)) {
    if (spec.training != "partial-dependence")
      r.problem(*r.node("pd_samples"),
                where + "pd_samples applies only to training = 'partial-dependence'");
    spec.pd_samples = static_cast<int>(*samples);
  }
  if (const auto instances = r.strings("instances")) spec.instances = *instances;
  const double any = -std::numeric_limits<double>::infinity();
  if (const auto offset = r.number("cost_offset", any)) spec.cost_offset = *offset;
  if (const auto scale = r.number("cost_scale", any)) {
    if (*scale == 0.0) r.problem(*r.node("cost_scale"), where + "cost_scale must not be 0");
    spec.cost_scale = *scale;
  }
  if (const auto seed = r.integer("seed", 0, std::numeric_limits<std::int64_t>::max()))
    spec.seed = static_cast<std::uint64_t>(*seed);
  if (const auto one_hot = r.boolean("one_hot")) spec.one_hot = *one_hot;
  return spec;
}

void read_symbolic_tables(const toml::table& symbolic, const std::filesystem::path& base_directory,
                          JobSpec& job, Context& context) {
  for (const auto& [key, node] : symbolic) {
    const std::string name(key.str());
    const toml::table* table = node.as_table();
    if (table == nullptr) {
      context.problems.push_back(context.location_of(node, "symbolic." + name) + ": [symbolic] " +
                                 name + " must be a table: [symbolic." + name +
                                 "] training = \"surrogate\"");
      continue;
    }
    TableReader r(*table, "symbolic." + name, context);
    job.symbolic.push_back(read_symbolic(
        r, name, context.base_for("symbolic." + name + ".history", base_directory), job.seed));
    r.finish();
  }
}

toml::table symbolic_table(const SymbolicSpec& s,
                           const std::function<std::string(const std::filesystem::path&)>& path) {
  toml::array players, instances, parsimony;
  for (const auto& p : s.players) players.push_back(p);
  for (const auto& i : s.instances) instances.push_back(i);
  for (const double z : s.parsimony) parsimony.push_back(z);
  toml::table table{{"training", s.training},
                    {"players", players},
                    {"repetitions", s.repetitions},
                    {"sr_seeds", s.sr_seeds},
                    {"population", s.population},
                    {"generations", s.generations},
                    {"grid", s.grid},
                    {"instances", instances},
                    {"seed", static_cast<std::int64_t>(s.seed)},
                    {"one_hot", s.one_hot}};
  if (s.parsimony_paper)
    table.insert("parsimony", "paper");
  else
    table.insert("parsimony", parsimony);
  if (s.training != "bo") table.insert("samples", s.samples);
  if (s.training == "bo" || s.training == "surrogate") {
    table.insert("trials", s.trials);
    if (!s.history.empty()) table.insert("history", path(s.history));
  }
  if (s.training == "partial-dependence") {
    table.insert("top", s.top);
    table.insert("pd_samples", s.pd_samples);
  }
  if (s.cost_offset) table.insert("cost_offset", *s.cost_offset);
  if (s.cost_scale) table.insert("cost_scale", *s.cost_scale);
  return table;
}

}  // namespace hypershap::job_detail
