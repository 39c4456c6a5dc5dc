#include "hypershap/service/optimize_runner.hpp"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <ostream>

#include "hypershap/core/error.hpp"
#include "hypershap/service/progress.hpp"
#include "hypershap/service/stop_signal.hpp"
#include "hypershap/store/store.hpp"
#include "hypershap/store/trial_history.hpp"

namespace hypershap {

namespace {

int code_of(const std::exception& e) {
  if (const auto* error = dynamic_cast<const Error*>(&e)) return to_int(error->code());
  if (dynamic_cast<const std::bad_alloc*>(&e) != nullptr) return to_int(ExitCode::resource_limit);
  return to_int(ExitCode::internal_error);
}

/// Runs `step`; every rank learns the worst exit code of all ranks (as `hypershap run` does).
template <class Step>
int agreed(const Communicator& comm, std::ostream& err, Step&& step) {
  int code = 0;
  try {
    step();
  } catch (const std::exception& e) {
    code = code_of(e);
    err << "hypershap: " << (code == to_int(ExitCode::internal_error) ? "internal error" : "error")
        << (comm.size() > 1 ? " on rank " + std::to_string(comm.rank()) : std::string()) << ": "
        << e.what() << "\n"
        << std::flush;
  }
  return comm.max(code);
}

std::string number(double x) {
  char text[32];
  std::snprintf(text, sizeof text, "%.6g", x);
  return text;
}

/// The master's whole run; returns whether a signal stopped it.
bool run_trials(const OptimizeRequest& request, const OptimizeRunOptions& options,
                std::ostream& out, std::ostream& err) {
  const OptimizeSetup setup = request.assemble();
  const std::shared_ptr<const PerformanceModel>& model = setup.model;
  const std::shared_ptr<const ConfigurationSpace> space(model, &model->space());
  const bool maximize = setup.maximize;
  Optimizer* const optimizer = setup.optimizer.get();
  const Configuration& baseline = setup.baseline;
  const std::vector<int>& tuned = setup.tuned;
  const bool blend = static_cast<int>(tuned.size()) < space->size();

  std::error_code ec;
  std::filesystem::create_directories(request.output.parent_path(), ec);
  if (ec)
    throw io_error("cannot create the folder " + request.output.parent_path().string() +
                   " for the store (" + ec.message() + "); set [job] output to a writable place");
  StoreWriter writer(request.output,
                     JobDescription{request.description, model->space_json(), request.identity},
                     {});
  TrialHistoryInfo info;
  info.optimizer = request.optimizer;
  info.budget = request.trials;
  info.seed = request.seed;
  info.metric = model->metric();
  info.maximize = maximize;
  for (const Hyperparameter& hp : space->hyperparameters()) info.hyperparameters.push_back(hp.name);
  info.snapshots.assign(request.snapshots.begin(), request.snapshots.end());
  TrialHistoryWriter trials(writer, info);

  const StoredTrials stored = trials.read();
  std::vector<Trial> history;
  const auto d = static_cast<std::size_t>(space->size());
  for (std::size_t t = 0; t < stored.count(); ++t) {
    Trial trial;
    trial.configuration = Eigen::Map<const Configuration>(stored.configurations.data() + t * d,
                                                          static_cast<Eigen::Index>(d));
    trial.cost = stored.cost[t];
    trial.seconds = stored.seconds[t];
    history.push_back(std::move(trial));
  }
  std::int64_t best = stored.count() > 0 ? stored.incumbent.back() : -1;
  const auto budget = static_cast<std::size_t>(request.trials);
  out << "hypershap optimize: " << request.label << " -> " << request.output.string()
      << (writer.created() ? " (new)"
                           : " (resumed: " + std::to_string(history.size()) + " of " +
                                 std::to_string(budget) + " trials done)")
      << "; " << request.optimizer << ", seed " << request.seed << ", "
      << (maximize ? "maximizing " : "minimizing ") << model->metric() << " of "
      << model->describe() << "\n"
      << std::flush;

  std::unique_ptr<Progress> progress;
  if (options.progress)
    progress = std::make_unique<Progress>(err, isatty(STDERR_FILENO) != 0, 5.0, "trials");
  double seconds = 0.0;
  std::size_t evaluated = 0;
  bool stopped = false;
  ConfigurationMatrix batch(1, space->size());
  Eigen::VectorXd value(1);
  while (history.size() < budget) {
    if (stop_requested()) {
      stopped = true;
      break;
    }
    const std::size_t t = history.size();
    Configuration proposal = optimizer->propose(history);
    if (blend) {
      Eigen::RowVectorXd blended(space->size());
      space->blend_into(proposal, baseline, grand_coalition(static_cast<int>(tuned.size())), tuned,
                        blended);
      proposal = blended;
    }
    batch.row(0) = proposal;
    const auto start = std::chrono::steady_clock::now();
    try {
      model->evaluate(batch, value);
    } catch (const Error& e) {
      // a stop while the command objective ran: that trial is dropped (the command was killed)
      // and proposed again on resume, as the proposal depends only on the stored history
      if (e.code() == ExitCode::requeue) {
        stopped = true;
        break;
      }
      throw Error(e.code(), "trial " + std::to_string(t) + ": " + e.what() + "\n(the " +
                                std::to_string(t) + " trials stored in " + request.output.string() +
                                " stay; run the same command again to continue once the cause "
                                "is fixed)");
    }
    const double elapsed =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    TrialRecord record;
    record.configuration.assign(proposal.data(), proposal.data() + proposal.size());
    record.objective = value(0);
    record.cost = maximize ? -value(0) : value(0);
    record.seconds = elapsed;
    trials.append({record});
    history.push_back({proposal, record.cost, elapsed});
    if (!std::isnan(record.cost) &&
        (best < 0 || record.cost < history[static_cast<std::size_t>(best)].cost))
      best = static_cast<std::int64_t>(t);
    seconds += elapsed;
    ++evaluated;

    const auto done = history.size();
    const std::string best_text =
        best < 0 ? std::string("no successful trial yet")
                 : "best " + model->metric() + " " +
                       number(maximize ? -history[static_cast<std::size_t>(best)].cost
                                       : history[static_cast<std::size_t>(best)].cost);
    if (progress) {
      progress->set_detail(best_text + ", " + number(seconds / static_cast<double>(evaluated)) +
                           " s/trial");
      progress->update(done, budget);
    }
    if (std::binary_search(request.snapshots.begin(), request.snapshots.end(),
                           static_cast<int>(done)))
      out << "snapshot at " << done << " trials: " << best_text
          << (best < 0 ? std::string() : " (trial " + std::to_string(best) + ")") << "\n"
          << std::flush;
  }
  if (progress) progress->finish(history.size(), budget);
  writer.close();
  if (stopped) {
    err << "hypershap: stopped by a signal; " << history.size() << " of " << budget
        << " trials are stored in " << request.output.string()
        << ". Run the same command again to continue (exit code " << to_int(ExitCode::requeue)
        << ").\n";
    return true;
  }
  if (best >= 0) {
    const Trial& b = history[static_cast<std::size_t>(best)];
    out << "best: " << model->metric() << " = " << number(maximize ? -b.cost : b.cost)
        << " at trial " << best << ": " << space->to_text(b.configuration) << "\n";
  } else {
    out << "best: none (every trial failed)\n";
  }
  out << "store: " << request.output.string() << " (" << history.size() << " trials)\n";
  return false;
}

}  // namespace

int run_optimization(const OptimizeRequest& request, const Communicator& comm,
                     const OptimizeRunOptions& options, std::ostream& out, std::ostream& err) {
  install_stop_handlers();
  bool stopped = false;
  const int code = agreed(comm, err, [&] {
    // Rank 0 proposes and evaluates (Bayesian optimization is sequential); the other ranks wait
    // for the exit code all ranks agree on.
    if (comm.is_master()) stopped = run_trials(request, options, out, err);
  });
  if (code != 0) return code;
  return comm.max(stopped ? 1 : 0) != 0 ? to_int(ExitCode::requeue) : to_int(ExitCode::success);
}

}  // namespace hypershap
