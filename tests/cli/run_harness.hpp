#pragma once
// The harness of the tests that start `hypershap run` (test_run, test_run_approximate): a scratch
// folder holding the job file, the run's command line, and waiting for a store to fill.

#include <doctest/doctest.h>
#include <unistd.h>

#include <csignal>

#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "hypershap/store/store.hpp"
#include "test_support.hpp"

namespace hypershap::test {

/// A fresh folder, per process and per test case, with `job_text` written to job.toml; removed
/// with every sibling when it goes out of scope.
struct Scratch {
  std::filesystem::path dir;
  Scratch(const std::string& suite, const std::string& name, const std::string& job_text)
      : dir(std::filesystem::temp_directory_path() /
            ("hypershap-" + suite + "-test-" + std::to_string(getpid())) / name) {
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    std::ofstream(dir / "job.toml") << job_text;
  }
  ~Scratch() { std::filesystem::remove_all(dir.parent_path()); }
  Scratch(const Scratch&) = delete;
  Scratch& operator=(const Scratch&) = delete;
  std::string store(const std::string& name) const { return (dir / (name + ".h5")).string(); }
  std::string log(const std::string& name) const { return (dir / (name + ".log")).string(); }
};

/// `hypershap run` of the scratch job into `store`, batches flushed every 0.05 s; under
/// `mpiexec -n ranks` when ranks > 0.
inline std::vector<std::string> run_args(const std::string& mpiexec, const Scratch& s,
                                         const std::string& store, int ranks = 0) {
  std::vector<std::string> args;
  if (ranks > 0) args = {mpiexec, "-n", std::to_string(ranks)};
  const std::vector<std::string> run = {binary().string(),
                                        "run",
                                        (s.dir / "job.toml").string(),
                                        "--set",
                                        "job.output=" + store,
                                        "--batch-seconds",
                                        "0.05",
                                        "--no-progress"};
  args.insert(args.end(), run.begin(), run.end());
  return args;
}

inline std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

/// Coalitions done over every game of `store`; 0 while it does not exist yet.
inline std::size_t done_in(const std::string& store) {
  try {
    std::size_t done = 0;
    for (const auto& g : StoreReader(store).summary().games) done += g.done;
    return done;
  } catch (const std::exception&) {
    return 0;
  }
}

/// Waits until `store` has at least `count` coalitions done (the child is still running), at
/// most `timeout_seconds`.
inline void wait_for_progress(const std::string& store, std::size_t count,
                              double timeout_seconds = 60.0) {
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::duration<double>(timeout_seconds);
  while (std::chrono::steady_clock::now() < deadline && done_in(store) < count)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  REQUIRE(done_in(store) >= count);
}

/// SIGKILL to `child` (mpiexec) and to each of its ranks at once (Open MPI gives the ranks
/// process groups of their own), then waits until every rank has gone.
inline void kill_job_and_ranks(Child& child) {
  const std::vector<pid_t> ranks = children_of(child.pid());
  REQUIRE(ranks.size() >= 2);
  child.signal(SIGKILL);
  for (const pid_t p : ranks) kill(p, SIGKILL);
  child.wait();
  for (const pid_t p : ranks)
    for (int i = 0; i < 500 && std::filesystem::exists("/proc/" + std::to_string(p)); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
}

inline bool same_bits(const std::vector<double>& a, const std::vector<double>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0;
}

}  // namespace hypershap::test
