#pragma once
// SHA-256 (FIPS 180-4), for the job hash a store is tagged with: a resumed run must be the same
// job. Written here because no Debian library linked into hypershap exposes it (HDF5 does not).

#include <string>
#include <string_view>

namespace hypershap {

/// The SHA-256 digest of `data` as 64 lowercase hexadecimal digits.
std::string sha256_hex(std::string_view data);

}  // namespace hypershap
