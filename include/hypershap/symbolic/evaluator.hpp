#pragma once
// Evaluating a program over all samples at once: node by node, from the last node of the prefix
// list to the first (postfix order), each node's values in a contiguous buffer of `batch_rows`
// rows, so every kernel is one vectorised loop over a column (Operon's layout; gplearn's
// semantics).

#include <Eigen/Core>
#include <vector>

#include "hypershap/symbolic/program.hpp"

namespace hypershap::symbolic {

/// Rows evaluated together: the buffers of a deep program stay in the L1/L2 cache.
inline constexpr Eigen::Index batch_rows = 256;

/// Reusable buffers; one per thread.
class Evaluator {
 public:
  /// The program's value for every row of `data` (samples × variables, column-major).
  Eigen::VectorXd predict(const Program& program, const Eigen::Ref<const Eigen::MatrixXd>& data);

  /// The root-mean-square error against `target` (gplearn's 'rmse'); +infinity when any
  /// prediction is not finite (gplearn would give nan and, through numpy's argmin, let it win).
  double rmse(const Program& program, const Eigen::Ref<const Eigen::MatrixXd>& data,
              const Eigen::Ref<const Eigen::VectorXd>& target);

 private:
  // Calls `consume(first_row, rows, values)` for each batch of rows.
  template <typename Consume>
  void run(const Program& program, const Eigen::Ref<const Eigen::MatrixXd>& data,
           Consume&& consume);

  std::vector<double> buffers_;
  std::vector<const double*> stack_;
};

}  // namespace hypershap::symbolic
