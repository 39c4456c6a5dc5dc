#pragma once
// Symbolic explanations in the result store: the group /symbolic/NAME of the job's store per
// [symbolic.NAME] table (README, "The result store"), written by `hypershap symbolic JOB`, each
// table replaced when it is run again.

#include <filesystem>
#include <vector>

#include "hypershap/store/store.hpp"
#include "hypershap/symbolic/explanation.hpp"

namespace hypershap {

/// Creates the job's store (or resumes it: refused when it belongs to another job, as
/// StoreWriter) and writes `results` under /symbolic/<results.name>, replacing an earlier one.
void write_symbolic_results(const std::filesystem::path& store, const JobDescription& job,
                            const symbolic::ExplanationResults& results);

/// Every symbolic table of a store, by name; empty when it has none. io_error naming the file
/// when it cannot be read.
std::vector<symbolic::ExplanationResults> read_symbolic_results(const std::filesystem::path& store);

}  // namespace hypershap
