#pragma once
// CSV files (RFC 4180): a header row naming the columns, then one row per record. Run histories
// and `hypershap evaluate` read them; `hypershap evaluate` writes them.

#include <cstddef>
#include <filesystem>
#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

#include "hypershap/core/text_file.hpp"

namespace hypershap {

/// The records of `text`: fields separated by commas, records by LF, CRLF or CR; a field in
/// double quotes may hold commas, line breaks and doubled quotes. Blank lines are skipped.
/// invalid_input naming `source` for a quote that is never closed. `first_lines`, when given,
/// receives the line of the file each record starts on (1 for the first line).
std::vector<std::vector<std::string>> parse_csv_records(
    std::string_view text, const std::string& source,
    std::vector<std::size_t>* first_lines = nullptr);

/// A header and the rows under it, each row as wide as the header; cells keep their text,
/// names and cells are trimmed of surrounding spaces and tabs.
struct CsvTable {
  std::vector<std::string> header;  // empty for an empty file
  std::vector<std::vector<std::string>> rows;
  /// The line of the file each row starts on: what every message about a row names ("line 7";
  /// the header is on line 1 unless blank lines precede it).
  std::vector<std::size_t> lines;

  /// The position of column `name`, -1 when there is none.
  int column(const std::string& name) const;
};

/// The table in `text` (a UTF-8 byte order mark is dropped); invalid_input naming `source` for an
/// unnamed or repeated column or a row whose width differs from the header's. An empty text
/// gives an empty table: what an empty file means is the caller's to say.
CsvTable parse_csv_table(std::string_view text, const std::string& source);

/// One field as CSV: quoted when it holds a comma, a quote, a line break or surrounding spaces.
std::string csv_field(std::string_view text);
/// One record and its line break (LF).
void write_csv_record(std::ostream& out, const std::vector<std::string>& fields);

}  // namespace hypershap
