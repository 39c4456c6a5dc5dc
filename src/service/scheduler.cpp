#include "hypershap/service/scheduler.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <deque>
#include <exception>
#include <new>

#include "hypershap/core/error.hpp"

#include "hypershap/service/stop_signal.hpp"

namespace hypershap {

namespace {

using Clock = std::chrono::steady_clock;

double since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

int tag(MessageTag t) { return static_cast<int>(t); }

/// The coalitions still to hand out, game by game, in batches sized to the measured speed.
///
/// Sizing (README, "Running on MPI and Slurm"): the first batches hold options.first_batch
/// coalitions; after that a batch holds what takes about options.target_batch_seconds at the
/// measured time per coalition, at most twice the largest batch measured so far (so a wrong
/// estimate costs one batch of twice the target, never half the game), and a share of what is
/// left (guided self-scheduling: the last batches are small and ranks finish together). The time
/// per coalition is measured on real coalitions only: the empty coalition costs one model
/// evaluation where the others cost a whole inner search, and measuring it alone once made the
/// second batch half the game, which a signal then had to wait for.
class WorkQueue {
 public:
  WorkQueue(const ResultSink& sink, int ranks, const ScheduleOptions& options)
      : ranks_(ranks), options_(options) {
    for (int g = 0; g < sink.game_count(); ++g) {
      sparse_.push_back(sink.sparse(g));
      const std::vector<Coalition> missing = sink.missing(g);
      total_ += missing.size();
      for (const Coalition s : missing) pending_.emplace_back(g, s);
    }
  }

  bool empty() const { return pending_.empty(); }
  std::uint64_t total() const { return total_; }

  /// The size the next batch would have (before `share` and the end of its game).
  double planned_size() const {
    const double first = static_cast<double>(std::max<std::size_t>(options_.first_batch, 1));
    if (seconds_per_coalition_ <= 0.0) return first;
    const double left = static_cast<double>(pending_.size());
    double size = std::ceil(left / (2.0 * ranks_));
    size = std::min(size, options_.target_batch_seconds / seconds_per_coalition_);
    size = std::min(size, std::max(first, 2.0 * static_cast<double>(largest_measured_)));
    return std::min(size, static_cast<double>(std::max<std::size_t>(options_.max_batch, 1)));
  }

  /// The next batch; `share` < 1 makes a smaller batch for the master, which must stay
  /// responsive.
  WorkBatch next(double share = 1.0) {
    const double size = std::max(1.0, std::floor(planned_size() * share));
    WorkBatch batch;
    batch.game = pending_.front().first;
    // The batch ends at a multiple of the largest power of two P ≤ size (coalitions come in
    // order), so batches are aligned blocks once one ends there: games that evaluate aligned
    // blocks of coalitions at once (forest Tunability, issue 16) then never compute a block
    // twice on two ranks. Batches shrink by at most half.
    // A sparse game's sample has no blocks: its batches are the next masks of the sample.
    Coalition aligned = 1;
    while (aligned <= static_cast<Coalition>(size) / 2) aligned *= 2;
    const bool sparse = sparse_[static_cast<std::size_t>(batch.game)];
    const Coalition front = pending_.front().second;
    const Coalition end = sparse || front / aligned + 1 > ~Coalition{0} / aligned
                              ? ~Coalition{0}
                              : (front / aligned + 1) * aligned;
    while (!pending_.empty() && pending_.front().first == batch.game &&
           (sparse || pending_.front().second < end) &&
           batch.coalitions.size() < static_cast<std::size_t>(size)) {
      batch.coalitions.push_back(pending_.front().second);
      pending_.pop_front();
    }
    return batch;
  }

  void observe(const BatchResult& result) {
    double seconds = 0.0;
    std::size_t count = 0;
    for (std::size_t i = 0; i < result.coalitions.size() && i < result.seconds.size(); ++i) {
      if (result.coalitions[i] == 0) continue;  // the empty coalition: not a real one
      seconds += result.seconds[i];
      ++count;
    }
    if (count == 0) return;
    largest_measured_ = std::max(largest_measured_, count);
    const double per = std::max(seconds / static_cast<double>(count), 1e-9);
    // a slower batch counts at once (the next batch must not overrun), a faster one gradually
    seconds_per_coalition_ = seconds_per_coalition_ > 0.0 && per < seconds_per_coalition_
                                 ? 0.7 * seconds_per_coalition_ + 0.3 * per
                                 : per;
  }

 private:
  int ranks_;
  ScheduleOptions options_;
  std::deque<std::pair<int, Coalition>> pending_;
  std::vector<bool> sparse_;  // [game]
  std::uint64_t total_ = 0;
  double seconds_per_coalition_ = 0.0;
  std::size_t largest_measured_ = 0;
};

ScheduleReport run_master(const Communicator& comm, BatchEvaluator& evaluator, ResultSink& sink,
                          const ScheduleOptions& options) {
  const auto start = Clock::now();
  ScheduleReport report;
  WorkQueue queue(sink, comm.size(), options);
  const int workers = comm.size() - 1;
  int active = workers;  // workers not yet sent Stop
  // Batches handed to each worker and not yet answered. A worker holds up to
  // options.batches_per_worker, so the next one is already waiting when it finishes the current
  // one, even while the master is busy evaluating a batch of its own.
  std::vector<int> outstanding(static_cast<std::size_t>(comm.size()), 0);
  std::vector<bool> stopped(static_cast<std::size_t>(comm.size()), false);
  bool stopping = false;
  std::uint64_t done = 0;

  const auto write = [&](const BatchResult& result) {
    const auto t = Clock::now();
    sink.write(result);
    report.master_seconds_writing += since(t);
    queue.observe(result);
    done += result.coalitions.size();
    report.coalitions += result.coalitions.size();
    if (options.progress) options.progress(done, queue.total());
  };
  const auto stop_worker = [&](int worker) {
    comm.send(worker, tag(MessageTag::stop), "");
    stopped[static_cast<std::size_t>(worker)] = true;
    --active;
  };
  // Tops up a worker's batches, or stops it once it has none left and no more will come.
  const auto serve = [&](int worker) {
    int& held = outstanding[static_cast<std::size_t>(worker)];
    while (!stopping && !queue.empty() && held < options.batches_per_worker) {
      comm.send(worker, tag(MessageTag::work), serialize(queue.next()));
      ++held;
    }
    if (held == 0) stop_worker(worker);
  };
  const auto handle = [&](const Communicator::Message& m) {
    switch (static_cast<MessageTag>(m.tag)) {
      case MessageTag::ready: serve(m.source); break;
      case MessageTag::result: {
        --outstanding[static_cast<std::size_t>(m.source)];
        const BatchResult result = deserialize_result(m.payload);
        if (result.stopping) stopping = true;
        if (!report.error) write(result);
        serve(m.source);
        break;
      }
      case MessageTag::error: {
        --outstanding[static_cast<std::size_t>(m.source)];
        stopping = true;
        if (!report.error) report.error = deserialize_error(m.payload);
        serve(m.source);  // stops it once its other batches are answered
        break;
      }
      default: break;
    }
  };

  try {
    while (active > 0 || (!stopping && !queue.empty())) {
      if (stop_requested()) stopping = true;
      if (auto m = comm.try_receive()) {
        handle(*m);
        continue;
      }
      const bool can_compute =
          !stopping && !queue.empty() && (workers == 0 || options.master_computes);
      if (can_compute) {
        const WorkBatch batch = queue.next(workers == 0 ? 1.0 : 0.25);
        const auto t = Clock::now();
        const BatchResult result = evaluator.evaluate(batch);
        report.master_seconds_evaluating += since(t);
        report.by_master += result.coalitions.size();
        write(result);
        continue;
      }
      if (active > 0) handle(comm.receive());  // nothing to do but wait for the workers
    }
  } catch (const std::exception& e) {
    // The master failed (e.g. writing the store): let every worker finish its batch and stop, so
    // nobody hangs, then report the error.
    report.error = RankError{exit_code_of(e), 0, e.what()};
    stopping = true;
    for (int w = 1; w < comm.size(); ++w) {
      const auto i = static_cast<std::size_t>(w);
      if (!stopped[i] && outstanding[i] == 0) stop_worker(w);
    }
    while (active > 0) handle(comm.receive());
  }
  report.stopped = stopping && !report.error && !queue.empty();
  report.seconds = since(start);
  return report;
}

ScheduleReport run_worker(const Communicator& comm, BatchEvaluator& evaluator) {
  const auto start = Clock::now();
  ScheduleReport report;
  comm.send(0, tag(MessageTag::ready), "");
  while (true) {
    const Communicator::Message m = comm.receive();
    if (m.tag == tag(MessageTag::stop)) break;
    if (m.tag != tag(MessageTag::work)) continue;
    if (report.error) {  // a batch queued before the failure: answer it with the failure
      comm.send(0, tag(MessageTag::error), serialize(*report.error));
      continue;
    }
    try {
      BatchResult result = evaluator.evaluate(deserialize_work(m.payload));
      result.stopping = stop_requested();
      report.coalitions += result.coalitions.size();
      comm.send(0, tag(MessageTag::result), serialize(result));
    } catch (const std::exception& e) {
      report.error = RankError{exit_code_of(e), comm.rank(), e.what()};
      comm.send(0, tag(MessageTag::error), serialize(*report.error));
    }
  }
  report.stopped = stop_requested();
  report.seconds = since(start);
  return report;
}

}  // namespace

ScheduleReport run_schedule(const Communicator& comm, BatchEvaluator& evaluator, ResultSink* sink,
                            const ScheduleOptions& options) {
  if (comm.is_master()) return run_master(comm, evaluator, *sink, options);
  return run_worker(comm, evaluator);
}

}  // namespace hypershap
