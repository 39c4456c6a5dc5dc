#include "hypershap/models/history_data.hpp"

#include <cmath>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "hypershap/core/error.hpp"
#include "hypershap/core/text_file.hpp"
#include "hypershap/models/inferred_space.hpp"
#include "hypershap/models/optuna_history.hpp"
#include "hypershap/models/optuna_storage.hpp"
#include "hypershap/models/run_history.hpp"

namespace hypershap {

std::string HistoryData::fitted_summary() const {
  std::string fitted = "fitted on " + std::to_string(configurations.rows()) + " runs";
  if (invalid > 0)
    fitted += "; " + std::to_string(invalid) + " invalid runs left out (" + first_reason + ")";
  if (!skipped.empty()) fitted += "; " + skipped;
  if (!budgets.empty()) fitted += "; " + budgets;
  return fitted;
}

namespace {

std::string number_text(double x) {
  std::ostringstream out;
  out.precision(6);
  out << x;
  return out.str();
}

/// The distinct budgets of a history with their run counts, ascending (none: no budget recorded).
std::map<double, std::size_t> budget_counts(const RunHistory& history) {
  std::map<double, std::size_t> counts;
  for (const double b : history.budget)
    if (!std::isnan(b)) ++counts[b];
  return counts;
}

std::string budget_list(const std::map<double, std::size_t>& counts) {
  std::string list;
  for (const auto& [budget, runs] : counts)
    list +=
        (list.empty() ? "" : ", ") + number_text(budget) + " (" + std::to_string(runs) + " runs)";
  return list;
}

/// The runs [model] budget asks for; `note` says which were left out. A single-fidelity history
/// (no budget recorded) is used whole with the default choice and refused with any other.
RunHistory select_budget(const RunHistory& history, const BudgetChoice& choice,
                         const std::string& where, std::string& note, std::size_t& left_out) {
  const std::map<double, std::size_t> counts = budget_counts(history);
  if (counts.empty()) {
    if (choice.kind == BudgetChoice::Kind::highest) return history;
    throw invalid_input(where + " budget applies only to a multi-fidelity run, and " +
                        history.source + " records no budget; remove budget");
  }
  double chosen = counts.rbegin()->first;
  if (choice.kind == BudgetChoice::Kind::all) {
    if (counts.size() < 2) {
      throw invalid_input(
          where + " budget = \"all\" makes the budget a feature, but every run of " +
          history.source + " has the budget " + number_text(chosen) + "; remove budget");
    }
    RunHistory out = history;
    out.hyperparameters.push_back(budget_hyperparameter);
    for (std::size_t i = 0; i < out.size(); ++i) {
      // a run without a budget gets no value: it is not a valid configuration and is left out
      out.configurations[i].emplace_back(std::in_place_type<double>, history.budget[i]);
      if (std::isnan(history.budget[i])) out.configurations[i].back() = std::monostate{};
    }
    return out;
  }
  if (choice.kind == BudgetChoice::Kind::value) {
    // the nearest budget within 1%: budgets are often thirds (25/9 = 2.777...) that a job rounds
    auto nearest = counts.end();
    for (auto it = counts.begin(); it != counts.end(); ++it)
      if (nearest == counts.end() ||
          std::abs(it->first - choice.value) < std::abs(nearest->first - choice.value))
        nearest = it;
    if (std::abs(nearest->first - choice.value) > 0.01 * std::abs(nearest->first)) {
      throw invalid_input(where + " budget = " + number_text(choice.value) + " matches no run of " +
                          history.source + "; its budgets are " + budget_list(counts) +
                          " (or budget = \"highest\" or \"all\")");
    }
    chosen = nearest->first;
  }
  RunHistory out = runs_at_budget(history, chosen);
  std::map<double, std::size_t> others = counts;
  others.erase(chosen);
  left_out = 0;
  for (const auto& entry : others) left_out += entry.second;
  if (left_out > 0) {
    note = std::to_string(left_out) + " runs at other budgets left out (" + budget_list(others) +
           "; the model is fitted at budget " + number_text(chosen) +
           "; [model] budget = \"all\" keeps them with the budget as a feature)";
  }
  return out;
}

/// `space_json` with the numeric hyperparameter "budget" over the runs' budgets, its default the
/// highest (so λ⁰ is at the fidelity the optimizer reports at); log scale when they span a decade,
/// as successive halving's budgets do.
std::string with_budget_hyperparameter(const std::string& space_json, const RunHistory& history,
                                       const std::string& where) {
  const std::map<double, std::size_t> counts = budget_counts(history);
  const double low = counts.begin()->first;
  const double high = counts.rbegin()->first;
  nlohmann::json space = nlohmann::json::parse(space_json, nullptr, false);
  if (space.is_discarded() || !space.contains("hyperparameters") ||
      !space["hyperparameters"].is_array())
    throw invalid_input(where + " the run's configuration space is not ConfigSpace JSON");
  if (ConfigurationSpace::from_string(space_json, where).find(budget_hyperparameter) >= 0)
    throw invalid_input(where +
                        " budget = \"all\" adds the hyperparameter 'budget', but the space "
                        "already has one; rename it or choose one budget");
  space["hyperparameters"].push_back({{"name", budget_hyperparameter},
                                      {"type", "uniform_float"},
                                      {"lower", low},
                                      {"upper", high},
                                      {"log", low > 0.0 && high / low >= 10.0},
                                      {"default_value", high},
                                      {"meta", nullptr}});
  return space.dump(2);
}

}  // namespace

HistoryData load_history_data(const HistorySource& source) {
  const std::filesystem::path& history_path = source.history;
  const std::string& metric = source.metric;
  const std::optional<bool>& maximize = source.maximize;
  const std::string& where = source.context;
  const bool folder = std::filesystem::is_directory(history_path);
  std::filesystem::path space_file = source.space_file;
  RunHistory history;
  std::string own_space_json;  // the space a history brings in its own file (an Optuna storage)
  if (folder) {
    const bool deepcave = std::filesystem::exists(history_path / "meta.json") &&
                          std::filesystem::exists(history_path / "history.jsonl");
    if (deepcave) {
      history = read_deepcave_run(history_path, metric);
    } else if (std::filesystem::exists(history_path / "runhistory.json")) {
      if (!metric.empty() && metric != "cost") {
        throw invalid_input(where + " metric = \"" + metric +
                            "\", but a SMAC3 run records one metric, "
                            "its cost (" +
                            history_path.string() + "); remove metric");
      }
      history = read_smac_run(history_path);
    } else {
      throw invalid_input(
          where + " history " + history_path.string() +
          " is a folder but neither a SMAC3 run (runhistory.json, configspace.json) "
          "nor a DeepCAVE run (meta.json, history.jsonl, configs.json, "
          "configspace.json); name the run's folder or a CSV file");
    }
    if (maximize && *maximize != history.maximize) {
      throw invalid_input(where + " maximize = " + (*maximize ? "true" : "false") + ", but " +
                          history.source + " says its metric '" + history.metric_name + "' is " +
                          (history.maximize ? "maximised" : "minimised") + "; remove maximize");
    }
    if (space_file.empty()) space_file = history_path / "configspace.json";
  } else if (is_sqlite_file(history_path)) {
    OptunaStudy study = read_optuna_storage(history_path, source.study, metric, where);
    history = std::move(study.history);
    if (maximize && *maximize != history.maximize) {
      throw invalid_input(where + " maximize = " + (*maximize ? "true" : "false") + ", but " +
                          history.source + " is " + (history.maximize ? "maximised" : "minimised") +
                          "; remove maximize");
    }
    if (space_file.empty()) {
      own_space_json = std::move(study.space_json);
      space_file = history.source + " (space from the study's distributions)";
    }
  } else {
    if (!source.study.empty())
      throw invalid_input(where + " study applies only to an Optuna SQLite storage, and " +
                          history_path.string() + " is not one");
    const std::string text = read_text_file(history_path, "the run history");
    const bool optuna = is_optuna_trials_csv(text);
    if (metric.empty() && !optuna) {
      throw invalid_input(where + " a CSV run history needs metric = \"<its metric column>\"");
    }
    if (!maximize) {
      throw invalid_input(where + " a CSV run history needs maximize = true (larger " +
                          (metric.empty() ? std::string("value") : metric) +
                          " is better) or maximize = false");
    }
    history = optuna ? parse_optuna_trials_csv(text, history_path.string(), metric, *maximize)
                     : parse_run_history_csv(text, history_path.string(), metric, *maximize);
  }
  std::string budgets;
  std::size_t other_budgets = 0;
  const RunHistory all_runs = history;
  history = select_budget(all_runs, source.budget, where, budgets, other_budgets);
  // without [space] file a CSV's space is read off its columns (validate prints it)
  const bool inferred = space_file.empty();
  std::string space_json = inferred ? infer_space_json(history)
                           : !own_space_json.empty()
                               ? own_space_json
                               : read_text_file(space_file, "the configuration space file");
  if (!inferred && source.budget.kind == BudgetChoice::Kind::all)
    space_json = with_budget_hyperparameter(space_json, all_runs, where);
  if (inferred) space_file = history.source + " (space inferred from its columns)";
  HistoryData data{ConfigurationSpace::from_string(space_json, space_file.string()),
                   space_json,
                   {},
                   {},
                   history.source,
                   history.metric_name,
                   history.maximize,
                   0,
                   {},
                   skipped_summary(history),
                   budgets,
                   {},
                   {}};
  const ConfigurationSpace& space = data.space;

  // the history's rows as configurations of the space; rows that are not valid are left out
  data.configurations.resize(static_cast<Eigen::Index>(history.size()), space.size());
  data.metric.resize(static_cast<Eigen::Index>(history.size()));
  Eigen::Index rows = 0;
  for (std::size_t r = 0; r < history.size(); ++r) {
    std::map<std::string, HumanValue> values;
    for (std::size_t c = 0; c < history.hyperparameters.size(); ++c) {
      const Value& v = history.configurations[r][c];
      const std::string& name = history.hyperparameters[c];
      if (space.find(name) < 0) {
        throw invalid_input(history.source + ": column '" + name + "' is not a hyperparameter of " +
                            space_file.string() + "; remove it or use the run's own space");
      }
      if (is_number(v)) values[name] = std::get<double>(v);
      if (is_category(v)) values[name] = std::get<std::string>(v);
    }
    try {
      data.configurations.row(rows) =
          space.from_values(values, history.source + ": " + history.place(r));
      data.metric(rows) = history.metric[r];
      data.places.push_back(history.place(r));
      ++rows;
    } catch (const Error& e) {
      if (data.invalid++ == 0) data.first_reason = e.what();
    }
  }
  if (rows == 0) {
    throw invalid_input(history.source + ": no run is a valid configuration of " +
                        space_file.string() + " (" + data.first_reason + ")");
  }
  data.configurations.conservativeResize(rows, space.size());
  data.metric.conservativeResize(rows);
  for (const auto& [status, count] : history.skipped_by_status)
    data.dropped.emplace_back("status " + status, count);
  if (other_budgets > 0) data.dropped.emplace_back("other budgets", other_budgets);
  if (data.invalid > 0) data.dropped.emplace_back("invalid configuration", data.invalid);
  return data;
}

}  // namespace hypershap
