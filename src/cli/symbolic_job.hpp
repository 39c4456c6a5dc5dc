#pragma once
// `hypershap symbolic JOB`: the job's [symbolic.NAME] tables (symbolic_command.cpp parses the
// options, symbolic_job.cpp runs them).

#include <string>
#include <vector>

#include "command.hpp"

namespace hypershap::cli {

struct SymbolicJobOptions {
  std::string job_path;
  std::vector<std::string> overrides;
  std::vector<std::string> tables;  // empty: every table
  std::string format = "text";
  std::string report_dir;
  bool no_store = false;
  bool stored = false;  // print (and draw) the stored results; fit nothing
};

int run_symbolic_job(const SymbolicJobOptions& options, const Streams& io);

}  // namespace hypershap::cli
