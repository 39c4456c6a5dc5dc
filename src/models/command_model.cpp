#include "hypershap/models/command_model.hpp"

#include <cmath>
#include <cstdlib>
#include <sstream>
#include <system_error>

#include "hypershap/core/error.hpp"
#include "hypershap/core/text_file.hpp"
#include "hypershap/io/csv.hpp"
#include "subprocess.hpp"

namespace hypershap {

namespace {

// Lines of the command's standard error quoted in a message.
constexpr int stderr_lines = 20;

class CommandModel final : public PerformanceModel {
 public:
  CommandModel(CommandModelOptions options, std::filesystem::path executable,
               ConfigurationSpace space, std::string space_json)
      : options_(std::move(options)),
        executable_(std::move(executable)),
        space_(std::move(space)),
        space_json_(std::move(space_json)) {}

  const ConfigurationSpace& space() const override { return space_; }
  const std::string& space_json() const override { return space_json_; }
  std::vector<std::string> outputs() const override { return {options_.metric}; }
  const std::string& metric() const override { return options_.metric; }
  bool maximize() const override { return *options_.maximize; }
  std::string describe() const override {
    return "the command " + command_text(options_.command) + " (in " +
           options_.working_directory.string() + ", timeout " + seconds_text() + ")";
  }

  void evaluate(const ConfigurationMatrix& configurations,
                Eigen::Ref<Eigen::VectorXd> values) const override {
    const auto rows = static_cast<std::size_t>(configurations.rows());
    if (rows == 0) return;
    const std::string input = configurations_csv(space_, configurations);
    subprocess::Outcome outcome;
    try {
      outcome = subprocess::run(executable_, options_.command, options_.working_directory, input,
                                options_.timeout_seconds);
    } catch (const std::system_error& e) {
      throw Error(ExitCode::objective_failed,
                  "cannot start the command " + command_text(options_.command) + ": " + e.what());
    }
    if (outcome.stopped)
      throw Error(ExitCode::requeue, "stopped by a signal while the command " +
                                         command_text(options_.command) +
                                         " ran (its process group was killed)");
    if (outcome.timed_out)
      fail(configurations, outcome,
           "did not finish within timeout_seconds = " + seconds_text() +
               " (its process group was killed); raise [model] timeout_seconds or make a "
               "batch faster");
    if (outcome.signal != 0)
      fail(configurations, outcome, "was ended by signal " + std::to_string(outcome.signal));
    if (outcome.exit_code != 0)
      fail(configurations, outcome, "exited with code " + std::to_string(outcome.exit_code));

    std::vector<std::string> lines;
    std::istringstream stream(outcome.out);
    for (std::string line; std::getline(stream, line);) {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      lines.push_back(line);
    }
    while (!lines.empty() && lines.back().find_first_not_of(" \t") == std::string::npos)
      lines.pop_back();
    if (lines.size() != rows)
      fail(configurations, outcome,
           "printed " + std::to_string(lines.size()) + " lines, expected " + std::to_string(rows) +
               " (one number per configuration, in the order of the rows)");
    for (std::size_t r = 0; r < rows; ++r) {
      const std::string& text = lines[r];
      const std::size_t first = text.find_first_not_of(" \t");
      const std::size_t last = text.find_last_not_of(" \t");
      const std::string number =
          first == std::string::npos ? std::string() : text.substr(first, last - first + 1);
      char* end = nullptr;
      const double value = number.empty() ? 0.0 : std::strtod(number.c_str(), &end);
      if (number.empty() || end != number.c_str() + number.size() || std::isinf(value))
        fail(configurations, outcome,
             "printed '" + text + "' on line " + std::to_string(r + 1) +
                 ", which is not a number (one finite number per line, or nan for a "
                 "configuration that failed)");
      values(static_cast<Eigen::Index>(r)) = value;
    }
  }

 private:
  std::string seconds_text() const {
    std::ostringstream text;
    text << options_.timeout_seconds << " s";
    return text.str();
  }

  [[noreturn]] void fail(const ConfigurationMatrix& configurations,
                         const subprocess::Outcome& outcome, const std::string& what) const {
    std::string message = options_.context + " the command " + command_text(options_.command) +
                          " " + what + "; the batch had " + std::to_string(configurations.rows()) +
                          " configuration" + (configurations.rows() == 1 ? "" : "s") +
                          ", the first " + space_.to_text(configurations.row(0));
    const std::string err = subprocess::tail(outcome.err, stderr_lines);
    message +=
        err.empty() ? "; its standard error was empty" : "; the end of its standard error:\n" + err;
    throw Error(ExitCode::objective_failed, message);
  }

  CommandModelOptions options_;
  std::filesystem::path executable_;
  ConfigurationSpace space_;
  std::string space_json_;
};

}  // namespace

std::string configurations_csv(const ConfigurationSpace& space,
                               const ConfigurationMatrix& configurations) {
  std::ostringstream out;
  std::vector<std::string> fields;
  for (const Hyperparameter& hp : space.hyperparameters()) fields.push_back(hp.name);
  write_csv_record(out, fields);
  for (Eigen::Index r = 0; r < configurations.rows(); ++r) {
    fields.clear();
    for (int i = 0; i < space.size(); ++i) {
      const double value = configurations(r, i);
      fields.push_back(is_inactive(value) ? std::string() : space.hyperparameter(i).text(value));
    }
    write_csv_record(out, fields);
  }
  return out.str();
}

std::string command_text(const std::vector<std::string>& command) {
  std::string text;
  for (const std::string& argument : command) {
    if (!text.empty()) text += ' ';
    const bool quote = argument.empty() || argument.find_first_of(" \t\"'\\") != std::string::npos;
    if (!quote) {
      text += argument;
      continue;
    }
    text += '\'';
    for (const char c : argument) text += c == '\'' ? std::string("'\\''") : std::string(1, c);
    text += '\'';
  }
  return "`" + text + "`";
}

std::shared_ptr<const PerformanceModel> load_command_model(const CommandModelOptions& options) {
  const std::string& where = options.context;
  if (options.command.empty() || options.command.front().empty())
    throw invalid_input(where +
                        " command must name a program and its arguments, e.g. command = "
                        "[\"python3\", \"train.py\"]");
  if (!options.maximize)
    throw invalid_input(where + " kind = 'command' needs maximize = true (larger " +
                        options.metric + " is better) or maximize = false");
  if (options.space_file.empty())
    throw invalid_input(where +
                        " kind = 'command' needs the configuration space: [space] file = "
                        "\"space.json\" (ConfigSpace JSON)");
  if (!(options.timeout_seconds > 0.0))
    throw invalid_input(where + " timeout_seconds must be positive");
  const std::filesystem::path executable =
      subprocess::find_executable(options.command.front(), options.working_directory);
  if (executable.empty())
    throw invalid_input(
        where + " command: '" + options.command.front() + "' is not " +
        (options.command.front().find('/') != std::string::npos
             ? "an executable file (relative to " + options.working_directory.string() + ")"
             : std::string("an executable program in PATH")) +
        "; name the program to run, e.g. \"python3\"");
  const std::string space_json = read_text_file(options.space_file, "the configuration space file");
  ConfigurationSpace space =
      ConfigurationSpace::from_string(space_json, options.space_file.string());
  return std::make_shared<CommandModel>(options, executable, std::move(space), space_json);
}

}  // namespace hypershap
