#pragma once
// The stream key of a game's random numbers: its name, so games of one job draw differently.

#include <cstdint>
#include <string>

namespace hypershap::games_detail {

inline std::uint64_t name_key(const std::string& name) {
  std::uint64_t h = 0xcbf29ce484222325ULL;  // FNV-1a
  for (const char c : name) h = (h ^ static_cast<unsigned char>(c)) * 0x100000001b3ULL;
  return h;
}

}  // namespace hypershap::games_detail
