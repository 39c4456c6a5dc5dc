#pragma once
// How subcommands plug into the CLI: each adds itself to the CLI11 app and, when chosen, leaves
// the action to run once parsing has succeeded.

#include <CLI/CLI.hpp>
#include <functional>
#include <iosfwd>

namespace hypershap::cli {

struct Streams {
  std::ostream& out;
  std::ostream& err;
};

using Action = std::function<int(const Streams&)>;

void add_explain_command(CLI::App& app, Action& chosen);
void add_validate_command(CLI::App& app, Action& chosen);
void add_run_command(CLI::App& app, Action& chosen);
void add_inspect_command(CLI::App& app, Action& chosen);
void add_report_command(CLI::App& app, Action& chosen);
void add_aggregate_command(CLI::App& app, Action& chosen);
void add_evaluate_command(CLI::App& app, Action& chosen);
void add_check_command(CLI::App& app, Action& chosen);
void add_optimize_command(CLI::App& app, Action& chosen);
void add_export_command(CLI::App& app, Action& chosen);
void add_symbolic_command(CLI::App& app, Action& chosen);
void add_formula_command(CLI::App& app, Action& chosen);
void add_importance_command(CLI::App& app, Action& chosen);

}  // namespace hypershap::cli
