#pragma once
// fANOVA and partial-dependence results in the result store: the group /importance of the job's
// store (README, "The result store"), written by `hypershap importance`, replaced by each run.

#include <filesystem>
#include <optional>

#include "hypershap/importance/importance_job.hpp"
#include "hypershap/store/store.hpp"

namespace hypershap {

/// Creates the job's store (or resumes it: refused when it belongs to another job, as
/// StoreWriter) and writes `results` into it under the writer's lock, replacing earlier ones.
void write_importance_results(const std::filesystem::path& store, const JobDescription& job,
                              const ImportanceResults& results);

/// The importance results of a store; nullopt when it has none. io_error naming the file when
/// it cannot be read.
std::optional<ImportanceResults> read_importance_results(const std::filesystem::path& store);

}  // namespace hypershap
