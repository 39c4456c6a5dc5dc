// `hypershap aggregate STORE... --op mean|median|min|max|quantile:Q -o OUT [--game NAME]`: the
// multi-dataset game (HyperSHAP, Definition 5) of one game's result stores on several instances.

#include <filesystem>
#include <memory>
#include <ostream>
#include <sstream>

#include "command.hpp"
#include "hypershap/core/error.hpp"
#include "hypershap/explain/shapley_interactions.hpp"
#include "hypershap/io/explanation_output.hpp"
#include "hypershap/service/aggregate.hpp"
#include "hypershap/store/store.hpp"

namespace hypershap::cli {

namespace {

struct AggregateOptions {
  std::vector<std::string> stores;
  std::string op = "mean";
  std::string output;
  std::string game;
  std::string indices;  // comma-separated; empty: those of the first store
  int order = 0;
  std::string empty_set = "baseline";
};

std::vector<Index> parse_indices(const std::string& text) {
  std::vector<Index> indices;
  if (text.empty()) return indices;
  if (text == "all" || text == "ALL") return all_indices();
  std::stringstream list(text);
  std::string name;
  while (std::getline(list, name, ',')) indices.push_back(parse_index(name));
  return indices;
}

int run_aggregate(const AggregateOptions& options, const Streams& io) {
  AggregateRequest request;
  for (std::size_t i = 0; i < options.stores.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      // the same file under any spelling (./a.h5, a link to it) would count one instance twice
      std::error_code error;
      if (options.stores[i] == options.stores[j] ||
          std::filesystem::equivalent(options.stores[i], options.stores[j], error))
        throw invalid_input("STORE " + options.stores[i] + " is the same file as STORE " +
                            options.stores[j] +
                            ": each instance's store may be given once (aggregating a store "
                            "twice would weigh its instance double)");
    }
    request.inputs.emplace_back(options.stores[i]);
  }
  request.aggregation = parse_aggregate_op(options.op);
  request.output = options.output;
  request.game = options.game;
  request.indices = parse_indices(options.indices);
  if (options.order < 0) throw invalid_input("--order must be at least 1");
  request.order = options.order;
  request.empty_set = parse_empty_set_convention(options.empty_set);

  const AggregateResult result = aggregate_stores(request);
  io.out << "hypershap aggregate: " << request.inputs.size() << " store"
         << (request.inputs.size() == 1 ? "" : "s") << " -> " << options.output << ", game '"
         << result.game_name << "' (" << result.kind << ", " << result.game.n() << " players, "
         << options.op << " over the instances); explanations stored\n";
  const StoreReader reader(request.output);
  const std::vector<StoredExplanation> stored = reader.explanations(result.game_name);
  if (!stored.empty())
    write_explanations(io.out, {{stored.front().values, stored.front().r2}}, OutputFormat::table);
  return to_int(ExitCode::success);
}

}  // namespace

void add_aggregate_command(CLI::App& app, Action& chosen) {
  auto options = std::make_shared<AggregateOptions>();
  CLI::App* sub = app.add_subcommand(
      "aggregate",
      "Build the multi-dataset game v(S) = AGG_i v_i(S) of one game's result stores on several "
      "instances (HyperSHAP, Definition 5) into a new result store, with its explanations");
  sub->add_option("STORE", options->stores,
                  "Result stores of the same game (same kind, players and space), one per "
                  "instance, every coalition done")
      ->required()
      ->expected(1, -1);
  sub->add_option("--op", options->op,
                  "How the instances' values of a coalition are combined: mean, median, min, "
                  "max or quantile:Q (0 <= Q <= 1, linear interpolation as numpy)")
      ->capture_default_str();
  sub->add_option("-o,--output", options->output,
                  "The new result store (its game is named <game>-<op>, e.g. tunability-mean)")
      ->required();
  sub->add_option("--game", options->game,
                  "The game to aggregate when the stores hold several (default: the only one)");
  sub->add_option("--index", options->indices,
                  "Explanations to store, comma-separated (SV,FSII,...) or all (default: those "
                  "of the first store; SV,FSII,k-SII when it has none)");
  sub->add_option("--order", options->order,
                  "Interaction order (default: that of the first store's explanations, else 2)");
  sub->add_option("--empty-set", options->empty_set, "How I(∅) is reported: baseline or shapiq")
      ->capture_default_str();
  sub->callback([&chosen, options] {
    chosen = [options](const Streams& io) { return run_aggregate(*options, io); };
  });
}

}  // namespace hypershap::cli
