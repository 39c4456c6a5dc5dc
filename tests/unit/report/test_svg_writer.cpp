#include <doctest/doctest.h>

#include <cmath>
#include <limits>

#include "hypershap/report/svg_writer.hpp"

using namespace hypershap::report;

TEST_CASE("xml_escape escapes markup and drops the control characters XML forbids") {
  CHECK(xml_escape("a<b>&\"c'") == "a&lt;b&gt;&amp;&quot;c&apos;");
  CHECK(xml_escape(std::string("x\x01y\tz\n", 6)) == "xy\tz\n");
  CHECK(xml_escape("lernrate \u00e4\u2205") == "lernrate \u00e4\u2205");  // UTF-8 kept
}

TEST_CASE("format_number writes finite, short numbers and 0 for NaN and infinities") {
  CHECK(format_number(1.0) == "1");
  CHECK(format_number(-2.5) == "-2.5");
  CHECK(format_number(0.126) == "0.13");
  CHECK(format_number(-0.001) == "0");
  CHECK(format_number(std::nan("")) == "0");
  CHECK(format_number(std::numeric_limits<double>::infinity()) == "0");
  CHECK(format_number(1e300) == "10000000");
  CHECK(format_value(std::nan("")) == "n/a");
  CHECK(format_value(0.123456, 3) == "0.123");
  CHECK(format_value(-1e-20, 2) == "-1e-20");
}

TEST_CASE("truncate_utf8 counts code points and never splits one") {
  CHECK(truncate_utf8("learning_rate", 20) == "learning_rate");
  CHECK(truncate_utf8("learning_rate", 5) == "lear\u2026");
  CHECK(utf8_length(truncate_utf8("\u00e4\u00e4\u00e4\u00e4\u00e4\u00e4", 4)) == 4);
  CHECK(truncate_utf8("\u00e4\u00e4\u00e4\u00e4\u00e4\u00e4", 4) == "\u00e4\u00e4\u00e4\u2026");
  CHECK(truncate_utf8("abc", 0).empty());
}

TEST_CASE("abbreviations follow the paper's style and are unique") {
  CHECK(abbreviate("learning_rate") == "L-R");
  CHECK(abbreviate("optimizer-momentum") == "O-M");
  CHECK(abbreviate("batchSize") == "B-S");
  CHECK(abbreviate("momentum") == "Mom");
  CHECK(abbreviate("lr") == "Lr");
  CHECK(abbreviate("hyperparameter_10") == "H-10");           // numbers are kept whole
  CHECK(abbreviate("batch size <per device>") == "B-S-P-D");  // punctuation separates
  CHECK(abbreviate("Gr\u00f6\u00dfe") == "Gr\u00f6");         // code points, not bytes
  const auto a = abbreviate_all({"learning_rate", "layer_ratio", "momentum", "moment"});
  CHECK(a == std::vector<std::string>{"L-R", "L-R2", "Mom", "Mom2"});
}

TEST_CASE("SvgWriter closes what it opened and escapes attributes and text") {
  SvgWriter svg(100, 50, "a <title>");
  svg.open("g", {attr("class", "x\"y")});
  svg.text(1, 2, "a&b");
  svg.rect(10, 10, -5, -5, "#000000");  // a negative size is drawn from the other corner
  const std::string out = svg.finish();
  CHECK(out.find("<title>a &lt;title&gt;</title>") != std::string::npos);
  CHECK(out.find("class=\"x&quot;y\"") != std::string::npos);
  CHECK(out.find(">a&amp;b</text>") != std::string::npos);
  CHECK(out.find("x=\"5\" y=\"5\" width=\"5\" height=\"5\"") != std::string::npos);
  CHECK(out.find("</g>\n</svg>") != std::string::npos);
}
