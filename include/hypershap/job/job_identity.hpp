#pragma once
// What identifies a job's results (issue 12, item 5): the resolved job with everything that
// determines the values, and its input files named by their content instead of by where they
// are. Moving a store, running the job file from another folder or spelling a path differently
// is the same job; changing a model file, a run history or any key that changes a value is not.

#include <filesystem>
#include <string>

#include "hypershap/job/job_spec.hpp"
#include "hypershap/store/store.hpp"

namespace hypershap {

/// The job as the store's `job_identity` attribute records it: resolved_job_text without the
/// job's name and output (they name the results, they do not change them), each input path
/// ([space] file, [model] folder and history) replaced by input_content_hash of it. A command
/// objective is identified by its arguments as written, not by the program's content.
std::string job_identity(const JobSpec& job);

/// "sha256:<hex>" of what the input at `path` holds: a file's bytes; a folder's regular files
/// (relative paths and contents, in sorted order); the trials of a `hypershap optimize` store that
/// [model] trials uses (the store's file changes as it grows, its first trials do not);
/// "missing" when nothing is there (loading the model then says what is wrong).
std::string input_content_hash(const std::filesystem::path& path, int trials = 0);

/// What the job's store records about it: the resolved job text (its provenance), the
/// configuration space and the job identity (its resume key).
JobDescription job_description(const JobSpec& job, std::string configuration_space_json);

}  // namespace hypershap
