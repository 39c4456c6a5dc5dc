#pragma once
// NumPy arrays as numpy.save and numpy.savez(_compressed) write them: a .npy file is the magic
// "\x93NUMPY", a format version (1.0, 2.0 or 3.0), the little-endian length of a header and the
// header, a Python dict literal {'descr': ..., 'fortran_order': ..., 'shape': (...)}, then the raw
// data (numpy's "NEP 1" format description). A .npz file is a zip archive of .npy members, read
// with libzip. Only the dtypes games are saved with are read: '<f8' (float64), '|b1' (bool),
// '<i8' (int64), and '<f4' (float32, which the HyperSHAP paper's games use for their scalar
// normalization_value; widened to double exactly); anything else is refused by name.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace hypershap {

enum class NpyType { float64, float32, boolean, int64 };

/// One array, its data in C (row-major) order whatever `fortran_order` was.
struct NpyArray {
  NpyType type = NpyType::float64;
  std::string descr;                   // as written, for messages
  std::vector<std::size_t> shape;      // empty for a scalar
  std::vector<double> numbers;         // float64 and float32 (widened) data
  std::vector<std::int64_t> integers;  // int64 data
  std::vector<std::uint8_t> flags;     // bool data, 0 or 1

  std::size_t size() const;  // the product of the shape (1 for a scalar)
};

/// Parses the bytes of a .npy file; `source` names it in messages (e.g. "game.npz: values.npy").
/// Every problem is an invalid_input error naming `source` and the fix.
NpyArray parse_npy(std::string_view bytes, const std::string& source);

/// Every .npy member of a .npz archive, by name without ".npy". A missing file is an io_error, a
/// file that is not a readable zip archive (truncated, corrupt) an invalid_input error.
std::map<std::string, NpyArray> read_npz(const std::filesystem::path& path);

}  // namespace hypershap
