#include "hypershap/models/optuna_storage.hpp"

#include <sqlite3.h>

#include <cmath>
#include <cstring>
#include <fstream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <vector>

#include "hypershap/core/error.hpp"

namespace hypershap {

namespace {

using Database = std::unique_ptr<sqlite3, decltype(&sqlite3_close)>;
using Statement = std::unique_ptr<sqlite3_stmt, decltype(&sqlite3_finalize)>;

Statement prepare(sqlite3* db, const char* sql, const std::string& source) {
  sqlite3_stmt* statement = nullptr;
  if (sqlite3_prepare_v2(db, sql, -1, &statement, nullptr) != SQLITE_OK) {
    throw invalid_input(source + ": not an Optuna storage (" + sqlite3_errmsg(db) +
                        "); name a file made by optuna.create_study(storage=\"sqlite:///...\")");
  }
  return Statement(statement, &sqlite3_finalize);
}

std::string text_column(sqlite3_stmt* statement, int column) {
  const unsigned char* text = sqlite3_column_text(statement, column);
  return text == nullptr ? std::string() : reinterpret_cast<const char*>(text);
}

/// One parameter's distribution, as Optuna stores it (distribution_json), in the terms of a
/// ConfigSpace hyperparameter. Optuna 2's names (UniformDistribution, ...) are read too.
struct Distribution {
  std::string json;  // as stored: two trials share a distribution when these are equal
  bool categorical = false;
  bool integer = false;
  bool log = false;
  double low = 0.0;
  double high = 0.0;
  std::vector<std::string> choices;
};

/// A categorical choice as trials_dataframe() prints it (Python's str()).
std::string choice_text(const nlohmann::json& choice) {
  if (choice.is_string()) return choice.get<std::string>();
  if (choice.is_boolean()) return choice.get<bool>() ? "True" : "False";
  if (choice.is_null()) return "None";
  return choice.dump();
}

Distribution parse_distribution(const std::string& text, const std::string& parameter,
                                const std::string& source) {
  const nlohmann::json json = nlohmann::json::parse(text, nullptr, false);
  const auto refuse = [&](const std::string& why) {
    return invalid_input(source + ": the distribution of parameter '" + parameter + "' (" + text +
                         ") " + why + "; give the space in [space] file");
  };
  if (json.is_discarded() || !json.is_object() || !json.contains("name") ||
      !json.contains("attributes") || !json["name"].is_string() || !json["attributes"].is_object())
    throw refuse("is not Optuna's distribution JSON");
  const std::string name = json["name"].get<std::string>();
  const nlohmann::json& a = json["attributes"];
  Distribution d;
  d.json = text;
  if (name == "CategoricalDistribution") {
    d.categorical = true;
    if (!a.contains("choices") || !a["choices"].is_array() || a["choices"].empty())
      throw refuse("has no choices");
    for (const auto& choice : a["choices"]) d.choices.push_back(choice_text(choice));
    return d;
  }
  if (!a.contains("low") || !a.contains("high") || !a["low"].is_number() || !a["high"].is_number())
    throw refuse("has no numeric low and high");
  d.low = a["low"].get<double>();
  d.high = a["high"].get<double>();
  if (name == "FloatDistribution" || name == "IntDistribution") {
    d.integer = name == "IntDistribution";
    d.log = a.contains("log") && a["log"].is_boolean() && a["log"].get<bool>();
  } else if (name == "UniformDistribution" || name == "DiscreteUniformDistribution") {
  } else if (name == "LogUniformDistribution") {
    d.log = true;
  } else if (name == "IntUniformDistribution") {
    d.integer = true;
  } else if (name == "IntLogUniformDistribution") {
    d.integer = true;
    d.log = true;
  } else {
    throw refuse("is of a kind hypershap does not know");
  }
  return d;
}

/// The hyperparameter of a distribution; its default is ConfigSpace's (the midpoint, geometric
/// on a log scale), as for a space inferred from a CSV, since Optuna has no defaults.
nlohmann::json hyperparameter(const std::string& name, const Distribution& d) {
  if (d.categorical) {
    return {{"type", "categorical"},
            {"name", name},
            {"choices", d.choices},
            {"weights", nullptr},
            {"default_value", d.choices.front()},
            {"meta", nullptr}};
  }
  const double middle = d.log ? std::sqrt(d.low * d.high) : (d.low + d.high) / 2.0;
  nlohmann::json hp = {{"name", name}, {"log", d.log}, {"meta", nullptr}};
  if (d.integer) {
    hp["type"] = "uniform_int";
    hp["lower"] = static_cast<long long>(d.low);
    hp["upper"] = static_cast<long long>(d.high);
    hp["default_value"] = static_cast<long long>(std::llround(middle));
  } else {
    hp["type"] = "uniform_float";
    hp["lower"] = d.low;
    hp["upper"] = d.high;
    hp["default_value"] = middle;
  }
  return hp;
}

}  // namespace

bool is_sqlite_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  char header[16] = {};
  in.read(header, sizeof header);
  return in.gcount() == sizeof header && std::memcmp(header, "SQLite format 3", 16) == 0;
}

OptunaStudy read_optuna_storage(const std::filesystem::path& file, const std::string& study,
                                const std::string& objective, const std::string& where) {
  const std::string source = file.string();
  sqlite3* raw = nullptr;
  // read-only: a study that an optimizer is still writing to is read as it is, never changed
  const int opened = sqlite3_open_v2(source.c_str(), &raw, SQLITE_OPEN_READONLY, nullptr);
  Database db(raw, &sqlite3_close);
  if (opened != SQLITE_OK)
    throw io_error(source + ": cannot open the Optuna storage (" +
                   (raw != nullptr ? sqlite3_errmsg(raw) : "out of memory") +
                   "); check that the file exists and is readable");

  // the study
  std::map<std::string, long long> studies;
  {
    Statement s = prepare(db.get(), "SELECT study_id, study_name FROM studies", source);
    while (sqlite3_step(s.get()) == SQLITE_ROW)
      studies[text_column(s.get(), 1)] = sqlite3_column_int64(s.get(), 0);
  }
  std::string names;
  for (const auto& entry : studies) names += (names.empty() ? "'" : ", '") + entry.first + "'";
  if (studies.empty()) throw invalid_input(source + ": the Optuna storage holds no study");
  long long study_id = 0;
  std::string study_name = study;
  if (study.empty()) {
    if (studies.size() > 1)
      throw invalid_input(where + " " + source + " holds " + std::to_string(studies.size()) +
                          " studies (" + names + "); name one with [model] study");
    study_name = studies.begin()->first;
  } else if (studies.count(study) == 0) {
    throw invalid_input(where + " study = '" + study + "' is not in " + source +
                        "; its studies: " + names);
  }
  study_id = studies.at(study_name);

  // the objective and its direction
  std::vector<std::string> directions;
  {
    Statement s = prepare(db.get(),
                          "SELECT objective, direction FROM study_directions WHERE study_id = ? "
                          "ORDER BY objective",
                          source);
    sqlite3_bind_int64(s.get(), 1, study_id);
    while (sqlite3_step(s.get()) == SQLITE_ROW) directions.push_back(text_column(s.get(), 1));
  }
  std::size_t objective_index = 0;
  std::string metric = directions.size() > 1 ? "values_0" : "value";
  if (!objective.empty() && objective != "value") {
    const std::string prefix = "values_";
    bool ok = objective.compare(0, prefix.size(), prefix) == 0 && objective.size() > prefix.size();
    if (ok) {
      try {
        objective_index = std::stoul(objective.substr(prefix.size()));
      } catch (const std::exception&) {
        ok = false;
      }
    }
    if (!ok || objective_index >= directions.size())
      throw invalid_input(where + " metric = '" + objective + "' is not an objective of study '" +
                          study_name + "', which has " + std::to_string(directions.size()) +
                          " (value, or values_0 .. values_" +
                          std::to_string(directions.size() - 1) + ")");
    metric = objective;
  }
  if (directions.empty())
    throw invalid_input(source + ": study '" + study_name + "' has no direction");

  OptunaStudy result;
  RunHistory& h = result.history;
  h.source = source + " (study '" + study_name + "')";
  h.metric_name = metric;
  h.maximize = directions[objective_index] == "MAXIMIZE";

  // the trials: states, then parameters and values of the complete ones
  std::map<long long, std::size_t> row_of;  // trial_id -> row
  {
    Statement s = prepare(
        db.get(), "SELECT trial_id, state FROM trials WHERE study_id = ? ORDER BY number", source);
    sqlite3_bind_int64(s.get(), 1, study_id);
    while (sqlite3_step(s.get()) == SQLITE_ROW) {
      const std::string state = text_column(s.get(), 1);
      if (state != "COMPLETE") {
        ++h.skipped;
        ++h.skipped_by_status[state];
        continue;
      }
      row_of[sqlite3_column_int64(s.get(), 0)] = h.metric.size();
      h.metric.push_back(std::nan(""));
    }
  }
  h.configurations.resize(h.metric.size());
  std::map<std::string, Distribution> distributions;
  std::map<std::string, std::size_t> column_of;
  {
    Statement s = prepare(db.get(),
                          "SELECT p.trial_id, p.param_name, p.param_value, p.distribution_json "
                          "FROM trial_params p JOIN trials t ON p.trial_id = t.trial_id "
                          "WHERE t.study_id = ? AND t.state = 'COMPLETE' ORDER BY p.param_id",
                          source);
    sqlite3_bind_int64(s.get(), 1, study_id);
    while (sqlite3_step(s.get()) == SQLITE_ROW) {
      const std::size_t row = row_of.at(sqlite3_column_int64(s.get(), 0));
      const std::string name = text_column(s.get(), 1);
      const double value = sqlite3_column_double(s.get(), 2);
      const std::string json = text_column(s.get(), 3);
      auto known = distributions.find(name);
      if (known == distributions.end()) {
        known = distributions.emplace(name, parse_distribution(json, name, source)).first;
        column_of[name] = h.hyperparameters.size();
        h.hyperparameters.push_back(name);
      } else if (known->second.json != json) {
        throw invalid_input(source + ": parameter '" + name +
                            "' has different distributions in different trials (" +
                            known->second.json + ", " + json +
                            "), a dynamic search space; give the space in [space] file");
      }
      std::vector<Value>& configuration = h.configurations[row];
      configuration.resize(h.hyperparameters.size());
      const Distribution& d = known->second;
      if (d.categorical) {
        // Optuna stores a categorical's index into its choices
        const auto index = static_cast<std::size_t>(value);
        if (value < 0 || static_cast<double>(index) != value || index >= d.choices.size())
          throw invalid_input(source + ": parameter '" + name + "' has the choice index " +
                              std::to_string(value) + " outside its choices");
        configuration[column_of[name]] = d.choices[index];
      } else {
        configuration[column_of[name]] = value;
      }
    }
  }
  for (std::vector<Value>& configuration : h.configurations)
    configuration.resize(h.hyperparameters.size());  // parameters a trial did not suggest: missing
  {
    Statement s = prepare(db.get(),
                          "SELECT v.trial_id, v.value, v.value_type FROM trial_values v JOIN "
                          "trials t ON v.trial_id = t.trial_id WHERE t.study_id = ? AND "
                          "t.state = 'COMPLETE' AND v.objective = ?",
                          source);
    sqlite3_bind_int64(s.get(), 1, study_id);
    sqlite3_bind_int64(s.get(), 2, static_cast<sqlite3_int64>(objective_index));
    while (sqlite3_step(s.get()) == SQLITE_ROW) {
      const std::string type = text_column(s.get(), 2);
      double value = sqlite3_column_double(s.get(), 1);
      // Optuna 3 stores infinite values as a type with a NULL value
      if (type == "INF_POS") value = INFINITY;
      if (type == "INF_NEG") value = -INFINITY;
      h.metric[row_of.at(sqlite3_column_int64(s.get(), 0))] = value;
    }
  }
  if (h.metric.empty())
    throw invalid_input(source + ": study '" + study_name + "' has no COMPLETE trial");
  for (const double v : h.metric)
    if (std::isnan(v))
      throw invalid_input(source + ": a COMPLETE trial of study '" + study_name +
                          "' has no value for objective " + metric);

  nlohmann::json space = {{"name", study_name},
                          {"hyperparameters", nlohmann::json::array()},
                          {"conditions", nlohmann::json::array()},
                          {"forbiddens", nlohmann::json::array()},
                          {"format_version", 0.4}};
  for (const std::string& name : h.hyperparameters)
    space["hyperparameters"].push_back(hyperparameter(name, distributions.at(name)));
  result.space_json = space.dump(2);
  return result;
}

}  // namespace hypershap
