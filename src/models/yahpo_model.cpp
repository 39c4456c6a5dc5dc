#include "hypershap/models/yahpo_model.hpp"

#include <algorithm>

#include "hypershap/core/error.hpp"
#include "hypershap/core/suggest.hpp"
#include "hypershap/core/text_file.hpp"
#include "hypershap/models/yahpo_surrogate.hpp"

namespace hypershap {

namespace {

/// Whether larger is better, by YAHPO's metric names (rbv2 and lcbench): accuracies, AUC and F1
/// up; losses, cross-entropy, Brier score, times and memory down.
bool larger_is_better(const std::string& metric) {
  for (const char* up : {"acc", "auc", "f1"})
    if (metric.find(up) != std::string::npos) return true;
  return false;
}

/// The built-in scenario whose model file exists in `folder` and whose columns the space has.
onnx::YahpoScenario recognise(const std::filesystem::path& folder, const std::string& context) {
  std::vector<std::string> found;
  for (const std::string& name : onnx::YahpoScenario::builtin_names()) {
    const auto s = onnx::YahpoScenario::builtin(name);
    if (!std::filesystem::exists(folder / s.model_file) ||
        !std::filesystem::exists(folder / s.config_space_file))
      continue;
    const std::string space =
        read_text_file(folder / s.config_space_file, "the configuration space");
    bool all = true;
    for (const auto& column : s.numeric_columns)
      all = all && space.find("\"" + column + "\"") != std::string::npos;
    if (all) found.push_back(name);
  }
  if (found.size() != 1) {
    throw invalid_input(
        context + " folder = '" + folder.string() + "': " +
        (found.empty() ? std::string("no YAHPO scenario's model and space are there")
                       : "it fits several scenarios (" + one_of(found) + ")") +
        "; name it with scenario = " + one_of(onnx::YahpoScenario::builtin_names()));
  }
  return onnx::YahpoScenario::builtin(found.front());
}

struct Shared {
  onnx::YahpoSurrogate surrogate;
  ConfigurationSpace space;
  std::string space_json;
  std::vector<std::string> columns;  // the surrogate's hyperparameters
  std::vector<int> space_index;      // of each column in the space
  // for categorical columns: the surrogate's choice index of each of the space's choice indices
  std::vector<std::vector<double>> choice_map;
  std::string folder;
};

class YahpoModel final : public PerformanceModel {
 public:
  YahpoModel(std::shared_ptr<const Shared> shared, std::string instance, std::string metric,
             bool maximize)
      : shared_(std::move(shared)),
        instance_(std::move(instance)),
        metric_(std::move(metric)),
        maximize_(maximize) {}

  const ConfigurationSpace& space() const override { return shared_->space; }
  const std::string& space_json() const override { return shared_->space_json; }
  std::vector<std::string> outputs() const override {
    return shared_->surrogate.scenario().outputs;
  }
  const std::string& metric() const override { return metric_; }
  bool maximize() const override { return maximize_; }
  const std::string& instance() const override { return instance_; }
  std::vector<std::string> instances() const override { return shared_->surrogate.instances(); }
  bool is_context(const std::string& name) const override {
    return name == shared_->surrogate.scenario().instance;
  }

  void evaluate(const ConfigurationMatrix& configurations,
                Eigen::Ref<Eigen::VectorXd> values) const override {
    values = surrogate_outputs(configurations).column(metric_);
  }

  Eigen::MatrixXd evaluate_outputs(const ConfigurationMatrix& configurations) const override {
    return surrogate_outputs(configurations).values;
  }

  std::shared_ptr<const PerformanceModel> for_instance(const std::string& instance) const override {
    check_instance(instance, "instance");
    return std::make_shared<YahpoModel>(shared_, instance, metric_, maximize_);
  }

  std::string describe() const override {
    return "YAHPO " + shared_->surrogate.scenario().name + " surrogate (" + shared_->folder +
           "), instance " + instance_;
  }

  void check_instance(const std::string& instance, const std::string& where) const {
    const auto& all = shared_->surrogate.instances();
    if (std::find(all.begin(), all.end(), instance) != all.end()) return;
    std::string examples;
    for (std::size_t i = 0; i < all.size() && i < 8; ++i) examples += (i ? ", " : "") + all[i];
    throw invalid_input(where + " '" + instance + "' is not an instance of the " +
                        shared_->surrogate.scenario().name + " surrogate, which knows " +
                        std::to_string(all.size()) + " (" + examples +
                        (all.size() > 8 ? ", ..." : "") + "); use one of them");
  }

 private:
  onnx::SurrogateOutputs surrogate_outputs(const ConfigurationMatrix& configurations) const {
    const Shared& s = *shared_;
    onnx::RowMatrixXd columns(configurations.rows(), static_cast<Eigen::Index>(s.columns.size()));
    for (std::size_t c = 0; c < s.columns.size(); ++c) {
      const auto column = static_cast<Eigen::Index>(c);
      const Eigen::Index from = s.space_index[c];
      if (s.choice_map[c].empty()) {
        columns.col(column) = configurations.col(from);
      } else {
        for (Eigen::Index r = 0; r < configurations.rows(); ++r) {
          const double v = configurations(r, from);
          columns(r, column) = is_inactive(v) ? v : s.choice_map[c][static_cast<std::size_t>(v)];
        }
      }
    }
    return s.surrogate.evaluate(instance_, s.columns, columns);
  }

  std::shared_ptr<const Shared> shared_;
  std::string instance_;
  std::string metric_;
  bool maximize_;
};

}  // namespace

std::shared_ptr<const PerformanceModel> load_yahpo_model(const YahpoModelOptions& options) {
  const std::string& where = options.context;
  if (!std::filesystem::exists(options.folder)) {
    throw io_error(where + " folder = '" + options.folder.string() +
                   "' does not exist; give the YAHPO model folder (model.onnx, encoding.json, "
                   "config_space.json), relative to the job file");
  }
  if (!std::filesystem::is_directory(options.folder)) {
    throw invalid_input(where + " folder = '" + options.folder.string() +
                        "' is not a folder; give the YAHPO model folder (model.onnx, "
                        "encoding.json, config_space.json)");
  }
  const std::vector<std::string> scenarios = onnx::YahpoScenario::builtin_names();
  if (!options.scenario.empty() &&
      std::find(scenarios.begin(), scenarios.end(), options.scenario) == scenarios.end()) {
    std::string message = where + " scenario = '" + options.scenario +
                          "' is not a YAHPO scenario hypershap knows; use " + one_of(scenarios) +
                          " or leave scenario out to recognise it from the folder";
    const std::string guess = nearest(options.scenario, scenarios);
    if (!guess.empty()) message += " (did you mean '" + guess + "'?)";
    throw invalid_input(message);
  }
  const onnx::YahpoScenario scenario = options.scenario.empty()
                                           ? recognise(options.folder, where)
                                           : onnx::YahpoScenario::builtin(options.scenario);
  const std::filesystem::path space_file =
      options.space_file.empty() ? options.folder / scenario.config_space_file : options.space_file;
  auto shared =
      std::make_shared<Shared>(Shared{onnx::YahpoSurrogate::load(options.folder, scenario),
                                      ConfigurationSpace::from_file(space_file),
                                      read_text_file(space_file, "the configuration space"),
                                      {},
                                      {},
                                      {},
                                      options.folder.string()});
  for (const std::string& column : shared->surrogate.hyperparameters()) {
    const int index = shared->space.find(column);
    if (index < 0) {
      throw invalid_input(space_file.string() + ": the " + scenario.name +
                          " surrogate needs the "
                          "hyperparameter '" +
                          column +
                          "', which this space lacks; use the "
                          "scenario's own config space");
    }
    shared->columns.push_back(column);
    shared->space_index.push_back(index);
    std::vector<double> map;
    if (shared->surrogate.is_categorical(column)) {
      for (const std::string& choice : shared->space.hyperparameter(index).choices)
        map.push_back(shared->surrogate.choice_index(column, choice));
    }
    shared->choice_map.push_back(std::move(map));
  }

  const auto& outputs = scenario.outputs;
  if (std::find(outputs.begin(), outputs.end(), options.metric) == outputs.end()) {
    std::string message = where + " metric = '" + options.metric + "' is not an output of the " +
                          scenario.name + " surrogate; use " + one_of(outputs);
    const std::string guess = nearest(options.metric, outputs);
    if (!guess.empty()) message += " (did you mean '" + guess + "'?)";
    throw invalid_input(message);
  }
  auto model =
      std::make_shared<YahpoModel>(shared, options.instance, options.metric,
                                   options.maximize.value_or(larger_is_better(options.metric)));
  model->check_instance(options.instance, where + " instance");
  return model;
}

}  // namespace hypershap
