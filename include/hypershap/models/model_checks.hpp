#pragma once
// Whether a model fitted on a run history is good enough to explain: a surrogate that predicts
// its own history worse than the history's mean (R² < 0) turns noise into Shapley values, so it
// is refused unless the user says otherwise.

#include <string>

namespace hypershap {

/// "" when `r2` ≥ `min_r2` (or unknown: NaN, too few out-of-bag rows); otherwise throws
/// poor_model (exit code 7) naming `context`, R², the threshold and the two ways out, unless
/// `allow_poor_model`, when it returns the warning to show with the model's fit.
std::string check_model_fit(double r2, double min_r2, bool allow_poor_model,
                            const std::string& context);

/// "accuracy is maximised", or for a minimised metric "cost is minimised; game values are the
/// negated cost (larger is better)": what the numbers of a game mean.
std::string metric_direction(const std::string& metric, bool maximize);

}  // namespace hypershap
