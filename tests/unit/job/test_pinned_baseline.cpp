// The baseline of a job: the space's default with [space] pinned set, then the conditions resolved
// again (parents first), as YAHPO rbv2_xgboost needs with booster = "gbtree" pinned.

#include <doctest/doctest.h>

#include <cmath>

#include "hypershap/core/error.hpp"
#include "hypershap/job/model_setup.hpp"
#include "hypershap/space/configuration_space.hpp"

using namespace hypershap;

namespace {

// xgboost's structure in small: eta is active under gbtree and dart, rate_drop only under dart;
// the default booster, gblinear, leaves both inactive.
const char* const boosting_space = R"({"hyperparameters": [
    {"type": "categorical", "name": "booster", "choices": ["gblinear", "gbtree", "dart"],
     "default": "gblinear"},
    {"type": "uniform_float", "name": "lambda", "lower": 0.001, "upper": 1000, "log": true,
     "default": 1.0},
    {"type": "uniform_float", "name": "eta", "lower": 0.001, "upper": 1, "log": true,
     "default": 0.03},
    {"type": "uniform_float", "name": "rate_drop", "lower": 0, "upper": 1, "default": 0.5}],
  "conditions": [
    {"type": "IN", "child": "eta", "parent": "booster", "values": ["gbtree", "dart"]},
    {"type": "EQ", "child": "rate_drop", "parent": "booster", "value": "dart"}],
  "forbiddens": []})";

JobSpec job_pinning(NamedValues pinned) {
  JobSpec job;
  job.file = "/jobs/boosting.toml";
  job.space.pinned = std::move(pinned);
  return job;
}

}  // namespace

TEST_CASE("pinned values resolve the conditions again: a pinned parent activates its children") {
  const ConfigurationSpace space = ConfigurationSpace::from_string(boosting_space, "space.json");
  const int booster = space.find("booster");
  const int lambda = space.find("lambda");
  const int eta = space.find("eta");
  const int rate_drop = space.find("rate_drop");

  // nothing pinned: the default, eta and rate_drop inactive
  const Configuration plain = pinned_baseline(job_pinning({}), space);
  CHECK(plain[booster] == 0.0);
  CHECK(std::isnan(plain[eta]));
  CHECK(std::isnan(plain[rate_drop]));

  // gbtree: eta becomes active at its default, rate_drop stays inactive
  const Configuration tree =
      pinned_baseline(job_pinning({{"booster", std::string("gbtree")}}), space);
  CHECK(tree[booster] == 1.0);
  CHECK(tree[lambda] == 1.0);
  CHECK(tree[eta] == 0.03);
  CHECK(std::isnan(tree[rate_drop]));
  CHECK(space.is_valid(tree));

  // a pinned child keeps its pinned value; dart activates rate_drop too
  const Configuration dart = pinned_baseline(
      job_pinning({{"booster", std::string("dart")}, {"eta", 0.3}, {"lambda", 10.0}}), space);
  CHECK(dart[booster] == 2.0);
  CHECK(dart[lambda] == 10.0);
  CHECK(dart[eta] == 0.3);
  CHECK(dart[rate_drop] == 0.5);

  // pinning a hyperparameter that the pinned values leave inactive is an error naming it
  try {
    pinned_baseline(job_pinning({{"booster", std::string("gbtree")}, {"rate_drop", 0.1}}), space);
    FAIL("no error for a pinned inactive hyperparameter");
  } catch (const Error& e) {
    CHECK(e.code() == ExitCode::invalid_input);
    const std::string message = e.what();
    CHECK(message.find("boosting.toml: [space] pinned") != std::string::npos);
    CHECK(message.find("'rate_drop'") != std::string::npos);
  }
  // and an unknown name or an illegal value are named as before
  CHECK_THROWS_WITH_AS(pinned_baseline(job_pinning({{"bosster", std::string("gbtree")}}), space),
                       doctest::Contains("bosster"), Error);
  CHECK_THROWS_WITH_AS(pinned_baseline(job_pinning({{"eta", 5.0}}), space),
                       doctest::Contains("'eta'"), Error);
}
