#include "hypershap/report/svg_writer.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <set>

namespace hypershap::report {

std::string xml_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default:
        // XML 1.0 allows tab, newline and carriage return among the C0 controls, and no others.
        if (byte < 0x20 && c != '\t' && c != '\n' && c != '\r') break;
        out += c;
    }
  }
  return out;
}

std::string format_number(double x) {
  if (!std::isfinite(x)) return "0";
  // Coordinates far outside any figure are clamped: they would only overflow a renderer.
  if (x > 1e7) x = 1e7;
  if (x < -1e7) x = -1e7;
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.2f", x);
  std::string s = buffer;
  while (!s.empty() && s.back() == '0') s.pop_back();
  if (!s.empty() && s.back() == '.') s.pop_back();
  if (s == "-0") s = "0";
  return s;
}

std::string format_value(double x, int digits) {
  if (!std::isfinite(x)) return "n/a";
  if (x == 0.0) return "0";
  char buffer[48];
  std::snprintf(buffer, sizeof buffer, "%.*g", digits, x);
  return buffer;
}

namespace {

bool is_continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0U) == 0x80U; }

}  // namespace

std::size_t utf8_length(std::string_view text) {
  std::size_t count = 0;
  for (const char c : text)
    if (!is_continuation(c)) ++count;
  return count;
}

std::string truncate_utf8(std::string_view text, std::size_t max_chars) {
  if (utf8_length(text) <= max_chars) return std::string(text);
  if (max_chars == 0) return {};
  std::size_t kept = 0;
  std::size_t end = 0;
  while (end < text.size()) {
    if (!is_continuation(text[end])) {
      if (kept == max_chars - 1) break;
      ++kept;
    }
    ++end;
  }
  return std::string(text.substr(0, end)) + "\u2026";
}

namespace {

// The first `count` code points of `text`, without an ellipsis.
std::string prefix_utf8(std::string_view text, std::size_t count) {
  std::size_t kept = 0;
  std::size_t end = 0;
  while (end < text.size()) {
    if (!is_continuation(text[end])) {
      if (kept == count) break;
      ++kept;
    }
    ++end;
  }
  return std::string(text.substr(0, end));
}

}  // namespace

std::string abbreviate(std::string_view name) {
  // Words are runs of letters and digits (non-ASCII UTF-8 counts as a letter), split also at a
  // lower-to-upper case change (camelCase).
  std::vector<std::string> words;
  std::string word;
  for (std::size_t i = 0; i < name.size(); ++i) {
    const auto c = static_cast<unsigned char>(name[i]);
    const bool separator = c < 0x80 && std::isalnum(c) == 0;
    const bool camel =
        i > 0 && std::isupper(c) != 0 && std::islower(static_cast<unsigned char>(name[i - 1])) != 0;
    if (separator || camel) {
      if (!word.empty()) words.push_back(word);
      word.clear();
      if (separator) continue;
    }
    word += name[i];
  }
  if (!word.empty()) words.push_back(word);
  if (words.empty()) return prefix_utf8(name, 3);
  const auto capital = [](std::string w) {
    if (!w.empty() && std::islower(static_cast<unsigned char>(w.front())) != 0)
      w.front() = static_cast<char>(std::toupper(static_cast<unsigned char>(w.front())));
    return w;
  };
  if (words.size() == 1) return capital(prefix_utf8(words.front(), 3));
  std::string out;
  for (std::size_t i = 0; i < words.size() && i < 4; ++i) {
    if (i > 0) out += '-';
    // A number is kept whole: hyperparameter_10 is H-10, not H-1.
    const bool number = std::all_of(words[i].begin(), words[i].end(), [](char c) {
      return std::isdigit(static_cast<unsigned char>(c)) != 0;
    });
    out += number ? words[i] : capital(prefix_utf8(words[i], 1));
  }
  return out;
}

std::vector<std::string> abbreviate_all(const std::vector<std::string>& names) {
  std::vector<std::string> out;
  std::set<std::string> used;
  for (const auto& name : names) {
    std::string a = abbreviate(name);
    if (a.empty()) a = "?";
    std::string candidate = a;
    for (int suffix = 2; used.count(candidate) != 0; ++suffix)
      candidate = a + std::to_string(suffix);
    used.insert(candidate);
    out.push_back(candidate);
  }
  return out;
}

SvgWriter::SvgWriter(double width, double height, std::string_view title) {
  out_ += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + format_number(width) +
          "\" height=\"" + format_number(height) + "\" viewBox=\"0 0 " + format_number(width) +
          " " + format_number(height) +
          "\" font-family=\"Helvetica, Arial, sans-serif\" role=\"img\">\n";
  open_.emplace_back("svg");
  out_ += "<title>" + xml_escape(title) + "</title>\n";
  rect(0, 0, width, height, "#ffffff");
}

void SvgWriter::write_attributes(const std::vector<Attribute>& attributes) {
  for (const auto& a : attributes) out_ += " " + a.name + "=\"" + xml_escape(a.value) + "\"";
}

void SvgWriter::open(std::string_view tag, const std::vector<Attribute>& attributes) {
  out_ += "<" + std::string(tag);
  write_attributes(attributes);
  out_ += ">\n";
  open_.emplace_back(tag);
}

void SvgWriter::close() {
  if (open_.size() <= 1) return;  // the <svg> itself is closed by finish()
  out_ += "</" + open_.back() + ">\n";
  open_.pop_back();
}

void SvgWriter::element(std::string_view tag, const std::vector<Attribute>& attributes,
                        std::string_view text) {
  out_ += "<" + std::string(tag);
  write_attributes(attributes);
  if (text.empty()) {
    out_ += "/>\n";
  } else {
    out_ += ">" + xml_escape(text) + "</" + std::string(tag) + ">\n";
  }
}

void SvgWriter::element_with_title(std::string_view tag, const std::vector<Attribute>& attributes,
                                   std::string_view title, std::string_view text) {
  out_ += "<" + std::string(tag);
  write_attributes(attributes);
  out_ += "><title>" + xml_escape(title) + "</title>" + xml_escape(text) + "</" + std::string(tag) +
          ">\n";
}

void SvgWriter::line(double x1, double y1, double x2, double y2, const std::string& stroke,
                     double width, std::vector<Attribute> extra) {
  std::vector<Attribute> a{attr("x1", x1), attr("y1", y1),         attr("x2", x2),
                           attr("y2", y2), attr("stroke", stroke), attr("stroke-width", width)};
  a.insert(a.end(), extra.begin(), extra.end());
  element("line", a);
}

void SvgWriter::rect(double x, double y, double w, double h, const std::string& fill,
                     std::vector<Attribute> extra) {
  // A negative width or height is an error in SVG; draw the same box from its other corner.
  if (w < 0) {
    x += w;
    w = -w;
  }
  if (h < 0) {
    y += h;
    h = -h;
  }
  std::vector<Attribute> a{attr("x", x), attr("y", y), attr("width", w), attr("height", h),
                           attr("fill", fill)};
  a.insert(a.end(), extra.begin(), extra.end());
  element("rect", a);
}

void SvgWriter::text(double x, double y, std::string_view content, std::string_view anchor,
                     double size, std::vector<Attribute> extra) {
  std::vector<Attribute> a{attr("x", x), attr("y", y), attr("font-size", size),
                           attr("text-anchor", std::string(anchor))};
  a.insert(a.end(), extra.begin(), extra.end());
  if (content.empty()) return;
  element("text", a, content);
}

std::string SvgWriter::finish() {
  while (open_.size() > 1) close();
  if (!open_.empty()) {
    out_ += "</svg>\n";
    open_.clear();
  }
  return out_;
}

}  // namespace hypershap::report
