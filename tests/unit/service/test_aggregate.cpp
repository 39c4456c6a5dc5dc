// hypershap aggregate (HyperSHAP, Definition 5): the multi-dataset game of result stores of one
// game on several instances, checked on stores whose values are known, and its refusals.

#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <vector>

#include "../store/store_test_support.hpp"
#include "hypershap/core/error.hpp"
#include "hypershap/explain/shapley_interactions.hpp"
#include "hypershap/service/aggregate.hpp"
#include "hypershap/store/store.hpp"

namespace hypershap {

namespace {

using test::ScratchDir;

const std::vector<std::string> players = {"lr", "momentum", "depth"};
const char* const space = R"({"hyperparameters": [{"name": "lr"}]})";

/// Instance i's game: v_i(S) = base[i] + i·popcount(S) + S/10 (distinct per instance and
/// coalition, so every aggregate is checked coalition by coalition).
double instance_value(int i, Coalition s) {
  const double base[] = {1.0, 2.0, 4.0, 8.0};
  return base[i] + i * static_cast<double>(__builtin_popcountll(s)) + static_cast<double>(s) / 10;
}

struct StoreOptions {
  std::string game = "tunability";
  std::string kind = "tunability";
  std::vector<std::string> players = hypershap::players;
  std::string space = hypershap::space;
  std::size_t done = 8;  // coalitions written, in bitmask order
  bool second_game = false;
};

std::filesystem::path make_store(const ScratchDir& dir, int instance,
                                 const StoreOptions& options = {}) {
  const auto path = dir / ("store-" + std::to_string(instance) + ".h5");
  std::vector<GameSpec> games = {{options.game, options.kind, options.players, 0}};
  if (options.second_game) games.push_back({"sensitivity", "sensitivity", options.players, 0});
  StoreWriter writer(
      path, {"[model]\ninstance = " + std::to_string(instance) + "\n", options.space, ""}, games);
  for (const GameSpec& game : games) {
    CoalitionBatch batch;
    for (Coalition s = 0; s < options.done; ++s) batch.add(s, instance_value(instance, s), 10, 0.5);
    writer.write_batch(game.name, batch);
  }
  writer.close();
  return path;
}

AggregateRequest request_for(const std::vector<std::filesystem::path>& inputs,
                             const std::filesystem::path& output, const std::string& op) {
  AggregateRequest request;
  request.inputs = inputs;
  request.output = output;
  request.aggregation = parse_aggregate_op(op);
  return request;
}

std::string refusal(const AggregateRequest& request) {
  try {
    aggregate_stores(request);
  } catch (const Error& e) {
    CHECK(e.code() == ExitCode::invalid_input);
    return e.what();
  }
  FAIL("aggregate_stores accepted the request");
  return {};
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace

TEST_CASE("aggregate: mean, median, min, max and quantiles of known values") {
  const std::vector<double> values = {8.0, 1.0, 4.0, 2.0};
  CHECK(aggregate(parse_aggregate_op("mean"), values) == 3.75);
  CHECK(aggregate(parse_aggregate_op("min"), values) == 1.0);
  CHECK(aggregate(parse_aggregate_op("max"), values) == 8.0);
  // numpy: np.median([8, 1, 4, 2]) = 3, np.quantile([8, 1, 4, 2], 0.25) = 1.75
  CHECK(aggregate(parse_aggregate_op("median"), values) == 3.0);
  CHECK(aggregate(parse_aggregate_op("quantile:0.25"), values) == 1.75);
  CHECK(aggregate(parse_aggregate_op("quantile:0"), values) == 1.0);
  CHECK(aggregate(parse_aggregate_op("quantile:1"), values) == 8.0);
  CHECK(aggregate(parse_aggregate_op("quantile:0.5"), values) == 3.0);
  CHECK(aggregate(parse_aggregate_op("median"), {5.0, -1.0, 3.0}) == 3.0);
  CHECK(aggregate(parse_aggregate_op("quantile:0.9"), {5.0}) == 5.0);

  CHECK(game_suffix(parse_aggregate_op("mean")) == "mean");
  CHECK(game_suffix(parse_aggregate_op("quantile:0.25")) == "quantile0.25");
  CHECK(game_suffix(parse_aggregate_op("quantile:0.1")) == "quantile0.1");
}

TEST_CASE("aggregate: unknown operations are refused with the valid ones") {
  for (const char* text : {"average", "quantile:1.5", "quantile:", "quantile:x", "quantile:-0.1"}) {
    CAPTURE(text);
    try {
      parse_aggregate_op(text);
      FAIL("accepted");
    } catch (const Error& e) {
      CHECK(e.code() == ExitCode::invalid_input);
      CHECK((contains(e.what(), "mean, median, min, max or quantile:Q") ||
             contains(e.what(), "between 0 and 1")));
    }
  }
}

TEST_CASE("aggregate: the output store holds the aggregated game per coalition") {
  const ScratchDir dir;
  const std::vector<std::filesystem::path> inputs = {make_store(dir, 0), make_store(dir, 1),
                                                     make_store(dir, 2), make_store(dir, 3)};
  struct Case {
    const char* op;
    const char* name;
  };
  for (const Case c : {Case{"mean", "tunability-mean"}, Case{"median", "tunability-median"},
                       Case{"min", "tunability-min"}, Case{"max", "tunability-max"},
                       Case{"quantile:0.25", "tunability-quantile0.25"}}) {
    CAPTURE(c.op);
    const auto output = dir / (std::string(c.name) + ".h5");
    const AggregateResult result = aggregate_stores(request_for(inputs, output, c.op));
    CHECK(result.game_name == c.name);
    CHECK(result.kind == "tunability");

    const StoreReader reader(output);
    REQUIRE(reader.game_names() == std::vector<std::string>{c.name});
    const StoredGame game = reader.game(c.name);
    CHECK(game.spec.kind == "tunability");
    CHECK(game.spec.players == players);
    CHECK(game.complete());
    for (Coalition s = 0; s < 8; ++s) {
      std::vector<double> column;
      for (int i = 0; i < 4; ++i) column.push_back(instance_value(i, s));
      CHECK(game.values[s] == aggregate(parse_aggregate_op(c.op), column));
      CHECK(game.evaluations[s] == 40);  // the instances' evaluations, summed
      CHECK(game.seconds[s] == 2.0);
    }
    CHECK(reader.metadata().configuration_space_json == space);
    const std::string& job = reader.metadata().job_text;
    CHECK(contains(job, "op = \"" + game_suffix(parse_aggregate_op(c.op)) + "\""));
    for (const auto& input : inputs) {
      CHECK(contains(job, std::filesystem::absolute(input).lexically_normal().string()));
      CHECK(contains(job, StoreReader(input).metadata().job_hash));
    }
    // no explanations in the inputs: SV, FSII and k-SII at order 2
    CHECK(reader.explanation_keys(c.name) == std::vector<std::string>{"FSII_order2_baseline",
                                                                      "SV_order1_baseline",
                                                                      "k-SII_order2_baseline"});
  }
}

TEST_CASE("aggregate: the Shapley values of the mean game are the mean Shapley values") {
  const ScratchDir dir;
  const std::vector<std::filesystem::path> inputs = {make_store(dir, 0), make_store(dir, 1),
                                                     make_store(dir, 2)};
  auto request = request_for(inputs, dir / "mean.h5", "mean");
  request.indices = {Index::sv, Index::fsii};
  request.order = 3;
  aggregate_stores(request);
  const StoreReader reader(dir / "mean.h5");
  const StoredExplanation sv = reader.explanation("tunability-mean", "SV_order1_baseline");
  const StoredExplanation fsii = reader.explanation("tunability-mean", "FSII_order3_baseline");
  CHECK(fsii.r2.size() == 3);
  for (const double r2 : fsii.r2) CHECK(std::isfinite(r2));
  for (std::size_t k = 0; k < sv.values.coalitions.size(); ++k) {
    double mean = 0.0;
    for (int i = 0; i < 3; ++i) {
      GameTable game{players, {}};
      for (Coalition s = 0; s < 8; ++s) game.values.push_back(instance_value(i, s));
      mean += explain(game, Index::sv, 1).values[k] / 3.0;
    }
    CHECK(sv.values.values[k] == doctest::Approx(mean).epsilon(1e-12));
  }
}

TEST_CASE("aggregate: stores of different games are refused, saying what differs") {
  const ScratchDir dir;
  const auto a = make_store(dir, 0);

  SUBCASE("players in another order") {
    StoreOptions other;
    other.players = {"lr", "depth", "momentum"};
    const std::string message =
        refusal(request_for({a, make_store(dir, 1, other)}, dir / "o.h5", "mean"));
    CHECK(contains(message, "player 1 is 'depth' instead of 'momentum'"));
    CHECK(contains(message, "store-1.h5"));
  }
  SUBCASE("another number of players") {
    StoreOptions other;
    other.players = {"lr", "momentum"};
    other.done = 4;
    const std::string message =
        refusal(request_for({a, make_store(dir, 1, other)}, dir / "o.h5", "mean"));
    CHECK(contains(message, "2 players ['lr', 'momentum'] instead of 3"));
  }
  SUBCASE("another kind") {
    StoreOptions other;
    other.kind = "sensitivity";
    const std::string message =
        refusal(request_for({a, make_store(dir, 1, other)}, dir / "o.h5", "mean"));
    CHECK(contains(message, "of kind 'sensitivity', not 'tunability'"));
  }
  SUBCASE("another configuration space") {
    StoreOptions other;
    other.space = R"({"hyperparameters": [{"name": "momentum"}]})";
    const std::string message =
        refusal(request_for({a, make_store(dir, 1, other)}, dir / "o.h5", "mean"));
    CHECK(contains(message, "another configuration space"));
  }
  SUBCASE("an incomplete game") {
    StoreOptions other;
    other.done = 5;
    const std::string message =
        refusal(request_for({a, make_store(dir, 1, other)}, dir / "o.h5", "mean"));
    CHECK(contains(message, "is incomplete (5 of 8 coalitions done)"));
    CHECK(contains(message, "hypershap run"));
  }
  SUBCASE("several games and no --game") {
    StoreOptions other;
    other.second_game = true;
    const auto b = make_store(dir, 1, other);
    const std::string message = refusal(request_for({b, a}, dir / "o.h5", "mean"));
    CHECK(contains(message, "holds 2 games"));
    CHECK(contains(message, "--game"));
    auto chosen = request_for({b, a}, dir / "chosen.h5", "max");
    chosen.game = "tunability";
    CHECK(aggregate_stores(chosen).game_name == "tunability-max");
  }
  SUBCASE("a game the store does not have") {
    auto request = request_for({a}, dir / "o.h5", "mean");
    request.game = "ablation";
    CHECK(contains(refusal(request), "has no game 'ablation'; its games are ['tunability']"));
  }
  SUBCASE("the output is an input") {
    CHECK(
        contains(refusal(request_for({a, make_store(dir, 1)}, a, "mean")), "is one of the inputs"));
  }
  CHECK_FALSE(std::filesystem::exists(dir / "o.h5"));
}

}  // namespace hypershap
