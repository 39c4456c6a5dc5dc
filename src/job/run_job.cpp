#include "hypershap/job/run_job.hpp"

#include <cstdint>
#include <limits>
#include <optional>

#include "hypershap/job/game_setup.hpp"
#include "hypershap/job/job_file.hpp"
#include "hypershap/job/job_identity.hpp"
#include "hypershap/job/model_setup.hpp"
#include "hypershap/models/model_checks.hpp"

namespace hypershap {

namespace {

/// What the store's /model group keeps of the job's model: its fit when it was fitted on a run
/// history, and what every report needs (the metric, its direction, λ⁰'s value).
StoredModelFit model_fit_record(const JobSpec& job, const PerformanceModel& model) {
  StoredModelFit record;
  record.kind = std::string(name_of(job.model.kind));
  record.description = model.describe();
  record.metric = model.metric();
  record.maximize = model.maximize();
  record.negated = !model.maximize();  // the games' values are performance, larger is better
  record.baseline_value = std::numeric_limits<double>::quiet_NaN();
  // λ⁰ is one evaluation, except of a command model, where it runs the user's program
  if (job.model.kind != ModelKind::command) {
    const Configuration baseline = pinned_baseline(job, model.space());
    ConfigurationMatrix row(1, model.space().size());
    row.row(0) = baseline;
    Eigen::VectorXd value(1);
    model.evaluate(row, value);
    record.baseline_value = value(0);
  }
  if (const std::optional<ModelFit> fit = model.fit()) {
    record.fitted = true;
    record.runs = static_cast<std::int64_t>(fit->runs);
    for (const auto& [reason, count] : fit->dropped) {
      record.dropped_reasons.emplace_back(reason, static_cast<std::int64_t>(count));
      record.dropped += static_cast<std::int64_t>(count);
    }
    record.numbers = fit->numbers;
    record.notes = fit->notes;
  }
  return record;
}

}  // namespace

int run_job(const JobSpec& job, const Communicator& comm, const RunOptions& options,
            std::ostream& out, std::ostream& err) {
  RunRequest request;
  request.label = job.file.filename().string();
  request.output = job.output;
  request.description = resolved_job_text(job);
  request.identity = job_identity(job);
  request.explain = job.explain;
  request.assemble = [&job] {
    const std::shared_ptr<const PerformanceModel> model = load_model(job);
    RunGames run;
    run.configuration_space_json = model->space_json();
    run.model_notes.push_back("model: " + model->describe() + "; " +
                              metric_direction(model->metric(), model->maximize()));
    for (const std::string& line : model->diagnostics()) run.model_notes.push_back("  " + line);
    run.model_fit = model_fit_record(job, *model);
    for (const GameSettings& settings : job.games)
      run.games.push_back(make_game(job, settings, model));
    return run;
  };
  return run_games(request, comm, options, out, err);
}

}  // namespace hypershap
