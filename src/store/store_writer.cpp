#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <map>
#include <numeric>
#include <stdexcept>

#include "file_lock.hpp"
#include "hypershap/core/error.hpp"
#include "hypershap/core/memory.hpp"
#include "hypershap/core/version.hpp"
#include "hypershap/store/store.hpp"
#include "integrity.hpp"
#include "schema.hpp"
#include "sparse_game.hpp"

namespace hypershap {

namespace {

struct GameState {
  GameSpec spec;
  std::vector<std::uint8_t> done;  // the done flags as flushed
  std::size_t done_count = 0;
  h5::Dataset values, done_flags, evaluations, seconds, best_configurations;
  h5::Dataset checksums;  // schema version 2 only
};

std::string describe(const GameSpec& spec) {
  std::string players;
  for (const std::string& p : spec.players) players += (players.empty() ? "" : ",") + p;
  return "kind " + spec.kind + ", players " + players + ", configuration dimension " +
         std::to_string(spec.configuration_dimension) +
         (spec.sparse() ? ", a sample of " + std::to_string(spec.sample.size()) + " coalitions"
                        : std::string());
}

/// What rank 0 needs to complete the largest game, refused before the run rather than after it.
void require_rank0_memory(const std::filesystem::path& path, const std::vector<GameSpec>& games) {
  require_memory(store_needs(games).memory_bytes,
                 path.string() + ": completing and explaining the job's largest game on rank 0");
}

/// Refuses a store written by another job: by what determines the values when both the store and
/// the job say (so a moved store, or a job run from another folder, is the same job), else by
/// the job text's hash (stores written before identities were recorded).
void check_same_job(const std::filesystem::path& path, const StoreMetadata& stored,
                    const JobDescription& job) {
  const std::string fix = "; to start fresh, delete or rename " + path.string() +
                          " or choose another output; to resume it, run the job it was written "
                          "by (`hypershap inspect " +
                          path.string() + "` shows it)";
  if (!stored.job_identity.empty() && !job.identity.empty()) {
    if (stored.job_identity == job.identity) return;
    throw invalid_input(path.string() +
                        " was written by a different job: a key that changes the values, or "
                        "the content of an input file, differs (its job identity " +
                        job_hash(stored.job_identity) + ", this job's " + job_hash(job.identity) +
                        ")" + fix);
  }
  const std::string hash = job_hash(job.job_text);
  if (stored.job_hash == hash) return;
  throw invalid_input(
      path.string() + " was written by a different job (its job hash " + stored.job_hash +
      ", this job's " + hash + ")" + fix +
      (stored.job_identity.empty() && !job.identity.empty()
           ? ". This store was written before hypershap recorded what determines the values, "
             "so it knows its job by the job text, whose paths are relative to the job file: "
             "if only the job file or the store moved, run the job once with both where they "
             "were; the store then records the job's identity and may move"
           : ""));
}

}  // namespace

struct StoreWriter::Impl {
  std::filesystem::path path;
  bool created = false;
  StoreMetadata metadata;
  FileLock lock;
  h5::File file;  // declared before the games: datasets close first
  std::map<std::string, GameState> games;
  /// A write failed: HDF5's view of the file may be half updated, so it must not flush it again.
  bool failed = false;

  Impl(const std::filesystem::path& store_path, FileLock file_lock)
      : path(store_path), lock(std::move(file_lock)) {}
  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;
  ~Impl() {
    if (!failed) return;  // the handles close themselves, datasets before the file
    // After a failed write the file is left to the kernel, as after a SIGKILL (which the store
    // survives): closing it through HDF5 would flush metadata that may be half written.
    for (auto& entry : games) {
      GameState& state = entry.second;
      for (h5::Dataset* dataset : {&state.values, &state.done_flags, &state.evaluations,
                                   &state.seconds, &state.best_configurations, &state.checksums})
        dataset->release();
    }
    file.release();
  }

  /// Runs a write on the file; a failure marks the writer failed (see ~Impl) and propagates.
  template <typename Body>
  void guarded(Body&& body) {
    if (failed)
      throw io_error(path.string() + ": an earlier write failed; " + store_schema::write_fix());
    try {
      body();
    } catch (...) {
      failed = true;
      throw;
    }
  }

  /// A run killed while HDF5 flushed a new explanation can leave the game's explanations group
  /// unreadable (its heap or object header half written; the coalition datasets are untouched).
  /// Explanations are written again whenever a run completes a game, so such a group is moved
  /// aside (to explanations_damaged_K: deleting it would have to read it) and replaced by an
  /// empty one.
  void renew_damaged_explanations(const std::string& name) {
    const h5::Group games_group = h5::open_group(file.id(), store_schema::games_group);
    const h5::Group group = h5::open_group(games_group.id(), name);
    try {
      const h5::Group explanations = h5::open_group(group.id(), store_schema::explanations_group);
      for (const std::string& key : h5::link_names(explanations.id()))
        store_schema::read_explanation(explanations.id(), key, game(name).spec.players);
      return;
    } catch (const h5::Failure&) {
    }
    guarded([&] {
      store_schema::translate(
          path, "replace the damaged explanations of game " + name,
          [&] {
            std::string aside;
            for (int k = 1; aside.empty() || h5::link_exists(group.id(), aside); ++k)
              aside =
                  std::string(store_schema::explanations_group) + "_damaged_" + std::to_string(k);
            h5::move_link(group.id(), store_schema::explanations_group, aside);
            h5::create_group(group.id(), store_schema::explanations_group);
            h5::sync(file);
          },
          store_schema::write_fix());
    });
  }

  /// Whether this store keeps a checksum per coalition (schema version 2; a resumed version 1
  /// store stays version 1).
  bool checksums() const { return metadata.schema_version >= 2; }

  GameState& game(const std::string& name) {
    const auto it = games.find(name);
    if (it == games.end())
      throw std::invalid_argument("store " + path.string() + ": no game \"" + name + "\"");
    return it->second;
  }

  void open_game(const std::string& name, GameSpec spec) {
    GameState state;
    const h5::Group games_group = h5::open_group(file.id(), store_schema::games_group);
    const h5::Group group = h5::open_group(games_group.id(), name);
    const h5::PropertyList access = h5::uncached_dataset_access();
    state.values = h5::open_dataset(group.id(), "values", access.id());
    state.done_flags = h5::open_dataset(group.id(), "done", access.id());
    state.evaluations = h5::open_dataset(group.id(), "evaluations", access.id());
    state.seconds = h5::open_dataset(group.id(), "seconds", access.id());
    if (spec.configuration_dimension > 0)
      state.best_configurations = h5::open_dataset(group.id(), "best_configurations", access.id());
    if (checksums())
      state.checksums = h5::open_dataset(group.id(), store_schema::checksums_dataset, access.id());
    state.done = h5::read_uint8s(group.id(), "done");
    state.done_count =
        static_cast<std::size_t>(std::count(state.done.begin(), state.done.end(), 1));
    state.spec = std::move(spec);
    games.emplace(name, std::move(state));
  }
};

StoreWriter::StoreWriter(const std::filesystem::path& path, const JobDescription& job,
                         const std::vector<GameSpec>& games) {
  for (std::size_t i = 0; i < games.size(); ++i) {
    store_schema::check_game_spec(games[i]);
    for (std::size_t j = 0; j < i; ++j)
      if (games[j].name == games[i].name)
        throw std::invalid_argument("store: game " + games[i].name + " is declared twice");
  }
  // the lock first: from here on no other writer creates, resumes or changes the store
  FileLock lock(path.string() + ".lock", path);
  impl_ = std::make_unique<Impl>(path, std::move(lock));
  const std::string hash = job_hash(job.job_text);
  std::error_code exists_error;
  if (std::filesystem::exists(path, exists_error)) {
    // read and check everything before opening for writing: a store that cannot be used is
    // never changed
    std::vector<GameSpec> missing;
    bool record_identity = false;
    {
      const StoreReader reader(path);
      impl_->metadata = reader.metadata();
      check_same_job(path, impl_->metadata, job);
      record_identity = impl_->metadata.job_identity.empty() && !job.identity.empty();
      const std::vector<std::string> stored = reader.game_names();
      for (const GameSpec& spec : games) {
        if (std::find(stored.begin(), stored.end(), spec.name) == stored.end()) {
          missing.push_back(spec);
          continue;
        }
        const GameSpec existing = reader.game(spec.name).spec;
        if (existing.kind != spec.kind || existing.players != spec.players ||
            existing.configuration_dimension != spec.configuration_dimension ||
            existing.sample != spec.sample)
          throw invalid_input(path.string() + ": game " + spec.name + " is stored with " +
                              describe(existing) + " but this job declares " + describe(spec) +
                              "; to start fresh, delete or rename " + path.string() +
                              " or choose another output");
      }
    }  // the reader closes the file before it is opened for writing
    if (::access(path.c_str(), W_OK) != 0) {
      const std::string reason = std::strerror(errno);
      throw io_error(path.string() + " cannot be resumed: it is read-only (" + reason +
                     "). It was not changed; to continue it, make it writable again (chmod u+w " +
                     path.string() +
                     ", or copy it to a writable folder and set job.output to "
                     "the copy); inspect, explain and report read it as it is");
    }
    std::size_t new_bytes = 0;
    for (const GameSpec& spec : missing) new_bytes += store_schema::game_bytes(spec);
    store_schema::require_disk_space(path, new_bytes);
    require_rank0_memory(path, games);
    impl_->file = store_schema::open_checked(path, true, impl_->metadata);
    if (record_identity)  // a store written before identities: from now on it may move
      impl_->guarded([&] {
        store_schema::translate(
            path, "record the job's identity",
            [&] {
              h5::write_attribute(impl_->file.id(), "job_identity", job.identity);
              h5::flush(impl_->file);
            },
            store_schema::write_fix());
        impl_->metadata.job_identity = job.identity;
      });
    if (!missing.empty())
      impl_->guarded([&] {
        store_schema::translate(
            path, "add games to it",
            [&] {
              const h5::Group games_group =
                  h5::open_group(impl_->file.id(), store_schema::games_group);
              for (const GameSpec& spec : missing)
                store_schema::create_game(games_group.id(), spec, impl_->checksums());
              h5::flush(impl_->file);
            },
            store_schema::write_fix());
      });
    store_schema::translate(path, "open its games", [&] {
      const h5::Group games_group = h5::open_group(impl_->file.id(), store_schema::games_group);
      for (const std::string& name : h5::link_names(games_group.id()))
        impl_->open_game(name, store_schema::read_spec(games_group.id(), name));
    });
    for (const std::string& name : game_names()) impl_->renew_damaged_explanations(name);
    return;
  }

  // A new store is written under a temporary name and renamed into place once complete; a
  // leftover temporary file is from a creation that was interrupted (we hold the lock).
  impl_->created = true;
  StoreMetadata& metadata = impl_->metadata;
  metadata.schema = store_schema_name;
  metadata.schema_version = store_schema_version;
  metadata.software_version = std::string(version());
  metadata.git_sha = std::string(git_sha());
  metadata.created_utc = utc_now_iso8601();
  metadata.host = host_name();
  metadata.job_text = job.job_text;
  metadata.job_hash = hash;
  metadata.job_identity = job.identity;
  metadata.configuration_space_json = job.configuration_space_json;
  std::size_t bytes = 0;
  for (const GameSpec& spec : games) bytes += store_schema::game_bytes(spec);
  store_schema::require_disk_space(path, bytes);
  require_rank0_memory(path, games);
  const std::filesystem::path temporary = path.string() + ".creating";
  std::filesystem::remove(temporary, exists_error);
  store_schema::translate(
      temporary, "create the store " + path.string(),
      [&] {
        h5::File file = h5::create_file(temporary.string(), h5::file_access(false));
        try {
          store_schema::write_metadata(file.id(), metadata);
          {
            const h5::Group games_group = h5::create_group(file.id(), store_schema::games_group);
            for (const GameSpec& spec : games)
              store_schema::create_game(games_group.id(), spec, impl_->checksums());
          }  // every object closed: H5Fclose below really closes (and flushes) the file
          h5::sync(file);
          h5::close(file);
          // read back before it takes the final name: a write the file system refused
          // silently must not leave a broken store there
          StoreMetadata written;
          const h5::File check = store_schema::open_checked(temporary, false, written);
          const h5::Group games_group = h5::open_group(check.id(), store_schema::games_group);
          for (const GameSpec& spec : games) store_schema::read_spec(games_group.id(), spec.name);
        } catch (...) {
          // never at the final path; HDF5 must not flush the half-created file again
          file.release();
          std::error_code ignored;
          std::filesystem::remove(temporary, ignored);
          throw;
        }
      },
      "Check that the folder is writable and has free space, then run the job again");
  std::error_code rename_error;
  std::filesystem::rename(temporary, path, rename_error);
  if (rename_error)
    throw io_error(temporary.string() + ": cannot rename the new store to " + path.string() + " (" +
                   rename_error.message() + "); check the folder's permissions");
  StoreMetadata reread;
  impl_->file = store_schema::open_checked(path, true, reread);
  store_schema::translate(path, "open its games", [&] {
    for (const GameSpec& spec : games) impl_->open_game(spec.name, spec);
  });
}

StoreWriter::~StoreWriter() = default;
StoreWriter::StoreWriter(StoreWriter&&) noexcept = default;
StoreWriter& StoreWriter::operator=(StoreWriter&&) noexcept = default;

const std::filesystem::path& StoreWriter::path() const { return impl_->path; }
bool StoreWriter::created() const { return impl_->created; }
const StoreMetadata& StoreWriter::metadata() const { return impl_->metadata; }

std::vector<std::string> StoreWriter::game_names() const {
  std::vector<std::string> names;
  for (const auto& entry : impl_->games) names.push_back(entry.first);
  return names;
}

const GameSpec& StoreWriter::spec(const std::string& game) const { return impl_->game(game).spec; }

bool StoreWriter::is_done(const std::string& game, Coalition s) const {
  const GameState& state = impl_->game(game);
  const auto slot = store_schema::slot_of(state.spec, s);
  return slot && state.done[*slot] != 0;
}

std::size_t StoreWriter::done_count(const std::string& game) const {
  return impl_->game(game).done_count;
}

std::vector<Coalition> StoreWriter::missing_coalitions(const std::string& game) const {
  const GameState& state = impl_->game(game);
  std::vector<Coalition> missing;
  missing.reserve(state.done.size() - state.done_count);
  for (std::size_t slot = 0; slot < state.done.size(); ++slot)
    if (state.done[slot] == 0) missing.push_back(state.spec.coalition_at(slot));
  return missing;
}

StoredGame StoreWriter::game(const std::string& game) const {
  impl_->game(game);  // refuses an unknown name
  return store_schema::translate(impl_->path, "read game " + game, [&] {
    const h5::Group games_group = h5::open_group(impl_->file.id(), store_schema::games_group);
    return store_schema::read_game(games_group.id(), game, impl_->path.string());
  });
}

void StoreWriter::write_batch(const std::string& game, const CoalitionBatch& batch) {
  GameState& state = impl_->game(game);
  const std::size_t k = batch.size();
  const auto d = static_cast<std::size_t>(state.spec.configuration_dimension);
  const std::string where = "store " + impl_->path.string() + ", game " + game + ": ";
  if (batch.values.size() != k || batch.evaluations.size() != k || batch.seconds.size() != k)
    throw std::invalid_argument(where + "a batch's columns differ in length");
  if (batch.best_configurations.size() != k * d && !(batch.best_configurations.empty() && d == 0))
    throw std::invalid_argument(where + "a batch has " +
                                std::to_string(batch.best_configurations.size()) +
                                " configuration entries, expected " + std::to_string(k * d));
  if (k == 0) return;

  // increasing coalition order: neighbouring coalitions share chunks
  std::vector<std::size_t> order(k);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return batch.coalitions[a] < batch.coalitions[b];
  });
  std::vector<hsize_t> points(k);  // the entries (slots) of the coalitions, increasing
  std::vector<Coalition> masks(k);
  std::vector<double> values(k), seconds(k), configurations(k * d);
  std::vector<std::uint64_t> evaluations(k);
  for (std::size_t i = 0; i < k; ++i) {
    const std::size_t j = order[i];
    const Coalition s = batch.coalitions[j];
    const auto slot = store_schema::slot_of(state.spec, s);
    if (!slot)
      throw std::invalid_argument(where + "coalition " + std::to_string(s) +
                                  (state.spec.sparse()
                                       ? " is not in the game's sample"
                                       : " is not below 2^" + std::to_string(state.spec.n())));
    if (i > 0 && points[i - 1] == *slot)
      throw std::invalid_argument(where + "coalition " + std::to_string(s) +
                                  " appears twice in one batch");
    if (std::isinf(batch.values[j]))
      throw invalid_input(where + "coalition " + std::to_string(s) + " has the value " +
                          std::to_string(batch.values[j]) +
                          "; a value must be a finite number (the model's outputs or the game's "
                          "arithmetic overflowed: rescale the model's metric)");
    points[i] = *slot;
    masks[i] = s;
    values[i] = batch.values[j];
    seconds[i] = batch.seconds[j];
    evaluations[i] = batch.evaluations[j];
    std::copy_n(batch.best_configurations.begin() + static_cast<std::ptrdiff_t>(j * d), d,
                configurations.begin() + static_cast<std::ptrdiff_t>(i * d));
  }
  std::vector<std::uint32_t> checksums(k);
  bool rewrites_done = false;
  for (std::size_t i = 0; i < k; ++i) {
    checksums[i] = store_schema::coalition_checksum(masks[i], values[i], evaluations[i], seconds[i],
                                                    configurations.data() + i * d, d);
    rewrites_done = rewrites_done || state.done[static_cast<std::size_t>(points[i])] != 0;
  }

  impl_->guarded([&] {
    store_schema::translate(
        impl_->path, "write a batch of game " + game,
        [&] {
          const h5::Dataspace memory = h5::simple_space({static_cast<hsize_t>(k)});
          const h5::Dataspace selection = h5::dataset_space(state.values);
          h5::select_points(selection, 1, points);
          if (rewrites_done && state.checksums.valid()) {
            // Coalitions done before (the closure raising values) are marked not done while their
            // results and checksums change, so a kill in between leaves them to be computed again,
            // never a done coalition whose checksum does not match.
            const std::vector<std::uint8_t> not_done(k, 0);
            h5::write(state.done_flags, H5T_NATIVE_UINT8, memory, selection, not_done.data());
            h5::sync(impl_->file);
            for (const hsize_t s : points) {
              std::uint8_t& flag = state.done[static_cast<std::size_t>(s)];
              if (flag != 0) --state.done_count;
              flag = 0;
            }
          }
          h5::write(state.values, H5T_NATIVE_DOUBLE, memory, selection, values.data());
          h5::write(state.evaluations, H5T_NATIVE_UINT64, memory, selection, evaluations.data());
          h5::write(state.seconds, H5T_NATIVE_DOUBLE, memory, selection, seconds.data());
          if (state.checksums.valid())
            h5::write(state.checksums, H5T_NATIVE_UINT32, memory, selection, checksums.data());
          if (d > 0) {
            std::vector<hsize_t> cells;
            cells.reserve(2 * k * d);
            for (const hsize_t s : points)
              for (hsize_t c = 0; c < d; ++c) {
                cells.push_back(s);
                cells.push_back(c);
              }
            const h5::Dataspace rows = h5::dataset_space(state.best_configurations);
            h5::select_points(rows, 2, cells);
            h5::write(state.best_configurations, H5T_NATIVE_DOUBLE,
                      h5::simple_space({static_cast<hsize_t>(k * d)}), rows, configurations.data());
          }
          // the results reach the file before the flags that say they are there
          h5::flush(impl_->file);
          const std::vector<std::uint8_t> done(k, 1);
          h5::write(state.done_flags, H5T_NATIVE_UINT8, memory, selection, done.data());
          h5::flush(impl_->file);
        },
        store_schema::write_fix());
  });
  for (const hsize_t s : points) {
    std::uint8_t& flag = state.done[static_cast<std::size_t>(s)];
    if (flag == 0) ++state.done_count;
    flag = 1;
  }
}

void StoreWriter::write_explanation(const std::string& game, const StoredExplanation& explanation) {
  const GameState& state = impl_->game(game);
  if (explanation.values.players != state.spec.players)
    throw std::invalid_argument("store " + impl_->path.string() + ": an explanation of game " +
                                game + " names other players than the game");
  const std::string key = explanation_key(explanation.values);
  // The new objects get their disk space before HDF5 creates them: on a full disk the write is
  // refused here, with the store as it was, instead of failing halfway through HDF5's metadata.
  const InteractionValues& iv = explanation.values;
  // the data uncompressed, twice over, and HDF5's objects (a group, four datasets, attributes)
  const std::size_t bytes =
      2 * (iv.coalitions.size() * (8 + 8 + 4 * static_cast<std::size_t>(std::max(iv.order, 1))) +
           8 * explanation.r2.size()) +
      64 * 1024;
  const auto reserve = [&] {
    if (impl_->failed) return;
    if (const int error = h5::reserve(impl_->file, bytes); error != 0)
      throw resource_limit(
          impl_->path.string() + ": no room to store explanation " + key + " of game " + game +
          " (about " + format_bytes(static_cast<double>(bytes)) +
          " needed: " + std::strerror(error) + "); the store was not changed. Free space on " +
          "its file system, then run the job again to store the explanations");
  };
  reserve();
  impl_->guarded([&] {
    store_schema::translate(
        impl_->path, "write explanation " + key + " of game " + game,
        [&] {
          const h5::Group games_group = h5::open_group(impl_->file.id(), store_schema::games_group);
          const h5::Group group = h5::open_group(games_group.id(), game);
          const h5::Group explanations =
              h5::open_group(group.id(), store_schema::explanations_group);
          if (h5::link_exists(explanations.id(), key)) {
            h5::delete_link(explanations.id(), key);
            h5::flush(
                impl_->file);  // the old one is unlinked on disk before its space can be reused
            reserve();         // the flush gave back what was reserved
          }
          store_schema::write_explanation(explanations.id(), explanation);
          h5::flush(impl_->file);
        },
        store_schema::write_fix());
  });
}

std::int64_t StoreWriter::file_id() const { return impl_->file.id(); }

void StoreWriter::close() {
  if (!impl_ || !impl_->file.valid()) return;
  if (impl_->failed) {  // already reported; the file is left to the kernel (~Impl)
    impl_.reset();
    return;
  }
  store_schema::translate(
      impl_->path, "close it",
      [&] {
        impl_->games.clear();
        h5::close(impl_->file);
      },
      store_schema::write_fix());
  impl_.reset();
}

}  // namespace hypershap
