#include "hypershap/service/optimize_runner.hpp"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>
#include <ostream>

#include "hypershap/core/error.hpp"
#include "hypershap/service/progress.hpp"
#include "hypershap/service/scheduler.hpp"
#include "hypershap/service/stop_signal.hpp"
#include "hypershap/store/store.hpp"
#include "hypershap/store/trial_history.hpp"

namespace hypershap {

namespace {

using Clock = std::chrono::steady_clock;

double since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

/// A worker's failure as the master reports it: its message names the rank already.
class RankFailure final : public Error {
 public:
  using Error::Error;
};

/// Runs `step`; every rank learns the worst exit code of all ranks (as `hypershap run` does).
template <class Step>
int agreed(const Communicator& comm, std::ostream& err, Step&& step) {
  int code = 0;
  try {
    step();
  } catch (const std::exception& e) {
    code = exit_code_of(e);
    const bool names_rank = dynamic_cast<const RankFailure*>(&e) != nullptr;
    err << "hypershap: " << (code == to_int(ExitCode::internal_error) ? "internal error" : "error")
        << (comm.size() > 1 && !names_rank ? " on rank " + std::to_string(comm.rank())
                                           : std::string())
        << ": " << e.what() << "\n"
        << std::flush;
  }
  return comm.max(code);
}

std::string number(double x) {
  char text[32];
  std::snprintf(text, sizeof text, "%.6g", x);
  return text;
}

/// A proposal with the hyperparameters that are not tuned set to the baseline's values.
Configuration with_baseline(const OptimizeSetup& setup, Configuration proposal) {
  const ConfigurationSpace& space = setup.model->space();
  if (static_cast<int>(setup.tuned.size()) >= space.size()) return proposal;
  Eigen::RowVectorXd blended(space.size());
  space.blend_into(proposal, setup.baseline, grand_coalition(static_cast<int>(setup.tuned.size())),
                   setup.tuned, blended);
  return blended;
}

/// The master's side of a run: the store, the history read from it and the trials appended to
/// it in order, with the progress and snapshot lines they bring.
class TrialLog {
 public:
  TrialLog(const OptimizeRequest& request, const OptimizeSetup& setup,
           const OptimizeRunOptions& options, std::ostream& out, std::ostream& err)
      : request_(request), setup_(setup), out_(out), err_(err) {
    const PerformanceModel& model = *setup.model;
    const ConfigurationSpace& space = model.space();
    std::error_code ec;
    std::filesystem::create_directories(request.output.parent_path(), ec);
    if (ec)
      throw io_error("cannot create the folder " + request.output.parent_path().string() +
                     " for the store (" + ec.message() + "); set [job] output to a writable place");
    writer_ = std::make_unique<StoreWriter>(
        request.output, JobDescription{request.description, model.space_json(), request.identity},
        std::vector<GameSpec>{});
    TrialHistoryInfo info;
    info.optimizer = request.optimizer;
    info.budget = request.trials;
    info.seed = request.seed;
    info.metric = model.metric();
    info.maximize = setup.maximize;
    for (const Hyperparameter& hp : space.hyperparameters())
      info.hyperparameters.push_back(hp.name);
    info.snapshots.assign(request.snapshots.begin(), request.snapshots.end());
    trials_ = std::make_unique<TrialHistoryWriter>(*writer_, info);

    const StoredTrials stored = trials_->read();
    const auto d = static_cast<std::size_t>(space.size());
    for (std::size_t t = 0; t < stored.count(); ++t) {
      Trial trial;
      trial.configuration = Eigen::Map<const Configuration>(stored.configurations.data() + t * d,
                                                            static_cast<Eigen::Index>(d));
      trial.cost = stored.cost[t];
      trial.seconds = stored.seconds[t];
      history_.push_back(std::move(trial));
    }
    best_ = stored.count() > 0 ? stored.incumbent.back() : -1;
    out << "hypershap optimize: " << request.label << " -> " << request.output.string()
        << (writer_->created() ? " (new)"
                               : " (resumed: " + std::to_string(history_.size()) + " of " +
                                     std::to_string(budget()) + " trials done)")
        << "; " << request.optimizer << ", seed " << request.seed << ", "
        << (setup.maximize ? "maximizing " : "minimizing ") << model.metric() << " of "
        << model.describe() << "\n"
        << std::flush;
    if (options.progress)
      progress_ = std::make_unique<Progress>(err, isatty(STDERR_FILENO) != 0, 5.0, "trials");
  }

  const std::vector<Trial>& history() const { return history_; }
  std::size_t budget() const { return static_cast<std::size_t>(request_.trials); }
  bool complete() const { return history_.size() >= budget(); }

  /// Stores the next trials (numbers history().size(), ...) and flushes them.
  void append(const std::vector<Configuration>& configurations, const std::vector<double>& values,
              const std::vector<double>& seconds) {
    std::vector<TrialRecord> records(configurations.size());
    for (std::size_t i = 0; i < records.size(); ++i) {
      TrialRecord& record = records[i];
      record.configuration.assign(configurations[i].data(),
                                  configurations[i].data() + configurations[i].size());
      record.objective = values[i];
      record.cost = setup_.maximize ? -values[i] : values[i];
      record.seconds = seconds[i];
    }
    trials_->append(records);
    for (std::size_t i = 0; i < records.size(); ++i) {
      const std::size_t t = history_.size();
      history_.push_back({configurations[i], records[i].cost, seconds[i]});
      if (!std::isnan(records[i].cost) &&
          (best_ < 0 || records[i].cost < history_[static_cast<std::size_t>(best_)].cost))
        best_ = static_cast<std::int64_t>(t);
      seconds_ += seconds[i];
      ++evaluated_;
      if (std::binary_search(request_.snapshots.begin(), request_.snapshots.end(),
                             static_cast<int>(t + 1)))
        out_ << "snapshot at " << t + 1 << " trials: " << best_text()
             << (best_ < 0 ? std::string() : " (trial " + std::to_string(best_) + ")") << "\n"
             << std::flush;
    }
    if (progress_) {
      progress_->set_detail(best_text() + ", " +
                            number(seconds_ / static_cast<double>(evaluated_)) + " s/trial");
      progress_->update(history_.size(), budget());
    }
  }

  /// The closing lines: the best trial, or how to continue after a stop (none after a failure,
  /// whose message says what stays).
  void finish(bool failed = false) {
    if (progress_) progress_->finish(history_.size(), budget());
    writer_->close();
    if (failed) return;
    if (!complete()) {
      err_ << "hypershap: stopped by a signal; " << history_.size() << " of " << budget()
           << " trials are stored in " << request_.output.string()
           << ". Run the same command again to continue (exit code " << to_int(ExitCode::requeue)
           << ").\n";
      return;
    }
    if (best_ >= 0) {
      const Trial& b = history_[static_cast<std::size_t>(best_)];
      out_ << "best: " << setup_.model->metric() << " = "
           << number(setup_.maximize ? -b.cost : b.cost) << " at trial " << best_ << ": "
           << setup_.model->space().to_text(b.configuration) << "\n";
    } else {
      out_ << "best: none (every trial failed)\n";
    }
    out_ << "store: " << request_.output.string() << " (" << history_.size() << " trials)\n";
  }

  /// What follows a failure's message.
  std::string kept() const {
    return "\n(the " + std::to_string(history_.size()) + " trials stored in " +
           request_.output.string() +
           " stay; run the same command again to continue once the cause is fixed)";
  }

 private:
  std::string best_text() const {
    if (best_ < 0) return "no successful trial yet";
    const double cost = history_[static_cast<std::size_t>(best_)].cost;
    return "best " + setup_.model->metric() + " " + number(setup_.maximize ? -cost : cost);
  }

  const OptimizeRequest& request_;
  const OptimizeSetup& setup_;
  std::ostream& out_;
  std::ostream& err_;
  std::unique_ptr<StoreWriter> writer_;
  std::unique_ptr<TrialHistoryWriter> trials_;
  std::unique_ptr<Progress> progress_;
  std::vector<Trial> history_;
  std::int64_t best_ = -1;
  double seconds_ = 0.0;
  std::size_t evaluated_ = 0;
};

/// One trial at a time on rank 0, each proposed from the history so far (Bayesian optimization,
/// and any optimizer on one rank); returns at the budget or a stop.
void run_sequential(TrialLog& log, const OptimizeSetup& setup) {
  ConfigurationMatrix batch(1, setup.model->space().size());
  Eigen::VectorXd value(1);
  while (!log.complete()) {
    if (stop_requested()) return;
    const std::size_t t = log.history().size();
    const Configuration proposal = with_baseline(setup, setup.optimizer->propose(log.history()));
    batch.row(0) = proposal;
    const auto start = Clock::now();
    try {
      setup.model->evaluate(batch, value);
    } catch (const Error& e) {
      // a stop while the command objective ran: that trial is dropped (the command was killed)
      // and proposed again on resume, as the proposal depends only on the stored history
      if (e.code() == ExitCode::requeue) return;
      throw Error(e.code(), "trial " + std::to_string(t) + ": " + e.what() + log.kept());
    }
    log.append({proposal}, {value(0)}, {since(start)});
  }
}

// Trials spread over the ranks (random search): the schedule of `hypershap run` hands out trial
// numbers as it hands out coalitions (a trial is a "coalition" of game 0), every rank evaluates
// a batch of trials as one call of the objective (one run of a command objective), and the master
// stores the results in trial order as the prefix of finished trials grows. A configuration is a
// function of the seed and the trial number (Optimizer::propose_at), so the history does not
// depend on the number of ranks or on which rank evaluated what.

std::string trials_text(const std::vector<Coalition>& trials) {
  if (trials.size() == 1) return "trial " + std::to_string(trials.front());
  return "trials " + std::to_string(trials.front()) + "-" + std::to_string(trials.back());
}

class TrialEvaluator final : public BatchEvaluator {
 public:
  explicit TrialEvaluator(const OptimizeSetup& setup) : setup_(setup) {}

  BatchResult evaluate(const WorkBatch& batch) override {
    BatchResult result;
    result.game = batch.game;
    const auto n = static_cast<Eigen::Index>(batch.coalitions.size());
    if (n == 0) return result;
    ConfigurationMatrix configurations(n, setup_.model->space().size());
    for (Eigen::Index i = 0; i < n; ++i)
      configurations.row(i) = with_baseline(
          setup_, *setup_.optimizer->propose_at(batch.coalitions[static_cast<std::size_t>(i)]));
    Eigen::VectorXd values(n);
    const auto start = Clock::now();
    try {
      setup_.model->evaluate(configurations, values);
    } catch (const Error& e) {
      // a stop while the command objective ran: the batch is dropped and evaluated on resume
      if (e.code() == ExitCode::requeue) {
        result.stopping = true;
        return result;
      }
      throw Error(e.code(), trials_text(batch.coalitions) + ": " + e.what());
    }
    // one call evaluated the batch: each trial is credited an equal share of its time
    const double seconds = since(start) / static_cast<double>(n);
    for (Eigen::Index i = 0; i < n; ++i)
      result.add(batch.coalitions[static_cast<std::size_t>(i)], values(i), 1, seconds);
    return result;
  }

 private:
  const OptimizeSetup& setup_;
};

/// The master's end: trials still to evaluate, results stored in trial order.
class TrialSink final : public ResultSink {
 public:
  TrialSink(TrialLog& log, const OptimizeSetup& setup) : log_(log), setup_(setup) {}

  int game_count() const override { return 1; }
  std::vector<Coalition> missing(int /*game*/) const override {
    std::vector<Coalition> trials;
    for (std::size_t t = log_.history().size(); t < log_.budget(); ++t) trials.push_back(t);
    return trials;
  }
  bool sparse(int /*game*/) const override { return true; }  // trial numbers in order
  void write(const BatchResult& result) override {
    for (std::size_t i = 0; i < result.coalitions.size(); ++i)
      finished_[result.coalitions[i]] = {result.values[i], result.seconds[i]};
    std::vector<Configuration> configurations;
    std::vector<double> values, seconds;
    for (auto next = finished_.find(log_.history().size() + configurations.size());
         next != finished_.end();
         next = finished_.find(log_.history().size() + configurations.size())) {
      configurations.push_back(with_baseline(setup_, *setup_.optimizer->propose_at(next->first)));
      values.push_back(next->second.first);
      seconds.push_back(next->second.second);
      finished_.erase(next);
    }
    if (!configurations.empty()) log_.append(configurations, values, seconds);
  }

 private:
  TrialLog& log_;
  const OptimizeSetup& setup_;
  std::map<Coalition, std::pair<double, double>> finished_;  // past a trial still running
};

}  // namespace

int run_optimization(const OptimizeRequest& request, const Communicator& comm,
                     const OptimizeRunOptions& options, std::ostream& out, std::ostream& err) {
  install_stop_handlers();
  // Rank 0 assembles the objective and the optimizer first: whether the trials spread over the
  // ranks depends on the optimizer (Bayesian optimization is sequential: each proposal needs
  // every result before it).
  OptimizeSetup setup;
  int code = agreed(comm, err, [&] {
    if (comm.is_master()) setup = request.assemble();
  });
  if (code != 0) return code;
  const bool spread =
      comm.size() > 1 &&
      comm.broadcast(comm.is_master() && setup.optimizer->propose_at(0) ? "spread" : "") ==
          "spread";

  std::unique_ptr<TrialLog> log;
  if (!spread) {
    // rank 0 proposes and evaluates; the other ranks wait for the exit code all ranks agree on
    code = agreed(comm, err, [&] {
      if (!comm.is_master()) return;
      log = std::make_unique<TrialLog>(request, setup, options, out, err);
      try {
        run_sequential(*log, setup);
      } catch (...) {
        log->finish(true);
        throw;
      }
      log->finish();
    });
  } else {
    code = agreed(comm, err, [&] {
      if (!comm.is_master()) setup = request.assemble();  // every rank evaluates
    });
    if (code != 0) return code;
    code = agreed(comm, err, [&] {
      if (comm.is_master()) log = std::make_unique<TrialLog>(request, setup, options, out, err);
    });
    if (code != 0) return code;
    TrialEvaluator evaluator(setup);
    std::unique_ptr<TrialSink> sink;
    if (comm.is_master()) sink = std::make_unique<TrialSink>(*log, setup);
    ScheduleReport report;
    code = agreed(comm, err,
                  [&] { report = run_schedule(comm, evaluator, sink.get(), ScheduleOptions{}); });
    if (code != 0) return code;
    code = agreed(comm, err, [&] {
      if (!comm.is_master()) return;
      log->finish(report.error.has_value());
      if (report.error)
        throw RankFailure(static_cast<ExitCode>(report.error->code),
                          report.error->describe() + log->kept());
    });
  }
  if (code != 0) return code;
  const bool stopped = comm.is_master() && !log->complete();
  return comm.max(stopped ? 1 : 0) != 0 ? to_int(ExitCode::requeue) : to_int(ExitCode::success);
}

}  // namespace hypershap
