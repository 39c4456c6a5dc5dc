// The multi-dataset game (HyperSHAP, Definition 5) two ways: computed in one run (the per-instance
// games aggregated per coalition) and by `hypershap aggregate` from one run per instance. Both
// aggregate through core/aggregation.hpp from the same per-instance values, so the stored games
// are bit-identical, for every aggregation and with or without Tunability's closure.

#include <doctest/doctest.h>

#include <sstream>

#include "../store/store_test_support.hpp"
#include "hypershap/games/games.hpp"
#include "hypershap/models/analytic_models.hpp"
#include "hypershap/parallel/communicator.hpp"
#include "hypershap/service/aggregate.hpp"
#include "hypershap/service/game_runner.hpp"
#include "hypershap/store/store.hpp"

namespace hypershap {

namespace {

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

/// Runs `make` (the games) into `store` on one rank.
void run_into(const std::filesystem::path& store, const std::function<RunGames()>& make) {
  RunRequest request;
  request.label = store.filename().string();
  request.output = store;
  request.description = "[test]\nstore = \"" + store.filename().string() + "\"\n";
  request.explain.indices = {Index::sv};
  request.explain.order = 1;
  request.assemble = make;
  RunOptions options;
  options.progress = false;
  std::ostringstream out, err;
  const auto comm = make_serial_communicator();
  REQUIRE_MESSAGE(run_games(request, *comm, options, out, err) == 0, err.str());
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
      run_into(multi, [&] {
        std::vector<std::unique_ptr<ExplanationGame>> games;
        for (const std::string& i : instances) games.push_back(single_game(i, goal));
        std::optional<ClosureDirection> closure;
        if (goal == SearchGoal::maximum) closure = ClosureDirection::maximum;
        RunGames run;
        run.configuration_space_json = setup_on("1").model->space_json();
        run.games.push_back(
            make_multi_dataset_game(setup_on("1"), std::move(games), aggregation, closure));
        return run;
      });
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
    }
  }
}

}  // namespace hypershap
