#pragma once
// The inputs every layout must survive: long names, 2 and 25 players, all-zero values,
// negative-only values, one dominant value, and interactions of order 3.

#include <cmath>
#include <string>
#include <vector>

#include "hypershap/core/coalition.hpp"
#include "hypershap/report/report_input.hpp"

namespace hypershap::test {

/// An explanation up to `order` whose value for S is value_of(S) (no game behind it: a store
/// reader may hand the report exactly this).
template <typename F>
InteractionValues synthetic_values(const std::vector<std::string>& players, int order, Index index,
                                   F value_of) {
  InteractionValues v;
  v.index = index;
  v.order = order;
  v.players = players;
  v.coalitions = coalitions_up_to(static_cast<int>(players.size()), order, true);
  for (const Coalition s : v.coalitions) v.values.push_back(s == 0 ? 0.0 : value_of(s));
  v.empty_value = 0.25;
  double sum = v.empty_value;
  for (std::size_t k = 0; k < v.coalitions.size(); ++k)
    if (v.coalitions[k] != 0) sum += v.values[k];
  v.grand_value = sum;
  return v;
}

inline std::vector<std::string> player_names(int n) {
  std::vector<std::string> names;
  for (int i = 0; i < n; ++i) names.push_back("hp_" + std::to_string(i));
  return names;
}

/// A report input without game values: the primary explanation, its Shapley values and R².
template <typename F>
report::ReportInput synthetic_input(const std::string& title, std::vector<std::string> players,
                                    int order, F value_of) {
  report::ReportInput input;
  input.title = title;
  input.game_kind = "tunability";
  input.game.players = players;
  const InteractionValues primary = synthetic_values(players, order, Index::fsii, value_of);
  std::vector<double> r2;
  for (std::size_t k = 1; k <= players.size(); ++k)
    r2.push_back(k == players.size() ? 1.0 : 1.0 - 1.0 / static_cast<double>(k + 1));
  input.explanations.push_back({primary, r2});
  input.explanations.push_back({synthetic_values(players, 1, Index::sv, value_of), r2});
  return input;
}

struct NastyCase {
  std::string name;
  report::ReportInput input;
};

inline std::vector<NastyCase> nasty_cases() {
  std::vector<NastyCase> cases;
  const auto mixed = [](Coalition s) {
    const double x = std::sin(1.7 * static_cast<double>(s) + 0.3);
    return x / static_cast<double>(size_of(s));
  };
  cases.push_back(
      {"long-names",
       synthetic_input("long <names> & \"quotes\"",
                       {"learning_rate_of_the_first_optimizer_stage_with_warmup_and_decay",
                        "batch size <per device> & \"accumulated\" over all the steps",
                        "Gr\u00f6\u00dfe der versteckten Schicht im zweiten Block", "momentum", "x",
                        "weight_decay_weight_decay_weight_decay_weight_decay"},
                       2, mixed)});
  cases.push_back({"two-players", synthetic_input("two", player_names(2), 2, mixed)});
  cases.push_back({"twenty-five-players", synthetic_input("25", player_names(25), 2, mixed)});
  cases.push_back(
      {"all-zero", synthetic_input("zero", player_names(5), 2, [](Coalition) { return 0.0; })});
  cases.push_back(
      {"negative-only", synthetic_input("negative", player_names(6), 2, [](Coalition s) {
         return -0.1 * static_cast<double>(s % 7 + 1);
       })});
  cases.push_back(
      {"single-dominant", synthetic_input("dominant", player_names(7), 2, [](Coalition s) {
         return s == 4 ? 1e6 : 1e-9 * static_cast<double>(s);
       })});
  cases.push_back({"order-three", synthetic_input("triples", player_names(6), 3, mixed)});
  return cases;
}

}  // namespace hypershap::test
