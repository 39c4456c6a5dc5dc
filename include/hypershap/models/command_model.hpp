#pragma once
// The user's own training code as the performance model (`[model] kind = "command"`): a program
// started without a shell, argv exactly as the job gives it, once per batch of configurations.
// It reads the batch as CSV on its standard input (a header row naming the hyperparameters in the
// space's order, then one configuration per row: numbers as the shortest text that round-trips,
// categorical choices as their text, an empty cell for an inactive hyperparameter) and writes one
// number per line to its standard output, in the order of the rows ("nan" for a configuration
// that failed to train: a crashed trial). A non-zero exit, another number of lines, a line that
// is not a number, or more than `timeout_seconds` (the command's whole process group is then
// killed) end the evaluation with objective_failed naming the command, the batch and the tail of
// its standard error.

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "hypershap/models/performance_model.hpp"

namespace hypershap {

struct CommandModelOptions {
  std::vector<std::string> command;  // argv; argv[0] is looked up in PATH unless it has a '/'
  std::filesystem::path working_directory;  // where it runs (the job file's folder)
  std::filesystem::path space_file;         // ConfigSpace JSON (required)
  std::string metric = "objective";         // the name of what it prints
  std::optional<bool> maximize;             // required: whether larger is better
  double timeout_seconds = 3600.0;          // per batch
  std::string context;                      // names the job file and table in messages
};

std::shared_ptr<const PerformanceModel> load_command_model(const CommandModelOptions& options);

/// The batch as the command reads it on its standard input (see above).
std::string configurations_csv(const ConfigurationSpace& space,
                               const ConfigurationMatrix& configurations);

/// The command as people read it in messages: its arguments, quoted where they hold spaces.
std::string command_text(const std::vector<std::string>& command);

}  // namespace hypershap
