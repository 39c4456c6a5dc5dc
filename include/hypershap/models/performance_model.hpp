#pragma once
// The performance model VAL of the HyperSHAP paper (Section 3): the performance of a
// configuration λ of the space Λ. Every game evaluates it, thousands of configurations per call,
// so the interface takes a batch. Models declare whether their metric is maximised; the games
// work on performance, larger is better (README, "Performance models").

#include <Eigen/Core>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "hypershap/space/configuration.hpp"
#include "hypershap/space/configuration_space.hpp"

namespace hypershap {

/// How a model fitted on data fits it (`hypershap validate --format json`): named figures (a
/// GP's log marginal likelihood and kernel hyperparameters, a forest's out-of-bag RMSE and R²)
/// and the runs used.
struct ModelFit {
  std::string model;     // "gaussian-process", "random-forest"
  std::size_t runs = 0;  // runs the model was fitted on
  std::vector<std::pair<std::string, double>> numbers;
  std::vector<std::pair<std::string, std::vector<double>>> vectors;
  std::vector<std::string> notes;  // events of the fit, for people
  /// Runs of the history left out, with why (HistoryData::dropped).
  std::vector<std::pair<std::string, std::size_t>> dropped;
};
class RandomForest;

class PerformanceModel {
 public:
  virtual ~PerformanceModel() = default;

  /// The space whose configurations evaluate() takes (rows in its representation).
  virtual const ConfigurationSpace& space() const = 0;

  /// The space as ConfigSpace JSON text (what the result store keeps).
  virtual const std::string& space_json() const = 0;

  /// The outputs the model predicts; metric() is one of them.
  virtual std::vector<std::string> outputs() const = 0;
  virtual const std::string& metric() const = 0;
  /// Whether larger values of metric() are better.
  virtual bool maximize() const = 0;

  /// metric() for every row of `configurations` (values.size() == rows).
  virtual void evaluate(const ConfigurationMatrix& configurations,
                        Eigen::Ref<Eigen::VectorXd> values) const = 0;

  /// Every output, one column per outputs() entry (for `hypershap evaluate`).
  virtual Eigen::MatrixXd evaluate_outputs(const ConfigurationMatrix& configurations) const;

  /// The instance (dataset) this model answers for; empty when it has no instances.
  virtual const std::string& instance() const;
  /// The instances it can answer for (empty when it has none).
  virtual std::vector<std::string> instances() const { return {}; }
  /// The same model on another instance (sharing what is loaded); invalid_input naming the
  /// valid instances when there is no such instance.
  virtual std::shared_ptr<const PerformanceModel> for_instance(const std::string& instance) const;

  /// Whether hyperparameter `name` of space() selects the context rather than a configuration
  /// (YAHPO's instance, e.g. OpenML_task_id): never a player, always the model's instance.
  virtual bool is_context(const std::string& /*name*/) const { return false; }

  /// One line for people: what the model is ("YAHPO lcbench surrogate, instance 3945, ...").
  virtual std::string describe() const = 0;
  /// Further lines for `hypershap validate` (e.g. the random forest's out-of-bag error).
  virtual std::vector<std::string> diagnostics() const { return {}; }
  /// The fit of a model fitted on a run history; nullopt for models that are not fitted here.
  virtual std::optional<ModelFit> fit() const { return std::nullopt; }

  /// The random forest behind the model when it is one (fANOVA reads its trees), else null.
  /// Its features are the columns of space(), in the configuration representation.
  virtual const RandomForest* random_forest() const { return nullptr; }
};

}  // namespace hypershap
