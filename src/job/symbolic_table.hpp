#pragma once
// The [symbolic.NAME] tables of a job file (symbolic explanations, Segel et al., AutoML 2023),
// read and written on their own so that they move with the job layer as one piece.

#include <toml++/toml.h>

#include <filesystem>
#include <functional>
#include <string>

#include "hypershap/job/job_spec.hpp"
#include "toml_reader.hpp"

namespace hypershap::job_detail {

/// One [symbolic.NAME] table; `base_directory` resolves `history`.
SymbolicSpec read_symbolic(TableReader& reader, const std::string& name,
                           const std::filesystem::path& base_directory, std::uint64_t job_seed);
/// Every table of the [symbolic] table into job.symbolic.
void read_symbolic_tables(const toml::table& symbolic, const std::filesystem::path& base_directory,
                          JobSpec& job, Context& context);
/// The table as resolved_job_text() writes it (every default filled in); paths relative to `base`.
/// [symbolic.NAME] as resolved_job_text writes it; `path` writes its history's path.
toml::table symbolic_table(const SymbolicSpec& symbolic,
                           const std::function<std::string(const std::filesystem::path&)>& path);

}  // namespace hypershap::job_detail
