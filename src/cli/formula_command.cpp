// `hypershap formula EXPR [--at NAME=V,NAME=V]... [--format text|json]`: a formula in gplearn's
// prefix form or in infix, made readable (the paper's simplification), with its operation count
// (SymPy's count_ops), gplearn's program length and its values with gplearn's protections.

#include <cstdlib>
#include <map>
#include <nlohmann/json.hpp>
#include <ostream>
#include <sstream>

#include "command.hpp"
#include "hypershap/core/error.hpp"
#include "hypershap/core/suggest.hpp"
#include "hypershap/symbolic/count_ops.hpp"
#include "hypershap/symbolic/evaluator.hpp"
#include "hypershap/symbolic/expression.hpp"
#include "hypershap/symbolic/formula_parser.hpp"
#include "hypershap/symbolic/formula_text.hpp"

namespace hypershap::cli {

namespace {

using namespace hypershap::symbolic;

struct FormulaOptions {
  std::string formula;
  std::vector<std::string> points;  // each "NAME=V,NAME=V"
  std::string format = "text";
};

/// One --at point as a row of values in the order of the formula's variables.
Eigen::MatrixXd read_point(const std::string& text, const std::vector<std::string>& names) {
  Eigen::MatrixXd row =
      Eigen::MatrixXd::Constant(1, static_cast<Eigen::Index>(names.size()), std::nan(""));
  std::stringstream items(text);
  std::string item;
  while (std::getline(items, item, ',')) {
    const std::size_t equals = item.find('=');
    const std::string name = item.substr(0, equals);
    if (equals == std::string::npos || name.empty())
      throw invalid_input("--at '" + text +
                          "': write NAME=VALUE pairs separated by commas, e.g. --at x0=0.5,x1=2");
    std::size_t index = names.size();
    for (std::size_t i = 0; i < names.size(); ++i)
      if (names[i] == name) index = i;
    if (index == names.size()) {
      const std::string guess = nearest(name, names);
      throw invalid_input("--at '" + text + "': '" + name + "' is not a variable of the formula; " +
                          (guess.empty() ? "" : "did you mean '" + guess + "'? ") +
                          (names.empty() ? std::string("the formula has no variables")
                                         : "its variables are " + one_of(names)));
    }
    const std::string value = item.substr(equals + 1);
    char* end = nullptr;
    const double v = std::strtod(value.c_str(), &end);
    if (value.empty() || *end != '\0' || !std::isfinite(v))
      throw invalid_input("--at '" + text + "': the value of '" + name +
                          "' is not a finite number");
    row(0, static_cast<Eigen::Index>(index)) = v;
  }
  for (std::size_t i = 0; i < names.size(); ++i)
    if (std::isnan(row(0, static_cast<Eigen::Index>(i))))
      throw invalid_input("--at '" + text + "': give a value for '" + names[i] +
                          "' too (every variable of the formula needs one)");
  return row;
}

int run_formula(const FormulaOptions& options, const Streams& io) {
  if (options.format != "text" && options.format != "json")
    throw invalid_input("unknown --format '" + options.format + "'; use text or json");
  const ParsedFormula parsed = parse_formula(options.formula, "formula");
  const ExprPtr given = program_expression(parsed.program, parsed.names);
  const ExprPtr readable = simplify_program(parsed.program, parsed.names);
  Evaluator evaluator;
  nlohmann::json values = nlohmann::json::array();
  for (const std::string& point : options.points) {
    const Eigen::MatrixXd row = read_point(point, parsed.names);
    values.push_back(evaluator.predict(parsed.program, row)(0));
  }

  nlohmann::json out;
  out["input"] = options.formula;
  out["program"] = to_prefix_string(parsed.program, parsed.names, true);
  out["simplified"] = to_text(*readable);
  out["latex"] = to_latex(*readable);
  out["operations"] = count_ops(*readable);
  out["operations_input"] = count_ops(*given);
  out["length"] = parsed.program.size();
  out["values"] = values;
  out["tree"] = to_json(*readable);
  if (options.format == "json") {
    io.out << out.dump(2) << "\n";
    return to_int(ExitCode::success);
  }
  io.out << "input             " << options.formula << "\n"
         << "program           " << out["program"].get<std::string>() << "\n"
         << "simplified        " << out["simplified"].get<std::string>() << "\n"
         << "latex             " << out["latex"].get<std::string>() << "\n"
         << "operations        " << out["operations"] << "\n"
         << "operations_input  " << out["operations_input"] << "\n"
         << "length            " << out["length"] << "\n";
  for (std::size_t i = 0; i < options.points.size(); ++i)
    io.out << "value at " << options.points[i] << "  " << shortest_number(values[i].get<double>())
           << "\n";
  return to_int(ExitCode::success);
}

}  // namespace

void add_formula_command(CLI::App& app, Action& chosen) {
  auto options = std::make_shared<FormulaOptions>();
  CLI::App* sub = app.add_subcommand(
      "formula",
      "A symbolic-regression formula made readable: simplified, LaTeX, operations (SymPy's "
      "count_ops), gplearn's length, values");
  sub->add_option("EXPR", options->formula,
                  "gplearn's prefix form 'add(mul(X0, 0.5), sin(X1))' or infix '0.5*x0 + sin(x1)'")
      ->required();
  sub->add_option("--at", options->points,
                  "Evaluate at NAME=V,NAME=V (gplearn's protected functions; repeatable)");
  sub->add_option("--format", options->format, "text or json")->capture_default_str();
  sub->callback([&chosen, options] {
    chosen = [options](const Streams& io) { return run_formula(*options, io); };
  });
}

}  // namespace hypershap::cli
