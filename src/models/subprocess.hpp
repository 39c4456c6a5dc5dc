#pragma once
// Running a program without a shell (fork and exec, argv as given), feeding it a text on its
// standard input and collecting both of its outputs, with a deadline after which its whole
// process group is killed. Private to the models layer (the command objective).

#include <filesystem>
#include <string>
#include <vector>

namespace hypershap::subprocess {

struct Outcome {
  bool timed_out = false;
  bool stopped = false;  // a stop was requested (core/stop_request.hpp): the group was killed
  int exit_code = -1;    // when it exited
  int signal = 0;        // when a signal ended it
  std::string out;
  std::string err;  // the last 64 KiB
};

/// The program `name` as exec will start it: a name with a '/' relative to `directory`, another
/// looked up in PATH. Empty when there is no such executable file.
std::filesystem::path find_executable(const std::string& name,
                                      const std::filesystem::path& directory);

/// Runs `executable` with `argv` (argv[0] included) in `directory` in a process group of its own
/// (killed with it when hypershap dies, PR_SET_PDEATHSIG), writes `input` to its standard input
/// and closes it, and waits at most `timeout_seconds` for it to end, or until a stop is requested
/// (a SIGTERM/SIGINT to hypershap; the group is then killed at once). Throws std::system_error
/// when the process cannot be started (no pipes, no fork).
Outcome run(const std::filesystem::path& executable, const std::vector<std::string>& argv,
            const std::filesystem::path& directory, const std::string& input,
            double timeout_seconds);

/// The last `lines` lines of `text` (for messages).
std::string tail(const std::string& text, int lines);

}  // namespace hypershap::subprocess
