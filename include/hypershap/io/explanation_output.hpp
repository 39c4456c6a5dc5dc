#pragma once
// Writes explanations for people (table) and programs (json, csv).
//
// json: exactly one object per explanation:
//   {"index": "FSII", "order": 2, "n_players": 7, "players": [...], "empty_set": "baseline",
//    "empty_value": v(∅), "grand_value": v(N),
//    "interactions": [{"coalition": [0, 3], "names": ["a", "d"], "value": x}, ...],
//    "r2": [R² for k = 1..]}
// and for an approximate explanation also "approximation" (the approximator), "budget" and a
// "standard_error" per interaction (csv: a standard_error column; table: a ± SE column).
// with every coalition up to the order (the empty one first, zeros included), by size and then
// lexicographically; several explanations are wrapped as {"explanations": [...]}.

#include <cstdint>
#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

#include "hypershap/explain/interaction_values.hpp"

namespace hypershap {

enum class OutputFormat { table, json, csv };

OutputFormat parse_output_format(std::string_view text);

struct Explanation {
  InteractionValues values;
  std::vector<double> r2;  // faithfulness R² for k = 1..r2.size()
  /// An approximation's standard errors (one per value), approximator and budget; empty: exact.
  std::vector<double> standard_errors{};
  std::string approximation{};
  std::uint64_t budget = 0;
  std::uint64_t evaluated_coalitions = 0;  // 0: not known (not stored)
};

void write_explanations(std::ostream& out, const std::vector<Explanation>& explanations,
                        OutputFormat format);

}  // namespace hypershap
