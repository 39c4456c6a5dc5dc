#include "hypershap/models/vector_kernels.hpp"

#include <atomic>
#include <cstdlib>
#include <string>

namespace hypershap {

namespace {

bool environment_allows() {
  const char* value = std::getenv("HYPERSHAP_NO_AVX2");
  return value == nullptr || value[0] == '\0' || std::string(value) == "0";
}

std::atomic<bool>& switch_state() {
  static std::atomic<bool> enabled{environment_allows()};
  return enabled;
}

}  // namespace

bool processor_has_avx2_fma() {
#if defined(__x86_64__) && defined(__GNUC__)
  static const bool has = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
  return has;
#else
  return false;
#endif
}

bool vector_kernels_active() {
  return processor_has_avx2_fma() && switch_state().load(std::memory_order_relaxed);
}

void set_vector_kernels(bool enabled) { switch_state().store(enabled); }

}  // namespace hypershap
