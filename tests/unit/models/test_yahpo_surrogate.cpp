// YahpoSurrogate's encoding rules and its errors.

#include <doctest/doctest.h>

#include <cmath>

#include "hypershap/core/error.hpp"
#include "hypershap/models/yahpo_model.hpp"
#include "hypershap/models/yahpo_surrogate.hpp"
#include "test_support.hpp"

using namespace hypershap;
using onnx::RowMatrixXd;
using onnx::YahpoScenario;
using onnx::YahpoSurrogate;

namespace {

YahpoSurrogate lcbench() {
  return YahpoSurrogate::load(test::shared_dir_or_skip("data/yahpo_lcbench"),
                              YahpoScenario::builtin("lcbench"));
}

/// The default configuration as a one-row matrix in hyperparameters() order.
RowMatrixXd default_row(const YahpoSurrogate& s) {
  const YahpoSurrogate::Configuration defaults = s.default_configuration();
  RowMatrixXd row(1, static_cast<Eigen::Index>(s.hyperparameters().size()));
  for (std::size_t j = 0; j < s.hyperparameters().size(); ++j) {
    const std::string& name = s.hyperparameters()[j];
    const auto& value = defaults.at(name);
    row(0, static_cast<Eigen::Index>(j)) = std::holds_alternative<std::string>(value)
                                               ? s.choice_index(name, std::get<std::string>(value))
                                               : std::get<double>(value);
  }
  return row;
}

}  // namespace

TEST_CASE("the columns of a batch may come in any order") {
  const YahpoSurrogate s = lcbench();
  RowMatrixXd batch(2, 8);
  batch.row(0) = default_row(s);
  batch.row(1) = default_row(s);
  batch(1, 0) = 5.0;  // epoch
  std::vector<std::string> names = s.hyperparameters();
  const onnx::SurrogateOutputs in_order = s.evaluate("7593", names, batch);
  // reverse the columns
  const RowMatrixXd reversed = batch.rowwise().reverse();
  std::reverse(names.begin(), names.end());
  const onnx::SurrogateOutputs reordered = s.evaluate("7593", names, reversed);
  CHECK(in_order.values == reordered.values);
  CHECK(in_order.values(0, 1) != in_order.values(1, 1));
}

TEST_CASE("an inactive numeric (NaN) is encoded as 0 and an inactive categorical as #na#") {
  const auto folder = test::shared_dir_or_skip("data/yahpo_rbv2/ranger_v2");
  const YahpoSurrogate s = YahpoSurrogate::load(folder, YahpoScenario::builtin("rbv2_ranger_v2"));
  RowMatrixXd row = default_row(s);
  const auto& names = s.hyperparameters();
  const auto at = [&](const std::string& name) {
    return static_cast<Eigen::Index>(std::find(names.begin(), names.end(), name) - names.begin());
  };
  row(0, at("num.random.splits")) = std::nan("");
  row(0, at("replace")) = std::nan("");
  const onnx::NamedTensors x = s.encode("3", names, row);
  const auto& x_cont = x.at("x_cont").data<float>();
  const auto& x_cat = x.at("x_cat").data<std::int32_t>();
  const auto& scenario = s.scenario();
  const auto cont_index =
      static_cast<std::size_t>(std::find(scenario.numeric_columns.begin(),
                                         scenario.numeric_columns.end(), "num.random.splits") -
                               scenario.numeric_columns.begin());
  const auto cat_index =
      static_cast<std::size_t>(std::find(scenario.categorical_columns.begin(),
                                         scenario.categorical_columns.end(), "replace") -
                               scenario.categorical_columns.begin());
  CHECK(x_cont[cont_index] == 0.0f);
  CHECK(x_cat[cat_index] == 0);
  // ranger v2 codes: repl "10" is 2 in encoding_v2.json although it is the 10th choice
  CHECK(s.choices("repl").back() == "10");
  CHECK(x_cat[5] == 2);
}

TEST_CASE("errors name what is wrong and list the valid names") {
  const YahpoSurrogate s = lcbench();
  const RowMatrixXd row = default_row(s);
  CHECK_THROWS_WITH_AS(s.evaluate("167083", s.hyperparameters(), row),
                       doctest::Contains("'167083' is not in the configuration space; valid: 3945"),
                       Error);
  const onnx::SurrogateOutputs outputs = s.evaluate("3945", s.hyperparameters(), row);
  CHECK_THROWS_WITH_AS(outputs.column("accuracy"),
                       doctest::Contains("'accuracy' is not one of time, val_accuracy"), Error);

  std::vector<std::string> missing = s.hyperparameters();
  missing.pop_back();
  CHECK_THROWS_WITH_AS(s.evaluate("3945", missing, row.leftCols(7)),
                       doctest::Contains("'max_dropout' is missing"), Error);
  std::vector<std::string> typo = s.hyperparameters();
  typo[0] = "epochs";
  CHECK_THROWS_WITH_AS(s.evaluate("3945", typo, row),
                       doctest::Contains("'epochs' is not a hyperparameter"), Error);
  CHECK_THROWS_WITH_AS(YahpoScenario::builtin("nb301"),
                       doctest::Contains("lcbench, rbv2_rpart, rbv2_ranger, rbv2_ranger_v2"),
                       Error);
  CHECK_THROWS_WITH_AS(s.choices("OpenML_task_id"), doctest::Contains("no hyperparameter"), Error);

  YahpoSurrogate::Configuration configuration = s.default_configuration();
  configuration["momentum"] = std::string("high");
  CHECK_THROWS_WITH_AS(s.evaluate("3945", {configuration}), doctest::Contains("not a number"),
                       Error);
}

TEST_CASE("a categorical is given by its choice index; other numbers are rejected") {
  const auto folder = test::shared_dir_or_skip("data/yahpo_rbv2/rpart_v1");
  const YahpoSurrogate s = YahpoSurrogate::load(folder, YahpoScenario::builtin("rbv2_rpart"));
  CHECK(s.is_categorical("num.impute.selected.cpo"));
  CHECK_FALSE(s.is_categorical("cp"));
  CHECK(s.instances().size() == 117);
  RowMatrixXd row = default_row(s);
  row(0, 0) = 3.0;  // num.impute.selected.cpo has 3 choices
  CHECK_THROWS_WITH_AS(s.evaluate("1040", s.hyperparameters(), row),
                       doctest::Contains("not a choice index in [0, 3)"), Error);
  row(0, 0) = s.choice_index("num.impute.selected.cpo", "impute.hist");
  CHECK(s.encode("1040", s.hyperparameters(), row).at("x_cat").data<std::int32_t>()[1] == 1);
}

TEST_CASE("a folder of another scenario is rejected at load") {
  const auto folder = test::shared_dir_or_skip("data/yahpo_rbv2/rpart_v1");
  CHECK_THROWS_WITH_AS(YahpoSurrogate::load(folder, YahpoScenario::builtin("lcbench")),
                       doctest::Contains("lcbench"), Error);
  CHECK_THROWS_AS(YahpoSurrogate::load(folder, YahpoScenario::builtin("rbv2_ranger_v2")), Error);
}

TEST_CASE("a batch larger than rows_per_run gives the rows of one whole-batch model run") {
  const YahpoSurrogate s = lcbench();
  const Eigen::Index rows = 2 * YahpoSurrogate::rows_per_run + 77;
  RowMatrixXd batch(rows, 8);
  for (Eigen::Index r = 0; r < rows; ++r) {
    batch.row(r) = default_row(s);
    batch(r, 0) = 1.0 + static_cast<double>(r % 52);  // epoch
    batch(r, 2) = 1e-4 * std::pow(1000.0, static_cast<double>(r) /
                                              static_cast<double>(rows));  // learning_rate
  }
  const onnx::SurrogateOutputs blocked = s.evaluate("3945", s.hyperparameters(), batch);
  const onnx::NamedTensors whole = s.model().run(s.encode("3945", s.hyperparameters(), batch));
  const onnx::Tensor& y = whole.at("output");
  REQUIRE(blocked.values.rows() == rows);
  for (Eigen::Index r = 0; r < rows; ++r)
    for (Eigen::Index k = 0; k < 6; ++k)
      CHECK(blocked.values(r, k) == doctest::Approx(y.value(r * 6 + k)).epsilon(1e-5));
  CHECK(s.evaluate("3945", s.hyperparameters(), batch.topRows(0)).values.rows() == 0);
}

TEST_CASE("the instance may be a column (choice indices, as the configuration space stores it)") {
  const YahpoSurrogate s = lcbench();
  // the columns of config_space.json in its order, the instance first
  const std::vector<std::string> space_order = {"OpenML_task_id", "batch_size",  "epoch",
                                                "learning_rate",  "max_dropout", "max_units",
                                                "momentum",       "num_layers",  "weight_decay"};
  const YahpoSurrogate::Configuration defaults = s.default_configuration();
  RowMatrixXd batch(3, 9);
  const std::vector<std::string> instances = {"3945", "7593", "3945"};
  for (Eigen::Index r = 0; r < 3; ++r) {
    const auto& tasks = s.instances();
    batch(r, 0) = static_cast<double>(
        std::find(tasks.begin(), tasks.end(), instances[static_cast<std::size_t>(r)]) -
        tasks.begin());
    for (Eigen::Index j = 1; j < 9; ++j)
      batch(r, j) = std::get<double>(defaults.at(space_order[static_cast<std::size_t>(j)]));
  }
  batch(2, 2) = 10.0;  // epoch
  const onnx::SurrogateOutputs mixed = s.evaluate(space_order, batch);
  for (Eigen::Index r = 0; r < 3; ++r) {
    const onnx::SurrogateOutputs one =
        s.evaluate(instances[static_cast<std::size_t>(r)],
                   std::vector<std::string>(space_order.begin() + 1, space_order.end()),
                   batch.block(r, 1, 1, 8));
    for (Eigen::Index k = 0; k < 6; ++k)  // a one-row product sums in another order
      CHECK(mixed.values(r, k) == doctest::Approx(one.values(0, k)).epsilon(1e-5));
  }
  CHECK(mixed.column("val_accuracy")(0) == doctest::Approx(92.353645).epsilon(1e-3));
  CHECK_THROWS_WITH_AS(s.evaluate("3945", space_order, batch),
                       doctest::Contains("is the instance, which is also given"), Error);
  CHECK_THROWS_WITH_AS(
      s.evaluate(std::vector<std::string>(space_order.begin() + 1, space_order.end()),
                 batch.rightCols(8)),
      doctest::Contains("instance column 'OpenML_task_id' is missing"), Error);
  batch(1, 0) = std::nan("");
  CHECK_THROWS_WITH_AS(s.evaluate(space_order, batch), doctest::Contains("row 1 has no instance"),
                       Error);
}

TEST_CASE("each scenario is recognised from its folder when the job names none") {
  const std::pair<const char*, const char*> folders[] = {
      {"data/yahpo_lcbench", "lcbench"},
      {"data/yahpo_rbv2/rpart_v1", "rbv2_rpart"},
      {"data/yahpo_rbv2/ranger_v2", "rbv2_ranger_v2"},
      {"data/yahpo_rbv2/xgboost_v1", "rbv2_xgboost"},
      {"data/yahpo_iaml_glmnet", "iaml_glmnet"}};
  for (const auto& [folder, scenario] : folders) {
    CAPTURE(scenario);
    YahpoModelOptions options;
    options.folder = test::shared_dir_or_skip(folder);
    const YahpoSurrogate s = YahpoSurrogate::load(options.folder, YahpoScenario::builtin(scenario));
    options.instance = s.instances().front();
    options.metric = s.scenario().outputs.front();
    options.context = "test.toml: [model]";
    const auto model = load_yahpo_model(options);
    CHECK(model->describe().find(std::string("YAHPO ") + scenario + " surrogate") !=
          std::string::npos);
  }
  // glmnet's error is minimised, its auc maximised, by the outputs' names
  YahpoModelOptions glmnet;
  glmnet.folder = test::shared_dir_or_skip("data/yahpo_iaml_glmnet");
  glmnet.instance = "40981";
  glmnet.metric = "mmce";
  CHECK_FALSE(load_yahpo_model(glmnet)->maximize());
  glmnet.metric = "auc";
  CHECK(load_yahpo_model(glmnet)->maximize());
}
