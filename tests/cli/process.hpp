#pragma once
// Starting hypershap (or mpiexec) as a child process, for the tests of runs, kills and signals.

#include <dirent.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace hypershap::test {

/// A child process running `argv` with `env` added to the environment, output to `log`.
class Child {
 public:
  Child(const std::vector<std::string>& argv, const std::vector<std::string>& env,
        const std::string& log) {
    pid_ = fork();
    if (pid_ == 0) {
      setpgid(0, 0);  // own process group: a signal reaches mpiexec and its ranks
      for (const std::string& e : env) putenv(const_cast<char*>(e.c_str()));
      if (!log.empty()) {
        FILE* f = std::freopen(log.c_str(), "w", stdout);
        if (f != nullptr) dup2(fileno(stdout), STDERR_FILENO);
      }
      std::vector<char*> args;
      for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
      args.push_back(nullptr);
      execv(args[0], args.data());
      _exit(127);
    }
  }
  pid_t pid() const { return pid_; }
  /// Signals the whole process group.
  void signal(int sig) const { kill(-pid_, sig); }
  /// The exit code (128 + signal when killed); -1 on timeout.
  int wait(double timeout_seconds = 300.0) {
    const auto deadline =
        std::chrono::steady_clock::now() + std::chrono::duration<double>(timeout_seconds);
    while (std::chrono::steady_clock::now() < deadline) {
      int status = 0;
      const pid_t done = waitpid(pid_, &status, WNOHANG);
      if (done == pid_) {
        if (WIFEXITED(status)) return WEXITSTATUS(status);
        if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
        return -2;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    signal(SIGKILL);
    waitpid(pid_, nullptr, 0);
    return -1;
  }

 private:
  pid_t pid_ = -1;
};

inline int run_to_end(const std::vector<std::string>& argv, const std::vector<std::string>& env,
                      const std::string& log, double timeout_seconds = 300.0) {
  return Child(argv, env, log).wait(timeout_seconds);
}

/// The processes whose parent is `pid` (the ranks under mpiexec), from /proc/PID/stat.
inline std::vector<pid_t> children_of(pid_t pid) {
  std::vector<pid_t> children;
  DIR* proc = opendir("/proc");
  while (const dirent* entry = readdir(proc)) {
    const pid_t candidate = std::atoi(entry->d_name);
    if (candidate <= 0) continue;
    std::ifstream stat("/proc/" + std::to_string(candidate) + "/stat");
    std::string text;
    std::getline(stat, text);
    const auto close = text.rfind(')');  // the command name may hold spaces and parentheses
    if (close == std::string::npos) continue;
    std::istringstream rest(text.substr(close + 2));
    char state = 0;
    pid_t parent = 0;
    rest >> state >> parent;
    if (parent == pid) children.push_back(candidate);
  }
  closedir(proc);
  return children;
}

}  // namespace hypershap::test
