// Sparse games (schema version 3, store/sparse_game.cpp): a sample of coalitions of up to 64
// players, one entry each, written, resumed, verified and refused like an exact game's.

#include <doctest/doctest.h>

#include <cmath>

#include "hypershap/core/error.hpp"
#include "hypershap/store/store.hpp"
#include "store_test_support.hpp"

using namespace hypershap;

namespace {

GameSpec sparse_spec() {
  GameSpec spec;
  spec.name = "tunability";
  spec.kind = "tunability";
  for (int i = 0; i < 40; ++i) spec.players.push_back("h" + std::to_string(i));
  spec.configuration_dimension = 2;
  spec.sample = {0, 5, Coalition{1} << 39, (Coalition{1} << 39) | 3, grand_coalition(40)};
  return spec;
}

JobDescription job() { return {"[job]\nname = \"sparse\"\n", "{}", ""}; }

CoalitionBatch batch_of(const std::vector<Coalition>& coalitions) {
  CoalitionBatch batch;
  for (const Coalition s : coalitions) {
    const auto x = static_cast<double>(s % 1000);
    batch.add(s, 0.5 * x, 7, 0.01, {x, -x});
  }
  return batch;
}

}  // namespace

TEST_CASE("a sparse game of 40 players is written by mask and read back entry by entry") {
  test::ScratchDir dir;
  const auto path = dir / "sparse.h5";
  const GameSpec spec = sparse_spec();
  {
    StoreWriter writer(path, job(), {spec});
    CHECK(writer.missing_coalitions("tunability") == spec.sample);
    writer.write_batch("tunability", batch_of({grand_coalition(40), 5}));
    CHECK(writer.is_done("tunability", 5));
    CHECK_FALSE(writer.is_done("tunability", 6));  // not in the sample
    CHECK(writer.missing_coalitions("tunability") ==
          std::vector<Coalition>{0, Coalition{1} << 39, (Coalition{1} << 39) | 3});
    // a coalition outside the sample is refused, the store unchanged
    CHECK_THROWS_AS(writer.write_batch("tunability", batch_of({6})), std::invalid_argument);
    writer.close();
  }
  {
    // resumed: the done entries are kept, the rest is missing
    StoreWriter writer(path, job(), {spec});
    CHECK_FALSE(writer.created());
    CHECK(writer.done_count("tunability") == 2);
    writer.write_batch("tunability", batch_of({0, Coalition{1} << 39, (Coalition{1} << 39) | 3}));
    writer.close();
  }
  const StoreReader reader(path);
  CHECK(reader.metadata().schema_version == 3);
  CHECK(reader.problems().empty());
  const StoredGame game = reader.game("tunability");
  CHECK(game.spec.sample == spec.sample);
  CHECK(game.complete());
  REQUIRE(game.values.size() == spec.sample.size());
  for (std::size_t i = 0; i < spec.sample.size(); ++i) {
    const auto x = static_cast<double>(spec.sample[i] % 1000);
    CHECK(game.values[i] == 0.5 * x);
    CHECK(game.sparse_value(spec.sample[i]) == 0.5 * x);
    CHECK(game.best_configurations[2 * i + 1] == -x);
  }
  CHECK_THROWS_AS(game.sparse_value(6), Error);
  CHECK_THROWS_AS(game.to_game(path), Error);  // no full table to explain
  CHECK(reader.summary().games.front().total == spec.sample.size());
}

TEST_CASE("a sparse store is refused by a job that samples other coalitions, unchanged") {
  test::ScratchDir dir;
  const auto path = dir / "sparse.h5";
  { StoreWriter(path, job(), {sparse_spec()}).close(); }
  GameSpec other = sparse_spec();
  other.sample[1] = 6;
  try {
    StoreWriter writer(path, job(), {other});
    FAIL("a different sample was accepted");
  } catch (const Error& e) {
    CHECK(std::string(e.what()).find("a sample of 5 coalitions") != std::string::npos);
  }
  CHECK(StoreReader(path).game("tunability").spec.sample == sparse_spec().sample);
}

TEST_CASE("an approximate explanation keeps its standard errors, approximator and budget") {
  test::ScratchDir dir;
  const auto path = dir / "sparse.h5";
  const GameSpec spec = sparse_spec();
  StoredExplanation e;
  e.values.index = Index::sv;
  e.values.order = 1;
  e.values.players = spec.players;
  e.values.coalitions = coalitions_up_to(40, 1, true);
  for (std::size_t i = 0; i < e.values.coalitions.size(); ++i)
    e.values.values.push_back(0.01 * static_cast<double>(i));
  e.standard_errors.assign(e.values.values.size(), 0.25);
  e.standard_errors.front() = 0.0;
  e.approximation = "regression";
  e.budget = 16384;
  {
    StoreWriter writer(path, job(), {spec});
    writer.write_explanation("tunability", e);
    writer.close();
  }
  const StoredExplanation read = StoreReader(path).explanation("tunability", "SV_order1_baseline");
  CHECK(read.values.values == e.values.values);
  CHECK(read.standard_errors == e.standard_errors);
  CHECK(read.approximation == "regression");
  CHECK(read.budget == 16384);
}

TEST_CASE("a sparse sample that is not increasing, or names players beyond n, is refused") {
  test::ScratchDir dir;
  GameSpec spec = sparse_spec();
  spec.sample = {5, 0};
  CHECK_THROWS_AS(StoreWriter(dir / "a.h5", job(), {spec}), std::invalid_argument);
  spec.sample = {0, Coalition{1} << 41};
  CHECK_THROWS_AS(StoreWriter(dir / "b.h5", job(), {spec}), std::invalid_argument);
}
