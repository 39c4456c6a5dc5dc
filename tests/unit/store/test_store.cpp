#include <doctest/doctest.h>
#include <unistd.h>

#include <cmath>
#include <regex>

#include "hypershap/core/error.hpp"
#include "hypershap/core/version.hpp"
#include "hypershap/explain/shapley_interactions.hpp"
#include "hypershap/store/sha256.hpp"
#include "hypershap/store/store.hpp"
#include "store_test_support.hpp"

using namespace hypershap;

namespace {

std::string this_host() {
  char buffer[256] = {};
  gethostname(buffer, sizeof buffer - 1);
  return buffer;
}

/// An FSII explanation of order 2 on `players` with made-up values.
StoredExplanation example_explanation(const std::vector<std::string>& players, Index index,
                                      int order) {
  StoredExplanation e;
  e.values.index = index;
  e.values.order = order;
  e.values.convention = EmptySetConvention::baseline;
  e.values.players = players;
  e.values.empty_value = -0.5;
  e.values.grand_value = 2.25;
  e.values.coalitions = coalitions_up_to(static_cast<int>(players.size()), order, true);
  for (std::size_t i = 0; i < e.values.coalitions.size(); ++i)
    e.values.values.push_back(0.1 * static_cast<double>(i) - 0.3);
  e.r2 = {0.75, 1.0};
  return e;
}

}  // namespace

TEST_CASE("a new store round-trips its metadata, values, flags, configurations and explanations") {
  test::ScratchDir dir;
  const auto path = dir / "run.h5";
  const JobDescription job = test::example_job();
  const std::vector<GameSpec> games = test::example_games();
  const StoredExplanation fsii = example_explanation(games[0].players, Index::fsii, 2);
  const StoredExplanation sv = example_explanation(games[0].players, Index::sv, 1);
  {
    StoreWriter writer(path, job, games);
    CHECK(writer.created());
    CHECK(writer.game_names() == std::vector<std::string>{"ablation", "tunability"});
    CHECK(writer.done_count("tunability") == 0);
    CHECK(writer.missing_coalitions("ablation").size() == 8);
    writer.write_batch("tunability", test::expected_batch({3, 0, 15, 8}, 3));
    writer.write_batch("tunability", test::expected_batch({9}, 3));
    writer.write_batch("ablation", test::expected_batch({7, 1}, 0));
    CHECK(writer.done_count("tunability") == 5);
    CHECK(writer.is_done("tunability", 15));
    CHECK_FALSE(writer.is_done("tunability", 14));
    writer.write_explanation("tunability", fsii);
    writer.write_explanation("tunability", sv);
    writer.close();
  }
  CHECK_FALSE(std::filesystem::exists(dir / "run.h5.creating"));

  const StoreReader reader(path);
  const StoreMetadata& m = reader.metadata();
  CHECK(m.schema == "hypershap-store");
  CHECK(m.schema_version == store_schema_version);
  CHECK(m.software_version == version());
  CHECK(m.git_sha == git_sha());
  CHECK(std::regex_match(m.created_utc, std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)")));
  CHECK(m.host == this_host());
  CHECK(m.job_text == job.job_text);
  CHECK(m.job_hash == "sha256:" + sha256_hex(job.job_text));
  CHECK(m.configuration_space_json == job.configuration_space_json);

  const StoredGame tunability = reader.game("tunability");
  CHECK(tunability.spec.kind == "tunability");
  CHECK(tunability.spec.players == games[0].players);
  CHECK(tunability.spec.configuration_dimension == 3);
  std::vector<std::uint8_t> done(16, 0);
  for (const std::size_t s : {0U, 3U, 8U, 9U, 15U}) done[s] = 1;
  CHECK(test::holds_exactly(tunability, done));
  CHECK(tunability.done_count() == 5);
  CHECK_FALSE(tunability.complete());

  const StoredGame ablation = reader.game("ablation");
  CHECK(ablation.spec.configuration_dimension == 0);
  CHECK(ablation.best_configurations.empty());
  CHECK(test::holds_exactly(ablation, {0, 1, 0, 0, 0, 0, 0, 1}));

  CHECK(reader.explanation_keys("tunability") ==
        std::vector<std::string>{"FSII_order2_baseline", "SV_order1_baseline"});
  const StoredExplanation back = reader.explanation("tunability", "FSII_order2_baseline");
  CHECK(back.values.index == Index::fsii);
  CHECK(back.values.order == 2);
  CHECK(back.values.convention == EmptySetConvention::baseline);
  CHECK(back.values.players == games[0].players);
  CHECK(back.values.empty_value == -0.5);
  CHECK(back.values.grand_value == 2.25);
  CHECK(back.values.coalitions == fsii.values.coalitions);
  CHECK(back.values.values == fsii.values.values);
  CHECK(back.r2 == fsii.r2);
  CHECK(reader.explanations("ablation").empty());

  const StoreSummary summary = reader.summary();
  REQUIRE(summary.games.size() == 2);
  CHECK(summary.metadata.job_hash == m.job_hash);
  const auto& t = summary.games[1];
  CHECK(t.name == "tunability");
  CHECK(t.kind == "tunability");
  CHECK(t.n == 4);
  CHECK(t.done == 5);
  CHECK(t.total == 16);
  CHECK(t.evaluations == 4 + 1 + 2 + 2 + 3);  // s % 7 + 1 for s = 3, 0, 15, 8, 9
  CHECK(t.seconds == doctest::Approx(0.125 * (3 + 0 + 15 + 8 + 9)));
  CHECK(t.explanations.size() == 2);
  CHECK(summary.games[0].done == 2);
  CHECK(summary.games[0].total == 8);
}

TEST_CASE("batches in any order and of any size fill a game exactly") {
  test::ScratchDir dir;
  const auto path = dir / "run.h5";
  const std::vector<GameSpec> games = {
      {"sensitivity",
       "sensitivity",
       {"p0", "p1", "p2", "p3", "p4", "p5", "p6", "p7", "p8", "p9", "p10"},
       5}};
  const auto batches = test::shuffled_batches(11, 300, 7);
  {
    StoreWriter writer(path, test::example_job(), games);
    for (const auto& batch : batches)
      writer.write_batch("sensitivity", test::expected_batch(batch, 5));
    CHECK(writer.done_count("sensitivity") == 2048);
    CHECK(writer.missing_coalitions("sensitivity").empty());
  }
  const StoreReader reader(path);
  const StoredGame game = reader.game("sensitivity");
  CHECK(game.complete());
  CHECK(test::holds_exactly(game, std::vector<std::uint8_t>(2048, 1)));
  const GameTable g = game.to_game(path);
  CHECK(g.players == games[0].players);
  CHECK(g.values == game.values);
}

TEST_CASE("a coalition written again is replaced") {
  test::ScratchDir dir;
  const auto path = dir / "run.h5";
  StoreWriter writer(path, test::example_job(), test::example_games());
  CoalitionBatch first;
  first.add(5, 100.0, 9, 1.0, {1.0, 2.0, 3.0});
  writer.write_batch("tunability", first);
  writer.write_batch("tunability", test::expected_batch({5}, 3));
  CHECK(writer.done_count("tunability") == 1);
  writer.close();
  std::vector<std::uint8_t> done(16, 0);
  done[5] = 1;
  CHECK(test::holds_exactly(StoreReader(path).game("tunability"), done));
}

TEST_CASE("a resumed store reports only the missing coalitions and completes") {
  test::ScratchDir dir;
  const auto path = dir / "run.h5";
  const auto batches = test::shuffled_batches(4, 3, 11);
  std::vector<std::uint8_t> done(16, 0);
  {
    StoreWriter writer(path, test::example_job(), test::example_games());
    for (std::size_t b = 0; b < batches.size() / 2; ++b) {
      writer.write_batch("tunability", test::expected_batch(batches[b], 3));
      for (const Coalition s : batches[b]) done[s] = 1;
    }
  }  // destroyed without close(): the destructor closes as well
  StoreWriter writer(path, test::example_job(), test::example_games());
  CHECK_FALSE(writer.created());
  std::vector<Coalition> expected_missing;
  for (Coalition s = 0; s < 16; ++s)
    if (done[s] == 0) expected_missing.push_back(s);
  CHECK(writer.missing_coalitions("tunability") == expected_missing);
  CHECK(writer.done_count("tunability") == 16 - expected_missing.size());
  CHECK(writer.missing_coalitions("ablation").size() == 8);
  for (Coalition s = 0; s < 16; ++s) CHECK(writer.is_done("tunability", s) == (done[s] != 0));
  writer.write_batch("tunability", test::expected_batch(expected_missing, 3));
  CHECK(writer.missing_coalitions("tunability").empty());
  const std::string created = writer.metadata().created_utc;
  writer.close();
  const StoreReader reader(path);
  CHECK(reader.metadata().created_utc == created);
  CHECK(test::holds_exactly(reader.game("tunability"), std::vector<std::uint8_t>(16, 1)));
}

TEST_CASE("a resumed store gains the games the job declares and it lacks") {
  test::ScratchDir dir;
  const auto path = dir / "run.h5";
  std::vector<GameSpec> games = test::example_games();
  const GameSpec ablation = games.back();
  games.pop_back();
  StoreWriter(path, test::example_job(), games).close();
  games.push_back(ablation);
  StoreWriter writer(path, test::example_job(), games);
  CHECK(writer.game_names() == std::vector<std::string>{"ablation", "tunability"});
  writer.write_batch("ablation", test::expected_batch({2}, 0));
  writer.close();
  CHECK(test::holds_exactly(StoreReader(path).game("ablation"), {0, 0, 1, 0, 0, 0, 0, 0}));
}

TEST_CASE("an explanation written again replaces the stored one") {
  test::ScratchDir dir;
  const auto path = dir / "run.h5";
  const std::vector<GameSpec> games = test::example_games();
  StoredExplanation e = example_explanation(games[1].players, Index::k_sii, 2);
  {
    StoreWriter writer(path, test::example_job(), games);
    writer.write_explanation("ablation", e);
    e.values.values.assign(e.values.values.size(), 4.0);
    e.r2 = {};
    writer.write_explanation("ablation", e);
  }
  const StoreReader reader(path);
  REQUIRE(reader.explanation_keys("ablation") == std::vector<std::string>{"k-SII_order2_baseline"});
  const StoredExplanation back = reader.explanation("ablation", "k-SII_order2_baseline");
  CHECK(back.values.values == e.values.values);
  CHECK(back.r2.empty());
}

TEST_CASE("reading an unknown game or an incomplete game names the store and the fix") {
  test::ScratchDir dir;
  const auto path = dir / "run.h5";
  StoreWriter(path, test::example_job(), test::example_games()).close();
  const StoreReader reader(path);
  try {
    reader.game("tunabilty");
    FAIL("an unknown game was read");
  } catch (const Error& e) {
    CHECK(e.code() == ExitCode::invalid_input);
    CHECK(std::string(e.what()) ==
          path.string() + " has no game \"tunabilty\"; its games are: ablation, tunability");
  }
  try {
    reader.game("ablation").to_game(path);
    FAIL("an incomplete game was accepted");
  } catch (const Error& e) {
    CHECK(e.code() == ExitCode::invalid_input);
    CHECK(std::string(e.what()) ==
          path.string() +
              ": game ablation is not complete (8 of 8 coalition values missing); run its job "
              "again to compute them");
  }
}

TEST_CASE("malformed batches and games are refused before anything is written") {
  test::ScratchDir dir;
  const auto path = dir / "run.h5";
  StoreWriter writer(path, test::example_job(), test::example_games());
  CHECK_THROWS_AS(writer.write_batch("tunability", test::expected_batch({16}, 3)),
                  std::invalid_argument);
  CHECK_THROWS_AS(writer.write_batch("tunability", test::expected_batch({2, 2}, 3)),
                  std::invalid_argument);
  CHECK_THROWS_AS(writer.write_batch("tunability", test::expected_batch({2}, 2)),
                  std::invalid_argument);
  CHECK_THROWS_AS(writer.write_batch("nope", test::expected_batch({2}, 3)), std::invalid_argument);
  CHECK(writer.done_count("tunability") == 0);
  std::vector<GameSpec> bad = {{"a/b", "ablation", {"x"}, 0}};
  CHECK_THROWS_AS(StoreWriter(dir / "other.h5", test::example_job(), bad), Error);
}

TEST_CASE("a completed game explained by the engine round-trips every index through the store") {
  test::ScratchDir dir;
  const auto path = dir / "run.h5";
  const std::vector<GameSpec> games = test::example_games();
  {
    StoreWriter writer(path, test::example_job(), games);
    std::vector<Coalition> all;
    for (Coalition s = 0; s < 16; ++s) all.push_back(s);
    writer.write_batch("tunability", test::expected_batch(all, 3));
    const GameTable game = StoreReader(path).game("tunability").to_game(path);
    for (const Index index : all_indices())
      for (const EmptySetConvention convention :
           {EmptySetConvention::baseline, EmptySetConvention::shapiq})
        writer.write_explanation("tunability",
                                 {explain(game, index, 3, convention), {0.5, 0.75, 1.0}});
  }
  const StoreReader reader(path);
  const GameTable game = reader.game("tunability").to_game(path);
  CHECK(reader.explanation_keys("tunability").size() == 2 * all_indices().size());
  for (const Index index : all_indices()) {
    const InteractionValues expected = explain(game, index, 3, EmptySetConvention::shapiq);
    const StoredExplanation back = reader.explanation("tunability", explanation_key(expected));
    CAPTURE(explanation_key(expected));
    CHECK(back.values.index == expected.index);
    CHECK(back.values.order == expected.order);
    CHECK(back.values.convention == expected.convention);
    CHECK(back.values.players == expected.players);
    CHECK(back.values.empty_value == expected.empty_value);
    CHECK(back.values.grand_value == expected.grand_value);
    CHECK(back.values.coalitions == expected.coalitions);
    CHECK(back.values.values == expected.values);  // bit for bit
    CHECK(back.r2 == std::vector<double>{0.5, 0.75, 1.0});
  }
}
