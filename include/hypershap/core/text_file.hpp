#pragma once
// Reading a whole input file (job files, games, spaces, run histories, CSV) with one error for
// every reader.

#include <filesystem>
#include <string>

namespace hypershap {

/// The whole text of `file`; io_error naming it and `what` it is when it cannot be read.
std::string read_text_file(const std::filesystem::path& file, const std::string& what);

}  // namespace hypershap
