// `hypershap check STORE`: verifies a result store and says what is wrong with it (README,
// "Integrity"). Exit 0 when it is sound, 4 (I/O error) when it is damaged or unreadable.

#include <memory>
#include <ostream>

#include "command.hpp"
#include "hypershap/core/error.hpp"
#include "hypershap/store/store.hpp"

namespace hypershap::cli {

namespace {

int run_check(const std::string& path, const Streams& io) {
  std::vector<std::string> problems;
  int version = 0;
  std::size_t games = 0;
  try {
    const StoreReader reader(path);  // the root attributes, the job text against its hash
    version = reader.metadata().schema_version;
    games = reader.game_names().size();
    problems = reader.problems();
  } catch (const Error& e) {
    if (e.code() != ExitCode::io_error) throw;
    problems.push_back(e.what());
  }
  const std::string verified =
      version >= 2 ? "per-coalition checksums, done flags, values, attributes and explanations"
                   : "done flags, values, attributes and explanations (schema version 1 stores "
                     "have no checksums: a changed value that is still a number goes unnoticed)";
  if (problems.empty()) {
    io.out << path << ": sound (" << games << (games == 1 ? " game" : " games")
           << "; schema version " << version << ", verified: " << verified << ")\n";
    return to_int(ExitCode::success);
  }
  io.out << path << ": " << problems.size() << (problems.size() == 1 ? " problem" : " problems")
         << "\n";
  for (const std::string& problem : problems) io.out << "  " << problem << "\n";
  io.out << "The store cannot be trusted as it is: restore a copy, or run its job into a new "
            "store (`hypershap inspect` shows the job).\n";
  return to_int(ExitCode::io_error);
}

}  // namespace

void add_check_command(CLI::App& app, Action& chosen) {
  auto path = std::make_shared<std::string>();
  CLI::App* sub = app.add_subcommand(
      "check",
      "Verify a result store (checksums, done flags, values, attributes); exit 0 when "
      "sound, 4 when damaged");
  sub->add_option("STORE", *path, "A result store written by 'hypershap run'")->required();
  sub->callback(
      [&chosen, path] { chosen = [path](const Streams& io) { return run_check(*path, io); }; });
}

}  // namespace hypershap::cli
