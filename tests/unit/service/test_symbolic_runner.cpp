// The symbolic study's runner on hand-made plans, the ranks as threads: a fit that fails on a
// worker ends the study on every rank with its exit code and names the rank; a preparation that
// fails on the master ends the workers too (nobody hangs); a fit depends on its data and seed only.

#include <doctest/doctest.h>

#include <limits>
#include <sstream>
#include <thread>

#include "hypershap/core/error.hpp"
#include "hypershap/parallel/communicator.hpp"
#include "hypershap/service/symbolic_runner.hpp"

using namespace hypershap;

namespace {

/// A plan of one table: 2 repetitions × 2 SR seeds of y = 2·x0 + x1 on a 6 × 6 grid; `poison`
/// makes repetition 1's features NaN (the regressor refuses them); `fail` makes its preparation
/// throw.
SymbolicTablePlan plan(bool poison, bool fail) {
  SymbolicTablePlan p;
  p.header.name = "t";
  p.header.training = "random";
  p.header.players = {"a", "b"};
  p.header.parsimony = {0.001};
  p.header.population = 100;
  p.header.generations = 3;
  p.instances = {"only"};
  p.repetitions = 2;
  p.sr_seeds = 2;
  p.seed = 9;
  p.prepare = [poison, fail](std::size_t, int repetition) {
    if (fail && repetition == 1) throw invalid_input("repetition 1 cannot be prepared");
    SymbolicTrainingSet s;
    s.names = {"a", "b"};
    s.grid_features.resize(36, 2);
    for (int i = 0; i < 36; ++i) {
      s.grid_features(i, 0) = (i / 6 + 0.5) / 6.0;
      s.grid_features(i, 1) = (i % 6 + 0.5) / 6.0;
    }
    s.truth = 2 * s.grid_features.col(0) + s.grid_features.col(1);
    s.features = s.grid_features.topRows(20) * (1.0 + 0.1 * repetition);
    s.cost = 2 * s.features.col(0) + s.features.col(1);
    if (poison && repetition == 1) s.features(3, 0) = std::numeric_limits<double>::quiet_NaN();
    s.baseline = {"only", repetition, 0.0, 0.0};
    s.landscape.instance = "only";
    s.landscape.axes = {{1, 2, 3, 4, 5, 6}, {1, 2, 3, 4, 5, 6}};
    s.landscape.objective.assign(s.truth.data(), s.truth.data() + 36);
    return s;
  };
  return p;
}

std::vector<SymbolicStudyReport> run_threads(const SymbolicStudyRequest& request, int ranks,
                                             std::vector<std::string>& errs) {
  auto comms = make_thread_communicators(ranks);
  std::vector<SymbolicStudyReport> reports(static_cast<std::size_t>(ranks));
  errs.assign(static_cast<std::size_t>(ranks), "");
  std::vector<std::thread> threads;
  for (int r = 0; r < ranks; ++r)
    threads.emplace_back([&, r] {
      std::ostringstream err;
      reports[static_cast<std::size_t>(r)] =
          run_symbolic_study(request, *comms[static_cast<std::size_t>(r)], err);
      errs[static_cast<std::size_t>(r)] = err.str();
    });
  for (auto& t : threads) t.join();
  return reports;
}

}  // namespace

TEST_CASE("symbolic runner: a fit failing on a worker ends the study on every rank") {
  SymbolicStudyRequest request;
  request.setup.tables = {plan(true, false)};
  std::vector<std::string> errs;
  const auto reports = run_threads(request, 2, errs);
  for (const auto& r : reports) CHECK(r.code == to_int(ExitCode::invalid_input));
  CHECK(reports[0].tables.empty());
  // the master names the rank whose fit failed, and why
  const bool named = errs[0].find("error on rank 1") != std::string::npos ||
                     errs[0].find("error on rank 0") != std::string::npos;
  CHECK(named);
  CHECK(errs[0].find("finite") != std::string::npos);
}

TEST_CASE("symbolic runner: a preparation failing on the master stops the workers too") {
  SymbolicStudyRequest request;
  request.setup.tables = {plan(false, true)};
  std::vector<std::string> errs;
  const auto reports = run_threads(request, 3, errs);
  for (const auto& r : reports) CHECK(r.code == to_int(ExitCode::invalid_input));
  CHECK(errs[0].find("repetition 1 cannot be prepared") != std::string::npos);
}

TEST_CASE("symbolic runner: the same fits on 1 and 3 ranks, in key order") {
  SymbolicStudyRequest request;
  request.setup.tables = {plan(false, false)};
  std::vector<std::string> errs;
  const auto one = run_threads(request, 1, errs);
  const auto three = run_threads(request, 3, errs);
  REQUIRE(one[0].code == 0);
  REQUIRE(three[0].code == 0);
  const auto& a = one[0].tables.at(0);
  const auto& b = three[0].tables.at(0);
  REQUIRE(a.fits.size() == 4);
  REQUIRE(b.fits.size() == 4);
  for (std::size_t i = 0; i < 4; ++i) {
    CHECK(a.fits[i].repetition == static_cast<int>(i / 2));
    CHECK(a.fits[i].sr_seed == static_cast<int>(i % 2));
    CHECK(a.fits[i].program == b.fits[i].program);
    CHECK(a.fits[i].test_rmse == b.fits[i].test_rmse);
  }
  // the chosen formula (repetition 0, SR seed 0) on the grid
  CHECK(a.landscapes.at(0).chosen_fit == 0);
  CHECK(a.landscapes[0].formula.size() == 36);
  CHECK(a.landscapes[0].formula == b.landscapes[0].formula);
}
