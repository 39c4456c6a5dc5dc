#include "hypershap/cli/run.hpp"

#include <iostream>
#include <new>
#include <sstream>
#include <string>
#include <vector>

#include "command.hpp"
#include "hypershap/core/error.hpp"
#include "hypershap/core/version.hpp"

namespace hypershap::cli {

namespace {

const char* const exit_code_help =
    "Exit codes:\n"
    "  0   success\n"
    "  1   internal error (a bug in hypershap: please report the message)\n"
    "  2   usage error (unknown option, missing argument)\n"
    "  3   invalid input (the message names the file, the key and the fix)\n"
    "  4   I/O error (a file could not be read or written)\n"
    "  5   resource limit (the request does not fit in the available memory)\n"
    "  6   the objective command failed (exit code, output or timeout; its message says)\n"
    "  7   the model fits its run history worse than [model] min_r2 (allow_poor_model = true)\n"
    "  75  checkpointed after a signal: run the same command again to continue\n";

// The exit codes each command can return (README, "Exit codes", "Which command returns which"):
// every command may fail on a bug (1), its command line (2), an input (3), a file (4) or memory
// (5); 6 where the job's model is evaluated (a command model runs), 7 where a model is fitted on
// a run history, 75 where a signal checkpoints the work.
struct CommandExitCodes {
  const char* command;
  std::vector<int> codes;
};

const std::vector<CommandExitCodes>& command_exit_codes() {
  static const std::vector<CommandExitCodes> table = {
      {"validate", {0, 1, 2, 3, 4, 5, 6, 7}},
      {"run", {0, 1, 2, 3, 4, 5, 6, 7, 75}},
      {"explain", {0, 1, 2, 3, 4, 5}},
      {"inspect", {0, 1, 2, 3, 4, 5}},
      {"check", {0, 1, 2, 4, 5}},
      {"report", {0, 1, 2, 3, 4, 5}},
      {"evaluate", {0, 1, 2, 3, 4, 5, 6, 7}},
      {"optimize", {0, 1, 2, 3, 4, 5, 6, 7, 75}},
      {"export", {0, 1, 2, 3, 4, 5}},
      {"importance", {0, 1, 2, 3, 4, 5, 6, 7}},
      {"aggregate", {0, 1, 2, 3, 4, 5}},
      {"symbolic", {0, 1, 2, 3, 4, 5, 6, 7, 75}},
      {"formula", {0, 1, 2, 3, 5}},
  };
  return table;
}

// The lines of exit_code_help for `codes`.
std::string exit_codes_footer(const std::vector<int>& codes) {
  std::istringstream lines(exit_code_help);
  std::string line, footer;
  std::getline(lines, line);
  footer = line + "\n";
  while (std::getline(lines, line)) {
    const int code = std::stoi(line.substr(2, 3));
    for (const int c : codes)
      if (c == code) footer += line + "\n";
  }
  return footer;
}

int parse_and_run(const std::vector<std::string>& args, const Streams& io) {
  CLI::App app{
      "hypershap: explain hyperparameter optimization with Shapley values and "
      "Shapley interactions (HyperSHAP)",
      "hypershap"};
  app.footer(exit_code_help);
  app.require_subcommand(0, 1);
  bool show_version = false;
  app.add_flag("--version", show_version, "Print the version and git commit, then exit");

  Action chosen;
  add_explain_command(app, chosen);
  add_validate_command(app, chosen);
  add_run_command(app, chosen);
  add_inspect_command(app, chosen);
  add_report_command(app, chosen);
  add_aggregate_command(app, chosen);
  add_evaluate_command(app, chosen);
  add_check_command(app, chosen);
  add_optimize_command(app, chosen);
  add_export_command(app, chosen);
  add_symbolic_command(app, chosen);
  add_formula_command(app, chosen);
  add_importance_command(app, chosen);
  for (const CommandExitCodes& entry : command_exit_codes())
    app.get_subcommand(entry.command)->footer(exit_codes_footer(entry.codes));

  std::vector<std::string> reversed(args.rbegin(), args.rend());
  try {
    app.parse(reversed);
  } catch (const CLI::CallForHelp&) {
    io.out << app.help();
    return to_int(ExitCode::success);
  } catch (const CLI::CallForAllHelp&) {
    io.out << app.help("", CLI::AppFormatMode::All);
    return to_int(ExitCode::success);
  } catch (const CLI::ParseError& e) {
    // CLI11 signals subcommand help as a ParseError with exit code 0.
    if (e.get_exit_code() == 0) {
      for (const CLI::App* sub : app.get_subcommands()) {
        io.out << sub->help();
        return to_int(ExitCode::success);
      }
      io.out << app.help();
      return to_int(ExitCode::success);
    }
    io.err << "hypershap: usage error: " << e.what() << "\n"
           << "Run 'hypershap --help' (or 'hypershap COMMAND --help') for usage.\n";
    return to_int(ExitCode::usage_error);
  }

  if (show_version) {
    io.out << "hypershap " << version() << " (git " << git_sha() << ")\n";
    return to_int(ExitCode::success);
  }
  if (!chosen) {
    io.out << app.help();
    return to_int(ExitCode::usage_error);
  }
  return chosen(io);
}

}  // namespace

int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  const Streams io{out, err};
  try {
    return parse_and_run(args, io);
  } catch (const Error& e) {
    err << "hypershap: error: " << e.what() << "\n";
    return to_int(e.code());
  } catch (const std::bad_alloc&) {
    err << "hypershap: error: out of memory; run on a machine with more memory or reduce the "
           "request (fewer players, lower order)\n";
    return to_int(ExitCode::resource_limit);
  } catch (const std::exception& e) {
    err << "hypershap: internal error: " << e.what()
        << "\nThis is a bug in hypershap; please report it with the command that caused it.\n";
    return to_int(ExitCode::internal_error);
  }
}

int run(int argc, char** argv) {
  std::vector<std::string> args;
  for (int i = 1; i < argc; ++i) args.emplace_back(argv[i]);
  return run(args, std::cout, std::cerr);
}

}  // namespace hypershap::cli
