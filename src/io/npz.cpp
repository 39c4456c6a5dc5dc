#include "hypershap/io/npz.hpp"

#include <zip.h>

#include <cctype>
#include <cstring>
#include <fstream>
#include <limits>

#include "hypershap/core/error.hpp"
#include "hypershap/core/memory.hpp"

namespace hypershap {

std::size_t NpyArray::size() const {
  std::size_t count = 1;
  for (const std::size_t extent : shape) count *= extent;
  return count;
}

namespace {

constexpr std::string_view npy_magic = "\x93NUMPY";
const std::string dtypes_read = "'<f8' (float64), '|b1' (bool), '<i8' (int64) and '<f4' (float32)";

std::uint64_t little_endian(const char* bytes, int count) {
  std::uint64_t value = 0;
  for (int i = count - 1; i >= 0; --i)
    value = (value << 8) | static_cast<unsigned char>(bytes[static_cast<std::size_t>(i)]);
  return value;
}

// The header dict: {'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), } — Python literal
// syntax, of which numpy writes only quoted strings, True/False and tuples of integers.
class HeaderParser {
 public:
  HeaderParser(std::string_view text, const std::string& source) : text_(text), source_(source) {}

  void parse(std::string& descr, bool& fortran_order, std::vector<std::size_t>& shape) {
    bool have_descr = false;
    bool have_order = false;
    bool have_shape = false;
    expect('{');
    while (true) {
      skip_space();
      if (peek() == '}') break;
      const std::string key = quoted();
      expect(':');
      skip_space();
      if (key == "descr") {
        descr = quoted();
        have_descr = true;
      } else if (key == "fortran_order") {
        fortran_order = boolean();
        have_order = true;
      } else if (key == "shape") {
        shape = tuple();
        have_shape = true;
      } else {
        fail("unknown header key '" + key + "'");
      }
      skip_space();
      if (peek() == ',') {
        ++at_;
        continue;
      }
      expect('}');
      --at_;
    }
    if (!have_descr || !have_order || !have_shape)
      fail("the header lacks 'descr', 'fortran_order' or 'shape'");
  }

 private:
  [[noreturn]] void fail(const std::string& what) const {
    throw invalid_input(source_ + ": not a .npy array numpy can write (" + what +
                        " at header offset " + std::to_string(at_) +
                        "); re-save it with numpy.save / numpy.savez_compressed");
  }
  char peek() const { return at_ < text_.size() ? text_[at_] : '\0'; }
  void skip_space() {
    while (at_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[at_]))) ++at_;
  }
  void expect(char c) {
    skip_space();
    if (peek() != c) fail(std::string("expected '") + c + "'");
    ++at_;
  }
  std::string quoted() {
    skip_space();
    const char quote = peek();
    if (quote != '\'' && quote != '"') fail("expected a quoted string");
    const std::size_t end = text_.find(quote, at_ + 1);
    if (end == std::string_view::npos) fail("unterminated string");
    std::string value(text_.substr(at_ + 1, end - at_ - 1));
    at_ = end + 1;
    return value;
  }
  bool boolean() {
    if (text_.substr(at_, 4) == "True") {
      at_ += 4;
      return true;
    }
    if (text_.substr(at_, 5) == "False") {
      at_ += 5;
      return false;
    }
    fail("expected True or False");
  }
  std::vector<std::size_t> tuple() {
    std::vector<std::size_t> extents;
    expect('(');
    while (true) {
      skip_space();
      if (peek() == ')') break;
      if (!std::isdigit(static_cast<unsigned char>(peek()))) fail("expected an integer extent");
      std::size_t extent = 0;
      while (std::isdigit(static_cast<unsigned char>(peek()))) {
        if (extent > (std::size_t{1} << 48)) fail("an extent too large");
        extent = extent * 10 + static_cast<std::size_t>(text_[at_++] - '0');
      }
      extents.push_back(extent);
      skip_space();
      if (peek() == ',') {
        ++at_;
        continue;
      }
      if (peek() != ')') fail("expected ',' or ')'");
    }
    ++at_;
    return extents;
  }

  std::string_view text_;
  const std::string& source_;
  std::size_t at_ = 0;
};

// C order from Fortran order: element (i0, ..., ik) sits at i0 + e0 (i1 + e1 (...)).
template <typename T>
std::vector<T> to_c_order(const std::vector<T>& fortran, const std::vector<std::size_t>& shape) {
  if (shape.size() < 2) return fortran;
  std::vector<T> c(fortran.size());
  std::vector<std::size_t> index(shape.size(), 0);
  for (std::size_t flat = 0; flat < c.size(); ++flat) {
    std::size_t offset = 0;
    for (std::size_t d = shape.size(); d-- > 0;) offset = offset * shape[d] + index[d];
    c[flat] = fortran[offset];
    for (std::size_t d = shape.size(); d-- > 0;) {  // the next C-order index
      if (++index[d] < shape[d]) break;
      index[d] = 0;
    }
  }
  return c;
}

struct ZipArchive {
  zip_t* archive = nullptr;
  ~ZipArchive() {
    if (archive != nullptr) zip_discard(archive);
  }
};

struct ZipMember {
  zip_file_t* file = nullptr;
  ~ZipMember() {
    if (file != nullptr) zip_fclose(file);
  }
};

}  // namespace

NpyArray parse_npy(std::string_view bytes, const std::string& source) {
  if (bytes.size() < 10 || bytes.substr(0, 6) != npy_magic) {
    throw invalid_input(source +
                        ": not a .npy array (no \\x93NUMPY magic); save arrays with "
                        "numpy.save / numpy.savez_compressed");
  }
  const auto major = static_cast<unsigned char>(bytes[6]);
  if (major < 1 || major > 3) {
    throw invalid_input(source + ": .npy format version " + std::to_string(major) +
                        " is unknown (1, 2 and 3 are read); re-save it with numpy.save");
  }
  const int length_bytes = major == 1 ? 2 : 4;
  const std::size_t preamble = 8 + static_cast<std::size_t>(length_bytes);
  if (bytes.size() < preamble) throw invalid_input(source + ": truncated .npy header");
  const std::uint64_t header_length = little_endian(bytes.data() + 8, length_bytes);
  if (header_length > bytes.size() - preamble) {
    throw invalid_input(source + ": truncated .npy header (" + std::to_string(header_length) +
                        " bytes announced, " + std::to_string(bytes.size() - preamble) +
                        " present); the file is cut short, save it again");
  }
  const std::string_view header = bytes.substr(preamble, header_length);

  NpyArray array;
  bool fortran_order = false;
  HeaderParser(header, source).parse(array.descr, fortran_order, array.shape);
  std::size_t item_size = 8;
  if (array.descr == "<f8") {
    array.type = NpyType::float64;
  } else if (array.descr == "<f4") {
    array.type = NpyType::float32;
    item_size = 4;
  } else if (array.descr == "|b1") {
    array.type = NpyType::boolean;
    item_size = 1;
  } else if (array.descr == "<i8") {
    array.type = NpyType::int64;
  } else {
    throw invalid_input(source + ": dtype '" + array.descr + "' is not read; hypershap reads " +
                        dtypes_read + "; convert it, e.g. numpy.savez_compressed(path, " +
                        "values=values.astype('<f8'), ...)");
  }
  std::size_t count = 1;
  for (const std::size_t extent : array.shape) {
    if (extent != 0 && count > (std::numeric_limits<std::size_t>::max() / 16) / extent)
      throw invalid_input(source + ": the shape is too large to be a game");
    count *= extent;
  }
  const std::string_view data = bytes.substr(preamble + header_length);
  if (data.size() != count * item_size) {
    throw invalid_input(source + ": shape and dtype '" + array.descr + "' need " +
                        std::to_string(count * item_size) + " bytes of data, the file has " +
                        std::to_string(data.size()) +
                        (data.size() < count * item_size ? " (truncated)" : "") +
                        "; save the array again");
  }
  for (std::size_t i = 0; i < count; ++i) {
    const char* item = data.data() + i * item_size;
    switch (array.type) {
      case NpyType::float64: {
        const std::uint64_t bits = little_endian(item, 8);
        double value = 0.0;
        std::memcpy(&value, &bits, sizeof value);
        array.numbers.push_back(value);
        break;
      }
      case NpyType::float32: {
        const auto bits = static_cast<std::uint32_t>(little_endian(item, 4));
        float value = 0.0F;
        std::memcpy(&value, &bits, sizeof value);
        array.numbers.push_back(static_cast<double>(value));
        break;
      }
      case NpyType::int64:
        array.integers.push_back(static_cast<std::int64_t>(little_endian(item, 8)));
        break;
      case NpyType::boolean: array.flags.push_back(*item != 0 ? 1 : 0); break;
    }
  }
  if (fortran_order) {
    array.numbers = to_c_order(array.numbers, array.shape);
    array.integers = to_c_order(array.integers, array.shape);
    array.flags = to_c_order(array.flags, array.shape);
  }
  return array;
}

std::map<std::string, NpyArray> read_npz(const std::filesystem::path& path) {
  if (!std::ifstream(path).good())
    throw io_error(path.string() + ": cannot read the .npz game (missing or not readable)");
  const std::string fix =
      "; a .npz game is what numpy.savez_compressed (shapiq's Game.save_values) writes, save it "
      "again";
  int code = 0;
  ZipArchive zip;
  zip.archive = zip_open(path.c_str(), ZIP_RDONLY | ZIP_CHECKCONS, &code);
  if (zip.archive == nullptr) {
    zip_error_t error;
    zip_error_init_with_code(&error, code);
    const std::string why = zip_error_strerror(&error);
    zip_error_fini(&error);
    throw invalid_input(path.string() + ": not a readable .npz (zip) archive: " + why +
                        " (a truncated or corrupt file)" + fix);
  }
  std::map<std::string, NpyArray> arrays;
  const zip_int64_t members = zip_get_num_entries(zip.archive, 0);
  for (zip_int64_t i = 0; i < members; ++i) {
    const auto index = static_cast<zip_uint64_t>(i);
    zip_stat_t stat;
    zip_stat_init(&stat);
    if (zip_stat_index(zip.archive, index, 0, &stat) != 0 || stat.name == nullptr) continue;
    const std::string name = stat.name;
    if (name.size() < 4 || name.compare(name.size() - 4, 4, ".npy") != 0) continue;
    const std::string source = path.string() + ": " + name;
    if ((stat.valid & ZIP_STAT_SIZE) == 0)
      throw invalid_input(source + ": the archive does not record the member's size" + fix);
    require_memory(static_cast<std::size_t>(stat.size), source + ": reading the member");
    ZipMember member;
    member.file = zip_fopen_index(zip.archive, index, 0);
    if (member.file == nullptr) {
      throw invalid_input(source + ": cannot open the member: " + zip_strerror(zip.archive) + fix);
    }
    std::string bytes(static_cast<std::size_t>(stat.size), '\0');
    std::size_t got = 0;
    while (got < bytes.size()) {
      const zip_int64_t n = zip_fread(member.file, bytes.data() + got, bytes.size() - got);
      if (n < 0) {
        throw invalid_input(source + ": cannot decompress the member: " +
                            zip_file_strerror(member.file) + " (a corrupt file)" + fix);
      }
      if (n == 0) break;
      got += static_cast<std::size_t>(n);
    }
    if (got != bytes.size()) {
      throw invalid_input(source + ": the member ends after " + std::to_string(got) + " of " +
                          std::to_string(bytes.size()) + " bytes (a truncated file)" + fix);
    }
    arrays.emplace(name.substr(0, name.size() - 4), parse_npy(bytes, source));
  }
  return arrays;
}

}  // namespace hypershap
