// `hypershap run` as users run it: alone and under mpiexec with 1, 2 and 4 ranks; killed with
// SIGKILL and resumed; stopped with SIGTERM (exit 75) and resumed; a failing rank ending the job.
// Every resumed or distributed store must hold exactly (bit for bit) the values of an
// uninterrupted single-process run.

#include <doctest/doctest.h>

#include <cstring>
#include <fstream>
#include <sstream>

#include "hypershap/core/exit_code.hpp"
#include "hypershap/store/store.hpp"
#include "process.hpp"
#include "run_harness.hpp"
#include "test_support.hpp"

using namespace hypershap;
namespace fs = std::filesystem;

namespace {

// About 5 s on one core: long enough to be interrupted, with batches flushed every 0.05 s.
const char* const job_text = R"(
[job]
seed = 11

[model]
kind = "analytic"
function = "smooth-interactions"

[games.sensitivity]
kind = "sensitivity"
samples = 20000

[games.tunability]
kind = "tunability"
samples = 800000

[explain]
indices = ["SV", "FSII"]
)";

struct Scratch : test::Scratch {
  explicit Scratch(const std::string& name) : test::Scratch("run", name, job_text) {}
};

std::vector<std::string> run_args(const Scratch& s, const std::string& store, int ranks = 0) {
  return test::run_args(HYPERSHAP_MPIEXEC, s, store, ranks);
}

using test::done_in;
using test::read_file;
using test::same_bits;
using test::wait_for_progress;

/// Both stores complete and equal, bit for bit, in values, configurations and explanations.
void check_same_stores(const std::string& a, const std::string& b) {
  const StoreReader ra(a);
  const StoreReader rb(b);
  REQUIRE(ra.game_names() == rb.game_names());
  for (const std::string& name : ra.game_names()) {
    CAPTURE(name);
    const StoredGame ga = ra.game(name);
    const StoredGame gb = rb.game(name);
    CHECK(ga.complete());
    CHECK(gb.complete());
    CHECK(same_bits(ga.values, gb.values));
    CHECK(same_bits(ga.best_configurations, gb.best_configurations));
    CHECK(ga.evaluations == gb.evaluations);
    const auto ea = ra.explanations(name);
    const auto eb = rb.explanations(name);
    REQUIRE(ea.size() == eb.size());
    for (std::size_t i = 0; i < ea.size(); ++i)
      CHECK(same_bits(ea[i].values.values, eb[i].values.values));
  }
}

}  // namespace

TEST_CASE("a run killed with SIGKILL resumes to exactly the values of an uninterrupted run") {
  const Scratch s("sigkill");
  REQUIRE(test::run_to_end(run_args(s, s.store("reference")), {}, s.log("reference")) == 0);

  test::Child child(run_args(s, s.store("killed")), {}, s.log("killed"));
  wait_for_progress(s.store("killed"), 70);  // the sensitivity game and part of tunability
  child.signal(SIGKILL);
  CHECK(child.wait() == 128 + SIGKILL);
  const std::size_t done = done_in(s.store("killed"));
  CHECK(done < 128);  // killed mid-way: the resume has work left

  REQUIRE(test::run_to_end(run_args(s, s.store("killed")), {}, s.log("resumed")) == 0);
  CHECK(read_file(s.log("resumed")).find("resumed: " + std::to_string(done) + " of 128") !=
        std::string::npos);
  check_same_stores(s.store("reference"), s.store("killed"));
}

TEST_CASE("SIGTERM checkpoints with exit code 75 and the run resumes") {
  const Scratch s("sigterm");
  REQUIRE(test::run_to_end(run_args(s, s.store("reference")), {}, s.log("reference")) == 0);
  test::Child child(run_args(s, s.store("stopped")), {}, s.log("stopped"));
  wait_for_progress(s.store("stopped"), 70);
  child.signal(SIGTERM);
  CHECK(child.wait() == to_int(ExitCode::requeue));
  CHECK(read_file(s.log("stopped")).find("Run the same command again to continue") !=
        std::string::npos);
  REQUIRE(test::run_to_end(run_args(s, s.store("stopped")), {}, s.log("resumed")) == 0);
  check_same_stores(s.store("reference"), s.store("stopped"));
}

TEST_CASE("the same job on 1, 2 and 4 ranks writes identical stores") {
  const Scratch s("ranks");
  REQUIRE(test::run_to_end(run_args(s, s.store("serial")), {}, s.log("serial")) == 0);
  for (const int ranks : {1, 2, 4}) {
    CAPTURE(ranks);
    const std::string store = s.store("np" + std::to_string(ranks));
    const int code =
        test::run_to_end(run_args(s, store, ranks), {}, s.log("np" + std::to_string(ranks)));
    INFO(read_file(s.log("np" + std::to_string(ranks))));
    REQUIRE(code == 0);
    CHECK(read_file(s.log("np" + std::to_string(ranks)))
              .find(std::to_string(ranks) + (ranks == 1 ? " rank" : " ranks")) !=
          std::string::npos);
    check_same_stores(s.store("serial"), store);
  }
}

TEST_CASE("a job on the lcbench network writes identical stores on 1 and 2 ranks") {
  // The ONNX interpreter's AVX2+FMA Gemm kernel (where the processor has it) must keep a row's
  // result independent of the batch the scheduler puts it in.
  const auto folder = test::shared_dir_or_skip("data/yahpo_lcbench");
  const Scratch s("network-ranks");
  std::ofstream(s.dir / "job.toml")
      << "[job]\nseed = 5\n\n[model]\nkind = \"yahpo\"\nfolder = \"" << folder.string()
      << "\"\ninstance = 3945\nmetric = \"val_accuracy\"\n\n"
         "[space]\nplayers = [\"batch_size\", \"learning_rate\", "
         "\"max_dropout\", \"momentum\", \"weight_decay\"]\n"
         "pinned = { epoch = 26 }\n\n[games.tunability]\nkind = "
         "\"tunability\"\nsamples = 1500\n\n[explain]\nindices "
         "= [\"SV\"]\n";
  REQUIRE(test::run_to_end(run_args(s, s.store("serial")), {}, s.log("serial")) == 0);
  const int code = test::run_to_end(run_args(s, s.store("np2"), 2), {}, s.log("np2"));
  INFO(read_file(s.log("np2")));
  REQUIRE(code == 0);
  check_same_stores(s.store("serial"), s.store("np2"));
}

TEST_CASE("under mpiexec -n 2: SIGKILL mid-way resumes to identical values") {
  const Scratch s("mpi-sigkill");
  REQUIRE(test::run_to_end(run_args(s, s.store("reference")), {}, s.log("reference")) == 0);
  test::Child child(run_args(s, s.store("killed"), 2), {}, s.log("killed"));
  wait_for_progress(s.store("killed"), 70);
  test::kill_job_and_ranks(child);
  CHECK(done_in(s.store("killed")) < 128);
  REQUIRE(test::run_to_end(run_args(s, s.store("killed"), 2), {}, s.log("resumed")) == 0);
  check_same_stores(s.store("reference"), s.store("killed"));
}

TEST_CASE("under mpiexec -n 2: SIGTERM to the ranks gives exit code 75 and a resumable store") {
  const Scratch s("mpi-sigterm");
  REQUIRE(test::run_to_end(run_args(s, s.store("reference")), {}, s.log("reference")) == 0);
  test::Child child(run_args(s, s.store("stopped"), 2), {}, s.log("stopped"));
  wait_for_progress(s.store("stopped"), 70);
  // as Slurm's --signal does: every task gets the signal (mpiexec itself would end with its own
  // code)
  std::vector<pid_t> ranks;
  for (const pid_t p : test::children_of(child.pid())) ranks.push_back(p);
  REQUIRE(ranks.size() >= 2);
  for (const pid_t p : ranks) kill(p, SIGTERM);
  CHECK(child.wait() == to_int(ExitCode::requeue));
  CHECK(done_in(s.store("stopped")) < 128);
  REQUIRE(test::run_to_end(run_args(s, s.store("stopped"), 2), {}, s.log("resumed")) == 0);
  check_same_stores(s.store("reference"), s.store("stopped"));
}

TEST_CASE("a worker that fails ends the job on every rank, naming the rank and the cause") {
  const Scratch s("fault");
  for (const int failing : {1, 0}) {
    CAPTURE(failing);
    const std::string store = s.store("fault" + std::to_string(failing));
    // hang detection only (no timing assertion): a hang would run into the timeout and fail
    const int code = test::run_to_end(run_args(s, store, 2),
                                      {"HYPERSHAP_FAULT_INJECTION=" + std::to_string(failing)},
                                      s.log("fault"), 120.0);
    CHECK(code != 0);
    CHECK(code != -1);
    const std::string log = read_file(s.log("fault"));
    CHECK(log.find("rank " + std::to_string(failing) + ": fault injected") != std::string::npos);
    // what was stored stays a valid store, resumable once the cause is gone
    if (fs::exists(store)) CHECK_NOTHROW(StoreReader{store});
  }
}

TEST_CASE("a store written by another job is refused, unchanged, with the way out") {
  const Scratch s("other-job");
  const std::string store = s.store("store");
  std::vector<std::string> args = run_args(s, store);
  args.insert(args.end(),
              {"--set", "games.sensitivity.samples=100", "--set", "games.tunability.samples=100"});
  REQUIRE(test::run_to_end(args, {}, s.log("first")) == 0);
  const std::string before = read_file(store);
  args.insert(args.end(), {"--set", "job.seed=12"});
  CHECK(test::run_to_end(args, {}, s.log("second")) == to_int(ExitCode::invalid_input));
  CHECK(read_file(s.log("second")).find("different job") != std::string::npos);
  CHECK(read_file(store) == before);
}

TEST_CASE(
    "under Slurm, N tasks started without an MPI launcher are refused before anything is written") {
  const Scratch s("slurm-copies");
  const int code =
      test::run_to_end(run_args(s, s.store("store")), {"SLURM_NTASKS=4"}, s.log("copies"));
  CHECK(code == to_int(ExitCode::invalid_input));
  CHECK(read_file(s.log("copies"))
            .find("SLURM_NTASKS is 4 but this process was not started by an "
                  "MPI launcher") != std::string::npos);
  CHECK_FALSE(fs::exists(s.store("store")));
}

TEST_CASE("a moved store resumes from a copy of its job file in another folder") {
  const Scratch s("moved");
  const std::string store = s.store("store");
  const std::vector<std::string> small = {"--set", "games.sensitivity.samples=100", "--set",
                                          "games.tunability.samples=100"};
  std::vector<std::string> args = run_args(s, store);
  args.insert(args.end(), small.begin(), small.end());
  REQUIRE(test::run_to_end(args, {}, s.log("first")) == 0);
  // the store and the job file (under another name) move to another folder
  fs::create_directories(s.dir / "elsewhere");
  const fs::path moved = s.dir / "elsewhere" / "moved.h5";
  fs::rename(store, moved);
  fs::copy_file(s.dir / "job.toml", s.dir / "elsewhere" / "renamed.toml");
  std::vector<std::string> again = {test::binary().string(),
                                    "run",
                                    (s.dir / "elsewhere" / "renamed.toml").string(),
                                    "--set",
                                    "job.output=" + moved.string(),
                                    "--no-progress"};
  again.insert(again.end(), small.begin(), small.end());
  CHECK(test::run_to_end(again, {}, s.log("second")) == 0);
  CHECK(read_file(s.log("second")).find("(resumed: ") != std::string::npos);
  // a key that changes the values is still another job
  again.insert(again.end(), {"--set", "job.seed=12"});
  CHECK(test::run_to_end(again, {}, s.log("third")) == to_int(ExitCode::invalid_input));
  CHECK(read_file(s.log("third")).find("different job") != std::string::npos);
}
