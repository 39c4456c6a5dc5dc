// Symbolic explanations in the store: every field of a table comes back exactly (NaN baselines
// included), tables are kept side by side under /symbolic/NAME, a table written again replaces
// itself, a store without any reads back empty, and the progress records of a study under
// /symbolic_progress append one by one and go once the complete table is written.

#include <doctest/doctest.h>

#include <cmath>
#include <limits>

#include "hypershap/store/symbolic_results.hpp"
#include "store_test_support.hpp"

using namespace hypershap;

namespace {

symbolic::ExplanationResults example(const std::string& name, bool with_gp) {
  symbolic::ExplanationResults r;
  r.name = name;
  r.training = with_gp ? "surrogate" : "random";
  r.model = "toy";
  r.metric = "acc";
  r.cost_offset = 1.0;
  r.cost_scale = -1.0;
  r.players = {"eta", "colsample_bytree"};
  r.parsimony = {0.0001, 0.01};
  r.population = 100;
  r.generations = 3;
  r.seconds = 1.5;
  for (int k = 0; k < 4; ++k) {
    symbolic::ExplanationFit f;
    f.instance = k < 2 ? "31" : "54";
    f.repetition = k % 2;
    f.sr_seed = 0;
    f.parsimony = r.parsimony[static_cast<std::size_t>(k % 2)];
    f.program = "add(eta, " + std::to_string(k) + ")";
    f.formula = "eta + " + std::to_string(k);
    f.latex = "\\eta + " + std::to_string(k);
    f.operations = k + 1;
    f.length = 3;
    f.train_rmse = 0.1 * k;
    f.test_rmse = 0.2 * k;
    f.seconds = 0.01;
    r.fits.push_back(f);
  }
  const double nan = std::numeric_limits<double>::quiet_NaN();
  r.baselines = {{"31", 0, with_gp ? 0.05 : nan, 0.07}, {"54", 1, with_gp ? 0.06 : nan, 0.08}};
  symbolic::ExplanationLandscape l;
  l.instance = "31";
  l.axes = {{0.1, 0.2}, {0.5, 0.6, 0.7}};
  l.objective = {1, 2, 3, 4, 5, 6};
  if (with_gp) l.gp_mean = {1.5, 2, 3, 4, 5, 6.5};
  l.formula = {1, 1, 3, 4, 5, 7};
  l.chosen_fit = 1;
  l.training = {0.1, 0.5, 0.2, 0.7};
  l.training_cost = {1, 6};
  r.landscapes = {l};
  return r;
}

void check_same(const symbolic::ExplanationResults& a, const symbolic::ExplanationResults& b) {
  CHECK(a.name == b.name);
  CHECK(a.training == b.training);
  CHECK(a.model == b.model);
  CHECK(a.metric == b.metric);
  CHECK(a.cost_offset == b.cost_offset);
  CHECK(a.cost_scale == b.cost_scale);
  CHECK(a.players == b.players);
  CHECK(a.parsimony == b.parsimony);
  CHECK(a.population == b.population);
  CHECK(a.generations == b.generations);
  CHECK(a.seconds == b.seconds);
  REQUIRE(a.fits.size() == b.fits.size());
  for (std::size_t i = 0; i < a.fits.size(); ++i) {
    CHECK(a.fits[i].instance == b.fits[i].instance);
    CHECK(a.fits[i].repetition == b.fits[i].repetition);
    CHECK(a.fits[i].sr_seed == b.fits[i].sr_seed);
    CHECK(a.fits[i].parsimony == b.fits[i].parsimony);
    CHECK(a.fits[i].program == b.fits[i].program);
    CHECK(a.fits[i].formula == b.fits[i].formula);
    CHECK(a.fits[i].latex == b.fits[i].latex);
    CHECK(a.fits[i].operations == b.fits[i].operations);
    CHECK(a.fits[i].length == b.fits[i].length);
    CHECK(a.fits[i].train_rmse == b.fits[i].train_rmse);
    CHECK(a.fits[i].test_rmse == b.fits[i].test_rmse);
  }
  REQUIRE(a.baselines.size() == b.baselines.size());
  for (std::size_t i = 0; i < a.baselines.size(); ++i) {
    CHECK(a.baselines[i].instance == b.baselines[i].instance);
    CHECK(a.baselines[i].repetition == b.baselines[i].repetition);
    CHECK((a.baselines[i].gp_rmse == b.baselines[i].gp_rmse ||
           (std::isnan(a.baselines[i].gp_rmse) && std::isnan(b.baselines[i].gp_rmse))));
    CHECK(a.baselines[i].linear_rmse == b.baselines[i].linear_rmse);
  }
  REQUIRE(a.landscapes.size() == b.landscapes.size());
  const auto& la = a.landscapes[0];
  const auto& lb = b.landscapes[0];
  CHECK(la.instance == lb.instance);
  CHECK(la.axes == lb.axes);
  CHECK(la.objective == lb.objective);
  CHECK(la.gp_mean == lb.gp_mean);
  CHECK(la.formula == lb.formula);
  CHECK(la.chosen_fit == lb.chosen_fit);
  CHECK(la.training == lb.training);
  CHECK(la.training_cost == lb.training_cost);
}

}  // namespace

TEST_CASE("symbolic results: tables round-trip under /symbolic/NAME and replace themselves") {
  test::ScratchDir dir;
  const auto path = dir / "job.h5";
  const JobDescription job = test::example_job();
  {
    StoreWriter create(path, job, {});
    create.close();
  }
  CHECK(read_symbolic_results(path).empty());
  const auto gp = example("gp", true);
  const auto random = example("random", false);
  write_symbolic_results(path, job, gp);
  write_symbolic_results(path, job, random);
  std::vector<symbolic::ExplanationResults> stored = read_symbolic_results(path);
  REQUIRE(stored.size() == 2);
  check_same(stored[0], gp);  // by name
  check_same(stored[1], random);
  auto changed = example("gp", true);
  changed.fits.pop_back();
  changed.seconds = 9;
  write_symbolic_results(path, job, changed);
  stored = read_symbolic_results(path);
  REQUIRE(stored.size() == 2);
  check_same(stored[0], changed);
}

TEST_CASE("symbolic results: the store of another job is refused") {
  test::ScratchDir dir;
  const auto path = dir / "job.h5";
  write_symbolic_results(path, test::example_job("1"), example("gp", true));
  CHECK_THROWS(write_symbolic_results(path, test::example_job("2"), example("gp", true)));
}

TEST_CASE("symbolic progress: records append one by one, come back exactly, leave with the table") {
  test::ScratchDir dir;
  const auto path = dir / "job.h5";
  const JobDescription job = test::example_job();
  open_symbolic_store(path, job);
  CHECK(read_symbolic_progress(path, "gp").fits.empty());  // nothing yet
  const auto whole = example("gp", true);
  // appended as a study does: a baseline with its landscape, then fits one at a time
  symbolic::ExplanationResults first;
  first.name = "gp";
  first.baselines = {whole.baselines[0]};
  first.landscapes = whole.landscapes;
  first.landscapes[0].formula.clear();  // the chosen formula is known only at the end
  append_symbolic_progress(path, first);
  for (std::size_t i = 0; i < whole.fits.size(); ++i) {
    symbolic::ExplanationResults one;
    one.name = "gp";
    one.fits = {whole.fits[i]};
    if (i == 1) one.fits[0].grid_values = {0.5, -1.25, std::numeric_limits<double>::infinity()};
    if (i == 3) one.baselines = {whole.baselines[1]};
    append_symbolic_progress(path, one);
  }
  const symbolic::ExplanationResults back = read_symbolic_progress(path, "gp");
  CHECK(back.name == "gp");
  REQUIRE(back.fits.size() == whole.fits.size());
  for (std::size_t i = 0; i < whole.fits.size(); ++i) {
    const auto &a = back.fits[i], &b = whole.fits[i];
    CHECK(a.instance == b.instance);
    CHECK(a.repetition == b.repetition);
    CHECK(a.sr_seed == b.sr_seed);
    CHECK(a.parsimony == b.parsimony);
    CHECK(a.program == b.program);
    CHECK(a.formula == b.formula);
    CHECK(a.latex == b.latex);
    CHECK(a.operations == b.operations);
    CHECK(a.length == b.length);
    CHECK(a.train_rmse == b.train_rmse);
    CHECK(a.test_rmse == b.test_rmse);
    CHECK(a.seconds == b.seconds);
  }
  CHECK(back.fits[0].grid_values.empty());
  CHECK(back.fits[1].grid_values ==
        std::vector<double>{0.5, -1.25, std::numeric_limits<double>::infinity()});
  REQUIRE(back.baselines.size() == 2);
  CHECK(back.baselines[0].instance == "31");
  CHECK(back.baselines[0].gp_rmse == 0.05);
  CHECK(back.baselines[1].linear_rmse == 0.08);
  REQUIRE(back.landscapes.size() == 1);
  CHECK(back.landscapes[0].objective == whole.landscapes[0].objective);
  CHECK(back.landscapes[0].gp_mean == whole.landscapes[0].gp_mean);
  CHECK(back.landscapes[0].training == whole.landscapes[0].training);
  CHECK(back.landscapes[0].formula.empty());
  CHECK(read_symbolic_results(path).empty());  // /symbolic holds complete tables only

  // another table's progress is its own; the complete table replaces its progress
  symbolic::ExplanationResults other;
  other.name = "random";
  other.fits = {whole.fits[0]};
  append_symbolic_progress(path, other);
  write_symbolic_results(path, job, whole);
  CHECK(read_symbolic_progress(path, "gp").fits.empty());
  CHECK(read_symbolic_progress(path, "random").fits.size() == 1);
  REQUIRE(read_symbolic_results(path).size() == 1);
  check_same(read_symbolic_results(path)[0], whole);
  CHECK_THROWS(open_symbolic_store(path, test::example_job("other")));  // another job's store
}
