#include "hypershap/core/memory.hpp"

#include <sys/resource.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <limits>
#include <sstream>
#include <string>

#include "hypershap/core/error.hpp"

namespace hypershap {

namespace {
std::size_t read_meminfo_available() {
  std::ifstream in("/proc/meminfo");
  std::string key;
  std::size_t kib = 0;
  std::string unit;
  while (in >> key >> kib >> unit) {
    if (key == "MemAvailable:") return kib * 1024;
  }
  return std::numeric_limits<std::size_t>::max();
}

std::size_t read_cgroup_headroom() {
  std::ifstream max_file("/sys/fs/cgroup/memory.max");
  std::ifstream current_file("/sys/fs/cgroup/memory.current");
  std::string max_text;
  std::size_t current = 0;
  if (!(max_file >> max_text) || max_text == "max" || !(current_file >> current))
    return std::numeric_limits<std::size_t>::max();
  const std::size_t limit = std::stoull(max_text);
  return limit > current ? limit - current : 0;
}
/// The address space this process already uses (VmSize), which counts against RLIMIT_AS.
std::size_t read_virtual_size() {
  std::ifstream in("/proc/self/status");
  std::string key;
  while (in >> key) {
    if (key == "VmSize:") {
      std::size_t kib = 0;
      in >> kib;
      return kib * 1024;
    }
    in.ignore(std::numeric_limits<std::streamsize>::max(), '\n');
  }
  return 0;
}
}  // namespace

std::size_t available_memory_bytes() {
  std::size_t available = std::min(read_meminfo_available(), read_cgroup_headroom());
  rlimit limit{};
  if (getrlimit(RLIMIT_AS, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY) {
    // `ulimit -v` limits the address space, of which the libraries and heap already take a part
    const auto cap = static_cast<std::size_t>(limit.rlim_cur);
    const std::size_t used = read_virtual_size();
    available = std::min(available, cap > used ? cap - used : 0);
  }
  return available;
}

std::size_t peak_resident_bytes() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<std::size_t>(usage.ru_maxrss) * 1024;  // Linux reports KiB
}

std::string format_bytes(double bytes) {
  const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  int unit = 0;
  while (bytes >= 1024.0 && unit < 4) {
    bytes /= 1024.0;
    ++unit;
  }
  char text[32];
  std::snprintf(text, sizeof text, unit == 0 ? "%.0f %s" : "%.1f %s", bytes, units[unit]);
  return text;
}

void require_memory(std::size_t needed, const std::string& what) {
  const std::size_t available = available_memory_bytes();
  if (needed > available) {
    std::ostringstream message;
    message << what << " needs about " << format_bytes(static_cast<double>(needed))
            << " of memory, but only " << format_bytes(static_cast<double>(available))
            << " is available; run it on a machine (or Slurm allocation) with at least "
            << format_bytes(static_cast<double>(needed) * 1.1) << " free, or reduce the request";
    throw resource_limit(message.str());
  }
}

}  // namespace hypershap
