#include "hypershap/models/optuna_history.hpp"

#include <sstream>
#include <vector>

#include "hypershap/core/error.hpp"
#include "hypershap/io/csv.hpp"

namespace hypershap {

namespace {

const std::string params_prefix = "params_";

bool is_param_column(const std::string& name) {
  return name.size() > params_prefix.size() &&
         name.compare(0, params_prefix.size(), params_prefix) == 0;
}

}  // namespace

bool is_optuna_trials_csv(const std::string& text) {
  const std::string first_line = text.substr(0, text.find_first_of("\r\n"));
  const CsvTable header = parse_csv_table(first_line, "header");
  if (header.column("state") < 0) return false;
  for (const std::string& name : header.header)
    if (is_param_column(name)) return true;
  return false;
}

RunHistory parse_optuna_trials_csv(const std::string& text, const std::string& source,
                                   const std::string& objective, bool maximize) {
  const CsvTable table = parse_csv_table(text, source);
  std::string metric = objective;
  if (metric.empty()) metric = table.column("value") >= 0 ? "value" : "values_0";
  const int metric_at = table.column(metric);
  if (metric_at < 0)
    throw invalid_input(source + ": no objective column '" + metric +
                        "' in this Optuna trials_dataframe() CSV; set [model] metric to its "
                        "objective column (value, or values_0, values_1, ... for several)");
  const int state_at = table.column("state");

  // the COMPLETE trials as a plain run history CSV: params_NAME renamed NAME, then the metric
  std::vector<int> params;
  std::vector<std::string> header;
  for (std::size_t c = 0; c < table.header.size(); ++c) {
    if (!is_param_column(table.header[c])) continue;
    params.push_back(static_cast<int>(c));
    header.push_back(table.header[c].substr(params_prefix.size()));
  }
  header.push_back(metric);
  std::ostringstream plain;
  write_csv_record(plain, header);
  std::map<std::string, std::size_t> skipped;
  std::size_t complete = 0;
  std::vector<std::string> places;  // the export's lines, not those of the plain CSV
  for (std::size_t r = 0; r < table.rows.size(); ++r) {
    const std::vector<std::string>& row = table.rows[r];
    const std::string& state = row[static_cast<std::size_t>(state_at)];
    if (state != "COMPLETE") {
      ++skipped[state.empty() ? "no state" : state];
      continue;
    }
    std::vector<std::string> fields;
    for (const int c : params) fields.push_back(row[static_cast<std::size_t>(c)]);
    fields.push_back(row[static_cast<std::size_t>(metric_at)]);
    write_csv_record(plain, fields);
    places.push_back("line " + std::to_string(table.lines[r]));
    ++complete;
  }
  if (complete == 0) {
    std::string states;
    for (const auto& [state, count] : skipped)
      states += (states.empty() ? "" : ", ") + state + " " + std::to_string(count);
    throw invalid_input(source + ": no trial of this Optuna study is COMPLETE (" + states +
                        "); export the study after some trials have finished");
  }
  RunHistory history = parse_run_history_csv(plain.str(), source, metric, maximize);
  history.places = std::move(places);
  history.skipped_by_status = skipped;
  for (const auto& [state, count] : skipped) history.skipped += count;
  return history;
}

}  // namespace hypershap
