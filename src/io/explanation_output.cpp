#include "hypershap/io/explanation_output.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <numeric>
#include <ostream>
#include <string>

#include "hypershap/core/error.hpp"

namespace hypershap {

namespace {

using json = nlohmann::ordered_json;

std::string joined_names(const InteractionValues& v, Coalition s, const char* separator) {
  std::string text;
  for (const int i : members(s)) {
    if (!text.empty()) text += separator;
    text += v.players[static_cast<std::size_t>(i)];
  }
  return text;
}

json to_json(const Explanation& e) {
  const InteractionValues& v = e.values;
  json interactions = json::array();
  for (std::size_t i = 0; i < v.coalitions.size(); ++i) {
    json names = json::array();
    for (const int p : members(v.coalitions[i]))
      names.push_back(v.players[static_cast<std::size_t>(p)]);
    interactions.push_back(
        {{"coalition", members(v.coalitions[i])}, {"names", names}, {"value", v.values[i]}});
    if (!e.standard_errors.empty()) interactions.back()["standard_error"] = e.standard_errors[i];
  }
  json result = {{"index", name_of(v.index)},
                 {"order", v.order},
                 {"n_players", v.n()},
                 {"players", v.players},
                 {"empty_set", name_of(v.convention)},
                 {"empty_value", v.empty_value},
                 {"grand_value", v.grand_value},
                 {"interactions", interactions},
                 {"r2", e.r2}};
  if (!e.approximation.empty()) {
    result["approximation"] = e.approximation;
    result["budget"] = e.budget;
  }
  return result;
}

std::string format_number(double x) {
  char text[32];
  std::snprintf(text, sizeof text, "%.6g", x);
  return text;
}

void write_table(std::ostream& out, const Explanation& e) {
  const InteractionValues& v = e.values;
  out << name_of(v.index) << " (order " << v.order << ") on " << v.n() << " players\n";
  out << "  v(∅) = " << format_number(v.empty_value)
      << "    v(N) = " << format_number(v.grand_value)
      << "    v(N) - v(∅) = " << format_number(v.grand_value - v.empty_value) << "\n";
  const bool approximate = !e.standard_errors.empty();
  if (approximate)
    out << "  approximated by " << e.approximation << " with a budget of " << e.budget
        << " coalitions"
        << (e.evaluated_coalitions > 0
                ? " (" + std::to_string(e.evaluated_coalitions) + " evaluated)"
                : std::string())
        << "; ± one standard error\n";
  if (v.convention == EmptySetConvention::shapiq || v.values.front() != v.empty_value)
    out << "  I(∅) = " << format_number(v.values.front()) << " (" << name_of(v.convention)
        << " convention)\n";

  std::vector<std::size_t> order(v.coalitions.size() - 1);
  std::iota(order.begin(), order.end(), std::size_t{1});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return std::fabs(v.values[a]) > std::fabs(v.values[b]);
  });
  // An index of a player the game never uses is 0 in exact arithmetic; its sum of ± terms leaves
  // residue of the order of 1e-16 × the values' scale, which the table shows as 0 (JSON and CSV
  // keep the computed doubles).
  double scale = std::max(std::fabs(v.empty_value), std::fabs(v.grand_value));
  for (const double x : v.values) scale = std::max(scale, std::fabs(x));
  const auto shown = [&](double x) { return std::fabs(x) <= 1e-12 * scale ? 0.0 : x; };
  std::size_t width = 11;
  for (const std::size_t i : order)
    width = std::max(width, joined_names(v, v.coalitions[i], " x ").size());
  out << "  " << std::string("coalition") << std::string(width - 9 + 2, ' ') << "value"
      << (approximate ? "         ± SE" : "") << "\n";
  for (const std::size_t i : order) {
    const std::string names = joined_names(v, v.coalitions[i], " x ");
    out << "  " << names << std::string(width - names.size() + 2, ' ');
    if (approximate) {
      const std::string value = format_number(shown(v.values[i]));
      out << value << std::string(value.size() < 14 ? 14 - value.size() : 1, ' ') << "± "
          << format_number(e.standard_errors[i]) << "\n";
    } else {
      out << format_number(shown(v.values[i])) << "\n";
    }
  }
  if (!e.r2.empty()) {
    out << "  faithfulness R² of FSII by order:";
    for (std::size_t k = 0; k < e.r2.size(); ++k)
      out << "  " << k + 1 << ": " << format_number(e.r2[k]);
    out << "\n";
  }
}

std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\n") == std::string::npos) return text;
  std::string quoted = "\"";
  for (const char c : text) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

}  // namespace

OutputFormat parse_output_format(std::string_view text) {
  if (text == "table") return OutputFormat::table;
  if (text == "json") return OutputFormat::json;
  if (text == "csv") return OutputFormat::csv;
  throw invalid_input("unknown --format '" + std::string(text) + "'; use table, json or csv");
}

void write_explanations(std::ostream& out, const std::vector<Explanation>& explanations,
                        OutputFormat format) {
  switch (format) {
    case OutputFormat::json: {
      if (explanations.size() == 1) {
        out << to_json(explanations.front()).dump() << "\n";
      } else {
        json all = json::array();
        for (const auto& e : explanations) all.push_back(to_json(e));
        out << json{{"explanations", all}}.dump() << "\n";
      }
      return;
    }
    case OutputFormat::csv: {
      bool any_approximate = false;
      for (const auto& e : explanations)
        any_approximate = any_approximate || !e.standard_errors.empty();
      out << "index,order,size,coalition,names,value" << (any_approximate ? ",standard_error" : "")
          << "\n";
      char number[32];
      for (const auto& e : explanations) {
        const InteractionValues& v = e.values;
        for (std::size_t i = 0; i < v.coalitions.size(); ++i) {
          std::string ids;
          for (const int p : members(v.coalitions[i]))
            ids += (ids.empty() ? "" : "|") + std::to_string(p);
          std::snprintf(number, sizeof number, "%.17g", v.values[i]);
          out << name_of(v.index) << "," << v.order << "," << size_of(v.coalitions[i]) << "," << ids
              << "," << csv_field(joined_names(v, v.coalitions[i], "|")) << "," << number;
          if (any_approximate) {
            if (e.standard_errors.empty()) {
              out << ",0";
            } else {
              std::snprintf(number, sizeof number, "%.17g", e.standard_errors[i]);
              out << "," << number;
            }
          }
          out << "\n";
        }
      }
      return;
    }
    case OutputFormat::table:
      for (std::size_t i = 0; i < explanations.size(); ++i) {
        if (i > 0) out << "\n";
        write_table(out, explanations[i]);
      }
      return;
  }
}

}  // namespace hypershap
