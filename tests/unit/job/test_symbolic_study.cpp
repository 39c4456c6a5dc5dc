// `hypershap symbolic JOB` as a study over ranks (service/symbolic_runner with job/symbolic_run's
// plans), the ranks as threads talking through the thread communicator: the store holds the same
// tables, bit for bit, on 1 and on 3 ranks; a study stopped part-way (at a fit limit, or by a stop
// request as a signal sends) resumes fit by fit to the store of an uninterrupted run; a complete
// study run again fits nothing.

#include <doctest/doctest.h>

#include <cstring>
#include <filesystem>
#include <sstream>
#include <thread>

#include <unistd.h>

#include "hypershap/core/exit_code.hpp"
#include "hypershap/job/job_file.hpp"
#include "hypershap/job/symbolic_run.hpp"
#include "hypershap/parallel/communicator.hpp"
#include "hypershap/service/stop_signal.hpp"
#include "hypershap/store/symbolic_results.hpp"

using namespace hypershap;
namespace fs = std::filesystem;

namespace {

// one folder per process: ctest runs the test cases side by side
const fs::path scratch =
    fs::temp_directory_path() / ("hypershap-test-symbolic-study-" + std::to_string(getpid()));

// Two tables (3 × 2 × 2 + 2 × 1 × 1 = 14 fits), one with BO and its GP, one with a sweep.
JobSpec study_job(const std::string& store) {
  const std::string text = "[job]\noutput = \"" + (scratch / store).string() +
                           "\"\n[model]\nkind = \"analytic\"\nfunction = \"linear-toy\"\n"
                           "[symbolic.rand]\ntraining = \"random\"\nsamples = 40\n"
                           "repetitions = 3\nsr_seeds = 2\nparsimony = [0.0001, 0.01]\n"
                           "population = 200\ngenerations = 4\n"
                           "[symbolic.gp]\ntraining = \"surrogate\"\ntrials = 12\nsamples = 40\n"
                           "repetitions = 2\nsr_seeds = 1\npopulation = 200\ngenerations = 4\n";
  return parse_job(text, "/jobs/study.toml", "/jobs", {});
}

constexpr std::size_t total_fits = 14;

/// Runs the study on `ranks` thread ranks; the master's report.
SymbolicStudyReport run_on(const SymbolicStudyRequest& request, int ranks) {
  if (ranks == 1) {
    std::ostringstream err;
    const auto comm = make_serial_communicator();
    return run_symbolic_study(request, *comm, err);
  }
  auto comms = make_thread_communicators(ranks);
  std::vector<SymbolicStudyReport> reports(static_cast<std::size_t>(ranks));
  std::vector<std::thread> threads;
  for (int r = 0; r < ranks; ++r)
    threads.emplace_back([&, r] {
      std::ostringstream err;
      reports[static_cast<std::size_t>(r)] =
          run_symbolic_study(request, *comms[static_cast<std::size_t>(r)], err);
    });
  for (auto& t : threads) t.join();
  for (const auto& r : reports) CHECK(r.code == reports[0].code);  // every rank agrees
  return reports[0];
}

bool same_bits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }
bool same_bits(const std::vector<double>& a, const std::vector<double>& b) {
  return a.size() == b.size() && (a.empty() || std::memcmp(a.data(), b.data(), a.size() * 8) == 0);
}

/// The stored tables are equal, bit for bit, in everything but the seconds fits took.
void check_same_tables(const fs::path& a, const fs::path& b) {
  const auto ta = read_symbolic_results(a);
  const auto tb = read_symbolic_results(b);
  REQUIRE(ta.size() == 2);
  REQUIRE(tb.size() == ta.size());
  for (std::size_t t = 0; t < ta.size(); ++t) {
    const auto &x = ta[t], &y = tb[t];
    CAPTURE(x.name);
    CHECK(x.name == y.name);
    CHECK(x.players == y.players);
    CHECK(x.parsimony == y.parsimony);
    REQUIRE(x.fits.size() == y.fits.size());
    for (std::size_t i = 0; i < x.fits.size(); ++i) {
      CAPTURE(i);
      CHECK(x.fits[i].instance == y.fits[i].instance);
      CHECK(x.fits[i].repetition == y.fits[i].repetition);
      CHECK(x.fits[i].sr_seed == y.fits[i].sr_seed);
      CHECK(same_bits(x.fits[i].parsimony, y.fits[i].parsimony));
      CHECK(x.fits[i].program == y.fits[i].program);
      CHECK(x.fits[i].formula == y.fits[i].formula);
      CHECK(x.fits[i].latex == y.fits[i].latex);
      CHECK(x.fits[i].operations == y.fits[i].operations);
      CHECK(x.fits[i].length == y.fits[i].length);
      CHECK(same_bits(x.fits[i].train_rmse, y.fits[i].train_rmse));
      CHECK(same_bits(x.fits[i].test_rmse, y.fits[i].test_rmse));
    }
    REQUIRE(x.baselines.size() == y.baselines.size());
    for (std::size_t i = 0; i < x.baselines.size(); ++i) {
      CHECK(x.baselines[i].repetition == y.baselines[i].repetition);
      CHECK(same_bits(x.baselines[i].gp_rmse, y.baselines[i].gp_rmse));
      CHECK(same_bits(x.baselines[i].linear_rmse, y.baselines[i].linear_rmse));
    }
    REQUIRE(x.landscapes.size() == y.landscapes.size());
    for (std::size_t i = 0; i < x.landscapes.size(); ++i) {
      const auto &l = x.landscapes[i], &m = y.landscapes[i];
      CHECK(l.chosen_fit == m.chosen_fit);
      CHECK(same_bits(l.objective, m.objective));
      CHECK(same_bits(l.gp_mean, m.gp_mean));
      CHECK(same_bits(l.formula, m.formula));
      CHECK(same_bits(l.training, m.training));
      CHECK(same_bits(l.training_cost, m.training_cost));
    }
  }
}

/// The fits in key order: (repetition, SR seed, parsimony) ascending, each once.
void check_key_order(const fs::path& store) {
  for (const auto& r : read_symbolic_results(store)) {
    for (std::size_t i = 1; i < r.fits.size(); ++i) {
      const auto &a = r.fits[i - 1], &b = r.fits[i];
      CHECK(std::make_tuple(a.repetition, a.sr_seed, a.parsimony) <
            std::make_tuple(b.repetition, b.sr_seed, b.parsimony));
    }
    // the chosen formula's values are its program's (repetition 0, SR seed 0)
    for (const auto& l : r.landscapes) {
      CHECK(r.fits[l.chosen_fit].repetition == 0);
      CHECK(r.fits[l.chosen_fit].sr_seed == 0);
      CHECK(l.formula.size() == l.objective.size());
    }
    CHECK(read_symbolic_progress(store, r.name).fits.empty());  // removed once complete
  }
}

}  // namespace

TEST_CASE("symbolic study: 1 rank and 3 ranks store the same tables, bit for bit") {
  fs::remove_all(scratch);
  fs::create_directories(scratch);
  const SymbolicStudyReport one = run_on(symbolic_study_request(study_job("one.h5"), {}, true), 1);
  REQUIRE(one.code == 0);
  CHECK(one.fits_written == total_fits);
  CHECK(one.fits_by_master == total_fits);
  const SymbolicStudyReport three =
      run_on(symbolic_study_request(study_job("three.h5"), {}, true), 3);
  REQUIRE(three.code == 0);
  CHECK(three.fits_written == total_fits);
  CHECK(three.fits_by_master < total_fits);  // the workers fitted the others
  REQUIRE(three.tables.size() == 2);
  check_key_order(scratch / "one.h5");
  check_same_tables(scratch / "one.h5", scratch / "three.h5");

  // a complete study run again fits nothing and returns the stored tables
  const SymbolicStudyReport again =
      run_on(symbolic_study_request(study_job("three.h5"), {}, true), 2);
  CHECK(again.code == 0);
  CHECK(again.fits_written == 0);
  CHECK(again.fits_skipped == total_fits);
  CHECK(again.tables.size() == 2);
  fs::remove_all(scratch);
}

TEST_CASE("symbolic study: stopped at a fit limit, it resumes fit by fit to the same store") {
  fs::remove_all(scratch);
  fs::create_directories(scratch);
  REQUIRE(run_on(symbolic_study_request(study_job("whole.h5"), {}, true), 1).code == 0);

  // 2 ranks, stopped after 3 fits: exit code requeue; the fits written so far are stored
  SymbolicStudyRequest request = symbolic_study_request(study_job("parts.h5"), {}, true);
  request.fit_limit = 3;
  const SymbolicStudyReport first = run_on(request, 2);
  CHECK(first.code == to_int(ExitCode::requeue));
  CHECK(first.fits_written >= 3);
  CHECK(first.fits_written < total_fits);
  CHECK(first.tables.empty());
  std::size_t stored = 0;
  for (const char* table : {"rand", "gp"})
    stored += read_symbolic_progress(scratch / "parts.h5", table).fits.size();
  for (const auto& r : read_symbolic_results(scratch / "parts.h5")) stored += r.fits.size();
  CHECK(stored == first.fits_written);

  // again on 1 rank, stopped after 4 more; then to the end on 3 ranks
  request.fit_limit = 4;
  const SymbolicStudyReport second = run_on(request, 1);
  CHECK(second.code == to_int(ExitCode::requeue));
  CHECK(second.fits_skipped == first.fits_written);  // per fit, not per table
  CHECK(second.fits_written == 4);
  request.fit_limit = 0;
  const SymbolicStudyReport last = run_on(request, 3);
  REQUIRE(last.code == 0);
  CHECK(last.fits_skipped == first.fits_written + second.fits_written);
  CHECK(last.fits_skipped + last.fits_written == total_fits);
  check_key_order(scratch / "parts.h5");
  check_same_tables(scratch / "whole.h5", scratch / "parts.h5");
  fs::remove_all(scratch);
}

TEST_CASE("symbolic study: a stop request (as SIGTERM sends) ends it after the fits under way") {
  fs::remove_all(scratch);
  fs::create_directories(scratch);
  REQUIRE(run_on(symbolic_study_request(study_job("whole.h5"), {}, true), 1).code == 0);
  for (const int ranks : {1, 2}) {
    CAPTURE(ranks);
    const std::string name = "stopped" + std::to_string(ranks) + ".h5";
    SymbolicStudyRequest request = symbolic_study_request(study_job(name), {}, true);
    // the stop arrives while the master prepares the third training set
    const auto assemble = request.assemble;
    request.assemble = [assemble] {
      SymbolicStudySetup setup = assemble();
      auto calls = std::make_shared<int>(0);
      for (SymbolicTablePlan& table : setup.tables)
        table.prepare = [prepare = table.prepare, calls](std::size_t i, int r) {
          if (++*calls == 3) request_stop();
          return prepare(i, r);
        };
      return setup;
    };
    const SymbolicStudyReport stopped = run_on(request, ranks);
    CHECK(stopped.code == to_int(ExitCode::requeue));
    CHECK(stopped.fits_written < total_fits);
    clear_stop_request();
    const SymbolicStudyReport resumed =
        run_on(symbolic_study_request(study_job(name), {}, true), ranks);
    REQUIRE(resumed.code == 0);
    CHECK(resumed.fits_skipped == stopped.fits_written);
    check_same_tables(scratch / "whole.h5", scratch / name);
  }
  fs::remove_all(scratch);
}
