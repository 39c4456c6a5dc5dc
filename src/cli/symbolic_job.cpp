// `hypershap symbolic JOB [--table NAME]... [--set k=v]... [--format text|json] [-o DIR]
// [--no-store | --stored]`: runs the job's [symbolic.NAME] tables (job/symbolic_run plans them,
// service/symbolic_runner spreads the fits over the MPI ranks and stores each as it arrives, a
// rerun skipping what is stored), and prints the paper's
// Table 1 shape: one row per instance, the test RMSE (mean ± std over sampling seeds × SR seeds)
// of SR on each table's training set, the GP baseline and the linear regression.

#include "symbolic_job.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <ostream>

#include "hypershap/core/error.hpp"
#include "hypershap/core/suggest.hpp"
#include "hypershap/job/job_file.hpp"
#include "hypershap/job/model_setup.hpp"
#include "hypershap/job/symbolic_run.hpp"
#include "hypershap/parallel/communicator.hpp"
#include "hypershap/report/symbolic_figures.hpp"
#include "hypershap/store/symbolic_results.hpp"

namespace hypershap::cli {

namespace {

using symbolic::ExplanationResults;
using symbolic::MeanStd;

std::string cell(const MeanStd& m) {
  if (m.count == 0 || !std::isfinite(m.mean)) return "-";
  char text[48];
  if (std::isfinite(m.std))
    std::snprintf(text, sizeof text, "%.3f ± %.3f", m.mean, m.std);
  else
    std::snprintf(text, sizeof text, "%.3f", m.mean);
  return text;
}

std::string column_title(const ExplanationResults& r) {
  static const std::vector<std::pair<std::string, std::string>> paper = {
      {"bo", "SR (BO)"},
      {"random", "SR (Random)"},
      {"surrogate", "SR (BO-GP)"},
      {"partial-dependence", "SR (PD)"}};
  for (const auto& [training, title] : paper)
    if (r.training == training) return title + " " + r.name;
  return r.name;
}

/// The table whose baselines the GP and linear-regression columns show: the paper fits the linear
/// regression on SR (BO-GP)'s samples, and the GP is the one fitted on the BO samples.
const ExplanationResults* baseline_source(const std::vector<ExplanationResults>& results) {
  for (const char* training : {"surrogate", "bo", "random", "partial-dependence"})
    for (const ExplanationResults& r : results)
      if (r.training == training) return &r;
  return nullptr;
}

std::vector<std::string> instances_of(const std::vector<ExplanationResults>& results) {
  std::vector<std::string> out;
  for (const ExplanationResults& r : results)
    for (const auto& l : r.landscapes)
      if (std::find(out.begin(), out.end(), l.instance) == out.end()) out.push_back(l.instance);
  return out;
}

void print_table1(const std::vector<ExplanationResults>& results, std::ostream& out) {
  const ExplanationResults* base = baseline_source(results);
  std::vector<std::string> header = {"instance"};
  for (const ExplanationResults& r : results) header.push_back(column_title(r));
  header.push_back("GP baseline");
  header.push_back("Linear regression");
  std::vector<std::vector<std::string>> rows;
  std::vector<std::vector<double>> means(header.size());
  for (const std::string& instance : instances_of(results)) {
    std::vector<std::string> row = {instance.empty() ? "-" : instance};
    std::size_t c = 1;
    for (const ExplanationResults& r : results) {
      const MeanStd m = symbolic::test_rmse_of(r, instance, r.parsimony.front());
      row.push_back(cell(m));
      if (m.count > 0) means[c].push_back(m.mean);
      ++c;
    }
    const MeanStd gp = base ? symbolic::gp_rmse_of(*base, instance) : MeanStd{};
    const MeanStd linear = base ? symbolic::linear_rmse_of(*base, instance) : MeanStd{};
    row.push_back(cell(gp));
    if (gp.count > 0) means[c].push_back(gp.mean);
    row.push_back(cell(linear));
    if (linear.count > 0) means[c + 1].push_back(linear.mean);
    rows.push_back(std::move(row));
  }
  if (rows.size() > 1) {
    std::vector<std::string> average = {"Average"};
    for (std::size_t c = 1; c < header.size(); ++c) {
      char text[32];
      std::snprintf(text, sizeof text, "%.4f", symbolic::mean_std(means[c]).mean);
      average.push_back(means[c].empty() ? "-" : text);
    }
    rows.push_back(std::move(average));
  }
  std::vector<std::size_t> width(header.size());
  const auto length = [](const std::string& s) {  // code points (± is two bytes)
    std::size_t n = 0;
    for (const char ch : s) n += (static_cast<unsigned char>(ch) & 0xC0) != 0x80 ? 1 : 0;
    return n;
  };
  for (std::size_t c = 0; c < header.size(); ++c) {
    width[c] = length(header[c]);
    for (const auto& row : rows) width[c] = std::max(width[c], length(row[c]));
  }
  const auto print = [&](const std::vector<std::string>& row) {
    for (std::size_t c = 0; c < row.size(); ++c)
      out << row[c] << std::string(width[c] - length(row[c]) + 2, ' ');
    out << "\n";
  };
  print(header);
  for (const auto& row : rows) print(row);
}

void print_formulas(const std::vector<ExplanationResults>& results, std::ostream& out) {
  for (const ExplanationResults& r : results) {
    for (const auto& l : r.landscapes) {
      if (l.chosen_fit >= r.fits.size()) continue;
      const auto& f = r.fits[l.chosen_fit];
      char line[160];
      std::snprintf(line, sizeof line,
                    "  (parsimony %g: %d operations, length %zu, test RMSE %.4g)", f.parsimony,
                    f.operations, f.length, f.test_rmse);
      out << r.name << (l.instance.empty() ? "" : " " + l.instance) << ": " << f.formula << line
          << "\n";
      if (r.parsimony.size() > 1) {
        const auto sweep = symbolic::parsimony_sweep(r, l.instance);
        const std::size_t elbow = symbolic::sweep_elbow(sweep);
        out << "  parsimony sweep (mean operations, mean test RMSE):";
        for (std::size_t k = 0; k < sweep.size(); ++k) {
          std::snprintf(line, sizeof line, " %g: %.1f, %.4g%s", sweep[k].parsimony,
                        sweep[k].operations, sweep[k].rmse, k == elbow ? " <elbow" : "");
          out << (k > 0 ? ";" : "") << line;
        }
        out << "\n  Pareto front (operations, test RMSE):";
        for (const std::size_t i : symbolic::fit_pareto_front(r, l.instance)) {
          std::snprintf(line, sizeof line, " (%d, %.4g)", r.fits[i].operations,
                        r.fits[i].test_rmse);
          out << line;
        }
        out << "\n";
      }
    }
  }
}

nlohmann::json to_json(const ExplanationResults& r) {
  nlohmann::json fits = nlohmann::json::array();
  const auto number = [](double v) { return std::isfinite(v) ? nlohmann::json(v) : nullptr; };
  for (const auto& f : r.fits)
    fits.push_back({{"instance", f.instance},
                    {"repetition", f.repetition},
                    {"sr_seed", f.sr_seed},
                    {"parsimony", f.parsimony},
                    {"formula", f.formula},
                    {"latex", f.latex},
                    {"program", f.program},
                    {"operations", f.operations},
                    {"length", f.length},
                    {"train_rmse", number(f.train_rmse)},
                    {"test_rmse", number(f.test_rmse)},
                    {"seconds", f.seconds}});
  nlohmann::json instances = nlohmann::json::array();
  for (const auto& l : r.landscapes) {
    const auto rmse = symbolic::test_rmse_of(r, l.instance, r.parsimony.front());
    const auto gp = symbolic::gp_rmse_of(r, l.instance);
    const auto linear = symbolic::linear_rmse_of(r, l.instance);
    nlohmann::json sweep = nlohmann::json::array();
    const auto points = symbolic::parsimony_sweep(r, l.instance);
    for (const auto& p : points)
      sweep.push_back({{"parsimony", p.parsimony},
                       {"operations", p.operations},
                       {"test_rmse", number(p.rmse)}});
    instances.push_back(
        {{"instance", l.instance},
         {"test_rmse", {{"mean", number(rmse.mean)}, {"std", number(rmse.std)}}},
         {"gp_rmse", {{"mean", number(gp.mean)}, {"std", number(gp.std)}}},
         {"linear_rmse", {{"mean", number(linear.mean)}, {"std", number(linear.std)}}},
         {"chosen_fit", l.chosen_fit},
         {"sweep", sweep},
         {"elbow",
          points.empty() ? nlohmann::json(nullptr) : nlohmann::json(symbolic::sweep_elbow(points))},
         {"pareto_front", symbolic::fit_pareto_front(r, l.instance)}});
  }
  return {{"name", r.name},
          {"training", r.training},
          {"model", r.model},
          {"metric", r.metric},
          {"cost_offset", r.cost_offset},
          {"cost_scale", r.cost_scale},
          {"players", r.players},
          {"parsimony", r.parsimony},
          {"population", r.population},
          {"generations", r.generations},
          {"seconds", r.seconds},
          {"instances", instances},
          {"fits", fits}};
}

}  // namespace

int run_symbolic_job(const SymbolicJobOptions& options, const Streams& io) {
  if (options.format != "text" && options.format != "json")
    throw invalid_input("unknown --format '" + options.format + "'; use text or json");
  if (options.stored && options.no_store)
    throw invalid_input("--stored reads the store and --no-store leaves it alone; give one");
  const JobSpec job = read_job_file(options.job_path, options.overrides);
  if (job.symbolic.empty())
    throw invalid_input(options.job_path +
                        ": the job has no [symbolic.NAME] table; add one, e.g. [symbolic.gp] "
                        "training = \"surrogate\" players = [\"a\", \"b\"]");
  std::vector<std::string> names;
  for (const SymbolicSpec& s : job.symbolic) names.push_back(s.name);
  for (const std::string& t : options.tables)
    if (std::find(names.begin(), names.end(), t) == names.end()) {
      const std::string guess = nearest(t, names);
      throw invalid_input(options.job_path + ": there is no [symbolic." + t + "] for --table; " +
                          (guess.empty() ? "" : "did you mean '" + guess + "'? ") +
                          "the tables are " + one_of(names));
    }
  const auto chosen = [&](const std::string& name) {
    return options.tables.empty() ||
           std::find(options.tables.begin(), options.tables.end(), name) != options.tables.end();
  };

  std::vector<ExplanationResults> results;
  if (options.stored) {
    for (ExplanationResults& r : read_symbolic_results(job.output))
      if (chosen(r.name)) results.push_back(std::move(r));
    if (results.empty())
      throw invalid_input(job.output.string() +
                          ": no symbolic explanations stored for these tables; run `hypershap "
                          "symbolic " +
                          options.job_path + "` first");
  } else {
    if (!options.no_store) {  // fail before the fits, not after them
      std::error_code ec;
      std::filesystem::create_directories(job.output.parent_path(), ec);
      if (ec)
        throw io_error("cannot create the folder " + job.output.parent_path().string() +
                       " for the store (" + ec.message() +
                       "); set [job] output to a writable place or give --no-store");
    }
    SymbolicStudyRequest request = symbolic_study_request(job, options.tables, !options.no_store);
    request.progress = [&io](const std::string& line) {
      io.err << "hypershap symbolic: " << line << "\n" << std::flush;
    };
    // Without an MPI launcher hypershap runs alone without initialising MPI (as `run` does); under
    // mpiexec or srun the fits are spread over the ranks and rank 0 prints.
    bool launched = false;
    for (const char* variable : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK", "PMI_SIZE"})
      launched = launched || std::getenv(variable) != nullptr;
    SymbolicStudyReport report;
    if (!launched) {
      const auto comm = make_serial_communicator();
      report = run_symbolic_study(request, *comm, io.err);
    } else {
      int argc = 0;
      char** argv = nullptr;
      MpiSession session(argc, argv);
      const auto comm = make_mpi_communicator();
      report = run_symbolic_study(request, *comm, io.err);
      if (!comm->is_master()) return report.code;
    }
    if (report.code != 0) return report.code;
    if (report.fits_skipped > 0)
      io.err << "hypershap symbolic: " << report.fits_skipped << " fits were stored already, "
             << report.fits_written << " fitted now\n";
    results = std::move(report.tables);
  }
  if (!options.report_dir.empty())
    report::write_symbolic_report(results, options.report_dir,
                                  "Symbolic explanations: " + job.name);
  if (options.format == "json") {
    nlohmann::json out = nlohmann::json::array();
    for (const ExplanationResults& r : results) out.push_back(to_json(r));
    io.out << out.dump(2) << "\n";
    return to_int(ExitCode::success);
  }
  const ExplanationResults& first = results.front();
  io.out << "Symbolic explanations of " << first.model << "\n"
         << "cost = " << first.cost_offset << " + " << first.cost_scale << " × " << first.metric
         << "; test RMSE on the " << first.landscapes.front().axes.front().size()
         << "-point grid per hyperparameter (";
  for (std::size_t i = 0; i < first.players.size(); ++i)
    io.out << (i ? " × " : "") << first.players[i];
  io.out << "), mean ± std over sampling seeds × SR seeds\n";
  print_table1(results, io.out);
  print_formulas(results, io.out);
  if (!options.no_store && !options.stored)
    io.out << "store: " << job.output.string() << " (/symbolic)\n";
  return to_int(ExitCode::success);
}

}  // namespace hypershap::cli
