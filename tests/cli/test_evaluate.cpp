// `hypershap evaluate` as users run it: the YAHPO jobs of jobs/ on the configurations of the shared
// reference_io_onnxruntime.csv files reproduce onnxruntime's outputs row by row, through the CSV
// reader, the job's space, the instance column and the ONNX interpreter.

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <sstream>

#include "hypershap/io/csv.hpp"
#include "in_process.hpp"
#include "test_support.hpp"

using namespace hypershap;

namespace {

using Result = test::CliResult;
Result run(const std::vector<std::string>& args) { return test::run_cli(args); }

std::string job(const std::string& name) { return (test::source_dir() / "jobs" / name).string(); }

std::string write_temp(const std::string& name, const std::string& text) {
  return test::write_temp("evaluate-" + name, text);
}

struct Case {
  const char* folder;  // under ../shared
  const char* job;     // under jobs/
  double absolute;     // tolerance for outputs near 0, added to 1e-3 relative
};

// The tolerances of tests/unit/models/test_reference_io.cpp: the rbv2 memory and timepredict heads
// of rpart and xgboost are ill-conditioned near 0 (numpy and onnxruntime differ by up to 2.7e-3
// there).
const Case cases[] = {{"data/yahpo_lcbench", "yahpo-lcbench.toml", 1e-4},
                      {"data/yahpo_rbv2/rpart_v1", "yahpo-rbv2-rpart.toml", 3e-3},
                      {"data/yahpo_rbv2/ranger_v2", "yahpo-rbv2-ranger-v2.toml", 1e-4},
                      {"data/yahpo_rbv2/xgboost_v1", "yahpo-rbv2-xgboost.toml", 3e-3},
                      {"data/yahpo_iaml_glmnet", "yahpo-iaml-glmnet.toml", 1e-4}};

constexpr double relative = 1e-3;

/// val_accuracy of the single row of an output CSV.
double val_accuracy(const std::string& csv) {
  const CsvTable table = parse_csv_table(csv, "output");
  REQUIRE(table.rows.size() == 1);
  const int column = table.column("val_accuracy");
  REQUIRE(column >= 0);
  return std::stod(table.rows[0][static_cast<std::size_t>(column)]);
}

}  // namespace

TEST_CASE("evaluate reproduces onnxruntime on every row of the shared reference files") {
  for (const Case& c : cases) {
    const auto folder = test::shared_dir_or_skip(c.folder);
    CAPTURE(c.folder);
    const auto reference_file = folder / "reference_io_onnxruntime.csv";
    const CsvTable reference =
        parse_csv_table(read_text_file(reference_file, "the reference"), reference_file.string());
    REQUIRE(!reference.rows.empty());

    // the configurations: the hp: columns with the prefix stripped, the instance column included
    std::vector<std::size_t> hp_columns;
    std::vector<std::string> names;
    for (std::size_t j = 0; j < reference.header.size(); ++j)
      if (reference.header[j].rfind("hp:", 0) == 0) {
        hp_columns.push_back(j);
        names.push_back(reference.header[j].substr(3));
      }
    std::ostringstream configs;
    write_csv_record(configs, names);
    for (const auto& row : reference.rows) {
      std::vector<std::string> cells;
      for (const std::size_t j : hp_columns) cells.push_back(row[j]);
      write_csv_record(configs, cells);
    }
    const std::string input = write_temp(std::string(c.job) + ".in.csv", configs.str());
    const std::string output = write_temp(std::string(c.job) + ".out.csv", "");
    const Result r = run({"evaluate", job(c.job), "--configs", input, "--output", output});
    REQUIRE_MESSAGE(r.code == 0, r.err);
    CHECK(r.out.empty());

    const CsvTable got = parse_csv_table(read_text_file(output, "the output"), output);
    REQUIRE(got.rows.size() == reference.rows.size());
    // the input comes back unchanged, then one column per output
    for (std::size_t k = 0; k < names.size(); ++k) CHECK(got.header[k] == names[k]);
    std::vector<std::string> outputs(got.header.begin() + static_cast<long>(names.size()),
                                     got.header.end());
    std::vector<std::string> expected_outputs;
    for (const std::string& name : reference.header)
      if (name.rfind("y:", 0) == 0) expected_outputs.push_back(name.substr(2));
    CHECK(outputs == expected_outputs);

    double worst = 0.0;  // |got - expected| / tolerance; at most 1 passes
    double worst_absolute = 0.0;
    std::string where;
    for (std::size_t r0 = 0; r0 < reference.rows.size(); ++r0) {
      for (std::size_t k = 0; k < names.size(); ++k)
        CHECK(got.rows[r0][k] == reference.rows[r0][hp_columns[k]]);
      for (std::size_t k = 0; k < outputs.size(); ++k) {
        const double value = std::stod(got.rows[r0][names.size() + k]);
        const double expected = std::stod(
            reference.rows[r0][static_cast<std::size_t>(reference.column("y:" + outputs[k]))]);
        const double tolerance = relative * std::abs(expected) + c.absolute;
        CHECK_MESSAGE(std::abs(value - expected) <= tolerance,
                      "row " << r0 << " " << outputs[k] << ": evaluate gives " << value
                             << ", onnxruntime " << expected);
        const double scaled = std::abs(value - expected) / tolerance;
        worst_absolute = std::max(worst_absolute, std::abs(value - expected));
        if (scaled > worst) {
          worst = scaled;
          where = "row " + std::to_string(r0) + " " + outputs[k];
        }
      }
    }
    std::printf(
        "%s through hypershap evaluate: %zu rows x %zu outputs, max absolute error %.3g, "
        "worst against the tolerance %.3f (%s)\n",
        c.job, reference.rows.size(), outputs.size(), worst_absolute, worst, where.c_str());
  }
}

TEST_CASE("evaluate: the lcbench default on instance 3945 gives val_accuracy 92.353645") {
  test::shared_dir_or_skip("data/yahpo_lcbench");
  // no hyperparameter column but the instance: every other value is the job's baseline (the
  // space's default, epoch pinned at 26)
  const std::string input = write_temp("default.csv", "OpenML_task_id\n3945\n");
  const Result r = run({"evaluate", job("yahpo-lcbench.toml"), "--configs", input});
  REQUIRE_MESSAGE(r.code == 0, r.err);
  const double value = val_accuracy(r.out);
  CHECK(std::abs(value - 92.353645) <= relative * 92.353645 + 1e-4);
  std::printf("hypershap evaluate, lcbench default on 3945: val_accuracy %.6f\n", value);

  // without an instance column the job's instance; --set changes it
  const std::string batch = write_temp("batch.csv", "batch_size\n91\n");
  const Result same = run({"evaluate", job("yahpo-lcbench.toml"), "--configs", batch});
  REQUIRE_MESSAGE(same.code == 0, same.err);
  CHECK(val_accuracy(same.out) == value);
  const Result other = run(
      {"evaluate", job("yahpo-lcbench.toml"), "--configs", batch, "--set", "model.instance=7593"});
  REQUIRE_MESSAGE(other.code == 0, other.err);
  CHECK(std::abs(val_accuracy(other.out) - 55.905701) <= relative * 55.905701 + 1e-4);
}

TEST_CASE("evaluate: missing columns take the job's baseline, which validate reports") {
  // jobs/default.toml: a random forest on jobs/data/svm_digits.csv, no ../shared needed
  const std::string svm = job("default.toml");
  const Result validated = run({"validate", svm});
  REQUIRE_MESSAGE(validated.code == 0, validated.err);
  const std::size_t at = validated.out.find("VAL(λ⁰) = ");
  REQUIRE(at != std::string::npos);
  const double baseline = std::stod(validated.out.substr(at + std::string("VAL(λ⁰) = ").size()));

  // the default kernel named, every other column left out; then other kernels and C values
  const std::string input =
      write_temp("svm.csv", "kernel,C\nrbf,\"1\"\npoly,2.5\n\" sigmoid \",0.01\n");
  const std::string output = write_temp("svm.out.csv", "");
  const Result r = run({"evaluate", svm, "--configs", input, "-o", output});
  REQUIRE_MESSAGE(r.code == 0, r.err);
  const CsvTable got = parse_csv_table(read_text_file(output, "the output"), output);
  CHECK(got.header == std::vector<std::string>{"kernel", "C", "accuracy"});
  REQUIRE(got.rows.size() == 3);
  CHECK(got.rows[2][0] == "sigmoid");
  CHECK(std::stod(got.rows[0][2]) == doctest::Approx(baseline).epsilon(1e-9));
  for (const auto& row : got.rows) {
    CHECK(std::stod(row[2]) >= 0.0);
    CHECK(std::stod(row[2]) <= 1.0);
  }
}

TEST_CASE("evaluate: bad configuration files name the file, the column or row, and the fix") {
  const std::string svm = job("default.toml");

  const std::string misspelt = write_temp("misspelt.csv", "kernal,C\nrbf,1\n");
  Result r = run({"evaluate", svm, "--configs", misspelt});
  CHECK(r.code == 3);
  CHECK(r.err.find(misspelt + ": column 'kernal' is not a hyperparameter") != std::string::npos);
  CHECK(r.err.find("did you mean 'kernel'?") != std::string::npos);

  const std::string out_of_bounds =
      write_temp("bounds.csv", "kernel,degree\npoly,3\npoly,100000\n");
  r = run({"evaluate", svm, "--configs", out_of_bounds});
  CHECK(r.code == 3);
  CHECK(r.err.find(out_of_bounds + ": line 3: 'degree'") != std::string::npos);

  const std::string not_a_number = write_temp("text.csv", "C\nhigh\n");
  r = run({"evaluate", svm, "--configs", not_a_number});
  CHECK(r.code == 3);
  CHECK(r.err.find("'C' = 'high' is not a number") != std::string::npos);

  const std::string unknown_choice = write_temp("choice.csv", "kernel\nlaplacian\n");
  r = run({"evaluate", svm, "--configs", unknown_choice});
  CHECK(r.code == 3);
  CHECK(r.err.find(unknown_choice + ": line 2") != std::string::npos);
  CHECK(r.err.find("laplacian") != std::string::npos);

  const std::string empty_cell = write_temp("empty.csv", "kernel,C\nrbf,\n");
  r = run({"evaluate", svm, "--configs", empty_cell});
  CHECK(r.code == 3);
  CHECK(r.err.find(empty_cell + ": line 2") != std::string::npos);
  CHECK(r.err.find("'C' is active") != std::string::npos);
  CHECK(r.err.find("an empty cell makes a hyperparameter inactive") != std::string::npos);

  const std::string ragged = write_temp("ragged.csv", "kernel,C\nrbf\n");
  r = run({"evaluate", svm, "--configs", ragged});
  CHECK(r.code == 3);
  CHECK(r.err.find("line 2 has 1 fields, the header 2") != std::string::npos);

  const std::string empty = write_temp("nothing.csv", "");
  r = run({"evaluate", svm, "--configs", empty});
  CHECK(r.code == 3);
  CHECK(r.err.find(empty + ": the file is empty") != std::string::npos);

  r = run({"evaluate", svm, "--configs", "/nonexistent/configs.csv"});
  CHECK(r.code == 4);
  CHECK(r.err.find("/nonexistent/configs.csv: cannot open the configurations") !=
        std::string::npos);

  r = run({"evaluate", svm, "--configs", write_temp("ok.csv", "C\n1\n"), "--output",
           "/nonexistent/out.csv"});
  CHECK(r.code == 4);
  CHECK(r.err.find("/nonexistent/out.csv: cannot write") != std::string::npos);

  r = run({"evaluate", svm});
  CHECK(r.code == 2);
  CHECK(r.err.find("--configs") != std::string::npos);
}

TEST_CASE("evaluate: an instance the YAHPO model does not know names the row") {
  test::shared_dir_or_skip("data/yahpo_lcbench");
  const std::string unknown_instance = write_temp("instance.csv", "OpenML_task_id\n3945\n1\n");
  const Result r = run({"evaluate", job("yahpo-lcbench.toml"), "--configs", unknown_instance});
  CHECK(r.code == 3);
  CHECK(r.err.find(unknown_instance + ": line 3") != std::string::npos);
  CHECK(r.err.find("OpenML_task_id") != std::string::npos);
}

namespace {

/// The `metric` column of an output CSV, row by row.
std::vector<double> column_values(const std::string& csv, const std::string& metric) {
  const CsvTable table = parse_csv_table(csv, "output");
  const int column = table.column(metric);
  REQUIRE(column >= 0);
  std::vector<double> values;
  for (const auto& row : table.rows)
    values.push_back(std::stod(row[static_cast<std::size_t>(column)]));
  return values;
}

}  // namespace

TEST_CASE(
    "evaluate: xgboost with booster gbtree pinned gives SOURCE.md's eta x colsample_bytree grid") {
  test::shared_dir_or_skip("data/yahpo_rbv2/xgboost_v1");
  // acc on task 3, booster gbtree, every other hyperparameter at its default (trainsize 0.525,
  // repl 6), printed to 4 decimals in ../shared/data/yahpo_rbv2/SOURCE.md (onnxruntime). Only
  // eta and colsample_bytree are columns: the rest come from the job's baseline, in which pinning
  // booster = "gbtree" activated the tree hyperparameters at their defaults.
  const double etas[] = {0.0009118819655545162, 0.0301973834, 0.3, 1.0};  // e^-7, default, 0.3, 1
  const double colsamples[] = {0.01, 0.505, 1.0};
  const double expected[4][3] = {{0.6031, 0.9195, 0.9334},
                                 {0.7389, 0.9428, 0.9517},
                                 {0.8438, 0.9424, 0.9499},
                                 {0.8615, 0.9260, 0.9368}};
  std::ostringstream csv;
  csv << std::setprecision(17) << "eta,colsample_bytree\n";
  for (const double eta : etas)
    for (const double colsample : colsamples) csv << eta << ',' << colsample << '\n';
  const Result r = run(
      {"evaluate", job("yahpo-rbv2-xgboost.toml"), "--configs", write_temp("xgb.csv", csv.str())});
  REQUIRE_MESSAGE(r.code == 0, r.err);
  const std::vector<double> acc = column_values(r.out, "acc");
  REQUIRE(acc.size() == 12);
  for (std::size_t i = 0; i < 4; ++i)
    for (std::size_t j = 0; j < 3; ++j) {
      CAPTURE(etas[i]);
      CAPTURE(colsamples[j]);
      CHECK(std::abs(acc[i * 3 + j] - expected[i][j]) <= 1e-4);  // 5e-5 rounding + interpreter
    }
}

TEST_CASE("evaluate: glmnet gives SOURCE.md's alpha x s grid of mmce on dataset 40981") {
  test::shared_dir_or_skip("data/yahpo_iaml_glmnet");
  // mmce at trainsize 0.525 (the job pins it), printed to 4 decimals in
  // ../shared/data/yahpo_iaml_glmnet/SOURCE.md (onnxruntime); s at its bounds 1e-4 and 1e3 (as
  // the space writes them) and its default 0.316227766
  const double alphas[] = {0.0, 0.5, 1.0};
  const char* const s_values[] = {"0.00010000000000000009", "0.01", "0.316227766", "10",
                                  "999.9999999999998"};
  const double expected[3][5] = {{0.1411, 0.1498, 0.1470, 0.3739, 0.4306},
                                 {0.1396, 0.1329, 0.2255, 0.4571, 0.4209},
                                 {0.1398, 0.1405, 0.3314, 0.4487, 0.4276}};
  std::ostringstream csv;
  csv << "alpha,s\n";
  for (const double alpha : alphas)
    for (const char* s : s_values) csv << alpha << ',' << s << '\n';
  const Result r = run({"evaluate", job("yahpo-iaml-glmnet.toml"), "--configs",
                        write_temp("glmnet.csv", csv.str())});
  REQUIRE_MESSAGE(r.code == 0, r.err);
  const std::vector<double> mmce = column_values(r.out, "mmce");
  REQUIRE(mmce.size() == 15);
  for (std::size_t i = 0; i < 3; ++i)
    for (std::size_t j = 0; j < 5; ++j) {
      CAPTURE(alphas[i]);
      CAPTURE(s_values[j]);
      CHECK(std::abs(mmce[i * 5 + j] - expected[i][j]) <= 1e-4);
    }
  // nf (features used) leaves the graph through Round: whole numbers; a large penalty s = 1e3
  // leaves none (the intercept-only model, SOURCE.md)
  const std::vector<double> nf = column_values(r.out, "nf");
  for (const double features : nf) CHECK(features == std::round(features));
  for (std::size_t i = 0; i < 3; ++i) CHECK(nf[i * 5 + 4] == 0.0);
}
