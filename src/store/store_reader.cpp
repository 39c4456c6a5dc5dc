#include <algorithm>
#include <cmath>

#include "hypershap/core/error.hpp"
#include "hypershap/core/memory.hpp"
#include "hypershap/store/store.hpp"
#include "integrity.hpp"
#include "schema.hpp"

namespace hypershap {

struct StoreReader::Impl {
  std::filesystem::path path;
  StoreMetadata metadata;
  h5::File file;
  h5::Group games;
};

StoreReader::StoreReader(const std::filesystem::path& path) : impl_(std::make_unique<Impl>()) {
  impl_->path = path;
  impl_->file = store_schema::open_checked(path, false, impl_->metadata);
  impl_->games = store_schema::translate(
      path, "read it", [&] { return h5::open_group(impl_->file.id(), store_schema::games_group); });
}

StoreReader::~StoreReader() = default;
StoreReader::StoreReader(StoreReader&&) noexcept = default;
StoreReader& StoreReader::operator=(StoreReader&&) noexcept = default;

const std::filesystem::path& StoreReader::path() const { return impl_->path; }
const StoreMetadata& StoreReader::metadata() const { return impl_->metadata; }

std::vector<std::string> StoreReader::game_names() const {
  return store_schema::translate(impl_->path, "list its games",
                                 [&] { return h5::link_names(impl_->games.id()); });
}

namespace {

void require_game(const std::filesystem::path& path, const std::vector<std::string>& names,
                  const std::string& name) {
  if (std::find(names.begin(), names.end(), name) != names.end()) return;
  std::string list;
  for (const std::string& known : names) list += (list.empty() ? "" : ", ") + known;
  throw invalid_input(path.string() + " has no game \"" + name +
                      "\"; its games are: " + (list.empty() ? std::string("(none)") : list));
}

}  // namespace

StoredGame StoreReader::game(const std::string& name) const {
  require_game(impl_->path, game_names(), name);
  return store_schema::translate(impl_->path, "read game " + name, [&] {
    return store_schema::read_game(impl_->games.id(), name, impl_->path.string());
  });
}

std::vector<std::string> StoreReader::explanation_keys(const std::string& game) const {
  require_game(impl_->path, game_names(), game);
  return store_schema::translate(impl_->path, "list the explanations of game " + game, [&] {
    const h5::Group group = h5::open_group(impl_->games.id(), game);
    const h5::Group explanations = h5::open_group(group.id(), store_schema::explanations_group);
    return h5::link_names(explanations.id());
  });
}

StoredExplanation StoreReader::explanation(const std::string& game, const std::string& key) const {
  const std::vector<std::string> keys = explanation_keys(game);
  if (std::find(keys.begin(), keys.end(), key) == keys.end()) {
    std::string list;
    for (const std::string& known : keys) list += (list.empty() ? "" : ", ") + known;
    throw invalid_input(impl_->path.string() + ": game " + game + " has no explanation " + key +
                        "; it has: " + (list.empty() ? std::string("(none)") : list));
  }
  return store_schema::translate(impl_->path, "read explanation " + key + " of game " + game, [&] {
    const GameSpec spec = store_schema::read_spec(impl_->games.id(), game);
    const h5::Group group = h5::open_group(impl_->games.id(), game);
    const h5::Group explanations = h5::open_group(group.id(), store_schema::explanations_group);
    return store_schema::read_explanation(explanations.id(), key, spec.players);
  });
}

std::vector<StoredExplanation> StoreReader::explanations(const std::string& game) const {
  std::vector<StoredExplanation> result;
  for (const std::string& key : explanation_keys(game)) result.push_back(explanation(game, key));
  return result;
}

StoreSummary StoreReader::summary() const {
  StoreSummary summary;
  summary.metadata = impl_->metadata;
  for (const std::string& name : game_names()) {
    StoreSummary::GameSummary entry;
    // the flags, counts and times only: values and configurations are not needed here
    store_schema::translate(impl_->path, "read game " + name, [&] {
      const GameSpec spec = store_schema::read_spec(impl_->games.id(), name);
      require_memory(spec.slots() * 17, impl_->path.string() + ": summing game " + name);
      const h5::Group group = h5::open_group(impl_->games.id(), name);
      const std::vector<std::uint8_t> done = h5::read_uint8s(group.id(), "done");
      const std::vector<std::uint64_t> evaluations = h5::read_uint64s(group.id(), "evaluations");
      const std::vector<double> seconds = h5::read_doubles(group.id(), "seconds");
      entry.name = name;
      entry.kind = spec.kind;
      entry.n = spec.n();
      entry.players = spec.players;
      entry.configuration_dimension = spec.configuration_dimension;
      entry.total = done.size();
      for (std::size_t s = 0; s < done.size(); ++s) {
        if (done[s] > 1)
          throw io_error(impl_->path.string() + " is damaged: game " + name +
                         " has the done flag " + std::to_string(done[s]) +
                         " (neither 0 nor 1) at coalition " + std::to_string(s) +
                         ". `hypershap check " + impl_->path.string() +
                         "` lists every problem; the file was not changed");
        if (done[s] == 0) continue;
        ++entry.done;
        entry.evaluations += evaluations[s];
        entry.seconds += seconds[s];
      }
    });
    entry.explanations = explanation_keys(name);
    summary.games.push_back(std::move(entry));
  }
  return summary;
}

std::vector<std::string> StoreReader::problems() const {
  std::vector<std::string> found;
  std::vector<std::string> names;
  try {
    names = game_names();
  } catch (const Error& error) {
    return {error.what()};
  }
  for (const std::string& name : names) {
    try {
      const StoredGame game = store_schema::translate(impl_->path, "read game " + name, [&] {
        return store_schema::read_game(impl_->games.id(), name, impl_->path.string(), false);
      });
      const std::vector<std::string> problems = store_schema::game_problems(game);
      found.insert(found.end(), problems.begin(), problems.end());
      const bool complete = problems.empty() && game.complete();
      const std::vector<std::string> keys = explanation_keys(name);
      for (const std::string& key : keys) {
        const StoredExplanation e = explanation(name, key);
        bool finite = std::isfinite(e.values.empty_value) && std::isfinite(e.values.grand_value);
        for (const double v : e.values.values) finite = finite && std::isfinite(v);
        if (!finite)
          found.push_back("game " + name + ": explanation " + key + " holds non-finite numbers");
        if (!complete)
          found.push_back("game " + name + ": explanation " + key +
                          " is stored but the game is not complete and sound");
      }
      // NaN marks a forbidden blend until the closure fills it; explained games have none
      if (complete && !keys.empty()) {
        for (std::size_t slot = 0; slot < game.values.size(); ++slot)
          if (std::isnan(game.values[slot])) {
            found.push_back("game " + name + ": explained but coalition " +
                            std::to_string(game.spec.coalition_at(slot)) +
                            " holds NaN (the values of an explained game are all numbers)");
            break;
          }
      }
    } catch (const Error& error) {
      found.push_back("game " + name + ": " + error.what());
    }
  }
  return found;
}

}  // namespace hypershap
