#pragma once
// The command line run in-process, as `hypershap ARGS...` runs it: the exit code and both streams.

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "hypershap/cli/run.hpp"

namespace hypershap::test {

struct CliResult {
  int code;
  std::string out;
  std::string err;
};

inline CliResult run_cli(const std::vector<std::string>& args) {
  std::ostringstream out, err;
  const int code = cli::run(args, out, err);
  return {code, out.str(), err.str()};
}

/// Writes `text` to a file named hypershap-test-NAME in the temporary folder; returns its path.
inline std::string write_temp(const std::string& name, const std::string& text) {
  const auto path = std::filesystem::temp_directory_path() / ("hypershap-test-" + name);
  std::ofstream(path, std::ios::binary) << text;
  return path.string();
}

}  // namespace hypershap::test
