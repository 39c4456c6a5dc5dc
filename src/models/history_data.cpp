#include "hypershap/models/history_data.hpp"

#include <map>

#include "hypershap/core/error.hpp"
#include "hypershap/core/text_file.hpp"
#include "hypershap/models/inferred_space.hpp"
#include "hypershap/models/optuna_history.hpp"
#include "hypershap/models/run_history.hpp"

namespace hypershap {

std::string HistoryData::fitted_summary() const {
  std::string fitted = "fitted on " + std::to_string(configurations.rows()) + " runs";
  if (invalid > 0)
    fitted += "; " + std::to_string(invalid) + " invalid runs left out (" + first_reason + ")";
  if (!skipped.empty()) fitted += "; " + skipped;
  return fitted;
}

HistoryData load_history_data(const std::filesystem::path& history_path,
                              const std::filesystem::path& space_file_option,
                              const std::string& metric, std::optional<bool> maximize,
                              const std::string& where) {
  const bool folder = std::filesystem::is_directory(history_path);
  std::filesystem::path space_file = space_file_option;
  RunHistory history;
  if (folder) {
    history = highest_budget_runs(read_smac_run(history_path));
    if (space_file.empty()) space_file = history_path / "configspace.json";
  } else {
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
  // without [space] file a CSV's space is read off its columns (validate prints it)
  const bool inferred = space_file.empty();
  const std::string space_json = inferred
                                     ? infer_space_json(history)
                                     : read_text_file(space_file, "the configuration space file");
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
                   skipped_summary(history)};
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
          space.from_values(values, history.source + " row " + std::to_string(r + 1));
      data.metric(rows) = history.metric[r];
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
  return data;
}

}  // namespace hypershap
