// `hypershap evaluate JOB --configs FILE.csv [--output FILE.csv] [--set key=value ...]`: the
// job's performance model on the configurations of a CSV file, every output appended as a column.

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <map>
#include <memory>
#include <ostream>

#include "command.hpp"
#include "hypershap/core/error.hpp"
#include "hypershap/core/suggest.hpp"
#include "hypershap/io/csv.hpp"
#include "hypershap/job/game_setup.hpp"
#include "hypershap/job/job_file.hpp"
#include "hypershap/job/model_setup.hpp"

namespace hypershap::cli {

namespace {

struct EvaluateOptions {
  std::string job_path;
  std::string configs_path;
  std::string output_path;  // empty: standard output
  std::vector<std::string> overrides;
};

/// invalid_input naming the first column that is not a hyperparameter, with the nearest name.
void check_columns(const CsvTable& table, const ConfigurationSpace& space,
                   const std::string& source) {
  std::vector<std::string> names;
  for (const Hyperparameter& hp : space.hyperparameters()) names.push_back(hp.name);
  for (const std::string& column : table.header) {
    if (space.find(column) < 0) {
      const std::string guess = nearest(column, names);
      throw invalid_input(source + ": column '" + column + "' is not a hyperparameter of " +
                          space.source() + "; " +
                          (guess.empty() ? "" : "did you mean '" + guess + "'? ") +
                          "name each column after one of " + one_of(names) +
                          " (missing columns take the job's baseline value)");
    }
  }
}

std::string number_text(double x) {
  char text[32];
  std::snprintf(text, sizeof text, "%.17g", x);
  return text;
}

int run_evaluate(const EvaluateOptions& options, const Streams& io) {
  const JobSpec job = read_job_file(options.job_path, options.overrides);
  const auto model = load_model(job);
  const ConfigurationSpace& space = model->space();
  const std::string& source = options.configs_path;
  const CsvTable table =
      parse_csv_table(read_text_file(source, "the configurations"), options.configs_path);
  if (table.header.empty()) {
    throw invalid_input(source +
                        ": the file is empty; give a header row naming hyperparameters, then "
                        "one configuration per row");
  }
  check_columns(table, space, source);

  // Each row: the baseline, with the row's cells (an empty cell: inactive); the instance column,
  // where there is one, chooses the model's instance row by row.
  const std::map<std::string, HumanValue> baseline = space.to_values(pinned_baseline(job, space));
  int instance_column = -1;
  for (std::size_t c = 0; c < table.header.size(); ++c)
    if (model->is_context(table.header[c])) instance_column = static_cast<int>(c);
  ConfigurationMatrix configurations(static_cast<Eigen::Index>(table.rows.size()), space.size());
  std::map<std::string, std::vector<Eigen::Index>> rows_of_instance;
  for (std::size_t r = 0; r < table.rows.size(); ++r) {
    const std::string where = source + ": line " + std::to_string(table.lines[r]);
    std::map<std::string, HumanValue> values = baseline;
    for (std::size_t c = 0; c < table.header.size(); ++c) {
      const std::string& cell = table.rows[r][c];
      if (cell.empty()) {
        values.erase(table.header[c]);
      } else {
        values[table.header[c]] = cell;
      }
    }
    // a column left out follows the row's conditions, parents first (as a pinned baseline does):
    // inactive where they fail, its default where the row activates it (poly's degree)
    Configuration resolved = pinned_baseline(job, space);
    for (const int index : space.resolution_order()) {
      const std::string& name = space.hyperparameter(index).name;
      if (std::find(table.header.begin(), table.header.end(), name) != table.header.end()) {
        const auto given = values.find(name);
        resolved[index] = inactive_value;
        try {
          if (given != values.end())
            resolved[index] = space.internal_value(index, given->second, where);
        } catch (const Error&) {
          // from_values below reports the cell with the row's context
        }
        continue;
      }
      if (!space.conditions_hold(index, resolved)) {
        resolved[index] = inactive_value;
        values.erase(name);
      } else if (is_inactive(resolved[index])) {
        resolved[index] = space.hyperparameter(index).default_value;
        values[name] = space.to_values(resolved).at(name);
      }
    }
    const auto row = static_cast<Eigen::Index>(r);
    try {
      configurations.row(row) = space.from_values(values, where);
    } catch (const Error& e) {
      const auto& cells = table.rows[r];
      if (std::find(cells.begin(), cells.end(), "") == cells.end()) throw;
      throw invalid_input(std::string(e.what()) +
                          " (an empty cell makes a hyperparameter inactive; fill it or leave the "
                          "column out for the job's baseline value)");
    }
    std::string instance = model->instance();
    if (instance_column >= 0 && !table.rows[r][static_cast<std::size_t>(instance_column)].empty())
      instance = table.rows[r][static_cast<std::size_t>(instance_column)];
    rows_of_instance[instance].push_back(row);
  }

  const std::vector<std::string> outputs = model->outputs();
  Eigen::MatrixXd results(configurations.rows(), static_cast<Eigen::Index>(outputs.size()));
  for (const auto& [instance, rows] : rows_of_instance) {
    std::shared_ptr<const PerformanceModel> instance_model = model;
    if (instance != model->instance()) {
      try {
        instance_model = model->for_instance(instance);
      } catch (const Error& e) {
        throw invalid_input(source + ": column '" +
                            table.header[static_cast<std::size_t>(instance_column)] +
                            "': " + e.what());
      }
    }
    ConfigurationMatrix batch(static_cast<Eigen::Index>(rows.size()), space.size());
    for (std::size_t i = 0; i < rows.size(); ++i)
      batch.row(static_cast<Eigen::Index>(i)) = configurations.row(rows[i]);
    const Eigen::MatrixXd values = instance_model->evaluate_outputs(batch);
    for (std::size_t i = 0; i < rows.size(); ++i)
      results.row(rows[i]) = values.row(static_cast<Eigen::Index>(i));
  }

  std::ofstream file;
  if (!options.output_path.empty()) {
    file.open(options.output_path, std::ios::binary);
    if (!file)
      throw io_error(options.output_path +
                     ": cannot write the evaluated configurations; check that the folder exists "
                     "and is writable");
  }
  std::ostream& out = options.output_path.empty() ? io.out : file;
  std::vector<std::string> header = table.header;
  header.insert(header.end(), outputs.begin(), outputs.end());
  write_csv_record(out, header);
  for (std::size_t r = 0; r < table.rows.size(); ++r) {
    std::vector<std::string> record = table.rows[r];
    for (Eigen::Index k = 0; k < results.cols(); ++k)
      record.push_back(number_text(results(static_cast<Eigen::Index>(r), k)));
    write_csv_record(out, record);
  }
  out.flush();
  if (!out)
    throw io_error(
        (options.output_path.empty() ? std::string("standard output") : options.output_path) +
        ": writing the evaluated configurations failed");
  return to_int(ExitCode::success);
}

}  // namespace

void add_evaluate_command(CLI::App& app, Action& chosen) {
  auto options = std::make_shared<EvaluateOptions>();
  CLI::App* sub = app.add_subcommand(
      "evaluate", "Evaluate the job's performance model on the configurations of a CSV file");
  sub->add_option("JOB", options->job_path, "The job file (TOML)")->required();
  sub->add_option("--configs", options->configs_path,
                  "CSV file: one column per hyperparameter (by name), one configuration per row; "
                  "missing columns take the job's baseline, empty cells are inactive")
      ->required();
  sub->add_option("--output,-o", options->output_path,
                  "Write the CSV here instead of standard output: the input with one column per "
                  "model output appended");
  sub->add_option("--set", options->overrides,
                  "Override a key of the job file: --set key.path=value (repeatable)");
  sub->callback([&chosen, options] {
    chosen = [options](const Streams& io) { return run_evaluate(*options, io); };
  });
}

}  // namespace hypershap::cli
