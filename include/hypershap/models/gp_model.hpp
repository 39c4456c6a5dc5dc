#pragma once
// A Gaussian process fitted on a run history as a performance model ([model] kind =
// "gaussian-process"): SMAC's BlackBoxFacade surrogate. Its value is the posterior mean; outputs
// are `mean` and `std` (scikit-learn's predict(return_std=True): the white noise included).
//
// The GP's inputs (gp_inputs), one column per hyperparameter, as SMAC encodes them for its GP:
//   numeric      position in [0, 1] over the bounds (log-scale ones in log space)
//   ordinal      index / (choices − 1), in [0, 1] (SMAC feeds the raw index; [0, 1] keeps the
//                lengthscale bounds meaningful)
//   categorical  the choice index, through the Hamming kernel
//   constant     0
// and an inactive value imputed as SMAC's AbstractModel._impute_inactive does for
// hyperparameters with parents: −1 for numeric and ordinal ones, a category of its own
// (index = number of choices) for categorical ones, 1 for a constant.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "hypershap/models/gaussian_process.hpp"
#include "hypershap/models/history_data.hpp"
#include "hypershap/models/performance_model.hpp"

namespace hypershap {

/// Which GP input columns are categorical (Hamming kernel).
std::vector<bool> gp_categorical_columns(const ConfigurationSpace& space);
/// The GP inputs of configurations (rows in the space's representation).
GpMatrix gp_inputs(const ConfigurationSpace& space, const ConfigurationMatrix& configurations);

struct GpModelOptions : HistorySource {
  bool normalize_y = true;
  int restarts = 10;
  std::optional<GpKernel> kernel;  // fixed hyperparameters (one lengthscale per hyperparameter)
  std::uint64_t seed = 0;
};

/// With `preloaded` (runs read elsewhere: the trials of an optimize store), the GP is fitted on
/// those and `history`, `space_file`, `metric` and `maximize` are not used.
std::shared_ptr<const PerformanceModel> load_gp_model(const GpModelOptions& options,
                                                      const HistoryData* preloaded = nullptr);

/// A GP fitted on configurations of `space` (rows in its representation) and their targets, as
/// a performance model (e.g. on the trials of an `optimize` store); `description` is what
/// describe() says. invalid_input when no target is finite.
std::shared_ptr<const PerformanceModel> make_gp_model(ConfigurationSpace space,
                                                      std::string space_json,
                                                      const ConfigurationMatrix& configurations,
                                                      const Eigen::VectorXd& targets, bool maximize,
                                                      const GpOptions& options,
                                                      std::string description);

/// The fit of a GP as `hypershap validate --format json` reports it.
ModelFit gp_fit_report(const GaussianProcess& gp, const ConfigurationSpace& space);

}  // namespace hypershap
