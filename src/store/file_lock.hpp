#pragma once
// The writer's exclusive lock on a store: flock on the sidecar file STORE.lock, held for the
// writer's lifetime and released by the kernel when the process ends, however it ends. The lock
// file holds who has it (host, pid, since when), for the message a second writer gets.

#include <filesystem>
#include <string>

namespace hypershap {

class FileLock {
 public:
  /// Takes the lock on `lock_path` without waiting; throws io_error naming the holder (and
  /// `store` and the fix) when another process has it.
  FileLock(const std::filesystem::path& lock_path, const std::filesystem::path& store);
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;
  FileLock(FileLock&& other) noexcept;
  FileLock& operator=(FileLock&& other) noexcept;
  ~FileLock();

 private:
  void release() noexcept;
  int fd_ = -1;
};

/// "host NAME" of this machine (gethostname).
std::string host_name();

/// The current time as UTC ISO 8601, e.g. 2026-11-21T05:35:00Z.
std::string utc_now_iso8601();

}  // namespace hypershap
