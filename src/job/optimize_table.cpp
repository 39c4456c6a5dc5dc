#include "optimize_table.hpp"

#include <algorithm>
#include <limits>

namespace hypershap::job_detail {

OptimizeSpec read_optimize(TableReader& r, std::uint64_t job_seed) {
  OptimizeSpec spec;
  spec.seed = job_seed;
  if (const auto optimizer = r.choice("optimizer", {"bo", "random-search"}))
    spec.optimizer = *optimizer;
  if (const auto trials = r.integer("trials", 1, 10000000)) spec.trials = static_cast<int>(*trials);
  if (const auto seed = r.integer("seed", 0, std::numeric_limits<std::int64_t>::max()))
    spec.seed = static_cast<std::uint64_t>(*seed);
  if (const auto initial = r.integer("initial_design", 1, 10000000)) {
    if (spec.optimizer != "bo")
      r.problem(*r.node("initial_design"),
                "[optimize] initial_design applies only to optimizer = 'bo'");
    spec.initial_design = static_cast<int>(*initial);
  }
  if (const auto direction = r.choice("direction", {"minimize", "maximize"})) {
    spec.maximize = *direction == "maximize";
    spec.direction_given = true;
  }
  if (const auto snapshots = r.integers("snapshots", 1, 10000000)) {
    for (const std::int64_t s : *snapshots) spec.snapshots.push_back(static_cast<int>(s));
    std::sort(spec.snapshots.begin(), spec.snapshots.end());
    spec.snapshots.erase(std::unique(spec.snapshots.begin(), spec.snapshots.end()),
                         spec.snapshots.end());
    if (!spec.snapshots.empty() && spec.snapshots.back() > spec.trials)
      r.problem(*r.node("snapshots"),
                "[optimize] snapshots = " + std::to_string(spec.snapshots.back()) +
                    " is beyond the budget trials = " + std::to_string(spec.trials) +
                    "; list trial counts "
                    "up to trials");
  }
  return spec;
}

toml::table optimize_table(const OptimizeSpec& optimize) {
  toml::array snapshots;
  for (const int s : optimize.snapshots) snapshots.push_back(s);
  toml::table table{{"optimizer", optimize.optimizer},
                    {"trials", optimize.trials},
                    {"seed", static_cast<std::int64_t>(optimize.seed)},
                    {"snapshots", snapshots}};
  if (optimize.initial_design > 0) table.insert("initial_design", optimize.initial_design);
  if (optimize.direction_given)
    table.insert("direction", optimize.maximize ? "maximize" : "minimize");
  return table;
}

}  // namespace hypershap::job_detail
