#include "hypershap/models/yahpo_surrogate.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>

#include "hypershap/core/error.hpp"

namespace hypershap::onnx {

namespace {

std::size_t sz(std::int64_t n) { return static_cast<std::size_t>(n); }

std::string join(const std::vector<std::string>& names) {
  std::string text;
  for (const std::string& name : names) text += (text.empty() ? "" : ", ") + name;
  return text;
}

nlohmann::json read_json(const std::filesystem::path& path) {
  std::ifstream file(path);
  if (!file) throw io_error(path.string() + ": cannot open; check the YAHPO model folder");
  try {
    return nlohmann::json::parse(file);
  } catch (const nlohmann::json::exception& e) {
    throw invalid_input(path.string() + ": not valid JSON (" + e.what() + ")");
  }
}

/// A choice or value of the config space as text: strings as they are, numbers as JSON prints them.
std::string as_text(const nlohmann::json& value) {
  return value.is_string() ? value.get<std::string>() : value.dump();
}

/// A numeric value given as text; empty text is NaN (inactive).
double parse_number(const std::string& name, const std::string& text) {
  if (text.empty()) return std::nan("");
  std::size_t used = 0;
  double value = 0.0;
  try {
    value = std::stod(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != text.size())
    throw invalid_input("hyperparameter '" + name + "' = '" + text +
                        "' is not a number; give its raw numeric value");
  return value;
}

/// A string field of a JSON object, "" where it is missing or not a string.
std::string string_field(const nlohmann::json& object, const char* key) {
  const auto it = object.find(key);
  if (it == object.end() || !it->is_string()) return "";
  return it->get_ref<const std::string&>();
}

}  // namespace

YahpoScenario YahpoScenario::builtin(const std::string& name) {
  YahpoScenario s;
  s.name = name;
  if (name == "lcbench") {
    s.instance = "OpenML_task_id";
    s.categorical_columns = {"OpenML_task_id"};
    s.numeric_columns = {"epoch",        "batch_size", "learning_rate", "momentum",
                         "weight_decay", "num_layers", "max_units",     "max_dropout"};
    s.outputs = {"time",
                 "val_accuracy",
                 "val_cross_entropy",
                 "val_balanced_accuracy",
                 "test_cross_entropy",
                 "test_balanced_accuracy"};
  } else if (name == "rbv2_rpart") {
    s.instance = "task_id";
    s.categorical_columns = {"task_id", "num.impute.selected.cpo"};
    s.numeric_columns = {"cp", "maxdepth", "minbucket", "minsplit", "trainsize", "repl"};
    s.outputs = {"acc",     "bac",       "auc",         "brier", "f1",
                 "logloss", "timetrain", "timepredict", "memory"};
  } else if (name == "rbv2_ranger") {
    s.instance = "task_id";
    s.categorical_columns = {"task_id", "respect.unordered.factors", "splitrule",
                             "num.impute.selected.cpo"};
    s.numeric_columns = {"num.trees",         "sample.fraction", "mtry.power", "min.node.size",
                         "num.random.splits", "trainsize",       "repl"};
    s.outputs = {"acc",     "bac",       "auc",         "brier", "f1",
                 "logloss", "timetrain", "timepredict", "memory"};
  } else if (name == "rbv2_ranger_v2") {
    s.model_file = "model_v2.onnx";
    s.encoding_file = "encoding_v2.json";
    s.config_space_file = "config_space_v2.json";
    s.instance = "task_id";
    s.categorical_columns = {"task_id", "respect.unordered.factors", "splitrule",
                             "replace", "num.impute.selected.cpo",   "repl"};
    s.numeric_columns = {"num.trees",     "sample.fraction",   "mtry.power",
                         "min.node.size", "num.random.splits", "trainsize"};
    s.outputs = {"acc", "bac", "auc", "brier", "logloss", "timetrain", "timepredict"};
  } else if (name == "rbv2_xgboost") {
    // yahpo_gym benchmarks/rbv2.py; the conditional hyperparameters (all but alpha, lambda,
    // nrounds, subsample under booster gblinear) enter as 0 when inactive
    s.instance = "task_id";
    s.categorical_columns = {"task_id", "booster", "num.impute.selected.cpo"};
    s.numeric_columns = {"nrounds",
                         "eta",
                         "gamma",
                         "lambda",
                         "alpha",
                         "subsample",
                         "max_depth",
                         "min_child_weight",
                         "colsample_bytree",
                         "colsample_bylevel",
                         "rate_drop",
                         "skip_drop",
                         "trainsize",
                         "repl"};
    s.outputs = {"acc",     "bac",       "auc",         "brier", "f1",
                 "logloss", "timetrain", "timepredict", "memory"};
  } else if (name == "iaml_glmnet") {
    // yahpo_gym benchmarks/iaml.py; task_id holds OpenML dataset ids. nf (features used) is
    // rounded inside the graph (ONNX Round).
    s.instance = "task_id";
    s.categorical_columns = {"task_id"};
    s.numeric_columns = {"alpha", "s", "trainsize"};
    s.outputs = {"mmce",       "f1",        "auc",         "logloss", "ramtrain", "rammodel",
                 "rampredict", "timetrain", "timepredict", "mec",     "ias",      "nf"};
  } else {
    throw invalid_input("YAHPO scenario '" + name + "' is not built in; use one of " +
                        join(builtin_names()));
  }
  return s;
}

std::vector<std::string> YahpoScenario::builtin_names() {
  return {"lcbench", "rbv2_rpart", "rbv2_ranger", "rbv2_ranger_v2", "rbv2_xgboost", "iaml_glmnet"};
}

Eigen::VectorXd SurrogateOutputs::column(const std::string& name) const {
  const auto it = std::find(names.begin(), names.end(), name);
  if (it == names.end())
    throw invalid_input("output metric '" + name + "' is not one of " + join(names));
  return values.col(std::distance(names.begin(), it));
}

YahpoSurrogate YahpoSurrogate::load(const std::filesystem::path& folder,
                                    const YahpoScenario& scenario) {
  YahpoSurrogate s(scenario, Model::from_file(folder / scenario.model_file));
  s.origin_ = folder.string();
  const std::filesystem::path space_path = folder / scenario.config_space_file;
  const std::filesystem::path encoding_path = folder / scenario.encoding_file;
  const nlohmann::json space = read_json(space_path);
  const nlohmann::json encoding = read_json(encoding_path);

  // The model's inputs and output must have the widths the scenario's column lists give.
  auto check_width = [&](const std::string& input, std::size_t width) {
    const auto& inputs = s.model_.inputs();
    const auto it = std::find_if(inputs.begin(), inputs.end(),
                                 [&](const ValueInfo& v) { return v.name == input; });
    if (it == inputs.end() || it->shape.size() != 2 ||
        it->shape[1] != static_cast<std::int64_t>(width))
      throw invalid_input((folder / scenario.model_file).string() + ": the model needs input '" +
                          input + "' of shape [batch, " + std::to_string(width) +
                          "] for YAHPO scenario " + scenario.name +
                          "; check that the folder holds this scenario's model");
  };
  check_width("x_cat", scenario.categorical_columns.size());
  check_width("x_cont", scenario.numeric_columns.size());
  const auto& outputs = s.model_.outputs();
  if (outputs.size() != 1 || outputs[0].shape.size() != 2 ||
      outputs[0].shape[1] != static_cast<std::int64_t>(scenario.outputs.size()))
    throw invalid_input((folder / scenario.model_file).string() +
                        ": the model needs one output of shape [batch, " +
                        std::to_string(scenario.outputs.size()) + "] (" + join(scenario.outputs) +
                        ") for YAHPO scenario " + scenario.name);

  std::map<std::string, const nlohmann::json*> by_name;
  if (!space.contains("hyperparameters") || !space["hyperparameters"].is_array())
    throw invalid_input(space_path.string() + ": key 'hyperparameters' (a list) is missing");
  for (const auto& hp : space["hyperparameters"]) by_name[string_field(hp, "name")] = &hp;

  auto make_column = [&](const std::string& name, bool in_x_cat) {
    const auto found = by_name.find(name);
    if (found == by_name.end())
      throw invalid_input(space_path.string() + ": hyperparameter '" + name +
                          "', an input of the " + scenario.name +
                          " model, is missing from 'hyperparameters'");
    const nlohmann::json& hp = *found->second;
    Column c;
    c.name = name;
    const std::string type = string_field(hp, "type");
    c.categorical = type == "categorical" || type == "ordinal";
    if (c.categorical != in_x_cat)
      throw invalid_input(space_path.string() + ": hyperparameter '" + name + "' is " + type +
                          " but the " + scenario.name + " model takes it as " +
                          (in_x_cat ? "a category (x_cat)" : "a number (x_cont)"));
    if (c.categorical) {
      const char* list_key = type == "ordinal" ? "sequence" : "choices";
      if (!hp.contains(list_key))
        throw invalid_input(space_path.string() + ": hyperparameter '" + name + "' has no '" +
                            list_key + "'");
      if (!encoding.contains(name) || !encoding[name].is_object())
        throw invalid_input(encoding_path.string() + ": key '" + name +
                            "' (the codes of its categories) is missing");
      for (const auto& choice : hp[list_key]) {
        const std::string text = as_text(choice);
        if (!encoding[name].contains(text))
          throw invalid_input(encoding_path.string() + ": '" + name + "' has no code for '" + text +
                              "', a choice in " + space_path.string());
        c.choices.push_back(text);
        c.choice_code.push_back(encoding[name][text].get<std::int64_t>());
      }
      c.default_value = hp.contains("default") ? as_text(hp["default"]) : c.choices.front();
    } else {
      c.default_value = hp.contains("default") && hp["default"].is_number()
                            ? hp["default"].get<double>()
                            : std::nan("");
    }
    return c;
  };
  for (const std::string& name : scenario.categorical_columns)
    s.columns_.push_back(make_column(name, true));
  for (const std::string& name : scenario.numeric_columns)
    s.columns_.push_back(make_column(name, false));

  std::vector<std::string> model_names = scenario.categorical_columns;
  model_names.insert(model_names.end(), scenario.numeric_columns.begin(),
                     scenario.numeric_columns.end());
  for (const auto& [name, hp] : by_name)
    if (std::find(model_names.begin(), model_names.end(), name) == model_names.end())
      throw invalid_input(space_path.string() + ": hyperparameter '" + name +
                          "' is not an input of the " + scenario.name + " model (" +
                          join(model_names) + "); is this the right scenario?");

  const auto instance_column =
      std::find_if(s.columns_.begin(), s.columns_.end(),
                   [&](const Column& c) { return c.name == scenario.instance; });
  if (instance_column == s.columns_.end())
    throw invalid_input("YAHPO scenario " + scenario.name + ": the instance '" + scenario.instance +
                        "' is not among its categorical columns");
  s.instances_ = instance_column->choices;
  for (std::size_t i = 0; i < s.instances_.size(); ++i)
    s.instance_code_[s.instances_[i]] = instance_column->choice_code[i];
  for (const Column& c : s.columns_)
    if (c.name != scenario.instance) s.hyperparameters_.push_back(c.name);
  return s;
}

const YahpoSurrogate::Column& YahpoSurrogate::column(const std::string& hyperparameter) const {
  const auto it = std::find_if(columns_.begin(), columns_.end(), [&](const Column& c) {
    return c.name == hyperparameter && c.name != scenario_.instance;
  });
  if (it == columns_.end())
    throw invalid_input("YAHPO " + scenario_.name + ": no hyperparameter '" + hyperparameter +
                        "'; the surrogate's hyperparameters are " + join(hyperparameters_));
  return *it;
}

bool YahpoSurrogate::is_categorical(const std::string& hyperparameter) const {
  return column(hyperparameter).categorical;
}

const std::vector<std::string>& YahpoSurrogate::choices(const std::string& hyperparameter) const {
  return column(hyperparameter).choices;
}

double YahpoSurrogate::choice_index(const std::string& hyperparameter,
                                    const std::string& choice) const {
  const Column& c = column(hyperparameter);
  const auto it = std::find(c.choices.begin(), c.choices.end(), choice);
  if (!c.categorical || it == c.choices.end())
    throw invalid_input("YAHPO " + scenario_.name + ": '" + choice + "' is not a choice of " +
                        hyperparameter +
                        (c.categorical ? " (choices: " + join(c.choices) + ")" : " (numeric)"));
  return static_cast<double>(std::distance(c.choices.begin(), it));
}

YahpoSurrogate::Configuration YahpoSurrogate::default_configuration() const {
  Configuration configuration;
  for (const Column& c : columns_)
    if (c.name != scenario_.instance) configuration[c.name] = c.default_value;
  return configuration;
}

std::int64_t YahpoSurrogate::instance_code(const std::string& instance) const {
  const auto code = instance_code_.find(instance);
  if (code == instance_code_.end())
    throw invalid_input("YAHPO " + scenario_.name + ": instance " + scenario_.instance + " = '" +
                        instance +
                        "' is not in the configuration space; valid: " + join(instances_));
  return code->second;
}

NamedTensors YahpoSurrogate::encode(const std::string& instance,
                                    const std::vector<std::string>& columns,
                                    const Eigen::Ref<const RowMatrixXd>& values) const {
  return encode_rows(instance_code(instance), columns, values);
}

NamedTensors YahpoSurrogate::encode(const std::vector<std::string>& columns,
                                    const Eigen::Ref<const RowMatrixXd>& values) const {
  return encode_rows(-1, columns, values);
}

NamedTensors YahpoSurrogate::encode_rows(std::int64_t instance_code,
                                         const std::vector<std::string>& columns,
                                         const Eigen::Ref<const RowMatrixXd>& values) const {
  const bool instance_column = instance_code < 0;
  if (static_cast<std::size_t>(values.cols()) != columns.size())
    throw invalid_input("YAHPO " + scenario_.name + ": " + std::to_string(columns.size()) +
                        " column names for a matrix of " + std::to_string(values.cols()) +
                        " columns");
  for (std::size_t i = 0; i < columns.size(); ++i) {
    if (columns[i] == scenario_.instance) {
      if (!instance_column)
        throw invalid_input("YAHPO " + scenario_.name + ": column '" + columns[i] +
                            "' is the instance, which is also given on its own; drop the column "
                            "or give the instance only as a column");
    } else if (std::find(hyperparameters_.begin(), hyperparameters_.end(), columns[i]) ==
               hyperparameters_.end()) {
      throw invalid_input("YAHPO " + scenario_.name + ": column '" + columns[i] +
                          "' is not a hyperparameter of the surrogate (" + join(hyperparameters_) +
                          ")");
    }
    if (std::find(columns.begin() + static_cast<std::ptrdiff_t>(i) + 1, columns.end(),
                  columns[i]) != columns.end())
      throw invalid_input("YAHPO " + scenario_.name + ": column '" + columns[i] +
                          "' is given twice");
  }
  if (instance_column &&
      std::find(columns.begin(), columns.end(), scenario_.instance) == columns.end())
    throw invalid_input("YAHPO " + scenario_.name + ": the instance column '" + scenario_.instance +
                        "' is missing; add it or give the instance on its own");

  const auto rows = static_cast<std::int64_t>(values.rows());
  const std::size_t n_cat = scenario_.categorical_columns.size();
  const std::size_t n_cont = scenario_.numeric_columns.size();
  std::vector<std::int64_t> x_cat(sz(rows) * n_cat);
  std::vector<float> x_cont(sz(rows) * n_cont);
  std::size_t cat = 0;
  std::size_t cont = 0;
  for (const Column& c : columns_) {
    if (c.name == scenario_.instance && !instance_column) {
      for (std::size_t r = 0; r < sz(rows); ++r) x_cat[r * n_cat + cat] = instance_code;
      ++cat;
      continue;
    }
    const auto at = std::find(columns.begin(), columns.end(), c.name);
    if (at == columns.end())
      throw invalid_input("YAHPO " + scenario_.name + ": hyperparameter '" + c.name +
                          "' is missing from the batch; give every one of " +
                          join(hyperparameters_) + " (NaN where inactive)");
    const Eigen::Index j = std::distance(columns.begin(), at);
    for (Eigen::Index r = 0; r < values.rows(); ++r) {
      const double v = values(r, j);
      if (c.categorical) {
        std::int64_t encoded = 0;  // "#na#": inactive
        if (std::isnan(v) && c.name == scenario_.instance)
          throw invalid_input("YAHPO " + scenario_.name + ": row " + std::to_string(r) +
                              " has no instance (" + c.name + " is NaN)");
        if (!std::isnan(v)) {
          const auto index = static_cast<std::int64_t>(v);
          if (static_cast<double>(index) != v || index < 0 ||
              index >= static_cast<std::int64_t>(c.choices.size()))
            throw invalid_input(
                "YAHPO " + scenario_.name + ": row " + std::to_string(r) + ", categorical '" +
                c.name + "' = " + std::to_string(v) + " is not a choice index in [0, " +
                std::to_string(c.choices.size()) + ") (choices: " + join(c.choices) + ")");
          encoded = c.choice_code[sz(index)];
        }
        x_cat[sz(r) * n_cat + cat] = encoded;
      } else {
        x_cont[sz(r) * n_cont + cont] = std::isnan(v) ? 0.0f : static_cast<float>(v);
      }
    }
    (c.categorical ? cat : cont) += 1;
  }

  NamedTensors inputs;
  const auto& model_inputs = model_.inputs();
  for (const ValueInfo& info : model_inputs) {
    if (info.name == "x_cat") {
      const Shape shape{rows, static_cast<std::int64_t>(n_cat)};
      if (info.type == ElementType::int32)
        inputs.emplace("x_cat",
                       Tensor(shape, std::vector<std::int32_t>(x_cat.begin(), x_cat.end())));
      else
        inputs.emplace("x_cat", Tensor(shape, x_cat));
    } else if (info.name == "x_cont") {
      const Shape shape{rows, static_cast<std::int64_t>(n_cont)};
      if (info.type == ElementType::float64)
        inputs.emplace("x_cont", Tensor(shape, std::vector<double>(x_cont.begin(), x_cont.end())));
      else
        inputs.emplace("x_cont", Tensor(shape, x_cont));
    }
  }
  return inputs;
}

SurrogateOutputs YahpoSurrogate::evaluate(const std::string& instance,
                                          const std::vector<std::string>& columns,
                                          const Eigen::Ref<const RowMatrixXd>& values) const {
  return evaluate_rows(instance_code(instance), columns, values);
}

SurrogateOutputs YahpoSurrogate::evaluate(const std::vector<std::string>& columns,
                                          const Eigen::Ref<const RowMatrixXd>& values) const {
  return evaluate_rows(-1, columns, values);
}

SurrogateOutputs YahpoSurrogate::evaluate_rows(std::int64_t instance_code,
                                               const std::vector<std::string>& columns,
                                               const Eigen::Ref<const RowMatrixXd>& values) const {
  SurrogateOutputs result;
  result.names = scenario_.outputs;
  const auto width = static_cast<Eigen::Index>(result.names.size());
  result.values.resize(values.rows(), width);
  // The YAHPO networks treat rows independently; running blocks of rows keeps each layer's
  // intermediates in cache instead of streaming [batch, 910] tensors through memory.
  if (values.rows() == 0) encode_rows(instance_code, columns, values);  // validates names only
  for (Eigen::Index first = 0; first < values.rows(); first += rows_per_run) {
    const Eigen::Index rows = std::min<Eigen::Index>(rows_per_run, values.rows() - first);
    const NamedTensors outputs =
        model_.run(encode_rows(instance_code, columns, values.middleRows(first, rows)));
    const Tensor& y = outputs.begin()->second;
    if (y.shape() != Shape{rows, width})
      throw invalid_input(origin_ + ": the model returned shape " + to_string(y.shape()) +
                          ", expected " + to_string(Shape{rows, width}));
    double* out = result.values.data() + first * width;
    std::visit(
        [out](const auto& v) {
          for (std::size_t i = 0; i < v.size(); ++i) out[i] = static_cast<double>(v[i]);
        },
        y.storage());
  }
  return result;
}

SurrogateOutputs YahpoSurrogate::evaluate(const std::string& instance,
                                          const std::vector<Configuration>& configurations) const {
  RowMatrixXd values(static_cast<Eigen::Index>(configurations.size()),
                     static_cast<Eigen::Index>(hyperparameters_.size()));
  for (std::size_t r = 0; r < configurations.size(); ++r) {
    const Configuration& configuration = configurations[r];
    for (const auto& [name, value] : configuration) column(name);  // rejects unknown names
    for (std::size_t j = 0; j < hyperparameters_.size(); ++j) {
      const std::string& name = hyperparameters_[j];
      const auto it = configuration.find(name);
      if (it == configuration.end())
        throw invalid_input("YAHPO " + scenario_.name + ": configuration " + std::to_string(r) +
                            " has no value for '" + name + "'; give every one of " +
                            join(hyperparameters_) + " (NaN where inactive)");
      double encoded = 0.0;
      if (const auto* text = std::get_if<std::string>(&it->second))
        encoded = is_categorical(name) ? choice_index(name, *text) : parse_number(name, *text);
      else
        encoded = std::get<double>(it->second);
      values(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(j)) = encoded;
    }
  }
  return evaluate(instance, hyperparameters_, values);
}

}  // namespace hypershap::onnx
