#pragma once
// Symbolic explanations in the result store: the group /symbolic/NAME of the job's store per
// [symbolic.NAME] table (README, "The result store"), written by `hypershap symbolic JOB` once
// the table is complete. Until then its fits, baselines and landscapes are appended one by one, as
// they arrive, under /symbolic_progress/NAME (a group per record), so that a killed or stopped
// study resumes with what it had; writing the complete table removes them.

#include <filesystem>
#include <vector>

#include "hypershap/store/store.hpp"
#include "hypershap/symbolic/explanation.hpp"

namespace hypershap {

/// Creates the job's store (or resumes it: refused when it belongs to another job, as
/// StoreWriter) and writes `results` under /symbolic/<results.name>, replacing an earlier one.
void write_symbolic_results(const std::filesystem::path& store, const JobDescription& job,
                            const symbolic::ExplanationResults& results);

/// Creates the job's store, or checks that an existing one is this job's (as StoreWriter).
void open_symbolic_store(const std::filesystem::path& store, const JobDescription& job);

/// Appends the fits, baselines and landscapes of `fragment` to /symbolic_progress/<name> (the
/// store must exist: open_symbolic_store), flushed before it returns.
void append_symbolic_progress(const std::filesystem::path& store,
                              const symbolic::ExplanationResults& fragment);

/// What /symbolic_progress/<table> holds (fits, baselines, landscapes, in the order appended;
/// only `name` of the rest is set); empty when there is none.
symbolic::ExplanationResults read_symbolic_progress(const std::filesystem::path& store,
                                                    const std::string& table);

/// Every symbolic table of a store, by name; empty when it has none. io_error naming the file
/// when it cannot be read.
std::vector<symbolic::ExplanationResults> read_symbolic_results(const std::filesystem::path& store);

}  // namespace hypershap
