#pragma once
// A YAHPO Gym surrogate: the ONNX model of one scenario plus what yahpo_gym's
// BenchmarkSet._config_to_xs knows about feeding it — the input column order, the integer codes of
// categorical values (encoding.json) and the instance hyperparameter. Configurations are given by
// hyperparameter name with raw values (no scaling: the graph scales), so that the
// configuration-space layer only needs to name its columns.

#include <Eigen/Core>
#include <filesystem>
#include <map>
#include <string>
#include <variant>
#include <vector>

#include "hypershap/models/onnx_model.hpp"

namespace hypershap::onnx {

using RowMatrixXd = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

/// How yahpo_gym feeds one scenario's model (its config.yaml: cat_names, cont_names, y_names).
struct YahpoScenario {
  std::string name;
  std::string model_file = "model.onnx";
  std::string encoding_file = "encoding.json";
  std::string config_space_file = "config_space.json";
  std::string instance;                          // the instance hyperparameter, e.g. OpenML_task_id
  std::vector<std::string> categorical_columns;  // x_cat in order, the instance included
  std::vector<std::string> numeric_columns;      // x_cont in order
  std::vector<std::string> outputs;              // the model's output columns in order

  /// lcbench, rbv2_rpart, rbv2_ranger (v1.0, the paper's), rbv2_ranger_v2, rbv2_xgboost and
  /// iaml_glmnet; invalid_input listing these for any other name.
  static YahpoScenario builtin(const std::string& name);
  static std::vector<std::string> builtin_names();
};

/// The surrogate's predictions for a batch: one row per configuration, one column per output.
struct SurrogateOutputs {
  std::vector<std::string> names;
  RowMatrixXd values;

  /// The column of output `name`; invalid_input listing the outputs when there is none.
  Eigen::VectorXd column(const std::string& name) const;
};

class YahpoSurrogate {
 public:
  /// Rows per model run in evaluate(): large enough for efficient Gemm, small enough that the
  /// widest intermediate ([rows, 910] floats for lcbench, 1.8 MB) stays in cache.
  static constexpr Eigen::Index rows_per_run = 128;

  /// A raw value: a number for numeric hyperparameters, the choice for categorical ones.
  using Value = std::variant<double, std::string>;
  using Configuration = std::map<std::string, Value>;

  /// Loads `folder`/{model, encoding, config space files of `scenario`}. io_error for unreadable
  /// files, invalid_input when they do not fit the scenario (naming file and key).
  static YahpoSurrogate load(const std::filesystem::path& folder, const YahpoScenario& scenario);

  const YahpoScenario& scenario() const { return scenario_; }
  const Model& model() const { return model_; }
  /// The hyperparameters a batch must give (every model column but the instance), x_cat then
  /// x_cont order.
  const std::vector<std::string>& hyperparameters() const { return hyperparameters_; }
  /// The instances of the configuration space (e.g. OpenML task ids).
  const std::vector<std::string>& instances() const { return instances_; }
  bool is_categorical(const std::string& hyperparameter) const;
  /// The choices of a categorical hyperparameter in config-space order.
  const std::vector<std::string>& choices(const std::string& hyperparameter) const;
  /// Position of `choice` in choices(hyperparameter): how a batch matrix gives a categorical.
  double choice_index(const std::string& hyperparameter, const std::string& choice) const;
  /// The configuration space's default configuration (instance excluded).
  Configuration default_configuration() const;

  /// Evaluates a batch on `instance`: row r of `values` is a configuration whose column c is the
  /// hyperparameter `columns[c]` (any order, every hyperparameter exactly once). Numeric values are
  /// raw; categorical values are choice indices (choice_index); NaN marks an inactive
  /// hyperparameter, encoded as yahpo_gym does (0, or the category "#na#").
  SurrogateOutputs evaluate(const std::string& instance, const std::vector<std::string>& columns,
                            const Eigen::Ref<const RowMatrixXd>& values) const;
  /// The same for configurations given as maps (categoricals by choice; a missing key is
  /// inactive only where the value is NaN: every hyperparameter must be present).
  SurrogateOutputs evaluate(const std::string& instance,
                            const std::vector<Configuration>& configurations) const;

  /// The same with the instance as a column of the batch (named like the instance
  /// hyperparameter, e.g. OpenML_task_id; its values are indices into instances(), the
  /// configuration-space representation), so rows may differ in instance.
  SurrogateOutputs evaluate(const std::vector<std::string>& columns,
                            const Eigen::Ref<const RowMatrixXd>& values) const;

  /// The model inputs (x_cat, x_cont) yahpo_gym would build for the batch.
  NamedTensors encode(const std::string& instance, const std::vector<std::string>& columns,
                      const Eigen::Ref<const RowMatrixXd>& values) const;
  /// The same with the instance as a column (as evaluate(columns, values)).
  NamedTensors encode(const std::vector<std::string>& columns,
                      const Eigen::Ref<const RowMatrixXd>& values) const;

 private:
  struct Column {
    std::string name;
    bool categorical = false;
    std::vector<std::string> choices;       // config-space order
    std::vector<std::int64_t> choice_code;  // encoding.json code of each choice
    Value default_value;
  };

  const Column& column(const std::string& hyperparameter) const;
  /// `instance_code` < 0: the instance is a column of the batch.
  NamedTensors encode_rows(std::int64_t instance_code, const std::vector<std::string>& columns,
                           const Eigen::Ref<const RowMatrixXd>& values) const;
  SurrogateOutputs evaluate_rows(std::int64_t instance_code,
                                 const std::vector<std::string>& columns,
                                 const Eigen::Ref<const RowMatrixXd>& values) const;
  std::int64_t instance_code(const std::string& instance) const;

  YahpoScenario scenario_;
  Model model_;
  std::string origin_;           // the folder, for messages
  std::vector<Column> columns_;  // x_cat then x_cont, the instance first among x_cat
  std::vector<std::string> hyperparameters_;
  std::vector<std::string> instances_;
  std::map<std::string, std::int64_t> instance_code_;

  YahpoSurrogate(YahpoScenario scenario, Model model)
      : scenario_(std::move(scenario)), model_(std::move(model)) {}
};

}  // namespace hypershap::onnx
