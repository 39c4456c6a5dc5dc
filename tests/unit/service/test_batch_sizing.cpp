// Batch sizing of the schedule (issue 12, item 1), measured in coalitions, not wall time: the
// stand-in evaluator reports a fixed compute time per coalition, which is all the schedule sees.

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "hypershap/parallel/communicator.hpp"
#include "hypershap/service/scheduler.hpp"
#include "hypershap/service/stop_signal.hpp"

using namespace hypershap;

namespace {

/// The empty coalition costs `empty_seconds` (one model evaluation), every other one `seconds`
/// (a whole inner search), as in a Tunability game.
struct TimedEvaluator final : BatchEvaluator {
  double seconds = 0.1;
  double empty_seconds = 1e-6;
  int stop_after_batches = -1;  // request a stop (as a signal would) during this batch
  std::vector<std::size_t> sizes;
  std::size_t evaluated_after_stop = 0;
  BatchResult evaluate(const WorkBatch& batch) override {
    if (stop_requested()) evaluated_after_stop += batch.coalitions.size();
    sizes.push_back(batch.coalitions.size());
    if (static_cast<int>(sizes.size()) == stop_after_batches) request_stop();
    BatchResult r;
    r.game = batch.game;
    r.coalitions = batch.coalitions;
    for (const Coalition s : batch.coalitions) {
      r.values.push_back(static_cast<double>(size_of(s)));
      r.evaluations.push_back(1);
      r.seconds.push_back(s == 0 ? empty_seconds : seconds);
    }
    return r;
  }
};

struct OneGameSink final : ResultSink {
  int n = 12;
  std::set<Coalition> done;
  int game_count() const override { return 1; }
  std::vector<Coalition> missing(int) const override {
    std::vector<Coalition> out;
    for (Coalition s = 0; s < coalition_count(n); ++s)
      if (done.count(s) == 0) out.push_back(s);
    return out;
  }
  void write(const BatchResult& r) override {
    for (const Coalition s : r.coalitions) done.insert(s);
  }
};

}  // namespace

TEST_CASE("batches: a small first batch, then sized to the target time from real coalitions") {
  clear_stop_request();
  const auto serial = make_serial_communicator();
  const Communicator& comm = *serial;
  TimedEvaluator evaluator;  // 0.1 s per coalition: a 1 s batch holds 10
  OneGameSink sink;
  ScheduleOptions options;
  options.target_batch_seconds = 1.0;
  const ScheduleReport report = run_schedule(comm, evaluator, &sink, options);
  CHECK(report.coalitions == coalition_count(12));
  REQUIRE(evaluator.sizes.size() > 3);
  CHECK(evaluator.sizes.front() <= options.first_batch);
  // the cheap empty coalition in the first batch never makes a batch larger than the target's 10
  // (before the fix, the second batch was half the game: 2048); batches end on aligned blocks
  // (issue 16), so a target of 10 gives blocks of 8, the largest power of two not above it
  CHECK(*std::max_element(evaluator.sizes.begin(), evaluator.sizes.end()) == 8);
  // growth is at most doubling from the first batch
  for (std::size_t i = 1; i < evaluator.sizes.size(); ++i)
    CHECK(evaluator.sizes[i] <= 2 * std::max<std::size_t>(evaluator.sizes[i - 1], 1));
}

TEST_CASE("batches: a stop in the first batch ends the run after that batch") {
  for (const int stop_in : {1, 2, 3, 6}) {
    CAPTURE(stop_in);
    clear_stop_request();
    const auto serial = make_serial_communicator();
    const Communicator& comm = *serial;
    TimedEvaluator evaluator;
    evaluator.stop_after_batches = stop_in;
    OneGameSink sink;
    const ScheduleReport report = run_schedule(comm, evaluator, &sink, ScheduleOptions{});
    CHECK(report.stopped);
    CHECK(evaluator.evaluated_after_stop == 0);
    CHECK(static_cast<int>(evaluator.sizes.size()) == stop_in);
    // what the stop waited for: the batch in progress, at most a target's worth (10 coalitions)
    CHECK(evaluator.sizes.back() <= 10);
    CHECK(sink.done.size() == report.coalitions);
  }
  clear_stop_request();
}

TEST_CASE("batches: slower coalitions shrink the next batch at once") {
  clear_stop_request();
  struct Slowing final : BatchEvaluator {
    std::vector<std::size_t> sizes;
    std::vector<double> batch_seconds;
    BatchResult evaluate(const WorkBatch& batch) override {
      sizes.push_back(batch.coalitions.size());
      // from the 6th batch on, every coalition takes ten times as long
      const double per = sizes.size() < 6 ? 0.01 : 0.1;
      BatchResult r;
      r.game = batch.game;
      r.coalitions = batch.coalitions;
      double total = 0.0;
      for (const Coalition s : batch.coalitions) {
        r.values.push_back(0.0);
        r.evaluations.push_back(1);
        r.seconds.push_back(s == 0 ? 1e-6 : per);
        total += r.seconds.back();
      }
      batch_seconds.push_back(total);
      return r;
    }
  } evaluator;
  const auto serial = make_serial_communicator();
  const Communicator& comm = *serial;
  OneGameSink sink;
  run_schedule(comm, evaluator, &sink, ScheduleOptions{});
  REQUIRE(evaluator.sizes.size() > 8);
  // the batch measured slow is the last one over the target; the next is back at the target's 10
  // coalitions, as an aligned block of 8 (the largest power of two not above 10)
  CHECK(evaluator.sizes[5] == 32);
  CHECK(evaluator.sizes[6] == 8);
  for (std::size_t i = 6; i < evaluator.batch_seconds.size(); ++i)
    CHECK(evaluator.batch_seconds[i] <= 1.0 + 1e-9);
}

TEST_CASE("batches: progress is reported from the first batch") {
  clear_stop_request();
  const auto serial = make_serial_communicator();
  const Communicator& comm = *serial;
  TimedEvaluator evaluator;
  OneGameSink sink;
  std::vector<std::uint64_t> seen;
  ScheduleOptions options;
  options.progress = [&](std::uint64_t done, std::uint64_t total) {
    CHECK(total == coalition_count(12));
    seen.push_back(done);
  };
  run_schedule(comm, evaluator, &sink, options);
  REQUIRE(!seen.empty());
  CHECK(seen.front() <= 2);
  CHECK(seen.back() == coalition_count(12));
}
