// `hypershap symbolic --data TRAIN.csv --target COL [--test TEST.csv] [--parsimony Z[,Z...]|paper]
// [--population P] [--generations G] [--seed S] [--format text|json]`: symbolic regression of one
// column of a CSV on its other columns (Segel et al., AutoML 2023), standalone. Several parsimony
// values give the sweep of the paper's Section 4.1.2 with its elbow choice (Appendix A) and the
// Pareto front of operations and RMSE (Appendix C).

#include <chrono>
#include <cmath>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <ostream>
#include <sstream>

#include "command.hpp"
#include "hypershap/core/error.hpp"
#include "hypershap/core/suggest.hpp"
#include "hypershap/io/csv.hpp"
#include "hypershap/symbolic/count_ops.hpp"
#include "hypershap/symbolic/evaluator.hpp"
#include "hypershap/symbolic/expression.hpp"
#include "hypershap/symbolic/formula_text.hpp"
#include "hypershap/symbolic/parsimony.hpp"
#include "hypershap/symbolic/regressor.hpp"
#include "symbolic_job.hpp"

namespace hypershap::cli {

namespace {

using namespace hypershap::symbolic;

struct SymbolicOptions {
  std::string data_path;
  std::string target;
  std::string test_path;
  std::string parsimony = "0.0001";
  std::size_t population = 5000;
  int generations = 20;
  std::uint64_t seed = 0;
  std::string format = "text";
};

struct Dataset {
  std::vector<std::string> names;  // the variables, in the file's column order
  Eigen::MatrixXd x;
  Eigen::VectorXd y;
};

double read_cell(const std::string& cell, const std::string& where) {
  char* end = nullptr;
  const double v = std::strtod(cell.c_str(), &end);
  if (cell.empty())
    throw invalid_input(where +
                        " is empty; every cell must be a number (remove the row or fill it)");
  if (*end != '\0' || !std::isfinite(v))
    throw invalid_input(where + ": '" + cell +
                        "' is not a finite number; symbolic regression takes numerical "
                        "hyperparameters only (the paper's Appendix C): one-hot encode a "
                        "categorical one into 0/1 columns, or leave it out");
  return v;
}

/// The CSV as variables and target; `names` (when given) fixes the variables and their order.
Dataset read_dataset(const std::string& path, const std::string& target,
                     const std::vector<std::string>& names) {
  const CsvTable table = parse_csv_table(read_text_file(path, "the data"), path);
  if (table.header.empty() || table.rows.empty())
    throw invalid_input(path +
                        ": no data; give a header row naming the columns, then one sample "
                        "per row");
  const int target_column = table.column(target);
  if (target_column < 0) {
    const std::string guess = nearest(target, table.header);
    throw invalid_input(path + ": there is no column '" + target + "' for --target; " +
                        (guess.empty() ? "" : "did you mean '" + guess + "'? ") +
                        "the columns are " + one_of(table.header));
  }
  Dataset data;
  data.names = names;
  if (names.empty()) {
    for (const std::string& column : table.header)
      if (column != target) data.names.push_back(column);
    if (data.names.empty())
      throw invalid_input(path + ": only the target column '" + target +
                          "'; add a column per variable (hyperparameter)");
  } else {
    for (const std::string& column : table.header)
      if (column != target && std::find(names.begin(), names.end(), column) == names.end())
        throw invalid_input(path + ": column '" + column +
                            "' is not in the training data; the test data must have the "
                            "training data's columns " +
                            one_of(names));
  }
  std::vector<int> columns;
  for (const std::string& name : data.names) {
    const int c = table.column(name);
    if (c < 0)
      throw invalid_input(path + ": column '" + name +
                          "' of the training data is missing; the test data must have the same "
                          "columns");
    columns.push_back(c);
  }
  const auto rows = static_cast<Eigen::Index>(table.rows.size());
  data.x.resize(rows, static_cast<Eigen::Index>(columns.size()));
  data.y.resize(rows);
  for (Eigen::Index r = 0; r < rows; ++r) {
    const auto& row = table.rows[static_cast<std::size_t>(r)];
    // The line the sample is on in the file, as every CSV message says (blank lines count).
    const std::string where =
        path + ": line " + std::to_string(table.lines[static_cast<std::size_t>(r)]) + ", column '";
    for (std::size_t k = 0; k < columns.size(); ++k)
      data.x(r, static_cast<Eigen::Index>(k)) =
          read_cell(row[static_cast<std::size_t>(columns[k])], where + data.names[k] + "'");
    data.y(r) = read_cell(row[static_cast<std::size_t>(target_column)], where + target + "'");
  }
  return data;
}

std::vector<double> parsimony_values(const std::string& text) {
  if (text == "paper") return paper_parsimony_values();
  std::vector<double> values;
  std::stringstream items(text);
  std::string item;
  while (std::getline(items, item, ',')) {
    char* end = nullptr;
    const double v = std::strtod(item.c_str(), &end);
    if (item.empty() || *end != '\0' || !(v >= 0.0) || !std::isfinite(v))
      throw invalid_input("--parsimony '" + text +
                          "': give numbers >= 0 separated by commas (e.g. 0.0001,0.001,0.01) or "
                          "'paper' for the paper's 12 values");
    values.push_back(v);
  }
  if (values.empty()) throw invalid_input("--parsimony is empty; e.g. --parsimony 0.0001");
  return values;
}

nlohmann::json fit_one(const Dataset& train, const Dataset* test, const SymbolicOptions& options,
                       double parsimony, FormulaScore& score) {
  RegressorSettings settings;
  settings.population = options.population;
  settings.generations = options.generations;
  settings.parsimony = parsimony;
  const auto start = std::chrono::steady_clock::now();
  const FitResult fit = fit_symbolic_regression(train.x, train.y, settings, options.seed);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const ExprPtr formula = simplify_program(fit.program, train.names);
  nlohmann::json out;
  out["formula"] = to_text(*formula);
  out["latex"] = to_latex(*formula);
  out["operations"] = count_ops(*formula);
  out["length"] = fit.program.size();
  out["train_rmse"] = fit.train_rmse;
  out["test_rmse"] = nullptr;
  score = {parsimony, count_ops(*formula), fit.train_rmse};
  if (test) {
    Evaluator evaluator;
    const double rmse = evaluator.rmse(fit.program, test->x, test->y);
    out["test_rmse"] = rmse;
    score.rmse = rmse;
  }
  out["seconds"] = seconds;
  out["parsimony"] = parsimony;
  out["program"] = to_prefix_string(fit.program, train.names, true);
  out["tree"] = to_json(*formula);
  return out;
}

std::string number(const nlohmann::json& value) {
  return value.is_null() ? "-" : shortest_number(value.get<double>());
}

int run_symbolic(const SymbolicOptions& options, const Streams& io) {
  if (options.format != "text" && options.format != "json")
    throw invalid_input("unknown --format '" + options.format + "'; use text or json");
  const std::vector<double> values = parsimony_values(options.parsimony);
  RegressorSettings check;
  check.population = options.population;
  check.generations = options.generations;
  check_settings(check);
  const Dataset train = read_dataset(options.data_path, options.target, {});
  Dataset test;
  if (!options.test_path.empty())
    test = read_dataset(options.test_path, options.target, train.names);
  const Dataset* test_data = options.test_path.empty() ? nullptr : &test;

  std::vector<nlohmann::json> fits;
  std::vector<FormulaScore> scores(values.size());
  for (std::size_t i = 0; i < values.size(); ++i)
    fits.push_back(fit_one(train, test_data, options, values[i], scores[i]));

  if (fits.size() == 1) {
    nlohmann::json& fit = fits[0];
    if (options.format == "json") {
      io.out << fit.dump(2) << "\n";
      return to_int(ExitCode::success);
    }
    io.out << "formula     " << fit["formula"].get<std::string>() << "\n"
           << "latex       " << fit["latex"].get<std::string>() << "\n"
           << "operations  " << fit["operations"] << "\n"
           << "length      " << fit["length"] << "\n"
           << "train_rmse  " << number(fit["train_rmse"]) << "\n"
           << "test_rmse   " << number(fit["test_rmse"]) << "\n"
           << "seconds     " << number(fit["seconds"]) << "\n";
    return to_int(ExitCode::success);
  }

  const std::vector<std::size_t> front = pareto_front(scores);
  const std::size_t elbow = elbow_index(scores);
  if (options.format == "json") {
    nlohmann::json out;
    out["fits"] = fits;
    out["pareto_front"] = front;
    out["elbow"] = elbow;
    out["rmse_of"] = test_data ? "test" : "train";
    io.out << out.dump(2) << "\n";
    return to_int(ExitCode::success);
  }
  io.out << "parsimony   operations  length  train_rmse  test_rmse  front  elbow  formula\n";
  for (std::size_t i = 0; i < fits.size(); ++i) {
    char line[160];
    std::snprintf(
        line, sizeof line, "%-11s %10d  %6zu  %10s  %9s  %5s  %5s  ",
        shortest_number(values[i]).c_str(), scores[i].operations,
        fits[i]["length"].get<std::size_t>(), number(fits[i]["train_rmse"]).substr(0, 10).c_str(),
        number(fits[i]["test_rmse"]).substr(0, 9).c_str(),
        std::find(front.begin(), front.end(), i) != front.end() ? "*" : "", i == elbow ? "<" : "");
    io.out << line << fits[i]["formula"].get<std::string>() << "\n";
  }
  io.out << "front: the Pareto front of operations and " << (test_data ? "test" : "train")
         << " RMSE; elbow: the paper's stop point (Appendix A)\n";
  return to_int(ExitCode::success);
}

}  // namespace

void add_symbolic_command(CLI::App& app, Action& chosen) {
  auto options = std::make_shared<SymbolicOptions>();
  auto job = std::make_shared<SymbolicJobOptions>();
  CLI::App* sub = app.add_subcommand(
      "symbolic",
      "Symbolic regression (gplearn's genetic programming, the paper's setting) of one CSV "
      "column on the others: a formula, its operations and RMSE; or the [symbolic.NAME] tables of "
      "a job (the paper's Table 1)");
  sub->add_option("JOB", job->job_path,
                  "A job file with [symbolic.NAME] tables (instead of --data)");
  sub->add_option("--data", options->data_path,
                  "Training CSV: a header row, then one sample per row, numbers only");
  sub->add_option("--target", options->target, "The column to explain (the cost)");
  sub->add_option("--table", job->tables, "JOB: run only this table (repeatable)");
  sub->add_option("--set", job->overrides,
                  "JOB: override a key of the job file: --set key.path=value (repeatable)");
  sub->add_option("-o,--report", job->report_dir,
                  "JOB: also write DIR/symbolic.html: landscapes, elbow plots, formulas");
  sub->add_flag("--no-store", job->no_store, "JOB: print only; leave the job's store alone");
  sub->add_flag("--stored", job->stored,
                "JOB: print (and draw) the results stored by an earlier run; fit nothing");
  sub->add_option("--test", options->test_path, "Test CSV with the same columns: test_rmse");
  sub->add_option("--parsimony", options->parsimony,
                  "Parsimony coefficient, or several separated by commas for a sweep (Pareto "
                  "front and elbow), or 'paper' for the paper's 12 values")
      ->capture_default_str();
  sub->add_option("--population", options->population, "Programs per generation")
      ->capture_default_str();
  sub->add_option("--generations", options->generations, "Generations")->capture_default_str();
  sub->add_option("--seed", options->seed,
                  "Random seed: the result depends only on it and the data")
      ->capture_default_str();
  sub->add_option("--format", options->format, "text or json")->capture_default_str();
  sub->callback([&chosen, options, job] {
    if (!job->job_path.empty()) {
      if (!options->data_path.empty()) throw CLI::ValidationError("give a JOB or --data, not both");
      job->format = options->format;
      chosen = [job](const Streams& io) { return run_symbolic_job(*job, io); };
      return;
    }
    if (options->data_path.empty() || options->target.empty())
      throw CLI::RequiredError("--data and --target (or a JOB)");
    chosen = [options](const Streams& io) { return run_symbolic(*options, io); };
  });
}

}  // namespace hypershap::cli
