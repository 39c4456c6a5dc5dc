#pragma once
// The [importance] table of a job file (fANOVA and partial dependence), read and written on its
// own so that it moves with the job layer as one piece.

#include <toml++/toml.h>

#include "hypershap/job/job_spec.hpp"
#include "toml_reader.hpp"

namespace hypershap::job_detail {

void read_importance(TableReader& reader, ImportanceSpec& importance);
/// The table as resolved_job_text() writes it (every default filled in).
toml::table importance_table(const ImportanceSpec& importance);

}  // namespace hypershap::job_detail
