#include "hypershap/service/game_runner.hpp"

#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>
#include <ostream>
#include <stdexcept>

#include "hypershap/core/error.hpp"
#include "hypershap/explain/approximation.hpp"
#include "hypershap/explain/faithfulness.hpp"
#include "hypershap/explain/shapley_interactions.hpp"
#include "hypershap/games/multi_dataset_game.hpp"
#include "hypershap/io/explanation_output.hpp"
#include "hypershap/service/aggregate.hpp"
#include "hypershap/service/progress.hpp"
#include "hypershap/service/stop_signal.hpp"
#include "hypershap/store/store.hpp"

namespace hypershap {

namespace {

using Games = std::vector<const ExplanationGame*>;

/// The games of a store. A multi-dataset game (Definition 5) is not evaluated itself: its
/// instances' games are, as games of their own, and it is aggregated from them at completion
/// (service/aggregate's aggregate_stored_games, as `hypershap aggregate` does).
struct StoreGames {
  Games evaluated;  // what the schedule evaluates
  Games all;        // what the store holds and completion visits: `evaluated`, then the aggregates
};

StoreGames store_games(const std::vector<std::unique_ptr<ExplanationGame>>& games) {
  StoreGames result;
  Games aggregated;
  for (const auto& game : games) {
    const auto* multi = dynamic_cast<const MultiDatasetGame*>(game.get());
    if (multi == nullptr) {
      result.evaluated.push_back(game.get());
      continue;
    }
    for (const auto& instance : multi->instances()) result.evaluated.push_back(instance.get());
    aggregated.push_back(multi);
  }
  result.all = result.evaluated;
  result.all.insert(result.all.end(), aggregated.begin(), aggregated.end());
  for (std::size_t i = 0; i < result.all.size(); ++i)
    for (std::size_t j = 0; j < i; ++j)
      if (result.all[i]->name() == result.all[j]->name())
        throw invalid_input("two games of the job are stored as '" + result.all[i]->name() +
                            "' (a multi-dataset game stores GAME@INSTANCE for each instance); "
                            "rename one of them or list each instance once");
  return result;
}

/// HYPERSHAP_FAULT_INJECTION=RANK makes that rank's evaluations fail (README, "Testing the
/// failure paths"): how the tests check that one failing rank ends the whole job.
int fault_injection_rank() {
  const char* text = std::getenv("HYPERSHAP_FAULT_INJECTION");
  return text == nullptr ? -1 : std::atoi(text);
}

class GameEvaluator final : public BatchEvaluator {
 public:
  GameEvaluator(const Games& games, int rank)
      : games_(games), fail_(fault_injection_rank() == rank) {}

  BatchResult evaluate(const WorkBatch& batch) override {
    if (fail_) throw std::runtime_error("fault injected by HYPERSHAP_FAULT_INJECTION");
    const ExplanationGame& game = *games_.at(static_cast<std::size_t>(batch.game));
    const std::vector<CoalitionOutcome> outcomes = game.evaluate(batch.coalitions);
    BatchResult result;
    result.game = batch.game;
    for (std::size_t i = 0; i < outcomes.size(); ++i) {
      const CoalitionOutcome& o = outcomes[i];
      std::vector<double> best;
      if (game.has_best_configurations()) best.assign(o.best.data(), o.best.data() + o.best.size());
      result.add(batch.coalitions[i], o.value, o.evaluations, o.seconds, best);
    }
    return result;
  }

 private:
  const Games& games_;
  bool fail_;
};

class StoreSink final : public ResultSink {
 public:
  StoreSink(StoreWriter& writer, const Games& games) : writer_(writer), games_(games) {}
  int game_count() const override { return static_cast<int>(games_.size()); }
  std::vector<Coalition> missing(int game) const override {
    return writer_.missing_coalitions(games_[static_cast<std::size_t>(game)]->name());
  }
  void write(const BatchResult& result) override {
    writer_.write_batch(games_[static_cast<std::size_t>(result.game)]->name(), result);
  }
  bool sparse(int game) const override {
    return writer_.spec(games_[static_cast<std::size_t>(game)]->name()).sparse();
  }

 private:
  StoreWriter& writer_;
  const Games& games_;
};

/// A rank's failure reported by the master; its message begins with "rank R: ".
class RankFailure final : public Error {
 public:
  using Error::Error;
};

/// Runs `step` on this rank; every rank learns the worst exit code of all ranks. A failing rank
/// reports its own error (with its rank when there are several).
template <class Step>
int agreed(const Communicator& comm, std::ostream& err, Step&& step) {
  int code = 0;
  try {
    step();
  } catch (const std::exception& e) {
    code = exit_code_of(e);
    // a worker's failure reported by the master already names its rank
    const bool names_rank = dynamic_cast<const RankFailure*>(&e) != nullptr;
    err << "hypershap: " << (code == to_int(ExitCode::internal_error) ? "internal error" : "error")
        << (comm.size() > 1 && !names_rank ? " on rank " + std::to_string(comm.rank())
                                           : std::string())
        << (names_rank ? " on " : ": ") << e.what() << "\n"
        << std::flush;
  }
  return comm.max(code);
}

/// A sparse game after its last coalition: the job's explanations approximated from its sample,
/// stored with their standard errors. No closure: Tunability's subset-max closure needs every
/// subset, so an approximate Tunability game explains the per-coalition estimates.
void explain_sparse(const ExplainSpec& explanations, const ExplanationGame& game,
                    StoreWriter& writer, std::ostream& out) {
  const StoredGame stored = writer.game(game.name());
  const int n = stored.spec.n();
  stored.require_finite(writer.path());
  const std::vector<Approximation> approximations = approximate_explanations(
      explanations, n, game.setup().seed, [&](Coalition s) { return stored.sparse_value(s); });
  std::vector<Explanation> shown;
  for (std::size_t i = 0; i < approximations.size(); ++i) {
    const Approximation& a = approximations[i];
    StoredExplanation e;
    e.values = a.values;
    e.values.players = stored.spec.players;
    e.standard_errors = a.standard_errors;
    const Index index = explanations.indices[i];
    e.approximation = std::string(name_of(approximation_settings(explanations, index, 0).method));
    e.budget = explanations.budget;
    writer.write_explanation(game.name(), e);
    if (shown.empty())
      shown.push_back(
          {e.values, {}, e.standard_errors, e.approximation, e.budget, a.evaluated_coalitions});
  }
  out << "\ngame '" << game.name() << "' (" << game.kind() << ", " << n
      << " players): approximate explanations from " << stored.spec.sample.size()
      << " sampled coalitions stored\n";
  write_explanations(out, shown, OutputFormat::table);
}

/// The game after its last coalition: closure (written back) and the job's explanations.
void complete_and_explain(const ExplainSpec& explanations, const ExplanationGame& game,
                          StoreWriter& writer, std::ostream& out) {
  if (writer.spec(game.name()).sparse()) {
    explain_sparse(explanations, game, writer, out);
    return;
  }
  // a multi-dataset game: the aggregate of its instances' games, complete by now
  if (const auto* multi = dynamic_cast<const MultiDatasetGame*>(&game)) {
    std::vector<StoredGame> instances;
    for (const auto& instance : multi->instances())
      instances.push_back(writer.game(instance->name()));
    writer.write_batch(game.name(), aggregate_stored_games(instances, multi->aggregation()));
  }
  StoredGame stored = writer.game(game.name());
  std::vector<double> values = stored.values;
  std::vector<double> best = stored.best_configurations;
  const std::vector<Coalition> changed = game.complete(values, best);
  if (!changed.empty()) {
    CoalitionBatch batch;
    const auto d = static_cast<std::size_t>(stored.spec.configuration_dimension);
    for (const Coalition s : changed) {
      std::vector<double> row;
      if (d > 0)
        row.assign(best.begin() + static_cast<std::ptrdiff_t>(s * d),
                   best.begin() + static_cast<std::ptrdiff_t>((s + 1) * d));
      batch.add(s, values[s], stored.evaluations[s], stored.seconds[s], row);
    }
    writer.write_batch(game.name(), batch);
    stored.values = values;
  }

  const GameTable table = stored.to_game(writer.path());
  const int n = table.n();
  const int order = std::min(explanations.order, n);
  const std::vector<double> r2 = faithfulness_r2(table, default_r2_max_order(n, order));
  std::vector<Explanation> shown;
  for (const InteractionValues& explanation :
       explain(table, explanations.indices, order, explanations.empty_set)) {
    writer.write_explanation(game.name(), {explanation, r2});
    if (shown.empty()) shown.push_back({explanation, r2});
  }
  out << "\ngame '" << game.name() << "' (" << game.kind() << ", " << n << " players): ";
  if (!changed.empty()) out << changed.size() << " coalitions raised by the closure; ";
  out << "explanations stored\n";
  write_explanations(out, shown, OutputFormat::table);
}

/// The master's store, created or resumed, and the line that says which; `done` and `total`
/// count the coalitions of all games (progress counts the whole job, also on resume).
std::unique_ptr<StoreWriter> open_store(const RunRequest& request, const RunGames& assembled,
                                        const StoreGames& stored, const Communicator& comm,
                                        std::ostream& out, std::uint64_t& done,
                                        std::uint64_t& total) {
  const Games& games = stored.evaluated;
  std::vector<GameSpec> specs;
  for (const auto& game : stored.all) {
    specs.push_back({game->name(), std::string(game->kind()), game->player_names(),
                     game->has_best_configurations() ? game->space().size() : 0});
    if (!approximates(request.explain, game->n())) continue;
    if (dynamic_cast<const MultiDatasetGame*>(game) != nullptr ||
        game->name().find('@') != std::string::npos)
      throw invalid_input(request.label + ": game " + game->name() +
                          " is a multi-dataset game, which is explained exactly only; set "
                          "[explain] method = \"exact\" (at most " +
                          std::to_string(max_players) + " players) or explain one instance");
    // the sample: drawn from (n, [explain], job seed) alone, so every rank count and every
    // resume evaluates the same coalitions
    specs.back().sample = approximation_sample(request.explain, game->n(), game->setup().seed);
  }
  std::error_code ec;
  std::filesystem::create_directories(request.output.parent_path(), ec);
  if (ec) {
    throw io_error("cannot create the folder " + request.output.parent_path().string() +
                   " for the store (" + ec.message() + "); set [job] output to a writable place");
  }
  auto writer = std::make_unique<StoreWriter>(
      request.output,
      JobDescription{request.description, assembled.configuration_space_json, request.identity},
      specs);
  // a new store, or one written before the model's fit was recorded
  if (assembled.model_fit && !has_model_fit(*writer))
    write_model_fit(*writer, *assembled.model_fit);
  done = 0;
  total = 0;
  for (const auto& game : games) {
    done += writer->done_count(game->name());
    total += writer->spec(game->name()).slots();
  }
  out << "hypershap run: " << request.label << " -> " << request.output.string()
      << (writer->created() ? " (new)"
                            : " (resumed: " + std::to_string(done) + " of " +
                                  std::to_string(total) + " coalitions done)")
      << ", " << comm.size() << (comm.size() == 1 ? " rank\n" : " ranks\n");
  for (const std::string& line : assembled.model_notes) out << line << "\n";
  out << std::flush;
  return writer;
}

/// What the schedule did, in one line.
std::string schedule_summary(const ScheduleReport& report, int ranks) {
  char line[240];
  std::snprintf(
      line, sizeof line,
      "schedule: %llu coalitions in %.2f s on %d %s; the master evaluated %llu "
      "(%.0f%% of its time) and wrote the store (%.1f%%)\n",
      static_cast<unsigned long long>(report.coalitions), report.seconds, ranks,
      ranks == 1 ? "rank" : "ranks", static_cast<unsigned long long>(report.by_master),
      report.seconds > 0 ? 100.0 * report.master_seconds_evaluating / report.seconds : 0.0,
      report.seconds > 0 ? 100.0 * report.master_seconds_writing / report.seconds : 0.0);
  return line;
}

/// After a stop: the store closed, and how much of it is done.
void report_checkpoint(const RunRequest& request, const Games& games, StoreWriter& writer,
                       std::ostream& err) {
  writer.close();
  std::size_t done = 0, total = 0;
  StoreReader reader(request.output);
  for (const auto& game : games) {
    const StoredGame stored = reader.game(game->name());
    done += stored.done_count();
    total += stored.done.size();
  }
  err << "hypershap: stopped by a signal; " << done << " of " << total
      << " coalitions are stored in " << request.output.string()
      << ". Run the same command again to continue (exit code " << to_int(ExitCode::requeue)
      << ").\n";
}

}  // namespace

int run_games(const RunRequest& request, const Communicator& comm, const RunOptions& options,
              std::ostream& out, std::ostream& err) {
  install_stop_handlers();

  // Every rank loads the model and builds the games (models are loaded once per rank).
  RunGames assembled;
  StoreGames stored;
  int code = agreed(comm, err, [&] {
    assembled = request.assemble();
    stored = store_games(assembled.games);
  });
  const Games& games = stored.evaluated;
  if (code != 0) return code;

  // The master opens the store (creating or resuming it).
  std::unique_ptr<StoreWriter> writer;
  std::uint64_t done_before = 0, coalitions_in_all = 0;  // progress counts the whole job
  code = agreed(comm, err, [&] {
    if (comm.is_master())
      writer = open_store(request, assembled, stored, comm, out, done_before, coalitions_in_all);
  });
  if (code != 0) return code;

  // The schedule: every rank takes part; the master writes.
  GameEvaluator evaluator(games, comm.rank());
  std::unique_ptr<StoreSink> sink;
  std::unique_ptr<Progress> progress;
  RunOptions run_options = options;
  if (comm.is_master()) {
    sink = std::make_unique<StoreSink>(*writer, games);
    if (options.progress) {
      progress = std::make_unique<Progress>(err, isatty(STDERR_FILENO) != 0);
      run_options.schedule.progress = [&](std::uint64_t done, std::uint64_t) {
        progress->update(done_before + done, coalitions_in_all);
      };
    }
  }
  ScheduleReport report;
  code = agreed(comm, err,
                [&] { report = run_schedule(comm, evaluator, sink.get(), run_options.schedule); });
  if (code != 0) return code;

  code = agreed(comm, err, [&] {
    if (!comm.is_master()) return;
    if (progress) progress->finish(done_before + report.coalitions, coalitions_in_all);
    if (report.coalitions > 0) out << schedule_summary(report, comm.size());
    if (report.error) {
      throw RankFailure(static_cast<ExitCode>(report.error->code),
                        report.error->describe() +
                            "\n(what was stored stays valid; run the job again to continue "
                            "once the cause is fixed)");
    }
    if (report.stopped) return;
    for (const auto& game : stored.all) complete_and_explain(request.explain, *game, *writer, out);
    writer->close();
    out << "\nstore: " << request.output.string() << "\n";
  });
  if (code != 0) return code;

  // A stop on any rank checkpoints everyone: the master decided from the workers' results.
  const int stopped = comm.max(comm.is_master() && report.stopped ? 1 : 0);
  if (stopped != 0) {
    if (comm.is_master()) report_checkpoint(request, games, *writer, err);
    return to_int(ExitCode::requeue);
  }
  return to_int(ExitCode::success);
}

}  // namespace hypershap
