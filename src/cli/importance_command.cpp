// `hypershap importance JOB [--order K] [--format table|json] [--set key=value ...]`: fANOVA of
// the job's model (and the partial dependence its [importance] table asks for), printed and
// written into the job's store.

#include <cmath>
#include <cstdio>
#include <memory>
#include <nlohmann/json.hpp>
#include <ostream>

#include "command.hpp"
#include "hypershap/core/error.hpp"
#include "hypershap/job/importance_setup.hpp"
#include "hypershap/job/job_file.hpp"
#include "hypershap/job/job_identity.hpp"
#include "hypershap/job/model_setup.hpp"
#include "hypershap/report/importance_figures.hpp"
#include "hypershap/store/importance_results.hpp"

namespace hypershap::cli {

namespace {

struct ImportanceOptions {
  std::string job_path;
  std::vector<std::string> overrides;
  int order = 0;  // 0: the job's (or 2)
  std::string format = "table";
  bool no_store = false;
  std::string report_dir;  // -o: the importance figures
};

std::string joined(const std::vector<std::string>& names, const char* separator) {
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "" : separator) + n;
  return out;
}

void print_table(const ImportanceResults& r, const std::filesystem::path& store,
                 std::ostream& out) {
  char line[256];
  out << "fANOVA of " << r.model << " (" << r.metric << "), order " << r.order << "\n";
  if (r.samples > 0)
    std::snprintf(line, sizeof line,
                  "forest: %d trees on %d random configurations, out-of-bag R² %.3f; ", r.trees,
                  r.samples, r.forest_r2);
  else
    std::snprintf(line, sizeof line, "forest: the model's own %d trees; ", r.trees);
  out << line;
  std::snprintf(line, sizeof line, "total variance %.6g\n", r.total_variance);
  out << line;
  out << "  fraction       std  hyperparameters\n";
  for (const ImportanceTerm& t : r.terms) {
    std::snprintf(line, sizeof line, "  %8.4f  %8.4f  ", t.fraction, t.std);
    out << line << joined(t.names, " × ") << "\n";
  }
  for (const PartialDependence& pd : r.partial_dependence) {
    std::string grid;
    for (const auto& axis : pd.axes)
      grid += (grid.empty() ? "" : "×") + std::to_string(axis.size());
    out << "partial dependence: " << joined(pd.names, " × ") << " (" << grid << " grid)\n";
  }
  std::snprintf(line, sizeof line, "%.3g s", r.seconds);
  if (!store.empty()) out << "store: " << store.string() << " (/importance); ";
  out << line << "\n";
}

nlohmann::json to_json(const ImportanceResults& r) {
  nlohmann::json importances = nlohmann::json::array();
  for (const ImportanceTerm& t : r.terms)
    importances.push_back({{"names", t.names},
                           {"fraction", t.fraction},
                           {"std", t.std},
                           {"total_fraction", t.total_fraction},
                           {"total_std", t.total_std}});
  nlohmann::json pds = nlohmann::json::array();
  for (const PartialDependence& pd : r.partial_dependence)
    pds.push_back({{"names", pd.names},
                   {"axes", pd.axes},
                   {"mean", pd.mean},
                   {"standard_error", pd.standard_error}});
  return {{"total_variance", r.total_variance},
          {"importances", importances},
          {"model", r.model},
          {"metric", r.metric},
          {"players", r.players},
          {"order", r.order},
          {"trees", r.trees},
          {"trees_used", r.trees_used},
          {"samples", r.samples},
          {"forest_oob_r2", std::isfinite(r.forest_r2) ? nlohmann::json(r.forest_r2) : nullptr},
          {"partial_dependence", pds},
          {"seconds", r.seconds}};
}

int run_importance(const ImportanceOptions& options, const Streams& io) {
  const JobSpec job = read_job_file(options.job_path, options.overrides);
  ImportanceSpec spec = job.importance.value_or(ImportanceSpec{});
  if (options.order > 0) spec.order = options.order;
  const auto model = load_model(job);
  const ImportanceResults results = job_importance(job, spec, *model);
  std::filesystem::path store;
  if (!options.no_store) {
    store = job.output;
    write_importance_results(store, job_description(job, model->space_json()), results);
  }
  if (!options.report_dir.empty())
    report::write_importance_report(results, options.report_dir,
                                    "Hyperparameter importance: " + job.name);
  if (options.format == "json")
    io.out << to_json(results).dump(2) << "\n";
  else
    print_table(results, store, io.out);
  return to_int(ExitCode::success);
}

}  // namespace

void add_importance_command(CLI::App& app, Action& chosen) {
  auto options = std::make_shared<ImportanceOptions>();
  CLI::App* sub = app.add_subcommand(
      "importance",
      "fANOVA of the job's model (and the partial dependence of its [importance] table), "
      "stored in the job's store");
  sub->add_option("JOB", options->job_path, "The job file (TOML)")->required();
  sub->add_option("--order", options->order,
                  "Largest subset of hyperparameters (default: [importance] order, or 2)")
      ->check(CLI::Range(1, 8));
  sub->add_option("--format", options->format, "table (default) or json")
      ->check(CLI::IsMember({"table", "json"}));
  sub->add_option("-o,--report", options->report_dir,
                  "Also write DIR/importance.html: the fANOVA bar chart and the PD plots");
  sub->add_flag("--no-store", options->no_store, "Print only; leave the job's store alone");
  sub->add_option("--set", options->overrides,
                  "Override a key of the job file: --set key.path=value (repeatable)");
  sub->callback([&chosen, options] {
    chosen = [options](const Streams& io) { return run_importance(*options, io); };
  });
}

}  // namespace hypershap::cli
