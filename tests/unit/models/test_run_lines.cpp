// Issue 12: every message about a run of a CSV history names it the same way, by the line of the
// file it starts on (the header is line 1; blank lines and quoted line breaks count), whichever
// part of hypershap finds the problem: the CSV reader, the run-history reader, the check of a run
// against the configuration space, or the forest.
#include <doctest/doctest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "hypershap/core/error.hpp"
#include "hypershap/core/text_file.hpp"
#include "hypershap/models/forest_model.hpp"
#include "hypershap/models/history_data.hpp"
#include "hypershap/models/optuna_history.hpp"
#include "hypershap/models/run_history.hpp"
#include "test_support.hpp"

using namespace hypershap;

namespace {

// line 1 the header, line 2 blank, lines 3-4 one run with a quoted line break, then lines 5, 6
const std::string header_and_three_runs = "lr,name,accuracy\n\n0.1,\"two\nlines\",0.5\n0.2,b,0.6\n";

std::string error_of(const std::string& text) {
  try {
    parse_run_history_csv(text, "runs.csv", "accuracy", true);
  } catch (const Error& e) {
    CHECK(e.code() == ExitCode::invalid_input);
    return e.what();
  }
  FAIL("no error for:\n" << text);
  return {};
}

std::filesystem::path scratch_file(const std::string& name, const std::string& text) {
  const auto path = std::filesystem::temp_directory_path() /
                    ("hypershap-run-lines-" + std::to_string(::getpid()) + "-" + name);
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

}  // namespace

TEST_CASE("CSV runs are named by the line they start on") {
  const RunHistory h =
      parse_run_history_csv(header_and_three_runs + "0.3,c,0.7\n", "runs.csv", "accuracy", true);
  CHECK(h.places == std::vector<std::string>{"line 3", "line 5", "line 6"});
  CHECK(h.place(2) == "line 6");
  CHECK(error_of(header_and_three_runs + "0.3,c,high\n") ==
        "runs.csv: line 6: metric 'accuracy' is 'high', not a finite number; fix the value or "
        "drop the row");
  CHECK(error_of(header_and_three_runs + "0.3,c\n") ==
        "runs.csv: line 6 has 2 fields, the header 3; give every row one field per column");
  // a reader that does not say where its runs are: counted from 1
  RunHistory bare;
  bare.metric = {1.0, 2.0};
  CHECK(bare.place(1) == "run 2");
}

TEST_CASE("an Optuna export's runs are named by their lines in the export") {
  const std::string text =
      read_text_file(test::source_dir() / "jobs/data/optuna/optuna_study.csv", "the study");
  const RunHistory h = parse_optuna_trials_csv(text, "study.csv", "", false);
  REQUIRE(h.places.size() == h.size());
  // the lines holding COMPLETE trials, found by reading the file line by line (it has no quoted
  // line breaks)
  std::vector<std::string> complete;
  std::istringstream lines(text);
  std::string line;
  for (int number = 1; std::getline(lines, line); ++number)
    if (line.find(",COMPLETE") != std::string::npos)
      complete.push_back("line " + std::to_string(number));
  CHECK(h.places == complete);
}

TEST_CASE("a run outside the space is named by its line, as the readers name it") {
  const auto runs = scratch_file("outside.csv", "lr,accuracy\n0.1,0.5\n\n5.0,0.6\n0.2,0.7\n");
  const auto space = scratch_file(
      "space.json",
      R"({"hyperparameters": [{"type": "uniform_float", "name": "lr", "lower": 0, "upper": 1,
          "default": 0.5}], "conditions": [], "forbiddens": []})");
  HistorySource source;
  source.history = runs;
  source.space_file = space;
  source.metric = "accuracy";
  source.maximize = true;
  source.context = "job.toml: [model]";
  const HistoryData data = load_history_data(source);
  CHECK(data.invalid == 1);
  CHECK(data.first_reason.find(runs.string() + ": line 4") != std::string::npos);
  CHECK(data.places == std::vector<std::string>{"line 2", "line 5"});
  std::filesystem::remove(runs);
  std::filesystem::remove(space);
}

TEST_CASE("the forest names a run it cannot fit by its line") {
  const auto runs = scratch_file("negative.csv", "lr,accuracy\n0.1,0.5\n\n0.2,-1\n0.3,0.7\n");
  ForestModelOptions options;
  options.history = runs;
  options.metric = "accuracy";
  options.maximize = true;
  options.log_target = true;
  options.allow_poor_model = true;
  try {
    load_forest_model(options);
    FAIL("a negative metric was fitted with log_target");
  } catch (const Error& e) {
    CHECK(e.code() == ExitCode::invalid_input);
    CHECK(std::string(e.what()) ==
          runs.string() +
              ": line 4: accuracy is -1, but [model] log_target needs positive values; turn "
              "log_target off or drop the run");
  }
  std::filesystem::remove(runs);
}
