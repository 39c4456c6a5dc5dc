#pragma once
// The command-line interface: `hypershap <command> ...`. Returns the exit code (README, "Exit
// codes"); never throws.

#include <iosfwd>
#include <string>
#include <vector>

namespace hypershap::cli {

int run(int argc, char** argv);

/// The same with explicit arguments (without the program name) and streams, for tests.
int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace hypershap::cli
