#pragma once
// Optuna studies read from their SQLite storage (optuna.create_study(storage="sqlite:///F")):
// the trials with their parameters, values and states, the objectives' directions, and the
// search space from the distributions Optuna stores with every parameter.

#include <filesystem>
#include <string>

#include "hypershap/models/run_history.hpp"

namespace hypershap {

/// Whether `file` starts with SQLite's header ("SQLite format 3").
bool is_sqlite_file(const std::filesystem::path& file);

struct OptunaStudy {
  RunHistory history;      // the COMPLETE trials; the others counted by state
  std::string space_json;  // ConfigSpace JSON from the parameters' distributions
};

/// The study `study` of the storage (empty: its only study) and its objective `objective`
/// ("value" or empty: the first; "values_K": the K-th, as trials_dataframe() names them). The
/// direction is the study's. A parameter whose distribution differs between trials (a dynamic
/// search space) is refused: give the space in [space] file. `where` names the job and key.
OptunaStudy read_optuna_storage(const std::filesystem::path& file, const std::string& study,
                                const std::string& objective, const std::string& where);

}  // namespace hypershap
