#pragma once
// A configuration is a row of doubles, one per hyperparameter in the space's order (the
// representation is described in hyperparameter.hpp; NaN = inactive). Many configurations are a
// row-major matrix, one configuration per row, so that a row is contiguous and binds to a
// ConfigurationView without a copy.

#include <Eigen/Core>
#include <string>
#include <variant>

#include "hypershap/space/hyperparameter.hpp"

namespace hypershap {

using Configuration = Eigen::RowVectorXd;
using ConfigurationView = Eigen::Ref<const Eigen::RowVectorXd>;
using ConfigurationMatrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

/// A value as people write it: a number for numeric hyperparameters, the choice's text for
/// categorical, ordinal and constant ones.
using HumanValue = std::variant<double, std::string>;

}  // namespace hypershap
