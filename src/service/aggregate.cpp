#include "hypershap/service/aggregate.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <sstream>
#include <stdexcept>
#include <utility>

#include "hypershap/core/error.hpp"
#include "hypershap/explain/faithfulness.hpp"
#include "hypershap/explain/shapley_interactions.hpp"
#include "hypershap/games/multi_dataset_game.hpp"
#include "hypershap/store/store.hpp"

namespace hypershap {

namespace {

std::string quoted_list(const std::vector<std::string>& names) {
  std::string text = "[";
  for (std::size_t i = 0; i < names.size(); ++i) text += (i == 0 ? "'" : ", '") + names[i] + "'";
  return text + "]";
}

/// A TOML basic string: the paths and names in the recorded job text stay parseable.
std::string toml_string(const std::string& text) {
  std::string quoted = "\"";
  for (const char c : text) {
    if (c == '"' || c == '\\') quoted += '\\';
    quoted += c;
  }
  return quoted + "\"";
}

/// What differs between the players of two stores' games, in words.
std::string player_difference(const std::vector<std::string>& first,
                              const std::vector<std::string>& other) {
  if (first.size() != other.size()) {
    return std::to_string(other.size()) + " players " + quoted_list(other) + " instead of " +
           std::to_string(first.size()) + " " + quoted_list(first);
  }
  for (std::size_t i = 0; i < first.size(); ++i) {
    if (first[i] != other[i]) {
      return "player " + std::to_string(i) + " is '" + other[i] + "' instead of '" + first[i] +
             "' (players " + quoted_list(other) + " instead of " + quoted_list(first) +
             "; the players must be the same and in the same order)";
    }
  }
  return {};
}

/// The game to aggregate in `reader`: `wanted`, or the store's only game.
std::string chosen_game(const StoreReader& reader, const std::string& wanted) {
  const std::vector<std::string> names = reader.game_names();
  if (!wanted.empty()) {
    if (std::find(names.begin(), names.end(), wanted) == names.end()) {
      throw invalid_input(reader.path().string() + " has no game '" + wanted + "'; its games are " +
                          quoted_list(names));
    }
    return wanted;
  }
  if (names.size() != 1) {
    throw invalid_input(reader.path().string() + " holds " + std::to_string(names.size()) +
                        " games " + quoted_list(names) + "; choose one with --game NAME");
  }
  return names.front();
}

struct ExplanationRequest {
  std::vector<Index> indices;
  int order = 2;
  EmptySetConvention empty_set = EmptySetConvention::baseline;
};

/// The explanations of the output: those asked for, else those the first input holds.
ExplanationRequest explanation_request(const AggregateRequest& request, const StoreReader& first,
                                       const std::string& game, int n) {
  ExplanationRequest wanted;
  wanted.indices = request.indices;
  wanted.order = request.order;
  wanted.empty_set = request.empty_set;
  if (wanted.indices.empty() || wanted.order == 0) {
    std::vector<Index> stored;
    int stored_order = 0;
    for (const StoredExplanation& e : first.explanations(game)) {
      if (std::find(stored.begin(), stored.end(), e.values.index) == stored.end())
        stored.push_back(e.values.index);
      stored_order = std::max(stored_order, e.values.order);
    }
    if (wanted.indices.empty())
      wanted.indices =
          stored.empty() ? std::vector<Index>{Index::sv, Index::fsii, Index::k_sii} : stored;
    if (wanted.order == 0) wanted.order = stored_order == 0 ? 2 : stored_order;
  }
  wanted.order = std::min(wanted.order, n);
  check_explanation_request(n, wanted.order);
  return wanted;
}

}  // namespace

CoalitionBatch aggregate_stored_games(const std::vector<StoredGame>& games,
                                      const Aggregation& aggregation) {
  if (games.empty()) throw std::logic_error("aggregate_stored_games: no games");
  std::vector<std::vector<double>> values;
  for (const StoredGame& game : games) values.push_back(game.values);
  const std::vector<double> aggregated = aggregate_games(aggregation, values);
  CoalitionBatch batch;
  for (std::size_t s = 0; s < aggregated.size(); ++s) {
    std::uint64_t evaluations = 0;
    double seconds = 0.0;
    for (const StoredGame& game : games) {
      evaluations += game.evaluations.at(s);
      seconds += game.seconds.at(s);
    }
    batch.add(s, aggregated[s], evaluations, seconds);
  }
  return batch;
}

Aggregation parse_aggregate_op(std::string_view text) {
  const std::optional<Aggregation> a = parse_aggregation(text);
  if (a && a->op != Aggregation::Op::variance) return *a;
  if (text.substr(0, 9) == "quantile:") {
    throw invalid_input("--op '" + std::string(text) +
                        "': the quantile must be a number between 0 and 1, e.g. quantile:0.25");
  }
  throw invalid_input("unknown --op '" + std::string(text) +
                      "'; use mean, median, min, max or quantile:Q (0 <= Q <= 1)");
}

std::string game_suffix(const Aggregation& aggregation) {
  // quantile:0.25 becomes quantile0.25 (no ':' in a game name)
  std::string text = to_text(aggregation);
  text.erase(std::remove(text.begin(), text.end(), ':'), text.end());
  return text;
}

AggregateResult aggregate_stores(const AggregateRequest& request) {
  if (request.inputs.empty()) throw invalid_input("aggregate needs at least one result store");
  for (const auto& input : request.inputs) {
    std::error_code ec;
    if (std::filesystem::equivalent(input, request.output, ec)) {
      throw invalid_input("the output " + request.output.string() +
                          " is one of the inputs; choose another -o");
    }
  }

  std::vector<StoreReader> readers;
  std::vector<StoredGame> games;
  for (const auto& input : request.inputs) {
    readers.emplace_back(input);
    games.push_back(readers.back().game(chosen_game(readers.back(), request.game)));
  }
  const StoreReader& first = readers.front();
  const GameSpec& spec = games.front().spec;
  for (std::size_t i = 0; i < readers.size(); ++i) {
    const std::string where = readers[i].path().string() + " game '" + games[i].spec.name + "'";
    const std::string against = " (" + first.path().string() + " game '" + spec.name + "')";
    if (games[i].spec.kind != spec.kind) {
      throw invalid_input("cannot aggregate: " + where + " is of kind '" + games[i].spec.kind +
                          "', not '" + spec.kind + "'" + against + "; aggregate games of one kind");
    }
    const std::string players = player_difference(spec.players, games[i].spec.players);
    if (!players.empty())
      throw invalid_input("cannot aggregate: " + where + " has " + players + against);
    if (readers[i].metadata().configuration_space_json !=
        first.metadata().configuration_space_json) {
      throw invalid_input("cannot aggregate: " + readers[i].path().string() +
                          " has another configuration space than " + first.path().string() +
                          "; aggregate stores of the same space");
    }
    if (!games[i].complete()) {
      throw invalid_input("cannot aggregate: " + where + " is incomplete (" +
                          std::to_string(games[i].done_count()) + " of " +
                          std::to_string(games[i].done.size()) +
                          " coalitions done); finish it with 'hypershap run' on its job first");
    }
    for (std::size_t s = 0; s < games[i].values.size(); ++s) {
      if (!std::isfinite(games[i].values[s])) {
        throw invalid_input("cannot aggregate: " + where + " has the value " +
                            std::to_string(games[i].values[s]) + " for coalition " +
                            std::to_string(s) + "; aggregate games with finite values");
      }
    }
  }

  AggregateResult result;
  result.game_name = spec.name + "-" + game_suffix(request.aggregation);
  result.kind = spec.kind;
  result.game.players = spec.players;
  const CoalitionBatch batch = aggregate_stored_games(games, request.aggregation);
  result.game.values = batch.values;  // in coalition order

  const int n = spec.n();
  const ExplanationRequest wanted = explanation_request(request, first, spec.name, n);

  // The job text records what the output was made of: a rerun with other inputs is refused.
  std::ostringstream job;
  job << "# hypershap aggregate: the multi-dataset game (HyperSHAP, Definition 5)\n"
      << "[aggregate]\n"
      << "op = " << toml_string(game_suffix(request.aggregation)) << "\n"
      << "game = " << toml_string(spec.name) << "\n"
      << "kind = " << toml_string(spec.kind) << "\n"
      << "output_game = " << toml_string(result.game_name) << "\n"
      << "order = " << wanted.order << "\n"
      << "indices = [";
  for (std::size_t i = 0; i < wanted.indices.size(); ++i)
    job << (i == 0 ? "" : ", ") << toml_string(std::string(name_of(wanted.indices[i])));
  job << "]\nempty_set = " << toml_string(std::string(name_of(wanted.empty_set))) << "\n";
  for (const StoreReader& reader : readers) {
    job << "\n[[aggregate.inputs]]\n"
        << "store = "
        << toml_string(std::filesystem::absolute(reader.path()).lexically_normal().string())
        << "\njob_hash = " << toml_string(reader.metadata().job_hash) << "\n";
  }

  if (!request.output.parent_path().empty()) {
    std::error_code ec;
    std::filesystem::create_directories(request.output.parent_path(), ec);
    if (ec) {
      throw io_error("cannot create the folder " + request.output.parent_path().string() +
                     " for the output (" + ec.message() + "); choose a writable -o");
    }
  }
  StoreWriter writer(request.output,
                     JobDescription{job.str(), first.metadata().configuration_space_json, ""},
                     {GameSpec{result.game_name, spec.kind, spec.players, 0}});
  writer.write_batch(result.game_name, batch);
  const std::vector<double> r2 =
      faithfulness_r2(result.game, default_r2_max_order(n, wanted.order));
  for (const InteractionValues& values :
       explain(result.game, wanted.indices, wanted.order, wanted.empty_set))
    writer.write_explanation(result.game_name, {values, r2});
  writer.close();
  return result;
}

}  // namespace hypershap
