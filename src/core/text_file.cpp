#include "hypershap/core/text_file.hpp"

#include <fstream>
#include <sstream>

#include "hypershap/core/error.hpp"

namespace hypershap {

std::string read_text_file(const std::filesystem::path& file, const std::string& what) {
  std::error_code error;
  if (std::filesystem::is_directory(file, error))
    throw io_error(file.string() + " is a folder, but " + what + " must be a file; name the file");
  std::ifstream in(file, std::ios::binary);
  if (!in)
    throw io_error(file.string() + ": cannot open " + what +
                   "; check that the file exists and is readable");
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) throw io_error(file.string() + ": reading " + what + " failed");
  // a stream swallows a failed allocation and stops: never go on with part of the file
  if (!text && !in.eof() && std::filesystem::file_size(file, error) > 0)
    throw resource_limit(file.string() + ": reading " + what +
                         " ran out of memory; run it where more memory is available");
  return text.str();
}

}  // namespace hypershap
