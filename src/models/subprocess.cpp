#include "subprocess.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <system_error>
#include <thread>

#include "hypershap/core/stop_request.hpp"

namespace hypershap::subprocess {

namespace {

constexpr std::size_t max_err_bytes = 64 * 1024;

[[noreturn]] void fail(const char* what) {
  throw std::system_error(errno, std::generic_category(), what);
}

struct Pipe {
  int read = -1;
  int write = -1;
  Pipe() {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) fail("pipe2");
    read = fds[0];
    write = fds[1];
  }
  ~Pipe() {
    close_read();
    close_write();
  }
  Pipe(const Pipe&) = delete;
  Pipe& operator=(const Pipe&) = delete;
  void close_read() {
    if (read >= 0) ::close(read);
    read = -1;
  }
  void close_write() {
    if (write >= 0) ::close(write);
    write = -1;
  }
};

void set_nonblocking(int fd) { ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK); }

bool is_executable_file(const std::filesystem::path& path) {
  struct stat info {};
  return ::stat(path.c_str(), &info) == 0 && S_ISREG(info.st_mode) &&
         ::access(path.c_str(), X_OK) == 0;
}

// In the child between fork and exec: only async-signal-safe calls.
[[noreturn]] void child(const char* executable, char* const* argv, const char* directory, int in,
                        int out, int err) {
  ::setpgid(0, 0);
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
  for (const int sig : {SIGPIPE, SIGINT, SIGTERM, SIGUSR1, SIGHUP, SIGQUIT}) ::signal(sig, SIG_DFL);
  sigset_t none;
  sigemptyset(&none);
  ::sigprocmask(SIG_SETMASK, &none, nullptr);
  ::dup2(in, STDIN_FILENO);
  ::dup2(out, STDOUT_FILENO);
  ::dup2(err, STDERR_FILENO);
  if (::chdir(directory) != 0) {
    const char message[] = "hypershap: cannot change to the command's working directory\n";
    [[maybe_unused]] const auto n = ::write(STDERR_FILENO, message, sizeof message - 1);
    ::_exit(126);
  }
  ::execv(executable, argv);
  const char message[] = "hypershap: exec failed: ";
  [[maybe_unused]] auto n = ::write(STDERR_FILENO, message, sizeof message - 1);
  const char* reason = ::strerror(errno);
  n = ::write(STDERR_FILENO, reason, ::strlen(reason));
  n = ::write(STDERR_FILENO, "\n", 1);
  ::_exit(127);
}

}  // namespace

std::filesystem::path find_executable(const std::string& name,
                                      const std::filesystem::path& directory) {
  if (name.empty()) return {};
  if (name.find('/') != std::string::npos) {
    const std::filesystem::path path(name);
    const std::filesystem::path full = path.is_absolute() ? path : directory / path;
    return is_executable_file(full) ? full.lexically_normal() : std::filesystem::path();
  }
  const char* search = std::getenv("PATH");
  const std::string paths = search != nullptr ? search : "/usr/local/bin:/usr/bin:/bin";
  std::size_t start = 0;
  while (start <= paths.size()) {
    const std::size_t colon = std::min(paths.find(':', start), paths.size());
    const std::string entry = paths.substr(start, colon - start);
    const std::filesystem::path candidate =
        (entry.empty() ? std::filesystem::current_path() : std::filesystem::path(entry)) / name;
    if (is_executable_file(candidate)) return candidate;
    start = colon + 1;
  }
  return {};
}

Outcome run(const std::filesystem::path& executable, const std::vector<std::string>& argv,
            const std::filesystem::path& directory, const std::string& input,
            double timeout_seconds) {
  // A command that exits without reading all of its input must not end hypershap by SIGPIPE: the
  // write then fails with EPIPE, and the exit code tells what happened.
  static std::once_flag ignore_sigpipe;
  std::call_once(ignore_sigpipe, [] { ::signal(SIGPIPE, SIG_IGN); });

  Pipe in, out, err;
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  const std::string program = executable.string();
  const std::string folder = directory.string();

  const pid_t pid = ::fork();
  if (pid < 0) fail("fork");
  if (pid == 0) child(program.c_str(), args.data(), folder.c_str(), in.read, out.write, err.write);
  ::setpgid(pid, pid);  // also here: whichever runs first, the group exists before a kill
  in.close_read();
  out.close_write();
  err.close_write();
  set_nonblocking(in.write);
  set_nonblocking(out.read);
  set_nonblocking(err.read);

  Outcome outcome;
  const auto deadline = std::chrono::steady_clock::now() +
                        std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                            std::chrono::duration<double>(timeout_seconds));
  std::size_t written = 0;
  if (input.empty()) in.close_write();
  char buffer[65536];
  while (out.read >= 0 || err.read >= 0) {
    if (stop_requested()) {  // poll returns EINTR when the signal arrives: checked at once
      outcome.stopped = true;
      break;
    }
    const auto left = deadline - std::chrono::steady_clock::now();
    if (left <= std::chrono::steady_clock::duration::zero()) {
      outcome.timed_out = true;
      break;
    }
    pollfd fds[3];
    nfds_t count = 0;
    if (in.write >= 0) fds[count++] = {in.write, POLLOUT, 0};
    if (out.read >= 0) fds[count++] = {out.read, POLLIN, 0};
    if (err.read >= 0) fds[count++] = {err.read, POLLIN, 0};
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(left).count();
    const int ready = ::poll(fds, count, static_cast<int>(std::min<long long>(ms + 1, 1000)));
    if (ready < 0) {
      if (errno == EINTR) continue;
      fail("poll");
    }
    for (nfds_t i = 0; i < count; ++i) {
      if (fds[i].revents == 0) continue;
      if (fds[i].fd == in.write) {
        const ssize_t n = ::write(in.write, input.data() + written, input.size() - written);
        if (n > 0) written += static_cast<std::size_t>(n);
        // EPIPE: it stopped reading; what it answers (or its exit code) says the rest
        if ((n < 0 && errno != EAGAIN && errno != EINTR) || written == input.size())
          in.close_write();
      } else {
        const bool is_out = fds[i].fd == out.read;
        const ssize_t n = ::read(fds[i].fd, buffer, sizeof buffer);
        if (n > 0) {
          std::string& target = is_out ? outcome.out : outcome.err;
          target.append(buffer, static_cast<std::size_t>(n));
          if (!is_out && target.size() > 2 * max_err_bytes)
            target.erase(0, target.size() - max_err_bytes);
        } else if (n == 0 || (errno != EAGAIN && errno != EINTR)) {
          (is_out ? out : err).close_read();
        }
      }
    }
  }
  in.close_write();

  // Both outputs are closed (or time is up): wait for the exit within what is left of the time.
  int status = 0;
  while (!outcome.timed_out && !outcome.stopped) {
    const pid_t done = ::waitpid(pid, &status, WNOHANG);
    if (done == pid) break;
    if (stop_requested()) {
      outcome.stopped = true;
      break;
    }
    if (done < 0 && errno != EINTR) fail("waitpid");
    if (std::chrono::steady_clock::now() >= deadline) {
      outcome.timed_out = true;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  if (outcome.timed_out || outcome.stopped) {
    ::kill(-pid, SIGKILL);  // the whole group: whatever the command started dies with it
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
  }
  if (WIFEXITED(status)) outcome.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) outcome.signal = WTERMSIG(status);
  if (outcome.err.size() > max_err_bytes) outcome.err.erase(0, outcome.err.size() - max_err_bytes);
  return outcome;
}

std::string tail(const std::string& text, int lines) {
  std::string trimmed = text;
  while (!trimmed.empty() && (trimmed.back() == '\n' || trimmed.back() == '\r')) trimmed.pop_back();
  std::size_t start = trimmed.size();
  int found = 0;
  while (start > 0) {
    const std::size_t newline = trimmed.rfind('\n', start - 1);
    if (newline == std::string::npos) {
      start = 0;
      break;
    }
    if (++found == lines) {
      start = newline + 1;
      break;
    }
    start = newline;
  }
  return trimmed.substr(start);
}

}  // namespace hypershap::subprocess
