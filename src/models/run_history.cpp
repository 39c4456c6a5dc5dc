#include "hypershap/models/run_history.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <limits>
#include <sstream>
#include <unordered_map>
#include <utility>

#include <nlohmann/json.hpp>

#include "hypershap/core/error.hpp"
#include "hypershap/io/csv.hpp"

namespace hypershap {

namespace {

using nlohmann::json;

std::string join(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& name : names) out += (out.empty() ? "" : ", ") + name;
  return out;
}

// ---------------------------------------------------------------------------------------------
// CSV

bool is_missing_cell(const std::string& cell) {
  return cell.empty() || cell == "NA" || cell == "NaN" || cell == "nan" || cell == "None" ||
         cell == "null";
}

bool parse_number(const std::string& cell, double& out) {
  if (cell.empty()) return false;
  std::istringstream in(cell);
  in.imbue(std::locale::classic());
  in >> out;
  return !in.fail() && in.peek() == std::char_traits<char>::eof();
}

// ---------------------------------------------------------------------------------------------
// SMAC

// Python's json writes Infinity, -Infinity and NaN, which JSON (and nlohmann) reject: turn the
// bare tokens outside strings into strings the cost reader understands.
std::string quote_python_constants(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      out += c;
      if (c == '\\' && i + 1 < text.size()) {
        out += text[++i];
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
      out += c;
      continue;
    }
    bool replaced = false;
    for (const char* token : {"-Infinity", "Infinity", "NaN"}) {
      const std::string t(token);
      if (text.compare(i, t.size(), t) == 0) {
        out += '"' + t + '"';
        i += t.size() - 1;
        replaced = true;
        break;
      }
    }
    if (!replaced) out += c;
  }
  return out;
}

json parse_json(const std::string& text, const std::string& source) {
  try {
    return json::parse(quote_python_constants(text));
  } catch (const json::parse_error& e) {
    throw invalid_input(source + ": not valid JSON (" + e.what() + "); check the file");
  }
}

// SMAC3 v2 (smac.runhistory.enumerations.StatusType, an IntEnum).
const char* v2_status_name(long long code) {
  switch (code) {
    case 0: return "RUNNING";
    case 1: return "SUCCESS";
    case 2: return "CRASHED";
    case 3: return "TIMEOUT";
    case 4: return "MEMORYOUT";
    default: return nullptr;
  }
}

// SMAC3 v1 (smac.tae.StatusType, saved as {"__enum__": "StatusType.NAME"}).
bool known_v1_status(const std::string& name) {
  static const char* const names[] = {"SUCCESS", "TIMEOUT",        "CRASHED", "ABORT",
                                      "MEMOUT",  "CAPPED",         "STOP",    "DONOTADVANCE",
                                      "RUNNING", "BUDGETEXHAUSTED"};
  return std::any_of(std::begin(names), std::end(names), [&](const char* n) { return name == n; });
}

// One run of runhistory.json, whatever the version wrote.
struct SmacRun {
  long long config_id = 0;
  long long seed = -1;
  double budget = std::numeric_limits<double>::quiet_NaN();
  json cost;
  std::string status;
};

std::string describe(const json& j) {
  std::string text = j.dump();
  if (text.size() > 80) text = text.substr(0, 77) + "...";
  return text;
}

long long as_id(const json& j, const std::string& where) {
  if (j.is_number_integer()) return j.get<long long>();
  if (j.is_string()) {
    try {
      std::size_t used = 0;
      const long long id = std::stoll(j.get<std::string>(), &used);
      if (used == j.get<std::string>().size()) return id;
    } catch (const std::exception&) {
    }
  }
  throw invalid_input(where + " is " + describe(j) + ", not a configuration id");
}

double as_budget(const json& j) {
  return j.is_number() ? j.get<double>() : std::numeric_limits<double>::quiet_NaN();
}

SmacRun parse_run(const json& entry, std::size_t index, const std::string& source) {
  const std::string where = source + ": data[" + std::to_string(index) + "]";
  SmacRun run;
  const auto status_v2 = [&](const json& code) {
    if (!code.is_number_integer())
      throw invalid_input(where + ": status " + describe(code) +
                          " is not a SMAC3 status code; expected 0-4 (RUNNING, SUCCESS, CRASHED, "
                          "TIMEOUT, MEMORYOUT)");
    const char* name = v2_status_name(code.get<long long>());
    if (name == nullptr)
      throw invalid_input(where + ": unknown status " + describe(code) +
                          "; SMAC3 v2 writes 0-4 (RUNNING, SUCCESS, CRASHED, TIMEOUT, MEMORYOUT)");
    return std::string(name);
  };
  if (entry.is_object()) {  // SMAC3 >= 2.1: one object per run
    for (const char* key : {"config_id", "cost", "status"})
      if (!entry.contains(key))
        throw invalid_input(where + " has no key '" + key + "'; is this a SMAC3 runhistory.json?");
    run.config_id = as_id(entry["config_id"], where + ".config_id");
    if (entry.contains("seed") && entry["seed"].is_number_integer())
      run.seed = entry["seed"].get<long long>();
    if (entry.contains("budget")) run.budget = as_budget(entry["budget"]);
    run.cost = entry["cost"];
    run.status = status_v2(entry["status"]);
  } else if (entry.is_array() && entry.size() == 2 && entry[0].is_array() &&
             entry[1].is_array()) {  // SMAC3 v1: [[id, instance, seed, budget], [cost, ...]]
    const json& key = entry[0];
    const json& value = entry[1];
    if (key.size() < 1 || value.size() < 3)
      throw invalid_input(where +
                          " is too short for a SMAC3 v1 run [[config_id, instance, seed, "
                          "budget], [cost, time, status, ...]]");
    run.config_id = as_id(key[0], where + "[0][0]");
    if (key.size() > 2 && key[2].is_number_integer()) run.seed = key[2].get<long long>();
    if (key.size() > 3) run.budget = as_budget(key[3]);
    run.cost = value[0];
    const json& status = value[2];
    const std::string prefix = "StatusType.";
    if (!status.is_object() || !status.contains("__enum__") || !status["__enum__"].is_string())
      throw invalid_input(where + ": status " + describe(status) +
                          " is not a SMAC3 v1 status {\"__enum__\": \"StatusType.NAME\"}");
    std::string name = status["__enum__"].get<std::string>();
    if (name.compare(0, prefix.size(), prefix) == 0) name = name.substr(prefix.size());
    if (!known_v1_status(name))
      throw invalid_input(where + ": unknown status " + describe(status) +
                          "; SMAC3 v1 writes SUCCESS, TIMEOUT, CRASHED, ABORT, MEMOUT, CAPPED, "
                          "STOP, DONOTADVANCE, RUNNING or BUDGETEXHAUSTED");
    run.status = name;
  } else if (entry.is_array() && (entry.size() == 10 || entry.size() == 11)) {
    // SMAC3 2.0: [config_id, instance, seed, budget, cost, time, (cpu_time,) status, start, end,
    // additional_info]
    run.config_id = as_id(entry[0], where + "[0]");
    if (entry[2].is_number_integer()) run.seed = entry[2].get<long long>();
    run.budget = as_budget(entry[3]);
    run.cost = entry[4];
    run.status = status_v2(entry[entry.size() == 10 ? 6 : 7]);
  } else {
    throw invalid_input(
        where + " is " + describe(entry) +
        ", not a SMAC3 run (v1: [[id, instance, seed, budget], [cost, time, "
        "status, ...]]; v2: [id, instance, seed, budget, cost, time, status, ...])");
  }
  return run;
}

double cost_value(const json& cost, const std::string& where) {
  if (cost.is_number()) return cost.get<double>();
  if (cost.is_string()) {
    const std::string s = cost.get<std::string>();
    if (s == "Infinity") return std::numeric_limits<double>::infinity();
    if (s == "-Infinity") return -std::numeric_limits<double>::infinity();
    if (s == "NaN") return std::numeric_limits<double>::quiet_NaN();
  }
  if (cost.is_array())
    throw invalid_input(where + ": cost " + describe(cost) +
                        " has several objectives; hypershap explains one metric, so give a "
                        "single-objective run history");
  throw invalid_input(where + ": cost " + describe(cost) +
                      " is not a number; the run history must record it as a number");
}

Value json_value(const json& j, const std::string& where) {
  if (j.is_null()) return Value{};
  if (j.is_boolean()) return Value{std::string(j.get<bool>() ? "True" : "False")};
  if (j.is_number()) return Value{j.get<double>()};
  if (j.is_string()) return Value{j.get<std::string>()};
  throw invalid_input(where + " is " + describe(j) +
                      "; a hyperparameter value is a number, a string or a boolean");
}

std::vector<std::string> hyperparameter_names(const std::string& configspace_json,
                                              const std::string& source) {
  const json space = parse_json(configspace_json, source);
  if (!space.is_object() || !space.contains("hyperparameters") ||
      !space["hyperparameters"].is_array())
    throw invalid_input(source +
                        ": no 'hyperparameters' list; give the ConfigSpace JSON the run used");
  std::vector<std::string> names;
  for (const json& hp : space["hyperparameters"]) {
    if (!hp.is_object() || !hp.contains("name") || !hp["name"].is_string())
      throw invalid_input(source + ": hyperparameter " + describe(hp) +
                          " has no 'name'; every hyperparameter needs one");
    names.push_back(hp["name"].get<std::string>());
  }
  if (names.empty())
    throw invalid_input(source + ": the space has no hyperparameters; give the run's space");
  return names;
}

// {"id": {"name": value, ...}, ...} into rows in the order of `names`; absent names are missing.
std::unordered_map<long long, std::vector<Value>> parse_configurations(
    const json& configs, const std::string& where_prefix, const std::vector<std::string>& names,
    const std::string& space_source) {
  std::unordered_map<std::string, std::size_t> column;
  for (std::size_t c = 0; c < names.size(); ++c) column[names[c]] = c;
  std::unordered_map<long long, std::vector<Value>> parsed;
  for (auto it = configs.begin(); it != configs.end(); ++it) {
    const std::string where = where_prefix + "." + it.key();
    const long long id = as_id(json(it.key()), where);
    if (!it.value().is_object())
      throw invalid_input(where + " is not an object of hyperparameter values");
    std::vector<Value> row(names.size());
    for (auto v = it.value().begin(); v != it.value().end(); ++v) {
      const auto at = column.find(v.key());
      if (at == column.end())
        throw invalid_input(where + " sets '" + v.key() + "', which is not in " + space_source +
                            "; give the configspace.json the run used");
      row[at->second] = json_value(v.value(), where + "." + v.key());
    }
    parsed.emplace(id, std::move(row));
  }
  return parsed;
}

}  // namespace

std::string RunHistory::place(std::size_t r) const {
  return r < places.size() ? places[r] : "run " + std::to_string(r + 1);
}

RunHistory parse_run_history_csv(const std::string& text, const std::string& source,
                                 const std::string& metric_name, bool maximize) {
  const CsvTable table = parse_csv_table(text, source);
  if (table.header.empty())
    throw invalid_input(source +
                        ": the file is empty; give a header row naming the "
                        "hyperparameters and the metric '" +
                        metric_name + "', then one row per run");
  const std::vector<std::string>& header = table.header;
  const int metric_at = table.column(metric_name);
  if (metric_at < 0)
    throw invalid_input(source + ": no metric column '" + metric_name + "'; the columns are " +
                        join(header) + "; name the metric column with one of them");
  const auto metric_column = static_cast<std::size_t>(metric_at);
  if (table.rows.empty())
    throw invalid_input(source +
                        ": the run history is empty (a header and no runs); add one "
                        "row per evaluated configuration");

  RunHistory history;
  history.source = source;
  history.metric_name = metric_name;
  history.maximize = maximize;
  for (std::size_t c = 0; c < header.size(); ++c)
    if (c != metric_column) history.hyperparameters.push_back(header[c]);

  const std::size_t rows = table.rows.size();
  const std::vector<std::vector<std::string>>& cells = table.rows;
  for (std::size_t r = 0; r < rows; ++r) {
    double metric = 0.0;
    const std::string& m = cells[r][metric_column];
    if (!parse_number(m, metric) || !std::isfinite(metric))
      throw invalid_input(source + ": line " + std::to_string(table.lines[r]) + ": metric '" +
                          metric_name + "' is '" + m +
                          "', not a finite number; fix the value or drop the row");
    history.metric.push_back(metric);
    history.places.push_back("line " + std::to_string(table.lines[r]));
  }
  // a column is numeric when every non-missing cell is a number
  std::vector<bool> numeric(header.size(), true);
  for (std::size_t c = 0; c < header.size(); ++c)
    for (std::size_t r = 0; r < rows && numeric[c]; ++r) {
      double x = 0.0;
      if (!is_missing_cell(cells[r][c]) && !parse_number(cells[r][c], x)) numeric[c] = false;
    }
  history.configurations.resize(rows);
  for (std::size_t r = 0; r < rows; ++r)
    for (std::size_t c = 0; c < header.size(); ++c) {
      if (c == metric_column) continue;
      const std::string& cell = cells[r][c];
      double x = 0.0;
      if (is_missing_cell(cell))
        history.configurations[r].emplace_back();
      else if (numeric[c] && parse_number(cell, x))
        history.configurations[r].emplace_back(x);
      else
        history.configurations[r].emplace_back(cell);
    }
  return history;
}

RunHistory read_run_history_csv(const std::filesystem::path& file, const std::string& metric_name,
                                bool maximize) {
  return parse_run_history_csv(read_text_file(file, "the run history"), file.string(), metric_name,
                               maximize);
}

RunHistory parse_smac_run(const std::string& runhistory_json, const std::string& configspace_json,
                          const std::string& source) {
  const std::string rh_source = source + "/runhistory.json";
  const std::string cs_source = source + "/configspace.json";
  RunHistory history;
  history.source = source;
  history.metric_name = "cost";
  history.maximize = false;
  history.hyperparameters = hyperparameter_names(configspace_json, cs_source);

  const json rh = parse_json(runhistory_json, rh_source);
  if (!rh.is_object() || !rh.contains("data") || !rh["data"].is_array() ||
      !rh.contains("configs") || !rh["configs"].is_object())
    throw invalid_input(rh_source +
                        ": no 'data' list or 'configs' object; is this a SMAC3 runhistory.json?");
  const json& data = rh["data"];
  const auto parsed = parse_configurations(rh["configs"], rh_source + ": configs",
                                           history.hyperparameters, cs_source);

  for (std::size_t i = 0; i < data.size(); ++i) {
    const SmacRun run = parse_run(data[i], i, rh_source);
    const std::string where = rh_source + ": data[" + std::to_string(i) + "]";
    const auto config = parsed.find(run.config_id);
    if (config == parsed.end())
      throw invalid_input(where + " refers to configuration " + std::to_string(run.config_id) +
                          ", which 'configs' does not hold; the file is incomplete");
    if (run.status != "SUCCESS" && run.status != "DONOTADVANCE") {
      ++history.skipped;
      ++history.skipped_by_status[run.status];
      continue;
    }
    const double cost = cost_value(run.cost, where);
    if (!std::isfinite(cost)) {
      ++history.skipped;
      ++history.skipped_by_status[run.status + " with non-finite cost"];
      continue;
    }
    history.configurations.push_back(config->second);
    history.metric.push_back(cost);
    history.budget.push_back(run.budget);
    history.seed.push_back(run.seed);
    history.places.push_back("data[" + std::to_string(i) + "]");
  }
  if (history.metric.empty())
    throw invalid_input(rh_source + ": no finished run (" + std::to_string(data.size()) +
                        " runs, " + std::to_string(history.skipped) +
                        " not successful); a model needs at least one successful run");
  return history;
}

RunHistory read_smac_run(const std::filesystem::path& folder) {
  if (!std::filesystem::is_directory(folder))
    throw io_error(folder.string() +
                   ": not a folder; give the SMAC3 run folder holding runhistory.json and "
                   "configspace.json");
  return parse_smac_run(
      read_text_file(folder / "runhistory.json", "the SMAC3 run history"),
      read_text_file(folder / "configspace.json", "the SMAC3 configuration space"),
      folder.string());
}

RunHistory parse_deepcave_run(const std::string& configspace_json, const std::string& configs_json,
                              const std::string& meta_json, const std::string& history_jsonl,
                              const std::string& source, const std::string& objective) {
  const std::string meta_source = source + "/meta.json";
  const std::string history_source = source + "/history.jsonl";
  RunHistory history;
  history.source = source;
  history.hyperparameters = hyperparameter_names(configspace_json, source + "/configspace.json");

  // the objective, by name, and its direction
  const json meta = parse_json(meta_json, meta_source);
  if (!meta.is_object() || !meta.contains("objectives") || !meta["objectives"].is_array() ||
      meta["objectives"].empty())
    throw invalid_input(meta_source +
                        ": no 'objectives' list; is this a folder of DeepCAVE's recorder?");
  std::vector<std::string> names;
  std::size_t chosen = meta["objectives"].size();
  for (std::size_t o = 0; o < meta["objectives"].size(); ++o) {
    const json& entry = meta["objectives"][o];
    if (!entry.is_object() || !entry.contains("name") || !entry["name"].is_string())
      throw invalid_input(meta_source + ": objectives[" + std::to_string(o) +
                          "] has no 'name'; every objective needs one");
    names.push_back(entry["name"].get<std::string>());
    if (chosen == meta["objectives"].size() && (objective.empty() || names.back() == objective))
      chosen = o;
  }
  if (chosen == names.size())
    throw invalid_input(meta_source + ": no objective '" + objective + "'; the objectives are " +
                        join(names) + "; choose one of them");
  const json& picked = meta["objectives"][chosen];
  const json optimize = picked.contains("optimize") ? picked["optimize"] : json();
  if (optimize != "upper" && optimize != "lower")
    throw invalid_input(meta_source + ": objective '" + names[chosen] + "' has optimize " +
                        describe(optimize) +
                        "; DeepCAVE writes \"upper\" (maximise) or \"lower\" (minimise)");
  history.metric_name = names[chosen];
  history.maximize = optimize == "upper";

  const auto parsed = parse_configurations(parse_json(configs_json, source + "/configs.json"),
                                           source + "/configs.json", history.hyperparameters,
                                           source + "/configspace.json");
  // deepcave.runs.status.Status: SUCCESS = 1, TIMEOUT = 2, MEMORYOUT = 3, CRASHED = 4,
  // ABORTED = 5, then NOT_EVALUATED = 6 (older) or RUNNING = 6, NOT_EVALUATED = 7 (newer)
  static const char* const statuses[] = {"",
                                         "SUCCESS",
                                         "TIMEOUT",
                                         "MEMORYOUT",
                                         "CRASHED",
                                         "ABORTED",
                                         "RUNNING or NOT_EVALUATED",
                                         "NOT_EVALUATED"};
  std::istringstream lines(history_jsonl);
  std::string line;
  std::size_t line_number = 0;
  std::size_t runs = 0;
  while (std::getline(lines, line)) {
    ++line_number;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    ++runs;
    const std::string where = history_source + ": line " + std::to_string(line_number);
    const json row = parse_json(line, where);
    // [config_id, budget, seed, [cost per objective], start, end, status, additional_info]
    if (!row.is_array() || row.size() < 7 || !row[3].is_array())
      throw invalid_input(where + " is " + describe(row) +
                          ", not a DeepCAVE trial [config_id, budget, seed, [costs], start, end, "
                          "status, info]");
    const long long id = as_id(row[0], where + "[0]");
    const auto config = parsed.find(id);
    if (config == parsed.end())
      throw invalid_input(where + " refers to configuration " + std::to_string(id) +
                          ", which configs.json does not hold; the folder is incomplete");
    const json& status = row[6];
    if (!status.is_number_integer() || status.get<long long>() < 1 || status.get<long long>() > 7)
      throw invalid_input(where + ": unknown status " + describe(status) +
                          "; DeepCAVE writes 1-7 (SUCCESS, TIMEOUT, MEMORYOUT, CRASHED, ABORTED, "
                          "RUNNING, NOT_EVALUATED)");
    const auto code = static_cast<std::size_t>(status.get<long long>());
    if (code != 1) {
      ++history.skipped;
      ++history.skipped_by_status[statuses[code]];
      continue;
    }
    if (row[3].size() != names.size())
      throw invalid_input(where + " has " + std::to_string(row[3].size()) + " costs for " +
                          std::to_string(names.size()) +
                          " objectives in meta.json; the folder is inconsistent");
    const double value = cost_value(row[3][chosen], where);
    if (!std::isfinite(value)) {
      ++history.skipped;
      ++history.skipped_by_status["SUCCESS with non-finite " + names[chosen]];
      continue;
    }
    history.configurations.push_back(config->second);
    history.metric.push_back(value);
    history.places.push_back("history.jsonl line " + std::to_string(line_number));
    history.budget.push_back(as_budget(row[1]));
    history.seed.push_back(row[2].is_number_integer() ? row[2].get<long long>() : -1);
  }
  if (history.metric.empty())
    throw invalid_input(history_source + ": no finished run (" + std::to_string(runs) + " runs, " +
                        std::to_string(history.skipped) +
                        " not successful); a model needs at least one successful run");
  return history;
}

RunHistory read_deepcave_run(const std::filesystem::path& folder, const std::string& objective) {
  if (!std::filesystem::is_directory(folder))
    throw io_error(folder.string() +
                   ": not a folder; give the DeepCAVE run folder holding configspace.json, "
                   "configs.json, meta.json and history.jsonl");
  return parse_deepcave_run(read_text_file(folder / "configspace.json", "the configuration space"),
                            read_text_file(folder / "configs.json", "the configurations"),
                            read_text_file(folder / "meta.json", "the run's objectives"),
                            read_text_file(folder / "history.jsonl", "the run history"),
                            folder.string(), objective);
}

std::string skipped_summary(const RunHistory& history) {
  if (history.skipped == 0) return "";
  std::string text =
      std::to_string(history.skipped) + (history.skipped == 1 ? " run" : " runs") + " skipped (";
  bool first = true;
  for (const auto& [status, count] : history.skipped_by_status) {
    text += (first ? "" : ", ") + status + " " + std::to_string(count);
    first = false;
  }
  return text + ")";
}

RunHistory runs_at_budget(const RunHistory& history, double budget) {
  RunHistory out = history;
  out.configurations.clear();
  out.metric.clear();
  out.budget.clear();
  out.seed.clear();
  out.places.clear();
  for (std::size_t i = 0; i < history.size(); ++i) {
    if (history.budget[i] != budget) continue;
    out.places.push_back(history.place(i));
    out.configurations.push_back(history.configurations[i]);
    out.metric.push_back(history.metric[i]);
    out.budget.push_back(history.budget[i]);
    if (!history.seed.empty()) out.seed.push_back(history.seed[i]);
  }
  return out;
}

RunHistory highest_budget_runs(const RunHistory& history) {
  double highest = -std::numeric_limits<double>::infinity();
  for (const double b : history.budget)
    if (!std::isnan(b)) highest = std::max(highest, b);
  if (history.budget.empty() || highest == -std::numeric_limits<double>::infinity()) return history;
  return runs_at_budget(history, highest);
}

}  // namespace hypershap
