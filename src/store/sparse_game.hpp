#pragma once
// Sparse games (schema version 3): the coalitions an approximate explanation evaluates, one entry
// each, instead of 2^n entries indexed by bitmask. A sparse game's group holds the same
// per-coalition datasets as an exact game's (values, done, evaluations, seconds, checksums,
// best_configurations), of the sample's length, and the dataset `coalitions` (uint64 bitmasks,
// increasing): entry i of every dataset belongs to coalitions[i]. Approximate explanations carry
// their standard errors and the approximator that made them.

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "hdf5.hpp"
#include "hypershap/store/store.hpp"

namespace hypershap::store_schema {

/// The sparse game's dataset of bitmasks.
inline constexpr const char* sample_dataset = "coalitions";
/// The most players of a sparse game (64-bit masks); an exact game has at most store_max_players.
inline constexpr int sparse_max_players = 64;

/// Throws std::invalid_argument unless `spec`'s sample is increasing and within its players.
void check_sample(const GameSpec& spec);

/// Writes the sample of a sparse game into its group (at creation).
void write_sample(hid_t game, const GameSpec& spec);

/// The sample of the game whose group is `game` (empty for an exact game), checked against its
/// `n` players (h5::Failure saying what is wrong).
std::vector<Coalition> read_sample(hid_t game, const std::string& name, int n);

/// The entry of coalition `s` in the game's per-coalition datasets, or nothing when the game
/// does not hold `s`.
std::optional<std::size_t> slot_of(const GameSpec& spec, Coalition s);

/// An approximate explanation's standard errors, approximator and budget (nothing for an exact
/// one), written beside its values and read back.
void write_approximation(hid_t explanation, const StoredExplanation& stored);
void read_approximation(hid_t explanation, const std::string& key, StoredExplanation& stored);

}  // namespace hypershap::store_schema
