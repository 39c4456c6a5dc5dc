#include "importance_table.hpp"

namespace hypershap::job_detail {

void read_importance(TableReader& r, ImportanceSpec& importance) {
  if (const auto order = r.integer("order", 1, 8)) importance.order = static_cast<int>(*order);
  if (const auto samples = r.integer("samples", 10, 10000000))
    importance.samples = static_cast<int>(*samples);
  if (const auto trees = r.integer("trees", 1, 10000)) importance.trees = static_cast<int>(*trees);
  if (const auto grid = r.integer("grid", 2, 10000)) importance.grid = static_cast<int>(*grid);
  if (const auto samples = r.integer("pd_samples", 2, 10000000))
    importance.pd_samples = static_cast<int>(*samples);
  if (const auto ice = r.boolean("ice")) importance.ice = *ice;
  if (const toml::node* node = r.node("partial_dependence")) {
    const std::string usage =
        "[importance] partial_dependence: give a list of hyperparameters and pairs, e.g. "
        "[\"learning_rate\", [\"batch_size\", \"num_layers\"]]";
    const toml::array* entries = node->as_array();
    if (entries == nullptr) {
      r.problem(*node, usage);
      return;
    }
    for (const toml::node& entry : *entries) {
      std::vector<std::string> names;
      if (const auto* name = entry.as_string()) {
        names.push_back(name->get());
      } else if (const auto* pair = entry.as_array()) {
        for (const toml::node& member : *pair)
          if (const auto* text = member.as_string()) names.push_back(text->get());
        if (names.size() != pair->size()) names.clear();
      }
      if (names.empty() || names.size() > 2) {
        r.problem(entry, usage + " (an entry is one name or a pair of names)");
        continue;
      }
      if (names.size() == 2 && names[0] == names[1]) {
        r.problem(entry, "[importance] partial_dependence: the pair names '" + names[0] +
                             "' twice; give two different hyperparameters");
        continue;
      }
      importance.partial_dependence.push_back(std::move(names));
    }
  }
}

toml::table importance_table(const ImportanceSpec& importance) {
  toml::array pd;
  for (const auto& names : importance.partial_dependence) {
    if (names.size() == 1) {
      pd.push_back(names[0]);
    } else {
      toml::array pair;
      for (const auto& name : names) pair.push_back(name);
      pd.push_back(pair);
    }
  }
  return toml::table{{"order", importance.order}, {"samples", importance.samples},
                     {"trees", importance.trees}, {"partial_dependence", pd},
                     {"grid", importance.grid},   {"pd_samples", importance.pd_samples},
                     {"ice", importance.ice}};
}

}  // namespace hypershap::job_detail
