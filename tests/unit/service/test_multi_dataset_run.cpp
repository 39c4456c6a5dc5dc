// The multi-dataset game (HyperSHAP, Definition 5) two ways: computed in one run (each instance's
// game stored as a game of its own, the aggregate built at completion) and by `hypershap
// aggregate` from one run per instance. Both aggregate the complete per-instance games with
// aggregate_stored_games, so the stored games are bit-identical, for every aggregation, with or
// without Tunability's closure, on one rank or two; every coalition of every instance is evaluated
// once, and the evaluation counts are the closed form's.

#include <doctest/doctest.h>

#include <atomic>
#include <sstream>
#include <thread>

#include "../store/store_test_support.hpp"
#include "hypershap/core/exit_code.hpp"
#include "hypershap/games/games.hpp"
#include "hypershap/models/analytic_models.hpp"
#include "hypershap/parallel/communicator.hpp"
#include "hypershap/service/aggregate.hpp"
#include "hypershap/service/game_runner.hpp"
#include "hypershap/service/stop_signal.hpp"
#include "hypershap/store/store.hpp"

namespace hypershap {

namespace {

/// Model rows evaluated by every InstancedToy so far (all ranks: the ranks are threads), and after
/// how many a stop is requested (as SIGTERM would; 0: never).
std::atomic<std::uint64_t> rows_evaluated{0};
std::atomic<std::uint64_t> stop_after_rows{0};

/// Instance i's performance is w_i · (0.7a + 2b) + c_i·a·b: games that differ per instance, with
/// interactions, on the linear toy's space.
class InstancedToy final : public PerformanceModel {
 public:
  explicit InstancedToy(std::string instance)
      : toy_(make_analytic_model("linear-toy", 3)), instance_(std::move(instance)) {}
  const ConfigurationSpace& space() const override { return toy_->space(); }
  const std::string& space_json() const override { return toy_->space_json(); }
  std::vector<std::string> outputs() const override { return toy_->outputs(); }
  const std::string& metric() const override { return toy_->metric(); }
  bool maximize() const override { return true; }
  void evaluate(const ConfigurationMatrix& configurations,
                Eigen::Ref<Eigen::VectorXd> values) const override {
    const double w = 1.0 + std::stod(instance_) / 3.0;
    const double c = instance_ == "2" ? -1.5 : 0.5;
    const std::uint64_t rows = rows_evaluated += static_cast<std::uint64_t>(configurations.rows());
    if (stop_after_rows != 0 && rows >= stop_after_rows) request_stop();
    for (Eigen::Index r = 0; r < configurations.rows(); ++r) {
      const double a = configurations(r, 0), b = configurations(r, 1);
      values(r) = w * (0.7 * a + 2.0 * b) + c * a * b;
    }
  }
  const std::string& instance() const override { return instance_; }
  std::vector<std::string> instances() const override { return {"1", "2", "3"}; }
  std::shared_ptr<const PerformanceModel> for_instance(const std::string& i) const override {
    return std::make_shared<InstancedToy>(i);
  }
  std::string describe() const override { return "the toy on instance " + instance_; }

 private:
  std::shared_ptr<const PerformanceModel> toy_;
  std::string instance_;
};

const std::vector<std::string> instances = {"1", "2", "3"};

GameSetup setup_on(const std::string& instance) {
  GameSetup setup;
  setup.name = "tunability";
  setup.model = std::make_shared<InstancedToy>(instance);
  setup.players = {0, 1};
  setup.baseline = setup.model->space().default_configuration();
  setup.seed = 7;
  setup.samples = 300;
  return setup;
}

std::unique_ptr<ExplanationGame> single_game(const std::string& instance, SearchGoal goal) {
  return make_random_search_game(setup_on(instance), goal);
}

/// Runs `make` (the games, built on every rank) into `store` on `ranks` ranks (threads); every
/// rank must return `expected` (0: success).
void run_into(const std::filesystem::path& store, const std::function<RunGames()>& make,
              int ranks = 1, int expected = 0) {
  RunRequest request;
  request.label = store.filename().string();
  request.output = store;
  request.description = "[test]\nstore = \"" + store.filename().string() + "\"\n";
  request.explain.indices = {Index::sv};
  request.explain.order = 1;
  request.assemble = make;
  RunOptions options;
  options.progress = false;
  options.schedule.max_batch = 1;  // many small batches: the workers take part
  if (ranks == 1) {
    std::ostringstream out, err;
    const auto comm = make_serial_communicator();
    REQUIRE_MESSAGE(run_games(request, *comm, options, out, err) == expected, err.str());
    return;
  }
  const auto comms = make_thread_communicators(ranks);
  std::vector<int> codes(static_cast<std::size_t>(ranks), -1);
  std::vector<std::ostringstream> outs(codes.size()), errs(codes.size());
  std::vector<std::thread> threads;
  for (std::size_t r = 0; r < codes.size(); ++r)
    threads.emplace_back(
        [&, r] { codes[r] = run_games(request, *comms[r], options, outs[r], errs[r]); });
  for (std::thread& t : threads) t.join();
  for (std::size_t r = 0; r < codes.size(); ++r)
    REQUIRE_MESSAGE(codes[r] == expected, "rank " << r << ": " << errs[r].str());
}

/// The multi-dataset Tunability game (or Sensitivity for `variance`) over `instances`.
RunGames multi_dataset_games(SearchGoal goal, const Aggregation& aggregation) {
  std::vector<std::unique_ptr<ExplanationGame>> games;
  for (const std::string& i : instances) games.push_back(single_game(i, goal));
  RunGames run;
  run.configuration_space_json = setup_on("1").model->space_json();
  run.games.push_back(make_multi_dataset_game(setup_on("1"), std::move(games), aggregation));
  return run;
}

}  // namespace

TEST_CASE("run and aggregate give bit-identical multi-dataset games") {
  const test::ScratchDir dir;
  for (const SearchGoal goal : {SearchGoal::maximum, SearchGoal::variance}) {
    std::vector<std::filesystem::path> singles;
    const std::string tag = goal == SearchGoal::maximum ? "max" : "var";
    for (const std::string& i : instances) {
      singles.push_back(dir / ("single-" + tag + "-" + i + ".h5"));
      run_into(singles.back(), [&] {
        RunGames run;
        run.configuration_space_json = setup_on(i).model->space_json();
        run.games.push_back(single_game(i, goal));
        return run;
      });
    }
    for (const std::string op : {"mean", "median", "min", "max", "quantile:0.3"}) {
      CAPTURE(tag);
      CAPTURE(op);
      const Aggregation aggregation = parse_aggregate_op(op);
      const auto multi = dir / ("multi-" + tag + "-" + game_suffix(aggregation) + ".h5");
      run_into(multi, [&] { return multi_dataset_games(goal, aggregation); });
      AggregateRequest request;
      request.inputs = singles;
      request.aggregation = aggregation;
      request.output = dir / ("aggregate-" + tag + "-" + game_suffix(aggregation) + ".h5");
      const AggregateResult aggregated = aggregate_stores(request);
      const StoredGame in_run = StoreReader(multi).game("tunability");
      REQUIRE(in_run.values.size() == aggregated.game.values.size());
      for (std::size_t s = 0; s < in_run.values.size(); ++s) {
        CAPTURE(s);
        CHECK(in_run.values[s] == aggregated.game.values[s]);  // every bit
      }
      // and the aggregate is not a constant: the instances' games differ
      CHECK(aggregated.game.values[3] != aggregated.game.values[0]);
      // each instance's game is stored too, exactly as its single-instance run stored it
      for (std::size_t i = 0; i < instances.size(); ++i) {
        const StoredGame single = StoreReader(singles[i]).game("tunability");
        const StoredGame stored = StoreReader(multi).game("tunability@" + instances[i]);
        CHECK(stored.values == single.values);
        CHECK(stored.evaluations == single.evaluations);
        CHECK(stored.best_configurations == single.best_configurations);
      }
    }
  }
}

TEST_CASE("a multi-dataset run on 2 ranks: the aggregate's bits, each coalition evaluated once") {
  const test::ScratchDir dir;
  const Aggregation mean = parse_aggregate_op("mean");
  const auto samples = static_cast<std::uint64_t>(setup_on("1").samples);
  // Closed form of the cost: λ⁰ alone for ∅, λ⁰ and the samples for every other coalition, on
  // each of the 3 instances.
  const std::uint64_t per_instance = 1 + 3 * (samples + 1);
  const auto instance_count = static_cast<std::uint64_t>(instances.size());
  std::vector<std::filesystem::path> singles;
  for (const std::string& i : instances) {
    singles.push_back(dir / ("single-" + i + ".h5"));
    run_into(singles.back(), [&] {
      RunGames run;
      run.configuration_space_json = setup_on(i).model->space_json();
      run.games.push_back(single_game(i, SearchGoal::maximum));
      return run;
    });
  }
  AggregateRequest request;
  request.inputs = singles;
  request.aggregation = mean;
  request.output = dir / "aggregate.h5";
  const AggregateResult aggregated = aggregate_stores(request);

  const auto store = dir / "multi-2-ranks.h5";
  rows_evaluated = 0;
  run_into(
      store, [&] { return multi_dataset_games(SearchGoal::maximum, mean); }, 2);
  // the model ran once per coalition and instance in all, not once per rank
  CHECK(rows_evaluated.load() == instance_count * per_instance);

  StoredGame game;
  {
    const StoreReader reader(store);
    game = reader.game("tunability");
    REQUIRE(game.complete());
    for (std::size_t s = 0; s < game.values.size(); ++s) {
      CAPTURE(s);
      CHECK(game.values[s] == aggregated.game.values[s]);  // every bit
      // exact counts: the instances' own, summed
      CHECK(game.evaluations[s] == instance_count * (s == 0 ? 1 : samples + 1));
    }
    CHECK(reader.explanations("tunability").size() == 1);  // the job's SV
    for (const std::string& i : instances) {
      const StoredGame instance = reader.game("tunability@" + i);
      CHECK(instance.complete());
      CHECK(reader.explanations("tunability@" + i).size() == 1);
    }
  }
  // a rerun resumes the complete store: nothing is evaluated again, the aggregate is the same
  rows_evaluated = 0;
  run_into(
      store, [&] { return multi_dataset_games(SearchGoal::maximum, mean); }, 2);
  CHECK(rows_evaluated.load() == 0);
  CHECK(StoreReader(store).game("tunability").values == game.values);

  // stopped half-way (as by SIGTERM: exit code 75, the aggregate not yet built), then resumed
  const auto resumed = dir / "multi-resumed.h5";
  rows_evaluated = 0;
  stop_after_rows = instance_count * per_instance / 2;
  run_into(
      resumed, [&] { return multi_dataset_games(SearchGoal::maximum, mean); }, 2,
      to_int(ExitCode::requeue));
  stop_after_rows = 0;
  clear_stop_request();
  {
    const StoreReader partial(resumed);
    CHECK_FALSE(partial.game("tunability").complete());
    std::size_t done = 0;
    for (const std::string& i : instances) done += partial.game("tunability@" + i).done_count();
    CHECK(done > 0);
    CHECK(done < instances.size() * 4);
  }
  run_into(
      resumed, [&] { return multi_dataset_games(SearchGoal::maximum, mean); }, 2);
  const StoredGame after = StoreReader(resumed).game("tunability");
  CHECK(after.values == game.values);  // every bit
  CHECK(after.evaluations == game.evaluations);
}

}  // namespace hypershap
