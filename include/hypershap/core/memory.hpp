#pragma once
// What memory this process may still use, so that large requests are refused with a clear
// message instead of being killed by the kernel halfway through.

#include <cstddef>
#include <string>

namespace hypershap {

/// The smallest of: MemAvailable (/proc/meminfo), the cgroup v2 limit minus usage, RLIMIT_AS.
std::size_t available_memory_bytes();

/// Peak resident set size of this process so far (getrusage), in bytes.
std::size_t peak_resident_bytes();

/// "1.5 GiB" style text for messages.
std::string format_bytes(double bytes);

/// Throws resource_limit naming `what` if `needed` bytes exceed what is available.
void require_memory(std::size_t needed, const std::string& what);

}  // namespace hypershap
