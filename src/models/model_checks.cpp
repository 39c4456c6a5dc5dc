#include "hypershap/models/model_checks.hpp"

#include <cmath>
#include <cstdio>

#include "hypershap/core/error.hpp"

namespace hypershap {

std::string check_model_fit(double r2, double min_r2, bool allow_poor_model,
                            const std::string& context) {
  if (std::isnan(r2) || r2 >= min_r2) return "";
  char figures[160];
  std::snprintf(figures, sizeof figures, "out-of-bag R² %.3f is below min_r2 = %.3g", r2, min_r2);
  if (allow_poor_model) {
    return std::string("warning: ") + figures +
           " (used because allow_poor_model = true): its explanations may describe the "
           "surrogate's noise rather than the run";
  }
  throw poor_model(context + " the random forest predicts its own run history poorly: " + figures +
                   " (R² < 0: worse than predicting the mean). Fit it on more runs, or set "
                   "[model] allow_poor_model = true (or a lower min_r2) to explain it anyway");
}

std::string metric_direction(const std::string& metric, bool maximize) {
  if (maximize) return metric + " is maximised";
  return metric + " is minimised; game values are the negated " + metric + " (larger is better)";
}

}  // namespace hypershap
