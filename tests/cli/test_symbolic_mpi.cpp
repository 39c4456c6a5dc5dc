// `hypershap symbolic JOB` as users run it, alone and under mpiexec: the fits spread over the
// ranks store the same formulas and RMSEs, bit for bit, as one process; SIGTERM to the ranks stops
// the study with exit code 75 and what was fitted stored, and the rerun skips it and ends with the
// store of an uninterrupted run.

#include <doctest/doctest.h>

#include <cstring>
#include <fstream>
#include <sstream>

#include "hypershap/core/exit_code.hpp"
#include "hypershap/store/symbolic_results.hpp"
#include "process.hpp"
#include "test_support.hpp"

using namespace hypershap;
namespace fs = std::filesystem;

namespace {

// 2 tables, 28 fits of about 0.2 s each on one core: long enough to be stopped mid-way.
const char* const job_text = R"(
[job]
seed = 5

[model]
kind = "analytic"
function = "linear-toy"

[symbolic.rand]
training = "random"
samples = 100
repetitions = 3
sr_seeds = 4
parsimony = [0.0001, 0.01]
population = 2000
generations = 10

[symbolic.gp]
training = "surrogate"
trials = 15
samples = 100
repetitions = 2
sr_seeds = 2
population = 2000
generations = 10
)";
constexpr std::size_t total_fits = 3 * 4 * 2 + 2 * 2;

struct Scratch {
  fs::path dir;
  Scratch()
      : dir(fs::temp_directory_path() /
            ("hypershap-symbolic-mpi-test-" + std::to_string(getpid()))) {
    fs::remove_all(dir);
    fs::create_directories(dir);
    std::ofstream(dir / "job.toml") << job_text;
  }
  ~Scratch() { fs::remove_all(dir); }
  std::string store(const std::string& name) const { return (dir / (name + ".h5")).string(); }
  std::string log(const std::string& name) const { return (dir / (name + ".log")).string(); }
};

std::vector<std::string> args(const Scratch& s, const std::string& store, int ranks = 0) {
  std::vector<std::string> out;
  if (ranks > 0) out = {HYPERSHAP_MPIEXEC, "-n", std::to_string(ranks)};
  for (const std::string& a :
       {test::binary().string(), std::string("symbolic"), (s.dir / "job.toml").string(),
        std::string("--set"), "job.output=" + store, std::string("--format"), std::string("json")})
    out.push_back(a);
  return out;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

/// The fits stored so far (complete tables and progress); 0 while the store cannot be read.
std::size_t fits_in(const std::string& store) {
  try {
    std::size_t n = 0;
    for (const auto& r : read_symbolic_results(store)) n += r.fits.size();
    for (const char* table : {"rand", "gp"}) n += read_symbolic_progress(store, table).fits.size();
    return n;
  } catch (const std::exception&) {
    return 0;  // not created yet, or being written
  }
}

bool same_bits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

void check_same_tables(const std::string& a, const std::string& b) {
  const auto ta = read_symbolic_results(a);
  const auto tb = read_symbolic_results(b);
  REQUIRE(ta.size() == 2);
  REQUIRE(tb.size() == 2);
  for (std::size_t t = 0; t < 2; ++t) {
    CAPTURE(ta[t].name);
    REQUIRE(ta[t].fits.size() == tb[t].fits.size());
    for (std::size_t i = 0; i < ta[t].fits.size(); ++i) {
      const auto &x = ta[t].fits[i], &y = tb[t].fits[i];
      CAPTURE(i);
      CHECK(x.repetition == y.repetition);
      CHECK(x.sr_seed == y.sr_seed);
      CHECK(x.program == y.program);
      CHECK(x.formula == y.formula);
      CHECK(same_bits(x.train_rmse, y.train_rmse));
      CHECK(same_bits(x.test_rmse, y.test_rmse));
    }
    REQUIRE(ta[t].baselines.size() == tb[t].baselines.size());
    for (std::size_t i = 0; i < ta[t].baselines.size(); ++i) {
      CHECK(same_bits(ta[t].baselines[i].gp_rmse, tb[t].baselines[i].gp_rmse));
      CHECK(same_bits(ta[t].baselines[i].linear_rmse, tb[t].baselines[i].linear_rmse));
    }
    REQUIRE(ta[t].landscapes.size() == tb[t].landscapes.size());
    CHECK(ta[t].landscapes[0].chosen_fit == tb[t].landscapes[0].chosen_fit);
    CHECK(ta[t].landscapes[0].formula == tb[t].landscapes[0].formula);
  }
}

}  // namespace

TEST_CASE("symbolic JOB alone and on 1 and 2 ranks: the same stored formulas and RMSEs") {
  const Scratch s;
  REQUIRE(test::run_to_end(args(s, s.store("alone")), {}, s.log("alone")) == 0);
  for (const int ranks : {1, 2}) {
    CAPTURE(ranks);
    const std::string name = "np" + std::to_string(ranks);
    const int code = test::run_to_end(args(s, s.store(name), ranks), {}, s.log(name));
    INFO(read_file(s.log(name)));
    REQUIRE(code == 0);
    check_same_tables(s.store("alone"), s.store(name));
  }
}

TEST_CASE("symbolic JOB under mpiexec -n 2: SIGTERM stops it (exit 75), the rerun resumes") {
  const Scratch s;
  REQUIRE(test::run_to_end(args(s, s.store("reference")), {}, s.log("reference")) == 0);
  test::Child child(args(s, s.store("stopped"), 2), {}, s.log("stopped"));
  for (int i = 0; i < 6000 && fits_in(s.store("stopped")) < 3; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  REQUIRE(fits_in(s.store("stopped")) >= 3);
  // as Slurm's --signal does: every task gets the signal
  const std::vector<pid_t> ranks = test::children_of(child.pid());
  REQUIRE(ranks.size() >= 2);
  for (const pid_t p : ranks) kill(p, SIGTERM);
  CHECK(child.wait() == to_int(ExitCode::requeue));
  const std::string log = read_file(s.log("stopped"));
  CHECK(log.find("Run the same command again to continue") != std::string::npos);
  const std::size_t stored = fits_in(s.store("stopped"));
  CHECK(stored >= 3);
  CHECK(stored < total_fits);  // stopped mid-way: the rerun has fits left

  REQUIRE(test::run_to_end(args(s, s.store("stopped"), 2), {}, s.log("resumed")) == 0);
  CHECK(read_file(s.log("resumed")).find(std::to_string(stored) + " fits were stored already") !=
        std::string::npos);
  check_same_tables(s.store("reference"), s.store("stopped"));
}
