// `hypershap optimize` as users run it: killed with SIGKILL at random moments and resumed, it ends
// with exactly (bit for bit) the history of an uninterrupted run; SIGTERM checkpoints with exit
// code 75; a failing objective command ends the run with exit code 6 and loses no stored trial;
// `hypershap export` writes the stored tables; a forest fitted on the first trials of the store
// is the forest fitted on the same trials as a CSV file. Under mpiexec, random search spreads its
// trials over the ranks and stores the history one rank stores, through signals, kills and a
// failing command on a worker.

#include <doctest/doctest.h>

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <random>
#include <sstream>

#include "hypershap/core/exit_code.hpp"
#include "hypershap/io/csv.hpp"
#include "hypershap/store/store.hpp"
#include "hypershap/store/trial_history.hpp"
#include "in_process.hpp"
#include "process.hpp"
#include "test_support.hpp"

using namespace hypershap;
namespace fs = std::filesystem;

namespace {

// Random search on an analytic function: every trial is stored (flush + fsync) as it arrives, so
// the run takes a few seconds, long enough to be killed several times.
const char* const random_search_job = R"(
[job]
seed = 3

[model]
kind = "analytic"
function = "smooth-interactions"

[optimize]
optimizer = "random-search"
trials = 600
snapshots = [50, 100]
)";

struct Scratch {
  fs::path dir;
  explicit Scratch(const std::string& name)
      : dir(fs::temp_directory_path() / ("hypershap-optimize-test-" + std::to_string(getpid())) /
            name) {
    fs::remove_all(dir);
    fs::create_directories(dir);
  }
  ~Scratch() { fs::remove_all(dir.parent_path()); }
  std::string path(const std::string& name) const { return (dir / name).string(); }
  std::string write(const std::string& name, const std::string& text) const {
    std::ofstream(dir / name) << text;
    return path(name);
  }
};

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::vector<std::string> optimize_args(const std::string& job, const std::string& store) {
  return {test::binary().string(), "optimize",     job, "--set",
          "job.output=" + store,   "--no-progress"};
}

std::size_t trials_in(const std::string& store) {
  try {
    return read_trial_history(store).count();
  } catch (const std::exception&) {
    return 0;  // not created yet, or caught mid-creation
  }
}

bool same_bits(const std::vector<double>& a, const std::vector<double>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0;
}

/// The same trials: configurations, objectives, costs and incumbents bit for bit (not the times).
void check_same_history(const std::string& a, const std::string& b) {
  const StoredTrials ta = read_trial_history(a);
  const StoredTrials tb = read_trial_history(b);
  CHECK(ta.count() == static_cast<std::size_t>(ta.info.budget));
  CHECK(ta.count() == tb.count());
  CHECK(same_bits(ta.configurations, tb.configurations));
  CHECK(same_bits(ta.objective, tb.objective));
  CHECK(same_bits(ta.cost, tb.cost));
  CHECK(ta.incumbent == tb.incumbent);
  CHECK(same_bits(ta.incumbent_cost, tb.incumbent_cost));
}

}  // namespace

TEST_CASE("optimize killed with SIGKILL at random moments resumes to the uninterrupted history") {
  const Scratch s("sigkill");
  const std::string job = s.write("job.toml", random_search_job);
  const std::string reference = s.path("reference.h5");
  REQUIRE(test::run_to_end(optimize_args(job, reference), {}, s.path("reference.log")) == 0);
  const std::string log = read_file(s.path("reference.log"));
  CHECK(log.find("snapshot at 50 trials: best") != std::string::npos);
  CHECK(log.find("best: performance = ") != std::string::npos);

  const std::string killed = s.path("killed.h5");
  std::mt19937 rng(20261130);
  std::size_t before = 0;
  for (int kill = 0; kill < 3; ++kill) {
    const std::size_t target = before + 20 + rng() % 120;
    test::Child child(optimize_args(job, killed), {}, s.path("killed.log"));
    for (int i = 0; i < 6000 && trials_in(killed) < target; ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    // a random moment inside the next few trials
    std::this_thread::sleep_for(std::chrono::microseconds(rng() % 20000));
    child.signal(SIGKILL);
    CHECK(child.wait() == 128 + SIGKILL);
    const std::size_t now = trials_in(killed);
    CAPTURE(now);
    CHECK(now >= before);
    CHECK(now < 600);  // killed before the end: the resume has work left
    before = now;
  }
  REQUIRE(test::run_to_end(optimize_args(job, killed), {}, s.path("resumed.log")) == 0);
  CHECK(read_file(s.path("resumed.log")).find("resumed: ") != std::string::npos);
  check_same_history(reference, killed);
}

TEST_CASE("Bayesian optimization killed with SIGKILL resumes to the uninterrupted history") {
  // BO's proposals depend on every stored trial (the GP is refitted on them): an exact resume
  // needs the stored history bit for bit
  const Scratch s("bo-sigkill");
  const std::string job = s.write("job.toml", R"(
[job]
seed = 3

[model]
kind = "analytic"
function = "smooth-interactions"

[optimize]
optimizer = "bo"
trials = 60
initial_design = 10
)");
  const std::string reference = s.path("reference.h5");
  REQUIRE(test::run_to_end(optimize_args(job, reference), {}, s.path("reference.log")) == 0);
  const std::string killed = s.path("killed.h5");
  std::mt19937 rng(7);
  std::size_t before = 0;
  for (int kill = 0; kill < 2; ++kill) {
    const std::size_t target = before + 5 + rng() % 15;
    test::Child child(optimize_args(job, killed), {}, s.path("killed.log"));
    for (int i = 0; i < 12000 && trials_in(killed) < target; ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    std::this_thread::sleep_for(std::chrono::microseconds(rng() % 50000));
    child.signal(SIGKILL);
    CHECK(child.wait() == 128 + SIGKILL);
    before = trials_in(killed);
    CAPTURE(before);
    CHECK(before < 60);
  }
  REQUIRE(test::run_to_end(optimize_args(job, killed), {}, s.path("resumed.log")) == 0);
  check_same_history(reference, killed);
}

TEST_CASE("SIGTERM checkpoints optimize with exit code 75 and the same command continues") {
  const Scratch s("sigterm");
  const std::string job = s.write("job.toml", random_search_job);
  const std::string reference = s.path("reference.h5");
  REQUIRE(test::run_to_end(optimize_args(job, reference), {}, s.path("reference.log")) == 0);
  const std::string stopped = s.path("stopped.h5");
  test::Child child(optimize_args(job, stopped), {}, s.path("stopped.log"));
  for (int i = 0; i < 6000 && trials_in(stopped) < 100; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  child.signal(SIGTERM);
  CHECK(child.wait() == to_int(ExitCode::requeue));
  CHECK(read_file(s.path("stopped.log")).find("Run the same command again to continue") !=
        std::string::npos);
  CHECK(trials_in(stopped) < 600);
  REQUIRE(test::run_to_end(optimize_args(job, stopped), {}, s.path("resumed.log")) == 0);
  check_same_history(reference, stopped);
}

TEST_CASE("a failing objective command ends optimize with exit code 6 and loses no trial") {
  const Scratch s("command");
  s.write("space.json", R"({"hyperparameters": [
    {"name": "x", "type": "uniform_float", "lower": -2.0, "upper": 2.0, "default_value": 0.0},
    {"name": "kind", "type": "categorical", "choices": ["a", "b"], "default_value": "a"}]})");
  // (x - 0.5)² + [kind = b]; fails on its 6th call while the file `fail` exists
  s.write("objective.py", R"py(import csv, pathlib, sys
calls = pathlib.Path("calls")
n = int(calls.read_text()) + 1 if calls.exists() else 1
calls.write_text(str(n))
rows = list(csv.DictReader(sys.stdin))
if n == 6 and pathlib.Path("fail").exists():
    print("CUDA out of memory (pretend)", file=sys.stderr)
    sys.exit(2)
for r in rows:
    print((float(r["x"]) - 0.5) ** 2 + (1.0 if r["kind"] == "b" else 0.0))
)py");
  s.write("fail", "");
  const std::string job = s.write("job.toml", R"(
[model]
kind = "command"
command = ["python3", "objective.py"]
metric = "loss"
maximize = false
timeout_seconds = 60

[space]
file = "space.json"

[optimize]
optimizer = "random-search"
trials = 8
)");
  const std::string store = s.path("run.h5");
  const test::CliResult failed =
      test::run_cli({"optimize", job, "--set", "job.output=" + store, "--no-progress"});
  CHECK(failed.code == to_int(ExitCode::objective_failed));
  CHECK(failed.err.find("trial 5: ") != std::string::npos);  // then the job file's path
  CHECK(failed.err.find("job.toml:2:1: [model] the command `python3 objective.py` exited "
                        "with code 2") != std::string::npos);
  CHECK(failed.err.find("CUDA out of memory (pretend)") != std::string::npos);
  CHECK(failed.err.find("the 5 trials stored in") != std::string::npos);
  const StoredTrials partial = read_trial_history(store);
  REQUIRE(partial.count() == 5);
  for (std::size_t t = 0; t < 5; ++t) {
    const double x = partial.configurations[2 * t];
    CHECK(partial.objective[t] ==
          doctest::Approx((x - 0.5) * (x - 0.5) + partial.configurations[2 * t + 1]));
  }

  fs::remove(s.dir / "fail");
  const test::CliResult resumed =
      test::run_cli({"optimize", job, "--set", "job.output=" + store, "--no-progress"});
  INFO(resumed.err);
  REQUIRE(resumed.code == 0);
  CHECK(resumed.out.find("resumed: 5 of 8 trials done") != std::string::npos);
  const StoredTrials full = read_trial_history(store);
  REQUIRE(full.count() == 8);
  CHECK(same_bits(std::vector<double>(full.objective.begin(), full.objective.begin() + 5),
                  partial.objective));
  // the incumbent is the smallest loss so far
  double best = full.cost[0];
  for (std::size_t t = 0; t < 8; ++t) {
    best = std::min(best, full.cost[t]);
    CHECK(full.incumbent_cost[t] == best);
  }
}

TEST_CASE("SIGTERM while a slow command objective runs kills it; resume continues exactly") {
  const Scratch s("slow-command");
  s.write("space.json", R"({"hyperparameters": [
    {"name": "x", "type": "uniform_float", "lower": -2.0, "upper": 2.0, "default_value": 0.0},
    {"name": "y", "type": "uniform_float", "lower": -2.0, "upper": 2.0, "default_value": 0.0}]})");
  // (x - 0.5)² + y²; the 4th call sleeps 120 s while the file `slow` exists (a long training
  // run), after writing `sleeping` so the test knows when to signal
  s.write("slow_objective.py", R"py(import csv, pathlib, sys, time
calls = pathlib.Path("calls")
n = int(calls.read_text()) + 1 if calls.exists() else 1
calls.write_text(str(n))
rows = list(csv.DictReader(sys.stdin))
if n == 4 and pathlib.Path("slow").exists():
    pathlib.Path("sleeping").write_text("")
    time.sleep(120)
for r in rows:
    print((float(r["x"]) - 0.5) ** 2 + float(r["y"]) ** 2)
)py");
  const std::string job = s.write("job.toml", R"(
[model]
kind = "command"
command = ["python3", "slow_objective.py"]
metric = "loss"
maximize = false
timeout_seconds = 600

[space]
file = "space.json"

[optimize]
optimizer = "bo"
initial_design = 3
trials = 7
seed = 5
)");
  // the uninterrupted run
  const std::string reference = s.path("reference.h5");
  REQUIRE(test::run_to_end(optimize_args(job, reference), {}, s.path("reference.log")) == 0);
  fs::remove(s.dir / "calls");

  s.write("slow", "");
  const std::string stopped = s.path("stopped.h5");
  const auto start = std::chrono::steady_clock::now();
  test::Child child(optimize_args(job, stopped), {}, s.path("stopped.log"));
  for (int i = 0; i < 12000 && !fs::exists(s.dir / "sleeping"); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  REQUIRE(fs::exists(s.dir / "sleeping"));
  child.signal(SIGTERM);
  CHECK(child.wait() == to_int(ExitCode::requeue));
  // it did not wait for the 120 s command
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(100));
  const std::string log = read_file(s.path("stopped.log"));
  INFO(log);
  CHECK(log.find("Run the same command again to continue") != std::string::npos);
  CHECK(trials_in(stopped) == 3);  // the three finished trials, not the killed one
  // the killed command's process group is gone: nothing sleeps on in the background
  // (the pattern's [.] keeps the shell running pgrep from matching itself)
  CHECK(std::system("pgrep -f 'slow_objective[.]py' >/dev/null") != 0);

  fs::remove(s.dir / "slow");
  REQUIRE(test::run_to_end(optimize_args(job, stopped), {}, s.path("resumed.log")) == 0);
  check_same_history(reference, stopped);
}

TEST_CASE(
    "export writes the history and a forest on the store's first trials is the CSV's forest") {
  const Scratch s("export");
  const std::string job = s.write("job.toml", random_search_job);
  const std::string store = s.path("run.h5");
  REQUIRE(test::run_cli({"optimize", job, "--set", "job.output=" + store, "--set",
                         "optimize.trials=80", "--set", "optimize.snapshots=[50]", "--no-progress"})
              .code == 0);
  const StoredTrials trials = read_trial_history(store);
  REQUIRE(trials.count() == 80);

  // history as CSV: trial, the hyperparameters, objective, cost, seconds, incumbent, incumbent_cost
  const test::CliResult csv = test::run_cli({"export", store, "--what", "history"});
  REQUIRE(csv.code == 0);
  const CsvTable table = parse_csv_table(csv.out, "export");
  REQUIRE(table.rows.size() == 80);
  const std::size_t d = trials.dimension();
  REQUIRE(table.header.size() == d + 6);
  CHECK(table.header.front() == "trial");
  CHECK(table.header[d + 1] == "objective");
  for (std::size_t t = 0; t < 80; ++t) {
    CHECK(table.rows[t][0] == std::to_string(t));
    for (std::size_t c = 0; c < d; ++c)
      CHECK(std::stod(table.rows[t][1 + c]) == trials.configurations[t * d + c]);
    CHECK(std::stod(table.rows[t][d + 1]) == trials.objective[t]);
    CHECK(std::stoll(table.rows[t][d + 4]) == trials.incumbent[t]);
  }
  const test::CliResult json =
      test::run_cli({"export", store, "--what", "history", "--format", "json"});
  REQUIRE(json.code == 0);
  CHECK(json.out.find("\"optimizer\": \"random-search\"") != std::string::npos);
  CHECK(json.out.find("\"snapshots\": [") != std::string::npos);

  // the first 50 trials as a run-history CSV, and the same forest fitted on each
  std::ostringstream runs;
  const auto width = static_cast<std::ptrdiff_t>(d + 1);  // the hyperparameters and objective
  std::vector<std::string> header(table.header.begin() + 1, table.header.begin() + 1 + width);
  write_csv_record(runs, header);
  for (std::size_t t = 0; t < 50; ++t)
    write_csv_record(runs, std::vector<std::string>(table.rows[t].begin() + 1,
                                                    table.rows[t].begin() + 1 + width));
  s.write("runs.csv", runs.str());
  const test::CliResult space = test::run_cli({"inspect", store, "--format", "json"});
  REQUIRE(space.code == 0);
  std::string evaluate_csv = "x0\n0.1\n0.5\n0.9\n";
  s.write("configs.csv", evaluate_csv);
  const std::string forest_job = R"(
[job]
seed = 5
[model]
kind = "random-forest"
)";
  const std::string from_store =
      s.write("from-store.toml", forest_job +
                                     "history = \"run.h5\"\ntrials = 50\n[games.t]\nkind = "
                                     "\"tunability\"\nsamples = 10\n");
  const test::CliResult validated = test::run_cli({"validate", from_store});
  INFO(validated.err);
  REQUIRE(validated.code == 0);
  CHECK(validated.out.find("fitted on 50 runs") != std::string::npos);
  CHECK(validated.out.find("run.h5 (the first 50 of 80 trials)") != std::string::npos);
  // the space of the analytic function, for the CSV job
  {
    const StoreReader reader(store);
    s.write("space.json", reader.metadata().configuration_space_json);
  }
  const std::string from_csv =
      s.write("from-csv.toml", forest_job +
                                   "history = \"runs.csv\"\nmetric = \"objective\"\n"
                                   "maximize = true\n[space]\nfile = \"space.json\"\n"
                                   "[games.t]\nkind = \"tunability\"\nsamples = 10\n");
  const test::CliResult a =
      test::run_cli({"evaluate", from_store, "--configs", s.path("configs.csv")});
  const test::CliResult b =
      test::run_cli({"evaluate", from_csv, "--configs", s.path("configs.csv")});
  INFO(a.err);
  INFO(b.err);
  REQUIRE(a.code == 0);
  REQUIRE(b.code == 0);
  // the same predictions (the output column is named by each job's metric)
  CHECK(a.out.substr(a.out.find('\n')) == b.out.substr(b.out.find('\n')));
  CHECK(a.out.find("0.5,") != std::string::npos);

  // more trials than stored: refused with the numbers
  const test::CliResult beyond =
      test::run_cli({"validate", from_store, "--set", "model.trials=81"});
  CHECK(beyond.code == to_int(ExitCode::invalid_input));
  CHECK(beyond.err.find("holds 80 trials") != std::string::npos);
}

TEST_CASE("export writes game values and explanations of a run store as CSV and JSON") {
  const Scratch s("export-values");
  const std::string job = s.write("job.toml", R"(
[model]
kind = "analytic"
function = "linear-toy"
[games.tunability]
kind = "tunability"
samples = 200
[explain]
indices = ["SV"]
)");
  const std::string store = s.path("run.h5");
  REQUIRE(test::run_cli({"run", job, "--set", "job.output=" + store, "--no-progress"}).code == 0);
  const StoredGame game = StoreReader(store).game("tunability");
  const test::CliResult csv = test::run_cli({"export", store, "--what", "values"});
  REQUIRE(csv.code == 0);
  const CsvTable table = parse_csv_table(csv.out, "export");
  REQUIRE(table.rows.size() == game.values.size());
  CHECK(table.header[3] == "value");
  for (std::size_t i = 0; i < table.rows.size(); ++i) {
    CHECK(table.rows[i][0] == "tunability");
    CHECK(std::stod(table.rows[i][3]) == game.values[i]);
  }
  CHECK(table.rows[3][2] == "a|b");
  const auto sv = StoreReader(store).explanation("tunability", "SV_order1_baseline");
  const test::CliResult explanations =
      test::run_cli({"export", store, "--what", "explanations", "--game", "tunability"});
  REQUIRE(explanations.code == 0);
  const CsvTable rows = parse_csv_table(explanations.out, "export");
  REQUIRE(rows.rows.size() == sv.values.coalitions.size());
  for (std::size_t i = 0; i < rows.rows.size(); ++i)
    CHECK(std::stod(rows.rows[i][7]) == sv.values.values[i]);
  const test::CliResult json =
      test::run_cli({"export", store, "--what", "explanations", "--format", "json"});
  CHECK(json.code == 0);
  CHECK(json.out.find("\"key\": \"SV_order1_baseline\"") != std::string::npos);
  // errors: no trials in a run store, an unknown game, an unknown --what
  const test::CliResult history = test::run_cli({"export", store, "--what", "history"});
  CHECK(history.code == to_int(ExitCode::invalid_input));
  CHECK(history.err.find("not the store of `hypershap optimize`") != std::string::npos);
  CHECK(test::run_cli({"export", store, "--what", "values", "--game", "nope"}).code ==
        to_int(ExitCode::invalid_input));
  CHECK(test::run_cli({"export", store, "--what", "everything"}).code ==
        to_int(ExitCode::invalid_input));
}

TEST_CASE("under mpiexec -n 2 random search spreads its trials: the same history as one rank") {
  const Scratch s("mpi");
  const std::string job = s.write("job.toml", random_search_job);
  const std::string serial = s.path("serial.h5");
  const std::vector<std::string> fewer = {"--set", "optimize.trials=120"};
  std::vector<std::string> args = optimize_args(job, serial);
  args.insert(args.end(), fewer.begin(), fewer.end());
  REQUIRE(test::run_to_end(args, {}, s.path("serial.log")) == 0);
  const std::string ranks = s.path("ranks.h5");
  args = {HYPERSHAP_MPIEXEC, "-n", "2"};
  for (const std::string& a : optimize_args(job, ranks)) args.push_back(a);
  args.insert(args.end(), fewer.begin(), fewer.end());
  // a hang would run into the timeout (-1)
  const int code = test::run_to_end(args, {}, s.path("ranks.log"), 240.0);
  INFO(read_file(s.path("ranks.log")));
  REQUIRE(code == 0);
  CHECK(read_file(s.path("ranks.log")).find("snapshot at 100 trials: best") != std::string::npos);
  check_same_history(serial, ranks);
  // an error ends both ranks with the same code (no hang): an output folder that cannot exist
  args = {HYPERSHAP_MPIEXEC, "-n", "2"};
  for (const std::string& a : optimize_args(job, "/proc/hypershap/run.h5")) args.push_back(a);
  const int failed = test::run_to_end(args, {}, s.path("failed.log"), 240.0);
  CHECK(failed == to_int(ExitCode::io_error));
}

namespace {

// Random search on a command objective, (x - 0.5)² + y²: each call leaves a file naming the rank
// that ran it (Open MPI's OMPI_COMM_WORLD_RANK; "0" outside mpiexec); while the file `slow`
// exists a call takes 30 ms per row (a training run, long enough to be signalled mid-run); on
// rank 1 a call fails while the file `fail` exists.
struct CommandRun {
  Scratch s;
  std::string job;
  explicit CommandRun(const std::string& name) : s(name) {
    s.write("space.json", R"({"hyperparameters": [
    {"name": "x", "type": "uniform_float", "lower": -2.0, "upper": 2.0, "default_value": 0.0},
    {"name": "y", "type": "uniform_float", "lower": -2.0, "upper": 2.0, "default_value": 0.0}]})");
    s.write("objective.py", R"py(import csv, os, pathlib, sys, time
rank = os.environ.get("OMPI_COMM_WORLD_RANK", "0")
pathlib.Path("ran-on-rank-" + rank).write_text("")
rows = list(csv.DictReader(sys.stdin))
if rank == "1" and pathlib.Path("fail").exists():
    print("worker GPU out of memory (pretend)", file=sys.stderr)
    sys.exit(3)
if pathlib.Path("slow").exists():
    time.sleep(0.03 * len(rows))
for r in rows:
    print((float(r["x"]) - 0.5) ** 2 + float(r["y"]) ** 2)
)py");
    job = s.write("job.toml", R"(
[job]
seed = 11

[model]
kind = "command"
command = ["python3", "objective.py"]
metric = "loss"
maximize = false
timeout_seconds = 120

[space]
file = "space.json"

[optimize]
optimizer = "random-search"
trials = 80
)");
  }
  std::vector<std::string> args(const std::string& store, int ranks) const {
    std::vector<std::string> a;
    if (ranks > 0) a = {HYPERSHAP_MPIEXEC, "-n", std::to_string(ranks)};
    for (const std::string& arg : optimize_args(job, s.path(store))) a.push_back(arg);
    return a;
  }
  /// One rank, one trial per call of the command: the history every other run must end with.
  std::string reference() const {
    const std::string store = s.path("reference.h5");
    REQUIRE(test::run_to_end(args("reference.h5", 0), {}, s.path("reference.log")) == 0);
    fs::remove(s.dir / "ran-on-rank-0");
    return store;
  }
};

/// The store's trials are the first ones of `reference`, bit for bit.
void check_prefix(const std::string& reference, const std::string& store) {
  const StoredTrials full = read_trial_history(reference);
  const StoredTrials part = read_trial_history(store);
  REQUIRE(part.count() <= full.count());
  const auto n = static_cast<std::ptrdiff_t>(part.count());
  CHECK(same_bits(part.objective,
                  std::vector<double>(full.objective.begin(), full.objective.begin() + n)));
  CHECK(same_bits(part.configurations,
                  std::vector<double>(full.configurations.begin(),
                                      full.configurations.begin() +
                                          n * static_cast<std::ptrdiff_t>(full.dimension()))));
}

}  // namespace

TEST_CASE("a command objective under mpiexec -n 2: both ranks evaluate, the history of one rank") {
  const CommandRun run("mpi-command");
  const std::string reference = run.reference();
  const int code = test::run_to_end(run.args("ranks.h5", 2), {}, run.s.path("ranks.log"), 240.0);
  INFO(read_file(run.s.path("ranks.log")));
  REQUIRE(code == 0);
  CHECK(fs::exists(run.s.dir / "ran-on-rank-0"));
  CHECK(fs::exists(run.s.dir / "ran-on-rank-1"));  // the worker evaluated trials
  check_same_history(reference, run.s.path("ranks.h5"));
  const StoredTrials a = read_trial_history(reference);
  const StoredTrials b = read_trial_history(run.s.path("ranks.h5"));
  CHECK(a.info.optimizer == b.info.optimizer);
  CHECK(a.info.seed == b.info.seed);
  CHECK(a.info.hyperparameters == b.info.hyperparameters);
}

TEST_CASE("random search under mpiexec -n 2: SIGTERM exits 75, SIGKILL, resume: the same history") {
  const CommandRun run("mpi-kill");
  const std::string reference = run.reference();
  run.s.write("slow", "");
  const std::string store = run.s.path("killed.h5");

  // SIGTERM to the ranks (as Slurm's --signal sends it): a checkpoint with exit code 75
  {
    test::Child child(run.args("killed.h5", 2), {}, run.s.path("stopped.log"));
    for (int i = 0; i < 6000 && trials_in(store) < 10; ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    const std::vector<pid_t> ranks = test::children_of(child.pid());
    REQUIRE(ranks.size() >= 2);
    for (const pid_t p : ranks) kill(p, SIGTERM);
    CHECK(child.wait(120.0) == to_int(ExitCode::requeue));
    const std::string log = read_file(run.s.path("stopped.log"));
    INFO(log);
    CHECK(log.find("Run the same command again to continue") != std::string::npos);
    CHECK(trials_in(store) < 80);
    check_prefix(reference, store);
  }
  // SIGKILL to mpiexec and both ranks at a random moment
  std::mt19937 rng(20261130);
  const std::size_t before = trials_in(store);
  {
    test::Child child(run.args("killed.h5", 2), {}, run.s.path("killed.log"));
    for (int i = 0; i < 6000 && trials_in(store) < before + 10; ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    std::this_thread::sleep_for(std::chrono::microseconds(rng() % 100000));
    const std::vector<pid_t> ranks = test::children_of(child.pid());
    REQUIRE(ranks.size() >= 2);
    child.signal(SIGKILL);
    for (const pid_t p : ranks) kill(p, SIGKILL);
    child.wait();
    for (const pid_t p : ranks)
      for (int i = 0; i < 500 && fs::exists("/proc/" + std::to_string(p)); ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    CAPTURE(trials_in(store));
    CHECK(trials_in(store) >= before);
    CHECK(trials_in(store) < 80);
    check_prefix(reference, store);
  }
  fs::remove(run.s.dir / "slow");
  const int code = test::run_to_end(run.args("killed.h5", 2), {}, run.s.path("resumed.log"), 240.0);
  INFO(read_file(run.s.path("resumed.log")));
  REQUIRE(code == 0);
  CHECK(read_file(run.s.path("resumed.log")).find("resumed: ") != std::string::npos);
  check_same_history(reference, store);
}

TEST_CASE("a command failing on rank 1 of 2 ends optimize with exit code 6 and loses no trial") {
  const CommandRun run("mpi-fail");
  const std::string reference = run.reference();
  run.s.write("fail", "");
  const std::string store = run.s.path("failed.h5");
  const int code = test::run_to_end(run.args("failed.h5", 2), {}, run.s.path("failed.log"), 240.0);
  const std::string log = read_file(run.s.path("failed.log"));
  INFO(log);
  CHECK(code == to_int(ExitCode::objective_failed));
  CHECK(log.find("rank 1: trial") != std::string::npos);
  CHECK(log.find("the command `python3 objective.py` exited with code 3") != std::string::npos);
  CHECK(log.find("worker GPU out of memory (pretend)") != std::string::npos);
  CHECK(log.find("trials stored in") != std::string::npos);
  CHECK(trials_in(store) < 80);
  check_prefix(reference, store);

  fs::remove(run.s.dir / "fail");
  const int resumed =
      test::run_to_end(run.args("failed.h5", 2), {}, run.s.path("resumed.log"), 240.0);
  INFO(read_file(run.s.path("resumed.log")));
  REQUIRE(resumed == 0);
  check_same_history(reference, store);
}
