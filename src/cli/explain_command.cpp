// `hypershap explain GAME [--game NAME | --line N | --where KEY=VALUE...] --index NAME --order K
// [--format table|json|csv]`

#include <limits>
#include <memory>
#include <ostream>

#include "command.hpp"
#include "game_source.hpp"
#include "hypershap/core/error.hpp"
#include "hypershap/explain/faithfulness.hpp"
#include "hypershap/explain/shapley_interactions.hpp"
#include "hypershap/io/explanation_output.hpp"
#include "hypershap/io/game_json.hpp"

namespace hypershap::cli {

namespace {

struct ExplainOptions {
  std::string game_path;
  std::string game_name;
  GameSelection selection;
  std::string index = "all";
  int order = 2;
  std::string format = "table";
  std::string empty_set = "baseline";
  int r2_order = not_given;  // default_r2_max_order
  static constexpr int not_given = std::numeric_limits<int>::min();
};

/// A sparse stored game: the approximate explanations its run stored, each value with its
/// standard error (the sample holds too few coalitions to compute other indices here).
int explain_sparse(const ExplainOptions& options, const GameSource& source, const Streams& io) {
  const OutputFormat format = parse_output_format(options.format);
  const bool all = options.index == "all" || options.index == "ALL";
  const std::optional<Index> wanted =
      all ? std::nullopt : std::optional<Index>(parse_index(options.index));
  std::vector<Explanation> explanations;
  std::string stored;
  for (const StoredExplanation& e : source.store->explanations) {
    stored += (stored.empty() ? "" : ", ") + explanation_key(e.values);
    if (wanted && e.values.index != *wanted) continue;
    explanations.push_back({e.values, e.r2, e.standard_errors, e.approximation, e.budget, 0});
  }
  if (explanations.empty())
    throw invalid_input(options.game_path + ": game " + source.name + " is approximate (" +
                        std::to_string(source.store->stored.spec.sample.size()) +
                        " sampled coalitions) and its run stored " +
                        (stored.empty() ? std::string("no explanation yet (run its job to the end)")
                                        : "only " + stored) +
                        "; choose one of those with --index, or add the index to the job's "
                        "[explain] indices and run it again");
  write_explanations(io.out, explanations, format);
  return to_int(ExitCode::success);
}

int run_explain(const ExplainOptions& options, const Streams& io) {
  const GameSource source =
      read_game_source(options.game_path, options.game_name, options.selection);
  if (source.store && source.store->stored.spec.sparse())
    return explain_sparse(options, source, io);
  const GameTable& game = source.game;
  const int n = game.n();
  if (options.order < 1 || options.order > n) {
    throw invalid_input("--order " + std::to_string(options.order) + " is out of range for " +
                        options.game_path + ": its game has " + std::to_string(n) +
                        " players, so the order must be between 1 and " + std::to_string(n));
  }
  const OutputFormat format = parse_output_format(options.format);
  const EmptySetConvention convention = parse_empty_set_convention(options.empty_set);
  const std::vector<Index> indices = (options.index == "all" || options.index == "ALL")
                                         ? all_indices()
                                         : std::vector<Index>{parse_index(options.index)};
  if (options.r2_order != ExplainOptions::not_given && options.r2_order < 0)
    throw invalid_input("--r2-order " + std::to_string(options.r2_order) +
                        " is negative; give 0 (no R²) up to the number of players, or leave it "
                        "out for the default");
  if (options.r2_order > n) {
    throw invalid_input("--r2-order " + std::to_string(options.r2_order) + " exceeds the " +
                        std::to_string(n) + " players of " + options.game_path);
  }

  const std::vector<InteractionValues> results = explain(game, indices, options.order, convention);
  const int r2_order = options.r2_order != ExplainOptions::not_given
                           ? options.r2_order
                           : default_r2_max_order(n, options.order);
  const std::vector<double> r2 =
      r2_order > 0 ? faithfulness_r2(game, r2_order) : std::vector<double>{};

  std::vector<Explanation> explanations;
  for (const auto& values : results) explanations.push_back({values, r2});
  write_explanations(io.out, explanations, format);
  return to_int(ExitCode::success);
}

}  // namespace

void add_explain_command(CLI::App& app, Action& chosen) {
  auto options = std::make_shared<ExplainOptions>();
  CLI::App* sub = app.add_subcommand("explain",
                                     "Explain a game (a JSON, JSON-lines or .npz game, or a game "
                                     "of a result store): "
                                     "Möbius transform, Shapley values and Shapley interactions");
  sub->add_option("SOURCE", options->game_path,
                  "A result store written by 'hypershap run'; a JSON game: {\"players\": [...], "
                  "\"coalition_masks\": [...], \"values\": [...]}; a JSON-lines file of such "
                  "games (the HyperSHAP paper's games.jsonl); or a shapiq/HyperSHAP .npz game")
      ->required();
  sub->add_option("--game", options->game_name,
                  "With a result store: the game to explain (needed when it holds several); one "
                  "game (report and export take several)");
  add_game_selection_options(*sub, options->selection);
  sub->add_option("--index", options->index,
                  "Moebius, SV, BV, SII, k-SII, STII, FSII, FBII (any case), or all")
      ->capture_default_str();
  sub->add_option("--order", options->order, "Interaction order k (SV and BV are order 1)")
      ->capture_default_str();
  sub->add_option("--format", options->format, "table (for people), json or csv")
      ->capture_default_str();
  sub->add_option("--empty-set", options->empty_set,
                  "How I(∅) is reported: baseline (v(∅) for every index) or shapiq (its "
                  "ExactComputer's values: a mean of v for SII and BV, FBII's intercept)")
      ->capture_default_str();
  sub->add_option("--r2-order", options->r2_order,
                  "Report the faithfulness R² of FSII for k = 1..this order (0: none; default: "
                  "every k up to n for n <= 16, up to --order beyond)");
  sub->callback([&chosen, options] {
    chosen = [options](const Streams& io) { return run_explain(*options, io); };
  });
}

}  // namespace hypershap::cli
