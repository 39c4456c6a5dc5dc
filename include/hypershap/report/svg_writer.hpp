#pragma once
// A small SVG writer: elements with attributes, every text XML-escaped and every number written
// finitely (a NaN or an infinity would make a browser drop the element; it is written as 0).

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace hypershap::report {

/// `text` with &, <, >, " and ' escaped and the control characters XML forbids removed.
std::string xml_escape(std::string_view text);

/// A coordinate or length: at most two decimals, no exponent, "0" for NaN and infinities.
std::string format_number(double x);

/// A value for people: `digits` significant digits, "n/a" for NaN and infinities.
std::string format_value(double x, int digits = 3);

/// The first `max_chars` code points of UTF-8 `text`, with "…" as the last one when cut.
std::string truncate_utf8(std::string_view text, std::size_t max_chars);

/// The number of code points of UTF-8 `text`.
std::size_t utf8_length(std::string_view text);

/// A short name for a hyperparameter, as in the paper (learning_rate -> L-R, momentum -> Mom).
std::string abbreviate(std::string_view name);

/// Abbreviations of `names`, made unique by a numeric suffix where two would be equal.
std::vector<std::string> abbreviate_all(const std::vector<std::string>& names);

struct Attribute {
  std::string name;
  std::string value;  // unescaped
};

inline Attribute attr(std::string name, std::string value) {
  return {std::move(name), std::move(value)};
}
inline Attribute attr(std::string name, const char* value) { return {std::move(name), value}; }
inline Attribute attr(std::string name, double value) {
  return {std::move(name), format_number(value)};
}
inline Attribute attr(std::string name, int value) {
  return {std::move(name), std::to_string(value)};
}

class SvgWriter {
 public:
  /// An <svg> of the given size; `title` is its accessible name (<title>).
  SvgWriter(double width, double height, std::string_view title);

  void open(std::string_view tag, const std::vector<Attribute>& attributes = {});
  void close();
  /// <tag ...>text</tag>, or <tag .../> when text is empty.
  void element(std::string_view tag, const std::vector<Attribute>& attributes,
               std::string_view text = {});
  /// An element with a <title> child, which browsers show on hover.
  void element_with_title(std::string_view tag, const std::vector<Attribute>& attributes,
                          std::string_view title, std::string_view text = {});

  void line(double x1, double y1, double x2, double y2, const std::string& stroke, double width,
            std::vector<Attribute> extra = {});
  void rect(double x, double y, double w, double h, const std::string& fill,
            std::vector<Attribute> extra = {});
  void text(double x, double y, std::string_view content, std::string_view anchor = "start",
            double size = 12, std::vector<Attribute> extra = {});

  /// The document, every open element closed.
  std::string finish();

 private:
  void write_attributes(const std::vector<Attribute>& attributes);
  std::string out_;
  std::vector<std::string> open_;
};

}  // namespace hypershap::report
