#include <doctest/doctest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>

#include "hypershap/core/error.hpp"
#include "hypershap/models/run_history.hpp"
#include "hypershap/models/simple_encoding.hpp"

using namespace hypershap;

namespace {

template <class Call>
std::string error_of(Call&& call, ExitCode expected = ExitCode::invalid_input) {
  try {
    call();
  } catch (const Error& e) {
    CHECK(e.code() == expected);
    return e.what();
  }
  return "no error";
}

RunHistory csv(const std::string& text, const std::string& metric = "accuracy") {
  return parse_run_history_csv(text, "runs.csv", metric, true);
}

// a SMAC3 v2 (2.0) run history with the given data rows
std::string smac_v2(const std::string& data) {
  return R"({"stats": {}, "data": [)" + data +
         R"(], "configs": {"1": {"lr": 0.1, "opt": "adam"}, "2": {"lr": 0.01}},
             "config_origins": {}})";
}

const std::string space = R"({"hyperparameters": [
  {"type": "uniform_float", "name": "lr", "lower": 0.001, "upper": 1.0, "log": true},
  {"type": "categorical", "name": "opt", "choices": ["adam", "sgd"]}]})";

}  // namespace

TEST_CASE("a CSV run history: numeric and categorical columns, missing cells, the metric column") {
  const RunHistory h =
      csv("lr,kernel,accuracy,depth\n"
          "0.1,rbf,0.9,3\n"
          "\"0.01\",\"poly, deg\",0.8,\n"
          "1e-3,rbf,0.85,NA\r\n");
  CHECK(h.hyperparameters == std::vector<std::string>{"lr", "kernel", "depth"});
  CHECK(h.metric == std::vector<double>{0.9, 0.8, 0.85});
  CHECK(h.metric_name == "accuracy");
  CHECK(h.maximize);
  REQUIRE(h.size() == 3);
  CHECK(std::get<double>(h.configurations[2][0]) == 1e-3);
  CHECK(std::get<std::string>(h.configurations[1][1]) == "poly, deg");
  CHECK(std::get<double>(h.configurations[0][2]) == 3.0);
  CHECK(is_missing(h.configurations[1][2]));
  CHECK(is_missing(h.configurations[2][2]));
}

TEST_CASE("a CSV column with one non-number is categorical throughout") {
  const RunHistory h = csv("batch,accuracy\n32,0.5\nauto,0.6\n");
  CHECK(std::get<std::string>(h.configurations[0][0]) == "32");
  CHECK(std::get<std::string>(h.configurations[1][0]) == "auto");
}

TEST_CASE("a UTF-8 byte order mark does not become part of the first column's name") {
  CHECK(csv("\xEF\xBB\xBFlr,accuracy\n0.1,0.9\n").hyperparameters ==
        std::vector<std::string>{"lr"});
}

TEST_CASE("bad CSV run histories are refused with the file, the key and the fix") {
  CHECK(error_of([] { csv("lr,acc\n0.1,0.9\n"); }) ==
        "runs.csv: no metric column 'accuracy'; the columns are lr, acc; name the metric column "
        "with one of them");
  CHECK(error_of([] { csv("lr,accuracy\n0.1,high\n"); }) ==
        "runs.csv: line 2: metric 'accuracy' is 'high', not a finite number; fix the value or drop "
        "the row");
  CHECK(error_of([] { csv("lr,accuracy\n0.1,\n"); }) ==
        "runs.csv: line 2: metric 'accuracy' is '', not a finite number; fix the value or drop the "
        "row");
  CHECK(error_of([] { csv("lr,accuracy\n"); }) ==
        "runs.csv: the run history is empty (a header and no runs); add one row per evaluated "
        "configuration");
  CHECK(error_of([] { csv(""); }) ==
        "runs.csv: the file is empty; give a header row naming the hyperparameters and the "
        "metric 'accuracy', then one row per run");
  CHECK(error_of([] { csv("lr,accuracy\n0.1,0.9,7\n"); }) ==
        "runs.csv: line 2 has 3 fields, the header 2; give every row one field per column");
  CHECK(error_of([] { csv("lr,lr,accuracy\n0.1,0.2,0.9\n"); }) ==
        "runs.csv: column 'lr' appears twice in the header; give every column its own name");
  CHECK(error_of([] { csv("lr,accuracy\n\"0.1,0.9\n"); }) ==
        "runs.csv: a quoted field is not closed by line 3; close the quote");
  CHECK(error_of([] { read_run_history_csv("/nonexistent/runs.csv", "accuracy", true); },
                 ExitCode::io_error) ==
        "/nonexistent/runs.csv: cannot open the run history; check that the file exists and is "
        "readable");
}

TEST_CASE("a SMAC3 v2 run history: SUCCESS runs kept, the others counted by status") {
  const RunHistory h = parse_smac_run(smac_v2(R"([1, null, 7, null, 0.25, 1.0, 1, 0, 1, {}],
                 [2, null, 7, null, Infinity, 0.0, 2, 0, 1, {}],
                 [2, null, 8, null, 0.5, 1.0, 1, 0, 1, {}],
                 [1, null, 8, null, 0, 0.0, 0, 0, 1, {}])"),
                                      space, "run");
  CHECK(h.metric_name == "cost");
  CHECK_FALSE(h.maximize);
  CHECK(h.hyperparameters == std::vector<std::string>{"lr", "opt"});
  CHECK(h.metric == std::vector<double>{0.25, 0.5});
  CHECK(h.seed == std::vector<long long>{7, 8});
  CHECK(std::isnan(h.budget[0]));
  CHECK(std::get<std::string>(h.configurations[0][1]) == "adam");
  CHECK(is_missing(h.configurations[1][1]));  // inactive: absent from the configuration
  CHECK(h.skipped == 2);
  CHECK(h.skipped_by_status.at("CRASHED") == 1);
  CHECK(h.skipped_by_status.at("RUNNING") == 1);
  CHECK(skipped_summary(h) == "2 runs skipped (CRASHED 1, RUNNING 1)");
}

TEST_CASE("SMAC3 v1 runs and SMAC3 >= 2.1 object rows are read too") {
  const std::string v1 = R"({"data": [
      [[1, "i", 0, 11.1], [0.7, 76.8, {"__enum__": "StatusType.SUCCESS"}, 0, 1, {}]],
      [[2, "i", 0, 100.0], [0.6, 76.8, {"__enum__": "StatusType.DONOTADVANCE"}, 0, 1, {}]],
      [[2, "i", 0, 100.0], [1.0, 7.0, {"__enum__": "StatusType.CRASHED"}, 0, 1, {}]]],
    "configs": {"1": {"lr": 0.1, "opt": true}, "2": {"lr": 0.2, "opt": false}}})";
  const RunHistory h = parse_smac_run(v1, space, "v1run");
  CHECK(h.metric == std::vector<double>{0.7, 0.6});
  CHECK(h.budget == std::vector<double>{11.1, 100.0});
  CHECK(std::get<std::string>(h.configurations[0][1]) == "True");
  CHECK(h.skipped_by_status.at("CRASHED") == 1);
  const RunHistory top = highest_budget_runs(h);
  CHECK(top.metric == std::vector<double>{0.6});

  const std::string v21 = R"({"data": [
      {"config_id": 1, "instance": null, "seed": 3, "budget": null, "cost": 0.4, "time": 1,
       "cpu_time": 1, "status": 1, "starttime": 0, "endtime": 1, "additional_info": {}}],
    "configs": {"1": {"lr": 0.1}}})";
  CHECK(parse_smac_run(v21, space, "run").metric == std::vector<double>{0.4});
}

TEST_CASE("bad SMAC3 run histories are refused with the file, the key and the fix") {
  const auto rh = [](const std::string& row) {
    return error_of([&] { parse_smac_run(smac_v2(row), space, "run"); });
  };
  CHECK(rh(R"([1, null, 7, null, "bad", 1.0, 1, 0, 1, {}])") ==
        "run/runhistory.json: data[0]: cost \"bad\" is not a number; the run history must "
        "record it as a number");
  CHECK(rh(R"([1, null, 7, null, [0.1, 0.2], 1.0, 1, 0, 1, {}])") ==
        "run/runhistory.json: data[0]: cost [0.1,0.2] has several objectives; hypershap "
        "explains one metric, so give a single-objective run history");
  CHECK(rh(R"([1, null, 7, null, 0.1, 1.0, 9, 0, 1, {}])") ==
        "run/runhistory.json: data[0]: unknown status 9; SMAC3 v2 writes 0-4 (RUNNING, SUCCESS, "
        "CRASHED, TIMEOUT, MEMORYOUT)");
  CHECK(rh(R"([5, null, 7, null, 0.1, 1.0, 1, 0, 1, {}])") ==
        "run/runhistory.json: data[0] refers to configuration 5, which 'configs' does not hold; "
        "the file is incomplete");
  CHECK(rh(R"([1, null, 7, null, 0.1, 1.0, 2, 0, 1, {}])") ==
        "run/runhistory.json: no finished run (1 runs, 1 not successful); a model needs at least "
        "one successful run");
  CHECK(rh("") ==
        "run/runhistory.json: no finished run (0 runs, 0 not successful); a model needs at least "
        "one successful run");
  CHECK(rh(R"([1, 2, 3])") ==
        "run/runhistory.json: data[0] is [1,2,3], not a SMAC3 run (v1: [[id, instance, seed, "
        "budget], [cost, time, status, ...]]; v2: [id, instance, seed, budget, cost, time, status, "
        "...])");
  const std::string v1_unknown = R"({"data": [
      [[1, "i", 0, 1.0], [0.7, 1.0, {"__enum__": "StatusType.EXPLODED"}, 0, 1, {}]]],
      "configs": {"1": {"lr": 0.1}}})";
  CHECK(error_of([&] { parse_smac_run(v1_unknown, space, "run"); }) ==
        "run/runhistory.json: data[0]: unknown status {\"__enum__\":\"StatusType.EXPLODED\"}; "
        "SMAC3 v1 writes SUCCESS, TIMEOUT, CRASHED, ABORT, MEMOUT, CAPPED, STOP, DONOTADVANCE, "
        "RUNNING or BUDGETEXHAUSTED");
  const std::string unknown_hp = R"({"data": [], "configs": {"1": {"momentum": 0.9}}})";
  CHECK(error_of([&] { parse_smac_run(unknown_hp, space, "run"); }) ==
        "run/runhistory.json: configs.1 sets 'momentum', which is not in run/configspace.json; "
        "give the configspace.json the run used");
  CHECK(error_of([&] {
          parse_smac_run("{\"data\": [}", space, "run");
        }).rfind("run/runhistory.json: not valid JSON (", 0) == 0);
  CHECK(error_of([&] { parse_smac_run(smac_v2(""), "{}", "run"); }) ==
        "run/configspace.json: no 'hyperparameters' list; give the ConfigSpace JSON the run used");
  const std::filesystem::path folder =
      std::filesystem::temp_directory_path() / "hypershap_test_smac_without_runhistory";
  std::filesystem::create_directories(folder);
  std::ofstream(folder / "configspace.json") << space;
  CHECK(error_of([&] { read_smac_run(folder); }, ExitCode::io_error) ==
        (folder / "runhistory.json").string() +
            ": cannot open the SMAC3 run history; check that the file exists and is readable");
  std::filesystem::remove_all(folder);
  CHECK(error_of([] { read_smac_run("/nonexistent/run"); }, ExitCode::io_error) ==
        "/nonexistent/run: not a folder; give the SMAC3 run folder holding runhistory.json and "
        "configspace.json");
}

TEST_CASE("the simple encoding scales numbers to [0, 1], indexes categories, marks missing -1") {
  const RunHistory h = csv("lr,kernel,accuracy\n2,rbf,0.9\n4,poly,0.8\n,rbf,0.7\n3,,0.6\n");
  const EncodedRunHistory e = encode_simply(h);
  CHECK(e.categories == std::vector<int>{0, 2});
  CHECK(e.category_names[1] == std::vector<std::string>{"rbf", "poly"});
  RowMatrix expected(4, 2);
  expected << 0.0, 0, 1.0, 1, -1, 0, 0.5, -1;
  CHECK(e.features == expected);
  CHECK(e.targets[3] == 0.6);
  CHECK(e.lower[0] == 2.0);
  CHECK(e.upper[0] == 4.0);
}

namespace {

const std::string deepcave_meta = R"({"objectives": [
  {"name": "accuracy", "lower": 0, "upper": 1, "optimize": "upper"},
  {"name": "time", "lower": 0, "upper": 10, "optimize": "lower"}], "budgets": [10, 20]})";
const std::string deepcave_configs = R"({"0": {"lr": 0.1, "opt": "adam"}, "1": {"lr": 0.01}})";

RunHistory deepcave(const std::string& history, const std::string& objective,
                    const std::string& meta = deepcave_meta) {
  return parse_deepcave_run(space, deepcave_configs, meta, history, "dc", objective);
}

}  // namespace

TEST_CASE(
    "a DeepCAVE run: the chosen objective with its direction, statuses other than 1 skipped") {
  const std::string trials =
      "[0, 10, -1, [0.5, 1.5], 0.0, 0.1, 1, {}]\n"
      "[1, 20, -1, [0.7, 2.5], 0.1, 0.3, 1, {}]\n"
      "\n"
      "[1, 20, -1, [0.0, 0.0], 0.3, 0.4, 4, {}]\n";
  const RunHistory accuracy = deepcave(trials, "");
  CHECK(accuracy.metric_name == "accuracy");
  CHECK(accuracy.maximize);
  CHECK(accuracy.metric == std::vector<double>{0.5, 0.7});
  CHECK(accuracy.budget == std::vector<double>{10, 20});
  CHECK(is_missing(accuracy.configurations[1][1]));
  CHECK(skipped_summary(accuracy) == "1 run skipped (CRASHED 1)");
  const RunHistory time = deepcave(trials, "time");
  CHECK_FALSE(time.maximize);
  CHECK(time.metric == std::vector<double>{1.5, 2.5});
}

TEST_CASE("bad DeepCAVE runs are refused with the file, the key and the fix") {
  CHECK(error_of([] { deepcave("[0, 10, -1, [0.5, 1.5], 0, 0, 1, {}]\n", "loss"); }) ==
        "dc/meta.json: no objective 'loss'; the objectives are accuracy, time; choose one of "
        "them");
  CHECK(error_of([] { deepcave("[0, 10, -1, [0.5, 1.5], 0, 0, 9, {}]\n", ""); }) ==
        "dc/history.jsonl: line 1: unknown status 9; DeepCAVE writes 1-7 (SUCCESS, TIMEOUT, "
        "MEMORYOUT, CRASHED, ABORTED, RUNNING, NOT_EVALUATED)");
  CHECK(error_of([] { deepcave("[0, 10, -1, [\"x\", 1.5], 0, 0, 1, {}]\n", ""); }) ==
        "dc/history.jsonl: line 1: cost \"x\" is not a number; the run history must record it as a "
        "number");
  CHECK(error_of([] { deepcave("", ""); }) ==
        "dc/history.jsonl: no finished run (0 runs, 0 not successful); a model needs at least one "
        "successful run");
  CHECK(error_of([] { deepcave("[7, 10, -1, [0.5, 1.5], 0, 0, 1, {}]\n", ""); }) ==
        "dc/history.jsonl: line 1 refers to configuration 7, which configs.json does not hold; "
        "the folder is incomplete");
  CHECK(error_of([] {
          deepcave("[0, 10, -1, [0.5, 1.5], 0, 0, 1, {}]\n", "",
                   R"({"objectives": [{"name": "accuracy"}]})");
        }) ==
        "dc/meta.json: objective 'accuracy' has optimize null; DeepCAVE writes \"upper\" "
        "(maximise) or \"lower\" (minimise)");
  CHECK(error_of([] { read_deepcave_run("/nonexistent/dc", ""); }, ExitCode::io_error) ==
        "/nonexistent/dc: not a folder; give the DeepCAVE run folder holding configspace.json, "
        "configs.json, meta.json and history.jsonl");
}
