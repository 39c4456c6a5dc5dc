#pragma once
// The store's integrity checks (README.md, "Integrity"): a CRC-32 per coalition over its stored
// results (schema version 2), done flags that are 0 or 1, no infinite values, and attributes that
// agree with each other. A damaged store is refused instead of being explained silently.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "hypershap/store/store.hpp"

namespace hypershap::store_schema {

/// CRC-32 (IEEE 802.3, reflected, as zlib's crc32) of the little-endian bytes of coalition `s`,
/// its value, evaluations, seconds and `d` configuration entries. A CRC-32 detects every change
/// of up to 32 consecutive bits, so any flipped byte of a coalition's results.
std::uint32_t coalition_checksum(Coalition s, double value, std::uint64_t evaluations,
                                 double seconds, const double* configuration, std::size_t d);

/// The checksum of the coalition in entry `slot` (spec.coalition_at) as `game` holds it.
std::uint32_t coalition_checksum(const StoredGame& game, std::size_t slot);

/// What is wrong with a game as read (empty when nothing): each problem once, with how many
/// coalitions it affects and the first of them.
std::vector<std::string> game_problems(const StoredGame& game);

}  // namespace hypershap::store_schema
