#pragma once
// The shared reference_io_onnxruntime.csv files: per row, the configuration (hp:*), the exact
// tensors fed to onnxruntime (x_cat:*, x_cont:*) and its outputs (y:*).

#include <doctest/doctest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace hypershap::test {

struct ReferenceCsv {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;

  /// Indices of the columns whose name starts with `prefix`, in file order.
  std::vector<std::size_t> columns(const std::string& prefix) const {
    std::vector<std::size_t> found;
    for (std::size_t i = 0; i < header.size(); ++i)
      if (header[i].rfind(prefix, 0) == 0) found.push_back(i);
    return found;
  }
  /// The names after the prefix.
  std::vector<std::string> names(const std::string& prefix) const {
    std::vector<std::string> found;
    for (const std::size_t i : columns(prefix)) found.push_back(header[i].substr(prefix.size()));
    return found;
  }
  std::size_t column(const std::string& name) const {
    for (std::size_t i = 0; i < header.size(); ++i)
      if (header[i] == name) return i;
    FAIL("no column " << name);
    return 0;
  }
};

inline std::vector<std::string> split_csv_line(const std::string& line) {
  std::vector<std::string> fields;
  std::string field;
  std::istringstream in(!line.empty() && line.back() == '\r' ? line.substr(0, line.size() - 1)
                                                             : line);
  while (std::getline(in, field, ',')) fields.push_back(field);
  if (line.find_last_not_of("\r") != std::string::npos && line[line.find_last_not_of("\r")] == ',')
    fields.emplace_back();
  return fields;
}

inline ReferenceCsv read_reference_csv(const std::filesystem::path& path) {
  std::ifstream file(path);
  REQUIRE_MESSAGE(file.good(), "cannot open " << path.string());
  ReferenceCsv csv;
  std::string line;
  std::getline(file, line);
  csv.header = split_csv_line(line);
  while (std::getline(file, line)) {
    if (line.empty()) continue;
    csv.rows.push_back(split_csv_line(line));
    REQUIRE(csv.rows.back().size() == csv.header.size());
  }
  return csv;
}

/// |got - expected| <= relative * |expected| + absolute.
inline bool close(double got, double expected, double relative, double absolute) {
  return std::abs(got - expected) <= relative * std::abs(expected) + absolute;
}

}  // namespace hypershap::test
