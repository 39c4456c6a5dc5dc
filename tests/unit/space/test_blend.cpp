// Blends for the HyperSHAP games, validity reasons and forbidden clauses, on small inline spaces.

#include <doctest/doctest.h>

#include "space_test_support.hpp"

using namespace hypershap;
using test::same;
using test::space_of;

namespace {

// solver decides which of momentum / beta1 is active; adam with batch 512 is forbidden.
const char* const optimizer_space = R"({"hyperparameters": [
    {"type": "categorical", "name": "solver", "choices": ["sgd", "adam"], "default_value": "sgd"},
    {"type": "uniform_float", "name": "lr", "lower": 0.0001, "upper": 1, "log": true,
     "default_value": 0.01},
    {"type": "uniform_float", "name": "momentum", "lower": 0, "upper": 1, "default_value": 0.9},
    {"type": "uniform_float", "name": "beta1", "lower": 0.5, "upper": 1, "default_value": 0.9},
    {"type": "uniform_int", "name": "batch", "lower": 16, "upper": 512, "default_value": 64}],
  "conditions": [
    {"type": "EQ", "child": "momentum", "parent": "solver", "value": "sgd"},
    {"type": "EQ", "child": "beta1", "parent": "solver", "value": "adam"}],
  "forbiddens": [{"type": "AND", "clauses": [
    {"type": "EQUALS", "name": "solver", "value": "adam"},
    {"type": "EQUALS", "name": "batch", "value": 512}]}]})";

Configuration row(std::initializer_list<double> values) {
  Configuration c(static_cast<Eigen::Index>(values.size()));
  Eigen::Index i = 0;
  for (const double v : values) c[i++] = v;
  return c;
}

constexpr double off = inactive_value;

}  // namespace

TEST_CASE("blend takes lambda in S and lambda0 elsewhere") {
  const ConfigurationSpace space = space_of(optimizer_space);
  const Configuration adam = row({1, 0.001, off, 0.8, 32});
  const Configuration sgd = row({0, 0.1, 0.5, off, 128});
  const std::vector<int> all = space.all_players();
  CHECK(same(space.blend(adam, sgd, grand_coalition(5), all).configuration, adam));
  CHECK(same(space.blend(adam, sgd, 0, all).configuration, sgd));
  // S = {lr, batch}: solver stays sgd, so momentum from lambda0 stays active.
  const Blend b = space.blend(adam, sgd, 0b10010, all);
  CHECK(same(b.configuration, row({0, 0.001, 0.5, off, 32})));
  CHECK(!b.forbidden);
  CHECK(space.is_valid(b.configuration));
}

TEST_CASE("blend: switching the parent makes children inactive and others active") {
  const ConfigurationSpace space = space_of(optimizer_space);
  const Configuration adam = row({1, 0.001, off, 0.8, 32});
  const Configuration sgd = row({0, 0.1, 0.5, off, 128});
  const std::vector<int> all = space.all_players();
  SUBCASE("S = {solver}: beta1 becomes active and takes lambda's value (lambda0 has none)") {
    const Blend b = space.blend(adam, sgd, 0b00001, all);
    CHECK(same(b.configuration, row({1, 0.1, off, 0.8, 128})));
    CHECK(space.is_valid(b.configuration));
  }
  SUBCASE("S = everything but solver: momentum falls back to lambda0's value") {
    const Blend b = space.blend(adam, sgd, 0b11110, all);
    CHECK(same(b.configuration, row({0, 0.001, 0.5, off, 32})));
    CHECK(space.is_valid(b.configuration));
  }
  SUBCASE("S = {solver, momentum}: momentum is taken but becomes inactive") {
    const Blend b = space.blend(sgd, adam, 0b00101, all);
    CHECK(same(b.configuration, row({0, 0.001, 0.5, off, 32})));
  }
}

TEST_CASE("blend: active with no value in either configuration takes the default") {
  const ConfigurationSpace space = space_of(R"({"hyperparameters": [
      {"type": "categorical", "name": "a", "choices": ["no", "yes"]},
      {"type": "categorical", "name": "b", "choices": ["no", "yes"]},
      {"type": "uniform_float", "name": "c", "lower": 0, "upper": 1, "default_value": 0.25}],
    "conditions": [{"type": "AND", "child": "c", "conditions": [
      {"type": "EQ", "child": "c", "parent": "a", "value": "yes"},
      {"type": "EQ", "child": "c", "parent": "b", "value": "yes"}]}]})");
  const Configuration lambda = row({1, 0, off});
  const Configuration lambda0 = row({0, 1, off});
  const Blend b = space.blend(lambda, lambda0, 0b001, space.all_players());
  CHECK(same(b.configuration, row({1, 1, 0.25})));
  CHECK(space.is_valid(b.configuration));
}

TEST_CASE("blend: a blend of two allowed configurations can be forbidden") {
  const ConfigurationSpace space = space_of(optimizer_space);
  const Configuration adam = row({1, 0.001, off, 0.8, 32});
  const Configuration sgd_big = row({0, 0.1, 0.5, off, 512});
  REQUIRE(space.is_valid(adam));
  REQUIRE(space.is_valid(sgd_big));
  const std::vector<int> all = space.all_players();
  const Blend b = space.blend(adam, sgd_big, 0b00001, all);  // adam with batch 512
  CHECK(b.forbidden);
  CHECK(space.why_invalid(b.configuration) ==
        "it matches forbidden clause 0: solver == 'adam' && batch == 512");
  CHECK(!space.blend(adam, sgd_big, 0b10001, all).forbidden);
  CHECK(!space.blend(adam, sgd_big, 0b10000, all).forbidden);
}

TEST_CASE("blend over a player list: the other hyperparameters are pinned to lambda0") {
  const ConfigurationSpace space = space_of(optimizer_space);
  const std::vector<int> players = space.players({"batch", "solver"}, "job.toml");
  CHECK(players == std::vector<int>{4, 0});
  const Configuration adam = row({1, 0.001, off, 0.8, 32});
  const Configuration sgd = row({0, 0.1, 0.5, off, 128});
  // Bit 0 is the first player (batch), bit 1 the second (solver); lr stays lambda0's.
  CHECK(same(space.blend(adam, sgd, 0b01, players).configuration, row({0, 0.1, 0.5, off, 32})));
  CHECK(same(space.blend(adam, sgd, 0b11, players).configuration, row({1, 0.1, off, 0.8, 32})));
  CHECK(test::message_of([&] {
          space.players({"solver", "solver"}, "job.toml");
        }) == "job.toml: player 'solver' is listed twice; name each once");
  CHECK(test::message_of([&] { space.players({"momentun"}, "job.toml"); }) ==
        "job.toml: unknown hyperparameter 'momentun'; the space space.json has: solver, lr, "
        "momentum, beta1, batch");
}

TEST_CASE("blend_into writes into a row of a matrix") {
  const ConfigurationSpace space = space_of(optimizer_space);
  const Configuration adam = row({1, 0.001, off, 0.8, 32});
  const Configuration sgd_big = row({0, 0.1, 0.5, off, 512});
  ConfigurationMatrix out(2, 5);
  CHECK(space.blend_into(adam, sgd_big, 0b00001, space.all_players(), out.row(1)));
  CHECK(!space.blend_into(adam, sgd_big, 0b00000, space.all_players(), out.row(0)));
  CHECK(same(out.row(0), sgd_big));
  CHECK(out(1, 0) == 1.0);
}

TEST_CASE("why_invalid names the hyperparameter and the reason") {
  const ConfigurationSpace space = space_of(optimizer_space);
  CHECK(space.why_invalid(row({1, 0.001, off, 0.8, 32})) == "");
  CHECK(space.why_invalid(row({1, 0.001, 0.5, 0.8, 32})) ==
        "'momentum' is inactive (condition solver == 'sgd' fails) but set to 0.5");
  CHECK(space.why_invalid(row({1, 0.001, off, off, 32})) ==
        "'beta1' is active (its conditions hold) but has no value");
  CHECK(space.why_invalid(row({1, 2.0, off, 0.8, 32})) == "'lr': 2 is outside [0.0001, 1]");
  CHECK(space.why_invalid(row({1, 0.001, off, 0.8, 32.5})) == "'batch': 32.5 is not an integer");
  CHECK(space.why_invalid(row({2, 0.001, off, 0.8, 32})) ==
        "'solver': index 2 is not one of the 2 choices (0 to 1)");
  CHECK(space.why_invalid(row({1, 0.001, off, 0.8, 512})) ==
        "it matches forbidden clause 0: solver == 'adam' && batch == 512");
  CHECK(space.why_invalid(row({1, 0.001})) ==
        "it has 2 values but the space space.json has 5 hyperparameters");
}

TEST_CASE("forbidden clauses: equals, in, and, relations, and inactive hyperparameters") {
  const ConfigurationSpace space = space_of(R"({"hyperparameters": [
      {"type": "categorical", "name": "k", "choices": ["a", "b", "c"], "default_value": "a"},
      {"type": "uniform_int", "name": "lo", "lower": 0, "upper": 9, "default_value": 3},
      {"type": "uniform_int", "name": "hi", "lower": 0, "upper": 9, "default_value": 5},
      {"type": "ordinal", "name": "o", "sequence": [1, 2, 4], "default_value": 1},
      {"type": "categorical", "name": "s", "choices": ["x", "y"], "default_value": "x"},
      {"type": "categorical", "name": "t", "choices": ["x", "z"], "default_value": "z"},
      {"type": "uniform_int", "name": "cond", "lower": 0, "upper": 9, "default_value": 0}],
    "conditions": [{"type": "EQ", "child": "cond", "parent": "k", "value": "c"}],
    "forbiddens": [
      {"type": "EQUALS", "name": "cond", "value": 7},
      {"type": "IN", "name": "k", "values": ["b"]},
      {"type": "RELATION_GT", "left": "lo", "right": "hi"},
      {"type": "RELATION", "left": "o", "right": "lo", "lambda": "EQ"},
      {"type": "RELATION_EQ", "left": "s", "right": "t"},
      {"type": "AND", "clauses": [
        {"type": "EQUALS", "name": "k", "value": "c"},
        {"type": "RELATION_LT", "left": "o", "right": "hi"}]}]})");
  const Configuration d = space.default_configuration();
  CHECK(space.matched_forbidden_clause(d) == -1);
  const auto clause = [&](std::initializer_list<double> values) {
    return space.matched_forbidden_clause(row(values));
  };
  CHECK(clause({2, 3, 5, 0, 0, 1, 7}) == 0);     // cond == 7 (active)
  CHECK(clause({0, 3, 5, 0, 0, 1, off}) == -1);  // cond inactive: its clause cannot match
  CHECK(clause({1, 3, 5, 0, 0, 1, off}) == 1);   // k in {b}
  CHECK(clause({0, 6, 5, 0, 0, 1, off}) == 2);   // lo > hi
  CHECK(clause({0, 4, 5, 2, 0, 1, off}) == 3);   // o's value 4 == lo (legacy RELATION)
  CHECK(clause({0, 3, 5, 0, 0, 0, off}) == 4);   // s == t as text ("x")
  CHECK(clause({2, 3, 5, 0, 0, 1, 3}) == 5);     // k == c and o (1) < hi (5)
  CHECK(clause({2, 0, 1, 0, 0, 1, 3}) == -1);    // o (1) == hi (1)
  CHECK(space.forbidden_clauses()[3].text == "o == lo");
  CHECK(space.forbidden_clauses()[5].text == "k == 'c' && o < hi");
}

TEST_CASE("blends of sampled configurations are valid unless reported forbidden") {
  const ConfigurationSpace space = space_of(R"({"hyperparameters": [
      {"type": "categorical", "name": "model", "choices": ["svm", "tree", "net"]},
      {"type": "categorical", "name": "kernel", "choices": ["rbf", "poly"]},
      {"type": "uniform_int", "name": "degree", "lower": 2, "upper": 5},
      {"type": "uniform_int", "name": "depth", "lower": 1, "upper": 20},
      {"type": "uniform_int", "name": "layers", "lower": 1, "upper": 3},
      {"type": "uniform_int", "name": "units2", "lower": 8, "upper": 64, "log": true},
      {"type": "uniform_float", "name": "lr", "lower": 0.0001, "upper": 1, "log": true},
      {"type": "categorical", "name": "fast", "choices": ["yes", "no"]}],
    "conditions": [
      {"type": "EQ", "child": "kernel", "parent": "model", "value": "svm"},
      {"type": "EQ", "child": "degree", "parent": "kernel", "value": "poly"},
      {"type": "IN", "child": "depth", "parent": "model", "values": ["tree"]},
      {"type": "EQ", "child": "layers", "parent": "model", "value": "net"},
      {"type": "GT", "child": "units2", "parent": "layers", "value": 1},
      {"type": "OR", "child": "lr", "conditions": [
        {"type": "EQ", "child": "lr", "parent": "model", "value": "net"},
        {"type": "EQ", "child": "lr", "parent": "kernel", "value": "poly"}]}],
    "forbiddens": [
      {"type": "AND", "clauses": [
        {"type": "EQUALS", "name": "kernel", "value": "poly"},
        {"type": "EQUALS", "name": "degree", "value": 5}]},
      {"type": "AND", "clauses": [
        {"type": "EQUALS", "name": "model", "value": "net"},
        {"type": "EQUALS", "name": "fast", "value": "yes"}]}]})");
  Rng rng(5);
  const ConfigurationMatrix s = space.sample(200, rng);
  const std::vector<int> players = space.all_players();
  int forbidden = 0;
  for (Eigen::Index i = 0; i + 1 < s.rows(); i += 2) {
    for (Coalition c = 0; c < coalition_count(space.size()); ++c) {
      const Blend b = space.blend(s.row(i), s.row(i + 1), c, players);
      CHECK(b.forbidden == space.is_forbidden(b.configuration));
      if (!b.forbidden) CHECK(space.why_invalid(b.configuration) == "");
      forbidden += b.forbidden ? 1 : 0;
    }
  }
  CHECK(forbidden > 0);
}
