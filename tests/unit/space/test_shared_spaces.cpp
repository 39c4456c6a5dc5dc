// The ConfigSpace files of the shared data (YAHPO, DeepCAVE runs; both JSON formats) load, and
// sampling the 39-hyperparameter conditional space of the DeepCAVE outlier-detection runs gives
// only valid configurations, rechecked here against the file's own conditions.

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "space_test_support.hpp"
#include "test_support.hpp"

using namespace hypershap;
using nlohmann::json;

namespace {

json read_json(const std::filesystem::path& path) {
  std::ifstream in(path);
  return json::parse(in, nullptr, /*allow_exceptions=*/false);
}

// Every JSON file of the shared data that is a ConfigSpace space: one object with a
// 'hyperparameters' array.
std::vector<std::filesystem::path> configspace_files() {
  const std::filesystem::path data = test::shared_dir_or_skip("data");
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(data)) {
    if (!entry.is_regular_file() || entry.path().extension() != ".json") continue;
    const json document = read_json(entry.path());
    if (document.is_object() && document.contains("hyperparameters") &&
        document["hyperparameters"].is_array()) {
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

// A value as the test writes it, independently of the space layer: strings as they are, booleans
// as Python prints them.
std::string label(const json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_boolean()) return value.get<bool>() ? "True" : "False";
  return value.dump();
}

// Whether one ConfigSpace condition (from the file) holds for human values (absent = inactive).
bool holds(const json& condition, const std::map<std::string, HumanValue>& values) {
  const std::string type = condition["type"];
  if (type == "AND" || type == "OR") {
    bool all = true;
    bool any = false;
    for (const json& c : condition["conditions"]) {
      const bool h = holds(c, values);
      all = all && h;
      any = any || h;
    }
    return type == "AND" ? all : any;
  }
  const auto parent = values.find(condition["parent"].get<std::string>());
  if (parent == values.end()) return false;
  const HumanValue& v = parent->second;
  const auto equal = [&](const json& x) {
    if (const double* d = std::get_if<double>(&v)) return x.is_number() && x.get<double>() == *d;
    return std::get<std::string>(v) == label(x);
  };
  if (type == "EQ") return equal(condition["value"]);
  if (type == "NEQ") return !equal(condition["value"]);
  if (type == "IN") {
    return std::any_of(condition["values"].begin(), condition["values"].end(), equal);
  }
  const double d = std::get<double>(v);  // LT and GT on numeric parents (all the data has)
  if (type == "LT") return d < condition["value"].get<double>();
  if (type == "GT") return d > condition["value"].get<double>();
  FAIL("condition type ", type, " is not rechecked by this test");
  return false;
}

}  // namespace

TEST_CASE("every ConfigSpace JSON of the shared data loads, with a valid default") {
  const std::vector<std::filesystem::path> files = configspace_files();
  CHECK(files.size() >= 20);
  std::set<std::string> formats;
  for (const auto& path : files) {
    CAPTURE(path.string());
    const ConfigurationSpace space = ConfigurationSpace::from_file(path);
    const json document = read_json(path);
    CHECK(space.size() == static_cast<int>(document["hyperparameters"].size()));
    CHECK(space.why_invalid(space.default_configuration()) == "");
    Rng rng = Rng::stream(2026, {1});
    const ConfigurationMatrix s = space.sample(500, rng);
    for (Eigen::Index row = 0; row < s.rows(); ++row) CHECK(space.why_invalid(s.row(row)) == "");
    formats.insert(document.contains("format_version") ? "format_version" : "json_format_version");
  }
  CHECK(formats.size() == 2);  // both the old and the new ConfigSpace format occur
}

TEST_CASE("known spaces of the shared data have their hyperparameters and conditions") {
  const std::filesystem::path data = test::shared_dir_or_skip("data");
  const ConfigurationSpace lcbench =
      ConfigurationSpace::from_file(data / "yahpo_lcbench/config_space.json");
  CHECK(lcbench.size() == 9);
  const ConfigurationSpace ranger =
      ConfigurationSpace::from_file(data / "yahpo_rbv2/ranger_v2/config_space_v2.json");
  const int splits = ranger.index_of("num.random.splits", "test");
  CHECK(ranger.conditions(splits).front().text == "splitrule == 'extratrees'");
  CHECK(is_inactive(ranger.default_configuration()[splits]));  // splitrule defaults to gini
  const ConfigurationSpace mlp =
      ConfigurationSpace::from_file(data /
                                    "deepcave_hpo_runs/SMAC3v2/mlp-nondeterministic/run_1/"
                                    "configspace.json");
  CHECK(mlp.conditions(mlp.index_of("batch_size", "test")).front().text ==
        "solver in {'sgd', 'adam'}");
}

TEST_CASE("10,000 samples of the 39-hyperparameter conditional space are all valid") {
  const std::filesystem::path path =
      test::shared_dir_or_skip("data/deepcave_hpo_runs/SMAC3v1/outlier-detection") /
      "SMAC-pendigits-015-0-0/configspace.json";
  const ConfigurationSpace space = ConfigurationSpace::from_file(path);
  REQUIRE(space.size() == 39);
  const json document = read_json(path);
  REQUIRE(document["conditions"].size() == 29);

  std::map<std::string, std::vector<json>> conditions_of;
  for (const json& c : document["conditions"]) conditions_of[c["child"]].push_back(c);
  std::map<std::string, json> hp_of;
  for (const json& hp : document["hyperparameters"]) hp_of[hp["name"]] = hp;

  Rng rng = Rng::stream(1, {39});
  const ConfigurationMatrix s = space.sample(10000, rng);
  std::map<std::string, int> active_count;
  for (Eigen::Index row = 0; row < s.rows(); ++row) {
    REQUIRE(space.why_invalid(s.row(row)) == "");
    // The independent recheck: from the human values and the file's own conditions.
    const std::map<std::string, HumanValue> values = space.to_values(s.row(row));
    for (const auto& [name, hp] : hp_of) {
      const auto& conditions = conditions_of[name];
      const bool expected = std::all_of(conditions.begin(), conditions.end(),
                                        [&](const json& c) { return holds(c, values); });
      const auto value = values.find(name);
      REQUIRE_MESSAGE((value != values.end()) == expected, name, " in row ", row);
      if (value == values.end()) continue;
      ++active_count[name];
      if (hp["type"] == "categorical") {
        const json& choices = hp["choices"];
        CHECK(std::any_of(choices.begin(), choices.end(), [&](const json& c) {
          return label(c) == std::get<std::string>(value->second);
        }));
      } else {
        const double x = std::get<double>(value->second);
        CHECK(x >= hp["lower"].get<double>());
        CHECK(x <= hp["upper"].get<double>());
        if (hp["type"] == "uniform_int") CHECK(x == std::round(x));
      }
    }
  }
  // Every hyperparameter, however deeply conditional, is reached.
  CHECK(active_count.size() == 39);
}
