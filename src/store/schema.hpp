#pragma once
// The store's layout (README.md, "The result store") in code: the names, and the reads and
// writes the reader and the writer share. Failures of HDF5 calls surface as h5::Failure; the
// public entry points turn them into io_error naming the file.

#include <filesystem>
#include <string>
#include <vector>

#include "hdf5.hpp"
#include "hypershap/core/error.hpp"
#include "hypershap/store/store.hpp"

namespace hypershap::store_schema {

inline constexpr const char* games_group = "games";
inline constexpr const char* explanations_group = "explanations";

/// The message tail for a store that cannot be used: it was not changed, and how to start fresh.
std::string unchanged_fix(const std::filesystem::path& path);

/// The message tail for a write that failed: what was flushed stays, and how to go on.
std::string write_fix();

/// Runs `body`, turning an h5::Failure into io_error("<path>: cannot <action>: <what>. <fix>");
/// the fix defaults to unchanged_fix(path), right for every read.
template <typename Body>
auto translate(const std::filesystem::path& path, const std::string& action, Body&& body,
               const std::string& fix = "") {
  try {
    return body();
  } catch (const h5::Failure& failure) {
    throw io_error(path.string() + ": cannot " + action + ": " + failure.what() + ". " +
                   (fix.empty() ? unchanged_fix(path) : fix));
  }
}

/// Opens the file read-only (without HDF5's file lock) and reads and checks the root attributes:
/// the schema name, a version this hypershap reads. Throws io_error naming the file and the fix.
h5::File open_checked(const std::filesystem::path& path, bool writable, StoreMetadata& metadata);

void write_metadata(hid_t file, const StoreMetadata& metadata);

/// Bytes of a game's per-coalition datasets: 2^n × (29 + 8 d), on disk and in memory alike.
std::size_t game_bytes(const GameSpec& spec);

/// Throws resource_limit unless the folder of `path` has room for `bytes` more.
void require_disk_space(const std::filesystem::path& path, std::size_t bytes);

/// Creates /games/<name> with its attributes, its preallocated per-coalition datasets and an empty
/// explanations group; with `checksums` (schema version 2) also the per-coalition checksums.
void create_game(hid_t games, const GameSpec& spec, bool checksums);
/// The game's attributes, checked against each other and the shapes of its datasets (h5::Failure
/// saying what disagrees).
GameSpec read_spec(hid_t games, const std::string& name);
/// Everything stored about game `name` of the games group (`where` names the store in messages).
/// With `verify`, a game with problems (integrity.hpp) is refused with io_error naming them.
StoredGame read_game(hid_t games, const std::string& name, const std::string& where,
                     bool verify = true);

/// The name of the per-coalition checksum dataset (schema version 2).
inline constexpr const char* checksums_dataset = "checksums";

/// Throws std::invalid_argument unless the game's name can be an HDF5 link name and its players
/// (1 to store_max_players) and configuration dimension (>= 0) can be stored.
void check_game_spec(const GameSpec& spec);

void write_explanation(hid_t explanations, const StoredExplanation& explanation);
StoredExplanation read_explanation(hid_t explanations, const std::string& key,
                                   const std::vector<std::string>& players);

}  // namespace hypershap::store_schema
