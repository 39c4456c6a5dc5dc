#include "hypershap/io/csv.hpp"

#include <ostream>

#include "hypershap/core/error.hpp"

namespace hypershap {

namespace {

std::string trim(const std::string& s) {
  const auto first = s.find_first_not_of(" \t");
  if (first == std::string::npos) return "";
  return s.substr(first, s.find_last_not_of(" \t") - first + 1);
}

}  // namespace

std::vector<std::vector<std::string>> parse_csv_records(std::string_view text,
                                                        const std::string& source,
                                                        std::vector<std::size_t>* first_lines) {
  std::vector<std::vector<std::string>> records;
  std::vector<std::string> record;
  std::string field;
  bool quoted = false;
  bool field_started = false;
  std::size_t line = 1;
  std::size_t record_line = 1;  // where the record being read started
  const auto end_record = [&] {
    record.push_back(field);
    field.clear();
    field_started = false;
    const bool blank = record.size() == 1 && record.front().empty();
    if (!blank) {
      records.push_back(record);
      if (first_lines != nullptr) first_lines->push_back(record_line);
    }
    record.clear();
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          field += '"';
          ++i;
        } else {
          quoted = false;
        }
      } else {
        if (c == '\n') ++line;
        field += c;
      }
    } else if (c == '"' && !field_started) {
      quoted = true;
      field_started = true;
    } else if (c == ',') {
      record.push_back(field);
      field.clear();
      field_started = false;
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      end_record();
      ++line;
      record_line = line;
    } else {
      field += c;
      field_started = true;
    }
  }
  if (quoted)
    throw invalid_input(source + ": a quoted field is not closed by line " + std::to_string(line) +
                        "; close the quote");
  if (field_started || !record.empty()) end_record();
  return records;
}

int CsvTable::column(const std::string& name) const {
  for (std::size_t c = 0; c < header.size(); ++c)
    if (header[c] == name) return static_cast<int>(c);
  return -1;
}

CsvTable parse_csv_table(std::string_view text, const std::string& source) {
  // a UTF-8 byte order mark (spreadsheet exports) is not part of the first column's name
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  std::vector<std::size_t> first_lines;
  std::vector<std::vector<std::string>> records = parse_csv_records(text, source, &first_lines);
  CsvTable table;
  if (records.empty()) return table;
  for (const std::string& name : records.front()) table.header.push_back(trim(name));
  const std::vector<std::string>& header = table.header;
  for (std::size_t c = 0; c < header.size(); ++c) {
    if (header[c].empty())
      throw invalid_input(source + ": column " + std::to_string(c + 1) +
                          " of the header has no name; name every column");
    for (std::size_t d = 0; d < c; ++d)
      if (header[d] == header[c])
        throw invalid_input(source + ": column '" + header[c] +
                            "' appears twice in the header; give every column its own name");
  }
  for (std::size_t r = 1; r < records.size(); ++r) {
    std::vector<std::string>& record = records[r];
    if (record.size() != header.size())
      throw invalid_input(source + ": line " + std::to_string(first_lines[r]) + " has " +
                          std::to_string(record.size()) + " fields, the header " +
                          std::to_string(header.size()) + "; give every row one field per column");
    for (std::string& cell : record) cell = trim(cell);
    table.rows.push_back(std::move(record));
    table.lines.push_back(first_lines[r]);
  }
  return table;
}

std::string csv_field(std::string_view text) {
  const bool plain = text.find_first_of(",\"\r\n") == std::string_view::npos &&
                     (text.empty() || (text.front() != ' ' && text.front() != '\t' &&
                                       text.back() != ' ' && text.back() != '\t'));
  if (plain) return std::string(text);
  std::string quoted = "\"";
  for (const char c : text) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + '"';
}

void write_csv_record(std::ostream& out, const std::vector<std::string>& fields) {
  for (std::size_t i = 0; i < fields.size(); ++i) out << (i ? "," : "") << csv_field(fields[i]);
  out << '\n';
}

}  // namespace hypershap
