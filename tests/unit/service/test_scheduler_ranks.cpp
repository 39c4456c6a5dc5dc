// The master/worker schedule on N ranks without MPI: each rank a thread with its own evaluator,
// the ranks talking through the thread communicator (parallel/communicator.hpp). Batching,
// resume, a stop (as a signal sends) and a failing rank, in seconds.

#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <thread>

#include "hypershap/core/error.hpp"
#include "hypershap/parallel/communicator.hpp"
#include "hypershap/service/scheduler.hpp"
#include "hypershap/service/stop_signal.hpp"

using namespace hypershap;

namespace {

/// v(S) = 10 * game + popcount(S); the rank it runs on fails when `fail` is set.
struct RankEvaluator final : BatchEvaluator {
  int rank = 0;
  bool fail = false;
  int stop_after_batches = -1;  // request a stop (as a signal would) after this many batches
  int batches = 0;
  std::uint64_t coalitions = 0;
  BatchResult evaluate(const WorkBatch& batch) override {
    ++batches;
    if (fail) throw invalid_input("rank " + std::to_string(rank) + " cannot evaluate");
    if (batches == stop_after_batches) request_stop();
    BatchResult r;
    r.game = batch.game;
    for (const Coalition s : batch.coalitions) r.add(s, 10.0 * batch.game + size_of(s), 1, 1e-4);
    coalitions += batch.coalitions.size();
    return r;
  }
};

struct Sink final : ResultSink {
  std::vector<int> players = {6, 4};
  std::map<std::pair<int, Coalition>, double> written;
  std::vector<std::size_t> batch_sizes;
  int duplicates = 0;
  int game_count() const override { return static_cast<int>(players.size()); }
  std::uint64_t total() const {
    std::uint64_t t = 0;
    for (const int n : players) t += coalition_count(n);
    return t;
  }
  std::vector<Coalition> missing(int game) const override {
    std::vector<Coalition> out;
    for (Coalition s = 0; s < coalition_count(players[static_cast<std::size_t>(game)]); ++s)
      if (!written.count({game, s})) out.push_back(s);
    return out;
  }
  void write(const BatchResult& r) override {
    batch_sizes.push_back(r.coalitions.size());
    for (std::size_t i = 0; i < r.coalitions.size(); ++i) {
      if (written.count({r.game, r.coalitions[i]})) ++duplicates;
      written[{r.game, r.coalitions[i]}] = r.values[i];
    }
  }
};

/// Runs the schedule on `ranks` threads; returns every rank's report (rank 0's first).
std::vector<ScheduleReport> run_ranks(int ranks, Sink& sink, std::vector<RankEvaluator>& evaluators,
                                      const ScheduleOptions& options) {
  const auto comms = make_thread_communicators(ranks);
  std::vector<ScheduleReport> reports(static_cast<std::size_t>(ranks));
  std::vector<std::thread> threads;
  for (int r = 0; r < ranks; ++r) {
    threads.emplace_back([&, r] {
      const auto i = static_cast<std::size_t>(r);
      evaluators[i].rank = r;
      reports[i] = run_schedule(*comms[i], evaluators[i], r == 0 ? &sink : nullptr, options);
    });
  }
  for (std::thread& t : threads) t.join();
  return reports;
}

void check_values(const Sink& sink) {
  for (const auto& [key, value] : sink.written)
    CHECK(value == 10.0 * key.first + size_of(key.second));
}

}  // namespace

TEST_CASE("thread communicator: collectives agree on every rank, messages arrive in order") {
  const auto comms = make_thread_communicators(3);
  std::vector<int> maxima(3);
  std::vector<double> sums(3);
  std::vector<std::string> texts(3);
  std::vector<std::vector<int>> received(3);
  std::vector<std::thread> threads;
  for (int r = 0; r < 3; ++r) {
    threads.emplace_back([&, r] {
      const Communicator& c = *comms[static_cast<std::size_t>(r)];
      const auto i = static_cast<std::size_t>(r);
      maxima[i] = c.max(r == 1 ? 7 : r);
      sums[i] = c.sum(r + 0.5);
      texts[i] = c.broadcast(r == 0 ? "from the master" : "ignored");
      c.barrier();
      if (r != 0) {
        for (int k = 0; k < 3; ++k) c.send(0, 10 + k, std::to_string(r));
      } else {
        for (int k = 0; k < 6; ++k) received[0].push_back(c.receive().tag);
      }
    });
  }
  for (std::thread& t : threads) t.join();
  for (std::size_t r = 0; r < 3; ++r) {
    CHECK(maxima[r] == 7);
    CHECK(sums[r] == 0.5 + 1.5 + 2.5);
    CHECK(texts[r] == "from the master");
  }
  // each sender's messages in the order sent
  std::vector<int> tags = received[0];
  CHECK(tags.size() == 6);
  CHECK(std::count(tags.begin(), tags.end(), 10) == 2);
  CHECK(std::count(tags.begin(), tags.end(), 12) == 2);
}

TEST_CASE("scheduler on 1 to 4 ranks: every coalition written once, workers take part") {
  for (const int ranks : {1, 2, 3, 4}) {
    CAPTURE(ranks);
    clear_stop_request();
    Sink sink;
    std::vector<RankEvaluator> evaluators(static_cast<std::size_t>(ranks));
    ScheduleOptions options;
    options.max_batch = 5;
    const auto reports = run_ranks(ranks, sink, evaluators, options);
    const ScheduleReport& master = reports.front();
    CHECK_FALSE(master.error.has_value());
    CHECK_FALSE(master.stopped);
    CHECK(sink.duplicates == 0);
    CHECK(sink.written.size() == sink.total());
    CHECK(master.coalitions == sink.total());
    check_values(sink);
    // batches of at most max_batch coalitions, all of one game (BatchResult has one game)
    CHECK(*std::max_element(sink.batch_sizes.begin(), sink.batch_sizes.end()) <= 5);
    std::uint64_t by_workers = 0;
    for (int r = 1; r < ranks; ++r) by_workers += reports[static_cast<std::size_t>(r)].coalitions;
    CHECK(master.by_master + by_workers == sink.total());
  }
}

TEST_CASE("scheduler on 3 ranks resumes: only the missing coalitions are evaluated") {
  clear_stop_request();
  Sink sink;
  for (Coalition s = 0; s < 64; s += 2) sink.written[{0, s}] = 10.0 * 0 + size_of(s);
  std::vector<RankEvaluator> evaluators(3);
  const auto reports = run_ranks(3, sink, evaluators, {});
  std::uint64_t evaluated = 0;
  for (const RankEvaluator& e : evaluators) evaluated += e.coalitions;
  CHECK(evaluated == sink.total() - 32);
  CHECK(reports.front().coalitions == sink.total() - 32);
  CHECK(sink.written.size() == sink.total());
  CHECK(sink.duplicates == 0);
  check_values(sink);
}

TEST_CASE("scheduler on 3 ranks: a stop on a worker checkpoints, a second run completes") {
  clear_stop_request();
  Sink sink;
  std::vector<RankEvaluator> evaluators(3);
  // each worker asks for the stop with its first result, so the stop comes while most of the
  // work is still queued (at most 2 batches of 2 per worker are out)
  evaluators[1].stop_after_batches = 1;
  evaluators[2].stop_after_batches = 1;
  ScheduleOptions options;
  options.max_batch = 2;
  options.master_computes = false;
  const auto first = run_ranks(3, sink, evaluators, options);
  CHECK(first.front().stopped);
  CHECK_FALSE(first.front().error.has_value());
  CHECK(sink.written.size() < sink.total());
  CHECK(sink.duplicates == 0);

  clear_stop_request();
  std::vector<RankEvaluator> again(3);
  const auto second = run_ranks(3, sink, again, options);
  CHECK_FALSE(second.front().stopped);
  CHECK(sink.written.size() == sink.total());
  CHECK(sink.duplicates == 0);
  check_values(sink);
}

TEST_CASE("scheduler on 3 ranks: a failing worker's typed error reaches the master, none hangs") {
  clear_stop_request();
  Sink sink;
  std::vector<RankEvaluator> evaluators(3);
  // both workers fail and the master only hands out work, so whichever worker gets a batch first
  // fails (which one depends on thread timing)
  evaluators[1].fail = true;
  evaluators[2].fail = true;
  ScheduleOptions options;
  options.max_batch = 3;
  options.master_computes = false;
  const auto reports = run_ranks(3, sink, evaluators, options);
  const ScheduleReport& master = reports.front();
  REQUIRE(master.error.has_value());
  const int rank = master.error->rank;
  CHECK((rank == 1 || rank == 2));
  CHECK(master.error->code == to_int(ExitCode::invalid_input));
  CHECK(master.error->text == "rank " + std::to_string(rank) + " cannot evaluate");
  CHECK(master.error->describe() ==
        "rank " + std::to_string(rank) + ": rank " + std::to_string(rank) + " cannot evaluate");
  CHECK(reports[static_cast<std::size_t>(rank)].error.has_value());
  CHECK(sink.written.empty());  // no worker returned a result
  CHECK(sink.duplicates == 0);
}

TEST_CASE("a rank's error survives serialization: code, rank and text") {
  const RankError e{4, 3, "cannot open 'x.h5': no such file"};
  const RankError back = deserialize_error(serialize(e));
  CHECK(back.code == 4);
  CHECK(back.rank == 3);
  CHECK(back.text == e.text);
}
