// The master/worker schedule without MPI: the serial communicator (one rank, the master does the
// work), a stand-in evaluator and an in-memory sink.

#include <doctest/doctest.h>

#include <algorithm>

#include <cmath>
#include <map>
#include <stdexcept>

#include "hypershap/core/error.hpp"
#include "hypershap/parallel/communicator.hpp"
#include "hypershap/service/scheduler.hpp"
#include "hypershap/service/stop_signal.hpp"

using namespace hypershap;

namespace {

/// v(S) = 10 * game + popcount(S); fails on coalition `fail_at` when set.
struct Evaluator final : BatchEvaluator {
  long long fail_at = -1;
  int batches = 0;
  int stop_after_batches = -1;  // request a stop (as a signal would) after this many batches
  std::vector<std::vector<Coalition>> seen;  // the batches, in order
  BatchResult evaluate(const WorkBatch& batch) override {
    ++batches;
    seen.push_back(batch.coalitions);
    if (batches == stop_after_batches) request_stop();
    BatchResult r;
    r.game = batch.game;
    r.coalitions = batch.coalitions;
    for (const Coalition s : batch.coalitions) {
      if (static_cast<long long>(s) == fail_at) throw invalid_input("cannot evaluate this one");
      r.values.push_back(10.0 * batch.game + size_of(s));
      r.evaluations.push_back(1);
      r.seconds.push_back(1e-4);
    }
    return r;
  }
};

struct Sink final : ResultSink {
  std::vector<int> players = {3, 5};
  std::map<std::pair<int, Coalition>, double> written;
  int writes = 0;
  int game_count() const override { return static_cast<int>(players.size()); }
  std::vector<Coalition> missing(int game) const override {
    std::vector<Coalition> out;
    for (Coalition s = 0; s < coalition_count(players[static_cast<std::size_t>(game)]); ++s)
      if (!written.count({game, s})) out.push_back(s);
    return out;
  }
  void write(const BatchResult& r) override {
    ++writes;
    for (std::size_t i = 0; i < r.coalitions.size(); ++i) {
      CHECK(written.count({r.game, r.coalitions[i]}) == 0);  // every coalition once
      written[{r.game, r.coalitions[i]}] = r.values[i];
    }
  }
};

}  // namespace

TEST_CASE("one rank: the master evaluates and writes every missing coalition exactly once") {
  clear_stop_request();
  const auto comm = make_serial_communicator();
  Evaluator evaluator;
  Sink sink;
  std::vector<std::uint64_t> progress;
  ScheduleOptions options;
  options.progress = [&](std::uint64_t done, std::uint64_t) { progress.push_back(done); };
  const ScheduleReport report = run_schedule(*comm, evaluator, &sink, options);
  CHECK_FALSE(report.stopped);
  CHECK_FALSE(report.error.has_value());
  CHECK(report.coalitions == 8 + 32);
  CHECK(report.by_master == 8 + 32);
  REQUIRE(sink.written.size() == 40);
  CHECK(sink.written.at({1, 0b10110}) == 13.0);
  CHECK(progress.back() == 40);
  // the first batch is a single coalition (to measure), later ones grow
  CHECK(sink.writes < 40);
}

TEST_CASE("batches are runs of coalitions within one aligned block of a power of two") {
  // so that a game evaluating aligned blocks at once never computes one twice on two ranks
  clear_stop_request();
  const auto comm = make_serial_communicator();
  Evaluator evaluator;
  Sink sink;
  sink.players = {11};
  const ScheduleReport report = run_schedule(*comm, evaluator, &sink, {});
  CHECK(report.coalitions == 2048);
  REQUIRE(evaluator.seen.size() > 2);
  std::size_t largest = 0;
  for (const std::vector<Coalition>& batch : evaluator.seen) {
    REQUIRE_FALSE(batch.empty());
    Coalition block = 1;  // the smallest power of two ≥ the batch's size
    while (block < batch.size()) block *= 2;
    CHECK(batch.front() / block == batch.back() / block);
    for (std::size_t i = 1; i < batch.size(); ++i) CHECK(batch[i] == batch[i - 1] + 1);
    largest = std::max(largest, batch.size());
  }
  CHECK(largest >= 64);  // batches still grow (1e-4 s per coalition, 1 s per batch)
}

TEST_CASE("a resumed schedule computes only what the sink is missing") {
  clear_stop_request();
  const auto comm = make_serial_communicator();
  Evaluator evaluator;
  Sink sink;
  for (Coalition s = 0; s < 30; ++s) sink.written[{1, s}] = 10.0 + size_of(s);
  const ScheduleReport report = run_schedule(*comm, evaluator, &sink, {});
  CHECK(report.coalitions == 8 + 2);
  CHECK(sink.written.size() == 40);
}

TEST_CASE("a stop request leaves the rest for the next run") {
  clear_stop_request();
  const auto comm = make_serial_communicator();
  Evaluator evaluator;
  evaluator.stop_after_batches = 2;
  Sink sink;
  const ScheduleReport report = run_schedule(*comm, evaluator, &sink, {});
  CHECK(report.stopped);
  CHECK(sink.written.size() < 40);
  CHECK(sink.written.size() == report.coalitions);  // what was evaluated was written
  clear_stop_request();
  Evaluator again;
  const ScheduleReport rest = run_schedule(*comm, again, &sink, {});
  CHECK_FALSE(rest.stopped);
  CHECK(sink.written.size() == 40);
}

TEST_CASE("an evaluation error on the master is reported with its rank and exit code") {
  clear_stop_request();
  const auto comm = make_serial_communicator();
  Evaluator evaluator;
  evaluator.fail_at = 5;
  Sink sink;
  const ScheduleReport report = run_schedule(*comm, evaluator, &sink, {});
  REQUIRE(report.error.has_value());
  CHECK(report.error->describe().find("rank 0: cannot evaluate this one") != std::string::npos);
  CHECK(report.error->code == to_int(ExitCode::invalid_input));
  CHECK(sink.written.count({0, 5}) == 0);
}

TEST_CASE("messages survive serialisation") {
  WorkBatch w{3, {1, 5, 1ULL << 40}};
  const WorkBatch w2 = deserialize_work(serialize(w));
  CHECK(w2.game == 3);
  CHECK(w2.coalitions == w.coalitions);
  BatchResult r;
  r.game = 1;
  r.coalitions = {7};
  r.values = {0.1};
  r.evaluations = {10001};
  r.seconds = {0.5};
  r.best_configurations = {1.0, std::nan(""), 3.0};
  r.stopping = true;
  const BatchResult r2 = deserialize_result(serialize(r));
  CHECK(r2.values == r.values);
  CHECK(r2.evaluations == r.evaluations);
  CHECK(r2.best_configurations.size() == 3);
  CHECK(std::isnan(r2.best_configurations[1]));
  CHECK(r2.stopping);
}
