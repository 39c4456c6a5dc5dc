// Reading ConfigSpace JSON: every kind of hyperparameter in both formats, the defaults, and one
// test per rule for bad input, each asserting its message.

#include <doctest/doctest.h>

#include <cmath>

#include "space_test_support.hpp"

using namespace hypershap;
using test::has;
using test::load_error;
using test::space_of;

namespace {

// A space with one hyperparameter given as a JSON object.
std::string one(const std::string& hyperparameter) {
  return R"({"hyperparameters": [)" + hyperparameter + "]}";
}

}  // namespace

TEST_CASE("the format of ConfigSpace >= 1.0 (format_version 0.4) is read") {
  const ConfigurationSpace space = space_of(R"({
    "name": null, "format_version": 0.4, "python_module_version": "1.2.0",
    "hyperparameters": [
      {"type": "uniform_float", "name": "lr", "lower": 0.0001, "upper": 1.0, "default_value": 0.001,
       "log": true, "meta": null},
      {"type": "uniform_int", "name": "layers", "lower": 1, "upper": 5, "default_value": 2,
       "log": false, "meta": null},
      {"type": "normal_float", "name": "wd", "mu": 0.5, "sigma": 0.1, "lower": 0.0, "upper": 1.0,
       "default_value": 0.5, "log": false, "meta": null},
      {"type": "normal_int", "name": "width", "mu": 64, "sigma": 8, "lower": 8, "upper": 128,
       "default_value": 64, "log": false, "meta": null},
      {"type": "categorical", "name": "act", "choices": ["relu", "tanh", "gelu"],
       "weights": [1, 1, 2], "default_value": "tanh", "meta": null},
      {"type": "ordinal", "name": "size", "sequence": ["S", "M", "L"], "default_value": "M",
       "meta": null},
      {"type": "constant", "name": "task", "value": "mnist", "meta": null}
    ],
    "conditions": [], "forbiddens": []})");
  REQUIRE(space.size() == 7);
  CHECK(space.find("layers") == 1);
  CHECK(space.find("nope") == -1);
  const Hyperparameter& lr = space.hyperparameter(0);
  CHECK(lr.kind == HyperparameterKind::uniform_float);
  CHECK(lr.log);
  CHECK(lr.lower == 0.0001);
  CHECK(space.hyperparameter(2).mu == 0.5);
  CHECK(space.hyperparameter(3).is_integer());
  const Hyperparameter& act = space.hyperparameter(4);
  CHECK(act.choices == std::vector<std::string>{"relu", "tanh", "gelu"});
  CHECK(act.weights == std::vector<double>{0.25, 0.25, 0.5});
  CHECK(space.hyperparameter(5).kind == HyperparameterKind::ordinal);
  CHECK(space.hyperparameter(6).choices == std::vector<std::string>{"mnist"});

  const Configuration d = space.default_configuration();
  CHECK(d[0] == 0.001);
  CHECK(d[1] == 2.0);
  CHECK(d[2] == 0.5);
  CHECK(d[3] == 64.0);
  CHECK(d[4] == 1.0);  // "tanh" is choice 1
  CHECK(d[5] == 1.0);  // "M" is element 1 of the sequence
  CHECK(d[6] == 0.0);  // a constant is always 0
  CHECK(space.is_valid(d));
}

TEST_CASE("the format of ConfigSpace < 1.0 (json_format_version 0.2) is read") {
  const ConfigurationSpace space = space_of(R"({
    "hyperparameters": [
      {"name": "x", "type": "uniform_float", "log": false, "lower": 0, "upper": 10, "default": 5,
       "q": 0.5},
      {"name": "n", "type": "uniform_int", "log": true, "lower": 1, "upper": 100, "default": 10},
      {"name": "c", "type": "categorical", "choices": ["a", "b"], "default": "b",
       "probabilities": [0.2, 0.8]},
      {"name": "w", "type": "normal_float", "log": false, "mu": 0, "sigma": 1, "default": 0,
       "q": null}
    ],
    "conditions": [], "forbiddens": [], "python_module_version": "0.4.18",
    "json_format_version": 0.2})");
  CHECK(space.hyperparameter(0).q == 0.5);
  CHECK(space.hyperparameter(2).weights == std::vector<double>{0.2, 0.8});
  CHECK(space.default_configuration()[2] == 1.0);
  const Hyperparameter& w = space.hyperparameter(3);
  CHECK(std::isinf(w.lower));  // a normal prior without bounds is unbounded
  CHECK(std::isinf(w.upper));
}

TEST_CASE("missing defaults follow ConfigSpace: midpoint, geometric midpoint, first or heaviest") {
  const ConfigurationSpace space = space_of(R"({"hyperparameters": [
      {"name": "x", "type": "uniform_float", "lower": 0, "upper": 10},
      {"name": "y", "type": "uniform_float", "lower": 1, "upper": 100, "log": true},
      {"name": "i", "type": "uniform_int", "lower": 1, "upper": 4},
      {"name": "c", "type": "categorical", "choices": ["a", "b"]},
      {"name": "w", "type": "categorical", "choices": ["a", "b", "c"], "weights": [1, 5, 2]},
      {"name": "o", "type": "ordinal", "sequence": [1, 2, 3]},
      {"name": "m", "type": "normal_float", "mu": 3, "sigma": 1}]})");
  const Configuration d = space.default_configuration();
  CHECK(d[0] == 5.0);
  CHECK(d[1] == doctest::Approx(10.0));
  CHECK(d[2] == 3.0);  // round(2.5) away from zero
  CHECK(d[3] == 0.0);
  CHECK(d[4] == 1.0);
  CHECK(d[5] == 0.0);
  CHECK(d[6] == 3.0);
}

TEST_CASE("boolean and numeric choices are matched by value and shown as Python prints them") {
  const ConfigurationSpace space = space_of(R"({"hyperparameters": [
      {"type": "categorical", "name": "dropout", "choices": [true, false], "default_value": false},
      {"type": "categorical", "name": "k", "choices": [1, 2.5, "3"], "default_value": 2.5},
      {"type": "uniform_float", "name": "rate", "lower": 0, "upper": 1, "default_value": 0.5}],
    "conditions": [{"type": "EQ", "child": "rate", "parent": "dropout", "value": true}]})");
  CHECK(space.hyperparameter(0).choices == std::vector<std::string>{"True", "False"});
  CHECK(space.hyperparameter(1).choices == std::vector<std::string>{"1", "2.5", "3"});
  CHECK(space.default_configuration()[0] == 1.0);
  CHECK(space.default_configuration()[1] == 1.0);
  CHECK(is_inactive(space.default_configuration()[2]));  // dropout defaults to False
  CHECK(space.conditions(2).front().text == "dropout == 'True'");
}

TEST_CASE("every kind of condition and conjunction is read") {
  const ConfigurationSpace space = space_of(R"({"hyperparameters": [
      {"type": "categorical", "name": "a", "choices": ["x", "y", "z"], "default_value": "x"},
      {"type": "uniform_int", "name": "n", "lower": 0, "upper": 10, "default_value": 5},
      {"type": "ordinal", "name": "o", "sequence": ["lo", "mid", "hi"], "default_value": "mid"},
      {"type": "constant", "name": "eq", "value": 1},
      {"type": "constant", "name": "neq", "value": 1},
      {"type": "constant", "name": "lt", "value": 1},
      {"type": "constant", "name": "gt", "value": 1},
      {"type": "constant", "name": "in", "value": 1},
      {"type": "constant", "name": "and", "value": 1},
      {"type": "constant", "name": "or", "value": 1},
      {"type": "constant", "name": "nested", "value": 1}],
    "conditions": [
      {"type": "EQ", "child": "eq", "parent": "a", "value": "y"},
      {"type": "NEQ", "child": "neq", "parent": "a", "value": "y"},
      {"type": "LT", "child": "lt", "parent": "n", "value": 3},
      {"type": "GT", "child": "gt", "parent": "o", "value": "lo"},
      {"type": "IN", "child": "in", "parent": "a", "values": ["x", "z"]},
      {"type": "AND", "child": "and", "conditions": [
        {"type": "EQ", "child": "and", "parent": "a", "value": "x"},
        {"type": "GT", "child": "and", "parent": "n", "value": 4}]},
      {"type": "OR", "child": "or", "conditions": [
        {"type": "EQ", "child": "or", "parent": "a", "value": "z"},
        {"type": "LT", "child": "or", "parent": "n", "value": 1}]},
      {"type": "OR", "child": "nested", "conditions": [
        {"type": "AND", "child": "nested", "conditions": [
          {"type": "EQ", "child": "nested", "parent": "a", "value": "y"},
          {"type": "EQ", "child": "nested", "parent": "n", "value": 7}]},
        {"type": "EQ", "child": "nested", "parent": "o", "value": "hi"}]}]})");
  const auto active = [&](double a, double n, double o) {
    Configuration c(11);
    c << a, n, o, 0, 0, 0, 0, 0, 0, 0, 0;
    std::string pattern;
    for (int i = 3; i < space.size(); ++i) pattern += space.conditions_hold(i, c) ? '1' : '0';
    return pattern;  // eq neq lt gt in and or nested
  };
  CHECK(active(0, 5, 1) == "01011100");
  CHECK(active(1, 2, 0) == "10100000");
  CHECK(active(2, 0, 2) == "01111011");
  CHECK(active(1, 7, 0) == "10000001");
  CHECK(space.conditions(9).front().text == "(a == 'z' || n < 1)");
  CHECK(space.conditions(10).front().text == "((a == 'y' && n == 7) || o == 'hi')");
}

TEST_CASE("children are resolved after their parents whatever the order of the file") {
  const ConfigurationSpace space = space_of(R"({"hyperparameters": [
      {"type": "uniform_float", "name": "grandchild", "lower": 0, "upper": 1},
      {"type": "categorical", "name": "child", "choices": ["on", "off"]},
      {"type": "categorical", "name": "root", "choices": ["on", "off"], "default_value": "off"}],
    "conditions": [
      {"type": "EQ", "child": "grandchild", "parent": "child", "value": "on"},
      {"type": "EQ", "child": "child", "parent": "root", "value": "on"}]})");
  CHECK(space.resolution_order() == std::vector<int>{2, 1, 0});
  const Configuration d = space.default_configuration();
  CHECK(is_inactive(d[1]));
  CHECK(is_inactive(d[0]));  // its parent is inactive, so its condition fails
}

TEST_CASE("bad input: JSON, keys and types") {
  CHECK(has(load_error("{"), "space.json: not valid JSON"));
  CHECK(has(load_error("[]"), "space.json: the file is array, not an object"));
  CHECK(has(load_error(R"({"conditions": []})"),
            "space.json: 'hyperparameters' is missing; list the hyperparameters"));
  CHECK(has(load_error(R"({"hyperparameters": [], "extra": 1})"),
            "space.json: the file has the unknown key 'extra'; remove it"));
  CHECK(has(load_error(one(R"({"type": "uniform_float", "lower": 0, "upper": 1})")),
            "space.json: hyperparameters[0] has no 'name' string"));
  CHECK(has(load_error(one(R"({"name": "b", "type": "beta_float", "alpha": 1, "beta": 1})")),
            "space.json: hyperparameters[0] ('b') 'type' is 'beta_float', which hypershap does "
            "not support; use uniform_float"));
  CHECK(has(load_error(one(R"({"name": "x", "type": "uniform_float", "lower": 0, "upper": 1,
                                "lgo": true})")),
            "hyperparameters[0] ('x') has the unknown key 'lgo'; remove it"));
  CHECK(has(load_error(one(R"({"name": "x", "type": "uniform_float", "lower": "0", "upper": 1})")),
            "hyperparameters[0] ('x') 'lower' is a string, not a number; write a number"));
  CHECK(has(load_error(one(R"({"name": "x", "type": "uniform_float", "upper": 1})")),
            "hyperparameters[0] ('x') has no 'lower'; give it as a number"));
  CHECK(has(load_error(R"({"hyperparameters": [
              {"name": "x", "type": "constant", "value": 1},
              {"name": "x", "type": "constant", "value": 2}]})"),
            "space.json: hyperparameters[1] ('x') repeats the name 'x'"));
}

TEST_CASE("bad input: bounds and defaults") {
  CHECK(has(load_error(one(R"({"name": "lr", "type": "uniform_float", "lower": 0.001,
                                "upper": 1, "default_value": 2})")),
            "space.json: hyperparameters[0] ('lr') 'default_value' 2 is outside [0.001, 1]; set "
            "it to a legal value"));
  CHECK(has(load_error(one(R"({"name": "n", "type": "uniform_int", "lower": 1, "upper": 9,
                                "default": 2.5})")),
            "hyperparameters[0] ('n') 'default' 2.5 is not an integer"));
  CHECK(has(load_error(one(R"({"name": "x", "type": "uniform_float", "lower": 2, "upper": 1})")),
            "hyperparameters[0] ('x') has 'lower' above 'upper'"));
  CHECK(has(load_error(one(R"({"name": "x", "type": "uniform_float", "lower": 0, "upper": 1,
                                "log": true})")),
            "hyperparameters[0] ('x') 'lower' is not positive but 'log' is true; give lower > 0"));
  CHECK(has(load_error(one(R"({"name": "w", "type": "normal_float", "mu": 0, "sigma": 1,
                                "lower": -1, "upper": 1, "log": true})")),
            "hyperparameters[0] ('w') 'lower' is not positive but 'log' is true"));
  CHECK(has(load_error(one(R"({"name": "n", "type": "uniform_int", "lower": 0.5, "upper": 3})")),
            "hyperparameters[0] ('n') has bounds that are not integers"));
  CHECK(has(load_error(one(R"({"name": "w", "type": "normal_float", "mu": 0, "sigma": 0})")),
            "hyperparameters[0] ('w') 'sigma' is not positive"));
  CHECK(has(load_error(one(R"({"name": "c", "type": "categorical", "choices": ["a", "b"],
                                "default_value": "z"})")),
            "space.json: hyperparameters[0] ('c') 'default_value' is \"z\", which is not one of "
            "the choices ['a', 'b']; set it to one of them"));
  CHECK(has(load_error(one(R"({"name": "c", "type": "categorical", "choices": []})")),
            "space.json: hyperparameters[0] ('c') 'choices' is empty; give at least one value"));
  CHECK(has(load_error(one(R"({"name": "c", "type": "categorical", "choices": ["a", "a"]})")),
            "hyperparameters[0] ('c') 'choices' repeats \"a\"; list each value once"));
  CHECK(has(load_error(one(R"({"name": "c", "type": "categorical", "choices": ["a", "b"],
                                "weights": [1]})")),
            "hyperparameters[0] ('c') 'weights' does not have one number per choice; give 2"));
  CHECK(has(load_error(one(R"({"name": "o", "type": "ordinal", "choices": ["a"]})")),
            "hyperparameters[0] ('o') has the unknown key 'choices'"));
  CHECK(has(load_error(one(R"({"name": "k", "type": "constant"})")),
            "hyperparameters[0] ('k') has no 'value'; give the constant"));
}

TEST_CASE("bad input: conditions") {
  const std::string hps = R"({"hyperparameters": [
      {"name": "a", "type": "categorical", "choices": ["x", "y"]},
      {"name": "b", "type": "uniform_float", "lower": 0, "upper": 1}], "conditions": [)";
  CHECK(has(load_error(hps + R"({"type": "EQ", "child": "b", "parent": "zz", "value": "x"}]})"),
            "space.json: conditions[0] 'parent' names 'zz', which is not a hyperparameter of the "
            "space; name one listed in 'hyperparameters'"));
  CHECK(has(load_error(hps + R"({"type": "EQ", "child": "q", "parent": "a", "value": "x"}]})"),
            "space.json: conditions[0] 'child' names 'q', which is not a hyperparameter"));
  CHECK(has(load_error(hps + R"({"type": "EQ", "child": "b", "parent": "a", "value": "w"}]})"),
            "space.json: conditions[0] 'value' names the value \"w\", which 'a' cannot take; use "
            "one of ['x', 'y']"));
  CHECK(has(load_error(hps + R"({"type": "LT", "child": "b", "parent": "a", "value": "x"}]})"),
            "conditions[0] compares the categorical 'a' by order; use EQ, NEQ or IN"));
  CHECK(has(load_error(hps + R"({"type": "EQ", "child": "a", "parent": "b", "value": "x"}]})"),
            "conditions[0] 'value' compares 'b' with \"x\"; give a number"));
  CHECK(has(
      load_error(hps + R"({"type": "GT", "child": "a", "parent": "b", "value": 2}]})"),
      "conditions[0] 'value' gives 'b' an illegal value: 2 is outside [0, 1]; give a legal value"));
  CHECK(has(load_error(hps + R"({"type": "XOR", "child": "b", "parent": "a", "value": "x"}]})"),
            "conditions[0] 'type' is 'XOR'; use one of EQ, NEQ, LT, GT, IN, AND, OR"));
  CHECK(has(load_error(hps + R"({"type": "EQ", "child": "b", "parent": "a", "value": "x"},
                                {"type": "GT", "child": "a", "parent": "b", "value": 0.5}]})"),
            "space.json: 'conditions' make these hyperparameters depend on each other in a "
            "cycle: a, b"));
  CHECK(has(load_error(hps + R"({"type": "AND", "conditions": [
                                  {"type": "EQ", "child": "b", "parent": "a", "value": "x"},
                                  {"type": "GT", "child": "a", "parent": "b", "value": 0.5}]}]})"),
            "conditions[0].conditions[1] has a different child than the conjunction"));
}

TEST_CASE("bad input: forbidden clauses") {
  const std::string hps = R"({"hyperparameters": [
      {"name": "a", "type": "categorical", "choices": ["x", "y"], "default_value": "x"},
      {"name": "b", "type": "uniform_float", "lower": 0, "upper": 1, "default_value": 0.5}],
    "forbiddens": [)";
  CHECK(has(load_error(hps + R"({"type": "EQUALS", "name": "c", "value": "x"}]})"),
            "space.json: forbiddens[0] 'name' names 'c', which is not a hyperparameter"));
  CHECK(has(load_error(hps + R"({"type": "IN", "name": "a", "values": ["q"]}]})"),
            "space.json: forbiddens[0] names the value \"q\", which 'a' cannot take"));
  CHECK(has(load_error(hps + R"({"type": "RELATION_LT", "left": "a", "right": "b"}]})"),
            "forbiddens[0] compares 'a' with 'b', a number with text"));
  CHECK(has(load_error(hps + R"({"type": "RELATION", "left": "b", "right": "b",
                                 "lambda": "LE"}]})"),
            "forbiddens[0] 'lambda' is not LT, EQ or GT"));
  CHECK(has(load_error(hps + R"({"type": "NAND", "clauses": []}]})"),
            "forbiddens[0] 'type' is 'NAND'; use one of EQUALS, IN, AND"));
  CHECK(has(load_error(hps + R"({"type": "AND", "clauses": [
                                   {"type": "EQUALS", "name": "a", "value": "x"},
                                   {"type": "EQUALS", "name": "b", "value": 0.5}]}]})"),
            "space.json: 'forbiddens'[0] forbids the default configuration (a == 'x' && b == "
            "0.5); change the defaults or the clause"));
}

TEST_CASE("files: a missing file is an I/O error, a bad one names the path") {
  try {
    ConfigurationSpace::from_file("/nonexistent/space.json");
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(e.code() == ExitCode::io_error);
    CHECK(has(e.what(), "/nonexistent/space.json: cannot be opened"));
  }
  try {
    test::space_of(one(R"({"name": "c", "type": "categorical", "choices": []})"));
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(e.code() == ExitCode::invalid_input);
  }
}

TEST_CASE("human values convert both ways by name") {
  const ConfigurationSpace space = space_of(R"({"hyperparameters": [
      {"type": "categorical", "name": "solver", "choices": ["sgd", "adam"], "default_value": "sgd"},
      {"type": "uniform_float", "name": "lr", "lower": 0.001, "upper": 1, "default_value": 0.01},
      {"type": "uniform_int", "name": "batch", "lower": 16, "upper": 256, "default_value": 32},
      {"type": "uniform_float", "name": "momentum", "lower": 0, "upper": 1, "default_value": 0.9}],
    "conditions": [{"type": "EQ", "child": "momentum", "parent": "solver", "value": "sgd"}]})");
  const Configuration c =
      space.from_values({{"solver", std::string("adam")}, {"lr", 0.1}, {"batch", 64.0}}, "job");
  CHECK(c[0] == 1.0);
  CHECK(c[1] == 0.1);
  CHECK(c[2] == 64.0);
  CHECK(is_inactive(c[3]));
  const auto values = space.to_values(c);
  CHECK(values.size() == 3);
  CHECK(std::get<std::string>(values.at("solver")) == "adam");
  CHECK(std::get<double>(values.at("lr")) == 0.1);
  CHECK(test::same(space.from_values(values, "job"), c));
  CHECK(space.to_text(c) == "solver=adam, lr=0.1, batch=64");
  CHECK(space.internal_value(1, std::string("0.5"), "job") == 0.5);

  using test::message_of;
  CHECK(message_of([&] {
          space.from_values({{"solvr", std::string("sgd")}}, "job.toml");
        }) ==
        "job.toml: unknown hyperparameter 'solvr'; the space space.json has: solver, lr, batch, "
        "momentum");
  CHECK(message_of([&] { space.internal_value(0, std::string("rmsprop"), "job.toml"); }) ==
        "job.toml: 'solver' = 'rmsprop' is not one of its categorical values 'sgd', 'adam'; use "
        "one of them");
  CHECK(message_of([&] { space.internal_value(1, 5.0, "job.toml"); }) ==
        "job.toml: 'lr': 5 is outside [0.001, 1]; give a legal value");
  CHECK(message_of([&] { space.internal_value(2, std::string("many"), "job.toml"); }) ==
        "job.toml: 'batch' = 'many' is not a number; give a number within its bounds");
  CHECK(message_of([&] {
          space.from_values({{"solver", std::string("sgd")}, {"lr", 0.1}, {"batch", 64.0}},
                            "job.toml");
        }) ==
        "job.toml: not a valid configuration of space.json: 'momentum' is active (its "
        "conditions hold) but has no value; give a value for exactly the active "
        "hyperparameters");
}

TEST_CASE("the encoding for models: unit cube (log-aware), indices, -1 for inactive") {
  const ConfigurationSpace space = space_of(R"({"hyperparameters": [
      {"type": "uniform_float", "name": "lr", "lower": 0.0001, "upper": 1, "log": true},
      {"type": "uniform_int", "name": "n", "lower": 10, "upper": 20},
      {"type": "categorical", "name": "c", "choices": ["a", "b", "c"]},
      {"type": "constant", "name": "k", "value": "v"},
      {"type": "normal_float", "name": "w", "mu": 1, "sigma": 2},
      {"type": "uniform_float", "name": "off", "lower": 0, "upper": 1}],
    "conditions": [{"type": "EQ", "child": "off", "parent": "c", "value": "a"}]})");
  Configuration c(6);
  c << 0.01, 15, 2, 0, 5, inactive_value;
  const Eigen::RowVectorXd e = space.encode(c);
  CHECK(e[0] == doctest::Approx(0.5));
  CHECK(e[1] == 0.5);
  CHECK(e[2] == 2.0);
  CHECK(e[3] == 0.0);
  CHECK(e[4] == 2.0);  // an unbounded normal is standardised
  CHECK(e[5] == inactive_encoding);
  ConfigurationMatrix m(2, 6);
  m.row(0) = c;
  m.row(1) = c;
  CHECK(space.encode_all(m).row(1) == e);
}
