#include "schema.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "hypershap/core/error.hpp"
#include "hypershap/core/memory.hpp"
#include "hypershap/explain/index.hpp"
#include "integrity.hpp"
#include "sparse_game.hpp"

namespace hypershap::store_schema {

namespace {

// Per-coalition datasets are rewritten in place batch by batch. Uncompressed chunks allocated at
// creation keep every such write a raw overwrite at a fixed address: no chunk is ever moved or
// freed and no HDF5 metadata changes after creation, so a SIGKILL at any moment leaves the
// metadata as it was and loses at most the batch being written (README.md, "Storage and crash
// safety").
constexpr hsize_t coalition_chunk = 4096;

h5::Dataset create_coalition_dataset(hid_t game, const std::string& name, hid_t file_type,
                                     hid_t fill_type, const void* fill, hsize_t count,
                                     hsize_t columns) {
  std::vector<hsize_t> dims{count};
  std::vector<hsize_t> chunk{std::min(count, coalition_chunk)};
  if (columns > 0) {
    dims.push_back(columns);
    chunk = {std::clamp<hsize_t>(coalition_chunk / columns, 1, count), columns};
  }
  const h5::PropertyList creation =
      h5::dataset_creation(chunk, h5::Storage::preallocated, fill_type, fill);
  return h5::create_dataset(game, name, file_type, h5::simple_space(dims), creation);
}

}  // namespace

std::string unchanged_fix(const std::filesystem::path& path) {
  return "The file was not changed; to start fresh, move it away or delete it (or choose another "
         "output than " +
         path.string() + ")";
}

std::string write_fix() {
  return "What was written before is kept; check the free disk space and the file system, then "
         "run the job again to resume";
}

h5::File open_checked(const std::filesystem::path& path, bool writable, StoreMetadata& metadata) {
  std::error_code error;
  if (!std::filesystem::is_regular_file(path, error))
    throw io_error(path.string() + ": no such store (not a regular file); check the path");
  h5::File file = translate(path, "open it as an HDF5 file", [&] {
    return h5::open_file(path.string(), writable, h5::file_access(false));
  });
  const hid_t root = file.id();
  translate(path, "read its root attributes", [&] {
    if (!h5::attribute_exists(root, "schema") ||
        h5::read_string_attribute(root, "schema") != store_schema_name)
      throw io_error(path.string() + " is an HDF5 file but not a hypershap store (its root " +
                     "attribute schema is not \"" + store_schema_name + "\"). " +
                     unchanged_fix(path));
    metadata.schema = store_schema_name;
    const std::int64_t version = h5::read_int_attribute(root, "schema_version");
    if (version > store_schema_version || version < 1)
      throw io_error(path.string() + " has store schema version " + std::to_string(version) +
                     ", which this hypershap (reading versions 1 to " +
                     std::to_string(store_schema_version) +
                     ") does not know; read it with a newer hypershap. " + unchanged_fix(path));
    metadata.schema_version = static_cast<int>(version);
    metadata.software_version = h5::read_string_attribute(root, "software_version");
    metadata.git_sha = h5::read_string_attribute(root, "git_sha");
    metadata.created_utc = h5::read_string_attribute(root, "created_utc");
    metadata.host = h5::read_string_attribute(root, "host");
    metadata.job_text = h5::read_string_attribute(root, "job");
    metadata.job_hash = h5::read_string_attribute(root, "job_hash");
    if (h5::attribute_exists(root, "job_identity"))
      metadata.job_identity = h5::read_string_attribute(root, "job_identity");
    metadata.configuration_space_json = h5::read_string_attribute(root, "configuration_space");
    if (!h5::link_exists(root, games_group)) throw h5::Failure("the group /games is missing");
  });
  if (job_hash(metadata.job_text) != metadata.job_hash)
    throw io_error(path.string() +
                   " is damaged: its root attribute job (the job text) does not "
                   "match its job_hash (" +
                   metadata.job_hash + "; the text hashes to " + job_hash(metadata.job_text) +
                   "), so it cannot say which job its values "
                   "belong to. " +
                   unchanged_fix(path));
  return file;
}

std::size_t game_bytes(const GameSpec& spec) {
  return spec.slots() * (8 + 1 + 8 + 8 + 4 + (spec.sparse() ? 8 : 0) +
                         8 * static_cast<std::size_t>(std::max(spec.configuration_dimension, 0)));
}

void require_disk_space(const std::filesystem::path& path, std::size_t bytes) {
  std::error_code error;
  const std::filesystem::path folder = std::filesystem::absolute(path, error).parent_path();
  const std::filesystem::space_info space = std::filesystem::space(folder, error);
  if (error || bytes + bytes / 16 <= space.available) return;  // unknown: let HDF5 report it
  throw resource_limit(path.string() + ": the store's games need " +
                       format_bytes(static_cast<double>(bytes)) +
                       " of disk space (allocated when they are created), but " + folder.string() +
                       " has " + format_bytes(static_cast<double>(space.available)) +
                       " free; free space there or choose another output folder");
}

void write_metadata(hid_t file, const StoreMetadata& metadata) {
  h5::write_attribute(file, "schema", metadata.schema);
  h5::write_attribute(file, "schema_version", std::int64_t{metadata.schema_version});
  h5::write_attribute(file, "software_version", metadata.software_version);
  h5::write_attribute(file, "git_sha", metadata.git_sha);
  h5::write_attribute(file, "created_utc", metadata.created_utc);
  h5::write_attribute(file, "host", metadata.host);
  h5::write_attribute(file, "job", metadata.job_text);
  h5::write_attribute(file, "job_hash", metadata.job_hash);
  if (!metadata.job_identity.empty())
    h5::write_attribute(file, "job_identity", metadata.job_identity);
  h5::write_attribute(file, "configuration_space", metadata.configuration_space_json);
}

void check_game_spec(const GameSpec& spec) {
  const std::string& name = spec.name;
  check_game_name(name);
  const int most = spec.sparse() ? sparse_max_players : store_max_players;
  if (spec.n() < 1 || spec.n() > most)
    throw std::invalid_argument("store: game " + name + " has " + std::to_string(spec.n()) +
                                " players; a stored " + (spec.sparse() ? "sparse" : "exact") +
                                " game has 1 to " + std::to_string(most));
  check_sample(spec);
  if (spec.configuration_dimension < 0)
    throw std::invalid_argument("store: game " + name + " has a negative dimension");
}

void create_game(hid_t games, const GameSpec& spec, bool checksums) {
  check_game_spec(spec);
  const h5::Group game = h5::create_group(games, spec.name);
  h5::write_attribute(game.id(), "kind", spec.kind);
  h5::write_attribute(game.id(), "players", spec.players);
  h5::write_attribute(game.id(), "n_players", std::int64_t{spec.n()});
  h5::write_attribute(game.id(), "configuration_dimension",
                      std::int64_t{spec.configuration_dimension});
  if (spec.sparse()) write_sample(game.id(), spec);
  const auto count = static_cast<hsize_t>(spec.slots());
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double zero = 0.0;
  const std::uint8_t not_done = 0;
  const std::uint64_t no_evaluations = 0;
  create_coalition_dataset(game.id(), "values", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, &nan, count, 0);
  create_coalition_dataset(game.id(), "done", H5T_STD_U8LE, H5T_NATIVE_UINT8, &not_done, count, 0);
  create_coalition_dataset(game.id(), "evaluations", H5T_STD_U64LE, H5T_NATIVE_UINT64,
                           &no_evaluations, count, 0);
  create_coalition_dataset(game.id(), "seconds", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, &zero, count,
                           0);
  if (spec.configuration_dimension > 0)
    create_coalition_dataset(game.id(), "best_configurations", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE,
                             &nan, count, static_cast<hsize_t>(spec.configuration_dimension));
  const std::uint32_t no_checksum = 0;
  if (checksums)
    create_coalition_dataset(game.id(), checksums_dataset, H5T_STD_U32LE, H5T_NATIVE_UINT32,
                             &no_checksum, count, 0);
  h5::create_group(game.id(), explanations_group);
}

GameSpec read_spec(hid_t games, const std::string& name) {
  const h5::Group game = h5::open_group(games, name);
  GameSpec spec;
  spec.name = name;
  spec.kind = h5::read_string_attribute(game.id(), "kind");
  spec.players = h5::read_strings_attribute(game.id(), "players");
  spec.configuration_dimension =
      static_cast<int>(h5::read_int_attribute(game.id(), "configuration_dimension"));
  const bool sparse = h5::attribute_exists(game.id(), "layout");
  const int most = sparse ? sparse_max_players : store_max_players;
  if (spec.n() < 1 || spec.n() > most)
    throw h5::Failure("game " + name + " has " + std::to_string(spec.n()) + " players; a stored " +
                      (sparse ? "sparse" : "exact") + " game has 1 to " + std::to_string(most));
  spec.sample = read_sample(game.id(), name, spec.n());
  const std::int64_t n_players = h5::read_int_attribute(game.id(), "n_players");
  if (n_players != spec.n())
    throw h5::Failure("game " + name + ": its attribute n_players is " + std::to_string(n_players) +
                      " but it names " + std::to_string(spec.n()) + " players");
  for (std::size_t i = 0; i < spec.players.size(); ++i) {
    if (spec.players[i].empty()) throw h5::Failure("game " + name + ": a player has no name");
    for (std::size_t j = 0; j < i; ++j)
      if (spec.players[j] == spec.players[i])
        throw h5::Failure("game " + name + ": player " + spec.players[i] + " appears twice");
  }
  if (spec.configuration_dimension < 0)
    throw h5::Failure("game " + name + ": configuration_dimension is negative");
  const auto count = static_cast<hsize_t>(spec.slots());
  const std::vector<hsize_t> column{count};
  for (const char* dataset : {"values", "done", "evaluations", "seconds"})
    if (h5::dataset_dims(game.id(), dataset) != column)
      throw h5::Failure("game " + name + ": dataset " + dataset + " does not hold " +
                        (sparse ? std::to_string(count) + " entries, one per sampled coalition"
                                : "2^" + std::to_string(spec.n()) +
                                      " entries, one per coalition of its players"));
  if (h5::link_exists(game.id(), checksums_dataset) &&
      h5::dataset_dims(game.id(), checksums_dataset) != column)
    throw h5::Failure("game " + name + ": dataset checksums does not hold one entry per coalition");
  if (spec.configuration_dimension > 0 &&
      h5::dataset_dims(game.id(), "best_configurations") !=
          std::vector<hsize_t>{count, static_cast<hsize_t>(spec.configuration_dimension)})
    throw h5::Failure("game " + name + ": dataset best_configurations is not " +
                      (sparse ? std::to_string(count) : std::string("2^n")) + " x " +
                      std::to_string(spec.configuration_dimension));
  return spec;
}

void write_explanation(hid_t explanations, const StoredExplanation& explanation) {
  const InteractionValues& iv = explanation.values;
  const h5::Group group = h5::create_group(explanations, explanation_key(iv));
  h5::write_attribute(group.id(), "index", std::string(name_of(iv.index)));
  h5::write_attribute(group.id(), "order", std::int64_t{iv.order});
  h5::write_attribute(group.id(), "empty_set", std::string(name_of(iv.convention)));
  h5::write_attribute(group.id(), "empty_value", iv.empty_value);
  h5::write_attribute(group.id(), "grand_value", iv.grand_value);
  const auto m = static_cast<hsize_t>(iv.coalitions.size());
  const int width = std::max(iv.order, 1);
  std::vector<std::int32_t> members(static_cast<std::size_t>(m) * static_cast<std::size_t>(width),
                                    -1);
  for (std::size_t i = 0; i < iv.coalitions.size(); ++i) {
    std::size_t column = 0;
    for (int player = 0; player < iv.n() && column < static_cast<std::size_t>(width); ++player)
      if (contains(iv.coalitions[i], player))
        members[i * static_cast<std::size_t>(width) + column++] = player;
  }
  h5::write_dataset(group.id(), "coalitions", {m}, iv.coalitions);
  h5::write_dataset(group.id(), "members", {m, static_cast<hsize_t>(width)}, members);
  h5::write_dataset(group.id(), "values", {m}, iv.values);
  h5::write_dataset(group.id(), "r2", {static_cast<hsize_t>(explanation.r2.size())},
                    explanation.r2);
  write_approximation(group.id(), explanation);
}

StoredExplanation read_explanation(hid_t explanations, const std::string& key,
                                   const std::vector<std::string>& players) {
  const h5::Group group = h5::open_group(explanations, key);
  StoredExplanation result;
  InteractionValues& iv = result.values;
  try {
    iv.index = parse_index(h5::read_string_attribute(group.id(), "index"));
    iv.convention = parse_empty_set_convention(h5::read_string_attribute(group.id(), "empty_set"));
  } catch (const Error& error) {
    throw h5::Failure("explanation " + key + ": " + error.what());
  }
  iv.order = static_cast<int>(h5::read_int_attribute(group.id(), "order"));
  iv.empty_value = h5::read_double_attribute(group.id(), "empty_value");
  iv.grand_value = h5::read_double_attribute(group.id(), "grand_value");
  iv.players = players;
  iv.coalitions = h5::read_uint64s(group.id(), "coalitions");
  iv.values = h5::read_doubles(group.id(), "values");
  result.r2 = h5::read_doubles(group.id(), "r2");
  if (iv.values.size() != iv.coalitions.size())
    throw h5::Failure("explanation " + key + ": coalitions and values differ in length");
  read_approximation(group.id(), key, result);
  return result;
}

StoredGame read_game(hid_t games, const std::string& name, const std::string& where, bool verify) {
  StoredGame game;
  game.spec = read_spec(games, name);
  require_memory(game_bytes(game.spec), where + ": reading game " + name);
  const h5::Group group = h5::open_group(games, name);
  game.values = h5::read_doubles(group.id(), "values");
  game.done = h5::read_uint8s(group.id(), "done");
  game.evaluations = h5::read_uint64s(group.id(), "evaluations");
  game.seconds = h5::read_doubles(group.id(), "seconds");
  if (game.spec.configuration_dimension > 0)
    game.best_configurations = h5::read_doubles(group.id(), "best_configurations");
  if (h5::link_exists(group.id(), checksums_dataset))
    game.checksums = h5::read_uint32s(group.id(), checksums_dataset);
  if (!verify) return game;
  const std::vector<std::string> problems = game_problems(game);
  if (!problems.empty()) {
    std::string list;
    for (const std::string& problem : problems) list += "; " + problem;
    throw io_error(where + " is damaged" + list + ". `hypershap check " + where +
                   "` lists every problem; the file was not changed. Restore a copy of it, or "
                   "run the job into a new store");
  }
  return game;
}

}  // namespace hypershap::store_schema

namespace hypershap {

void check_game_name(const std::string& name) {
  // one '@' joins a multi-dataset game's name and its instance (tunability@3945): both parts
  // follow the rule on their own
  const std::size_t at = name.find('@');
  const bool one_at = at == std::string::npos ||
                      (at > 0 && at + 1 < name.size() &&
                       name.find('@', at + 1) == std::string::npos && name[at + 1] != '.');
  bool ok = one_at && !name.empty() && name.size() <= 64 && name.front() != '.';
  for (const char c : name)
    ok = ok && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                c == '-' || c == '_' || c == '.' || c == '@');
  if (ok) return;
  std::string suggestion;
  for (const char c : name)
    suggestion += ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                   c == '-' || c == '_')
                      ? c
                      : '_';
  if (suggestion.empty()) suggestion = "game";
  if (suggestion.size() > 64) suggestion.resize(64);
  throw invalid_input("game name \"" + name +
                      "\": a game's name may hold only 1 to 64 letters, digits, '-', '_' and '.', "
                      "not starting with '.', and one '@' before an instance (it names the game's "
                      "group in the store and its "
                      "files in a report); rename the table, e.g. [games." +
                      suggestion + "]");
}

StoreNeeds store_needs(const std::vector<GameSpec>& games) {
  StoreNeeds needs;
  for (const GameSpec& spec : games) {
    needs.disk_bytes += store_schema::game_bytes(spec);
    // completing a game reads it whole, copies its values and configurations for the closure,
    // and the explanation engine works on two more arrays of 2^n numbers
    const std::size_t count = spec.slots();
    const auto d = static_cast<std::size_t>(std::max(spec.configuration_dimension, 0));
    needs.memory_bytes = std::max(
        needs.memory_bytes, store_schema::game_bytes(spec) + count * (8 + 8 * d) + count * 16);
  }
  return needs;
}

}  // namespace hypershap
