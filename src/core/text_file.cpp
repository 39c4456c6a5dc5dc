#include "hypershap/core/text_file.hpp"

#include <fstream>
#include <sstream>

#include "hypershap/core/error.hpp"

namespace hypershap {

std::string read_text_file(const std::filesystem::path& file, const std::string& what) {
  std::ifstream in(file, std::ios::binary);
  if (!in)
    throw io_error(file.string() + ": cannot open " + what +
                   "; check that the file exists and is readable");
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) throw io_error(file.string() + ": reading " + what + " failed");
  return text.str();
}

}  // namespace hypershap
