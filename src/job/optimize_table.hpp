#pragma once
// The [optimize] table of a job file (README, "hypershap optimize"): read into an OptimizeSpec
// and written back for the resolved job text.

#include <toml++/toml.h>

#include <cstdint>

#include "hypershap/job/job_spec.hpp"
#include "toml_reader.hpp"

namespace hypershap::job_detail {

OptimizeSpec read_optimize(TableReader& reader, std::uint64_t job_seed);

toml::table optimize_table(const OptimizeSpec& optimize);

}  // namespace hypershap::job_detail
