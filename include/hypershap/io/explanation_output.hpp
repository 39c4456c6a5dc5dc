#pragma once
// Writes explanations for people (table) and programs (json, csv).
//
// json: exactly one object per explanation:
//   {"index": "FSII", "order": 2, "n_players": 7, "players": [...], "empty_set": "baseline",
//    "empty_value": v(∅), "grand_value": v(N),
//    "interactions": [{"coalition": [0, 3], "names": ["a", "d"], "value": x}, ...],
//    "r2": [R² for k = 1..]}
// with every coalition up to the order (the empty one first, zeros included), by size and then
// lexicographically; several explanations are wrapped as {"explanations": [...]}.

#include <iosfwd>
#include <string_view>
#include <vector>

#include "hypershap/explain/interaction_values.hpp"

namespace hypershap {

enum class OutputFormat { table, json, csv };

OutputFormat parse_output_format(std::string_view text);

struct Explanation {
  InteractionValues values;
  std::vector<double> r2;  // faithfulness R² for k = 1..r2.size()
};

void write_explanations(std::ostream& out, const std::vector<Explanation>& explanations,
                        OutputFormat format);

}  // namespace hypershap
