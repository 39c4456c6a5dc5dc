#include "hypershap/models/performance_model.hpp"

#include "hypershap/core/error.hpp"

namespace hypershap {

Eigen::MatrixXd PerformanceModel::evaluate_outputs(
    const ConfigurationMatrix& configurations) const {
  Eigen::VectorXd values(configurations.rows());
  evaluate(configurations, values);
  return values;
}

const std::string& PerformanceModel::instance() const {
  static const std::string none;
  return none;
}

std::shared_ptr<const PerformanceModel> PerformanceModel::for_instance(
    const std::string& instance) const {
  throw invalid_input("the model (" + describe() +
                      ") has no instances, so it cannot answer for "
                      "instance '" +
                      instance + "'; remove the instance key or use a YAHPO model");
}

}  // namespace hypershap
