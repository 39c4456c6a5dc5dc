#pragma once
// Optuna studies as run histories: the CSV of study.trials_dataframe() (columns number, value or
// values_0.., datetime_*, duration, params_NAME.., user_attrs_*, system_attrs_*, state).

#include <string>

#include "hypershap/models/run_history.hpp"

namespace hypershap {

/// Whether the CSV text's header is Optuna's trials_dataframe(): a `state` column and at least
/// one `params_` column.
bool is_optuna_trials_csv(const std::string& text);

/// The COMPLETE trials of an Optuna trials_dataframe() CSV: the hyperparameters are the
/// `params_NAME` columns, named NAME; the metric is `objective` (empty: `value`, or `values_0` of
/// a multi-objective study); trials in any other state (FAIL, PRUNED, RUNNING, WAITING) are
/// counted in `skipped_by_status`. Optuna's CSV does not record the direction: `maximize` does.
RunHistory parse_optuna_trials_csv(const std::string& text, const std::string& source,
                                   const std::string& objective, bool maximize);

}  // namespace hypershap
