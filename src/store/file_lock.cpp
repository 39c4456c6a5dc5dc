#include "file_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <utility>

#include "hypershap/core/error.hpp"

namespace hypershap {

std::string host_name() {
  char buffer[256] = {};
  if (gethostname(buffer, sizeof buffer - 1) != 0) return "unknown";
  return buffer;
}

std::string utc_now_iso8601() {
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return buffer;
}

FileLock::FileLock(const std::filesystem::path& lock_path, const std::filesystem::path& store) {
  fd_ = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd_ < 0)
    throw io_error(lock_path.string() + ": cannot create the lock file of the store " +
                   store.string() + " (" + std::strerror(errno) +
                   "); the store's folder must be writable");
  if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
    const int error = errno;
    std::string holder;
    char buffer[512];
    const ssize_t got = ::pread(fd_, buffer, sizeof buffer - 1, 0);
    if (got > 0) holder.assign(buffer, static_cast<std::size_t>(got));
    while (!holder.empty() && (holder.back() == '\n' || holder.back() == ' ')) holder.pop_back();
    release();
    if (error == EWOULDBLOCK)
      throw io_error(store.string() + " is being written by another run (" +
                     (holder.empty() ? std::string("holder unknown") : holder) + ", lock file " +
                     lock_path.string() +
                     "); wait for that run to finish or stop it, or choose another output");
    throw io_error(lock_path.string() + ": cannot lock the store " + store.string() + " (" +
                   std::strerror(error) +
                   "); on a file system without flock, write the store to a local disk");
  }
  const std::string holder = "pid " + std::to_string(::getpid()) + " on host " + host_name() +
                             " since " + utc_now_iso8601() + "\n";
  // best effort: the lock itself is what excludes other writers
  if (::ftruncate(fd_, 0) == 0) {
    [[maybe_unused]] const ssize_t written = ::pwrite(fd_, holder.data(), holder.size(), 0);
  }
}

FileLock::FileLock(FileLock&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}

FileLock& FileLock::operator=(FileLock&& other) noexcept {
  if (this != &other) {
    release();
    fd_ = std::exchange(other.fd_, -1);
  }
  return *this;
}

FileLock::~FileLock() {
  // the file stays (removing it would race with a run opening it) but says nobody holds it
  if (fd_ >= 0) [[maybe_unused]]
    const int truncated = ::ftruncate(fd_, 0);
  release();
}

void FileLock::release() noexcept {
  if (fd_ >= 0) ::close(fd_);  // closing the last descriptor releases the flock
  fd_ = -1;
}

}  // namespace hypershap
