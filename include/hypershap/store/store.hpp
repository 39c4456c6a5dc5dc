#pragma once
// The result store: one HDF5 file holding every coalition value of every game of a job as it is
// computed, and the explanations of those games. It is the checkpoint: a run killed at any moment
// and started again opens the store, asks which coalitions are missing and computes only those.
// The layout is documented in README.md, "The result store".
//
// One writer (rank 0) holds a StoreWriter for its lifetime; it takes an exclusive lock on the
// sidecar file STORE.lock. Readers (inspect, explain) open a StoreReader and take no lock.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "hypershap/core/coalition.hpp"
#include "hypershap/core/coalition_batch.hpp"
#include "hypershap/explain/game_table.hpp"
#include "hypershap/explain/interaction_values.hpp"

namespace hypershap {

inline constexpr const char* store_schema_name = "hypershap-store";
/// The schema version this hypershap writes and the newest it reads. Version 2 added a checksum
/// per coalition (`checksums`); version 1 stores are read, resumed and checked without one.
/// Version 3 added sparse games (store/sparse_game.cpp): a sample of coalitions, one entry each.
inline constexpr int store_schema_version = 3;
/// The most players a stored game may have (its datasets hold 2^n entries, allocated up front).
inline constexpr int store_max_players = max_players;

/// What a job puts into a new store; the store adds the provenance (StoreMetadata).
struct JobDescription {
  std::string job_text;                  // the fully resolved job, as text
  std::string configuration_space_json;  // the configuration space, as JSON text
  /// What determines the values (job/job_identity.hpp); empty: the job text's hash decides.
  std::string identity;
};

/// The root attributes of a store.
struct StoreMetadata {
  std::string schema;      // "hypershap-store"
  int schema_version = 0;  // store_schema_version when written by this hypershap
  std::string software_version;
  std::string git_sha;
  std::string created_utc;  // ISO 8601, e.g. 2026-11-21T05:35:00Z
  std::string host;
  std::string job_text;
  std::string job_hash;  // "sha256:" + 64 hex digits of job_text
  /// What determines the values (JobDescription::identity); a store that records one is resumed
  /// by it, so it may move and its job may run from anywhere. Empty in stores written before it
  /// was recorded: those are resumed by job_hash, and record it when they are.
  std::string job_identity;
  std::string configuration_space_json;
};

/// The job hash a store records for `job_text`: "sha256:<hex>".
std::string job_hash(const std::string& job_text);

/// A game as declared by the job.
struct GameSpec {
  std::string name;  // e.g. "tunability"; unique in the job, no '/'
  std::string kind;  // ablation, sensitivity, tunability, mistunability, optimizer-bias, ...
  std::vector<std::string> players;  // hyperparameter names; player i is bit i of a coalition
  /// Dimension of a configuration of the configuration space; 0 stores no best configurations.
  int configuration_dimension = 0;
  /// A sparse game (an approximate explanation's sample, schema version 3): the coalitions it
  /// holds, increasing, distinct; entry i of its per-coalition datasets belongs to sample[i].
  /// Empty: an exact game, 2^n entries indexed by the bitmask.
  std::vector<Coalition> sample{};

  int n() const { return static_cast<int>(players.size()); }
  bool sparse() const { return !sample.empty(); }
  /// Entries of the per-coalition datasets: 2^n, or the sample's size.
  std::size_t slots() const { return sparse() ? sample.size() : coalition_count(n()); }
  /// The coalition of entry `slot`.
  Coalition coalition_at(std::size_t slot) const { return sparse() ? sample[slot] : slot; }
};

/// Throws invalid_input unless `name` can name a game: 1 to 64 letters, digits, '-', '_' and '.',
/// not starting with '.' (it names the game's group in the store and its files in a report).
void check_game_name(const std::string& name);

/// What a store for `games` needs: disk for its per-coalition datasets (allocated when it is
/// created), and memory on the writing rank (rank 0) to complete and explain its largest game.
struct StoreNeeds {
  std::size_t disk_bytes = 0;
  std::size_t memory_bytes = 0;
};
StoreNeeds store_needs(const std::vector<GameSpec>& games);

/// One explanation of a game as stored: the interaction values and the faithfulness R².
struct StoredExplanation {
  InteractionValues values;
  std::vector<double> r2;  // r2[k-1] = R²_k; may be empty
  /// An approximate explanation: standard_errors[i] belongs to values.coalitions[i], and the
  /// approximator and budget it came from; empty for an exact one.
  std::vector<double> standard_errors{};
  std::string approximation{};
  std::uint64_t budget = 0;
};

/// The name an explanation is stored under: "<index>_order<k>_<empty-set>", e.g.
/// FSII_order2_baseline.
std::string explanation_key(const InteractionValues& values);

/// Everything stored about one game.
/// Per-coalition datasets hold spec.slots() entries: 2^n indexed by bitmask, or one per coalition
/// of a sparse game's sample (spec.coalition_at).
struct StoredGame {
  GameSpec spec;
  std::vector<double> values;               // 2^n, NaN where not done
  std::vector<std::uint8_t> done;           // 2^n, 1 = computed
  std::vector<std::uint64_t> evaluations;   // 2^n
  std::vector<double> seconds;              // 2^n
  std::vector<double> best_configurations;  // 2^n × configuration_dimension, row-major, or empty
  std::vector<std::uint32_t> checksums;     // 2^n CRC-32s (schema version 2), or empty (version 1)

  std::size_t done_count() const;
  bool complete() const { return done_count() == done.size(); }
  /// The game for the explanation engine; throws invalid_input (naming `store` and how many
  /// coalitions are missing) unless every coalition is done, and io_error unless every value is
  /// finite.
  GameTable to_game(const std::filesystem::path& store) const;
  /// A sparse game's value of coalition `s`; throws invalid_input when it is not in the sample or
  /// not done.
  double sparse_value(Coalition s) const;
  /// Throws io_error (naming `store`, the game, the value and its coalition) unless every stored
  /// value is finite: the explanation engines, exact and approximate, need finite numbers.
  void require_finite(const std::filesystem::path& store) const;
};

/// What `hypershap inspect` shows.
struct StoreSummary {
  struct GameSummary {
    std::string name;
    std::string kind;
    int n = 0;
    std::vector<std::string> players;
    int configuration_dimension = 0;
    std::size_t done = 0;
    std::size_t total = 0;                  // 2^n
    std::uint64_t evaluations = 0;          // summed over done coalitions
    double seconds = 0.0;                   // summed over done coalitions
    std::vector<std::string> explanations;  // explanation keys
  };
  StoreMetadata metadata;
  std::vector<GameSummary> games;  // in name order
};

/// Reads a store; never modifies it and takes no lock. Throws io_error naming the file (and the
/// fix) when it is missing, not HDF5, truncated, not a hypershap store or of a newer schema.
class StoreReader {
 public:
  explicit StoreReader(const std::filesystem::path& path);
  ~StoreReader();
  StoreReader(StoreReader&&) noexcept;
  StoreReader& operator=(StoreReader&&) noexcept;

  const std::filesystem::path& path() const;
  const StoreMetadata& metadata() const;
  /// Game names in name order.
  std::vector<std::string> game_names() const;
  /// Throws invalid_input listing the games when `name` is not one of them.
  StoredGame game(const std::string& name) const;
  std::vector<std::string> explanation_keys(const std::string& game) const;
  StoredExplanation explanation(const std::string& game, const std::string& key) const;
  std::vector<StoredExplanation> explanations(const std::string& game) const;
  StoreSummary summary() const;
  /// Everything wrong with the store (`hypershap check`): per game, done flags other than 0/1,
  /// infinite values, checksum mismatches, unreadable explanations; empty when it is sound.
  /// (Damage to the root attributes is refused when the reader is constructed.)
  std::vector<std::string> problems() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// The single writer of a store.
class StoreWriter {
 public:
  /// Creates the store at `path` for `job` with `games`, or resumes the store there. A new store
  /// is written under a temporary name and moved into place complete, so `path` never holds a
  /// half-created store. An existing store is first read in full without being modified; it is
  /// refused (io_error/invalid_input naming the file and the fix) when it cannot be read, was
  /// written by a different job (job hash), or declares a game differently. Games of `games`
  /// missing from it are added. Throws io_error naming the holder when another writer has it.
  StoreWriter(const std::filesystem::path& path, const JobDescription& job,
              const std::vector<GameSpec>& games);
  ~StoreWriter();
  StoreWriter(StoreWriter&&) noexcept;
  StoreWriter& operator=(StoreWriter&&) noexcept;

  const std::filesystem::path& path() const;
  /// True when this writer created the store, false when it resumed an existing one.
  bool created() const;
  const StoreMetadata& metadata() const;

  std::vector<std::string> game_names() const;
  const GameSpec& spec(const std::string& game) const;
  bool is_done(const std::string& game, Coalition s) const;
  std::size_t done_count(const std::string& game) const;
  /// The coalitions of `game` not yet done, in increasing bitmask order.
  std::vector<Coalition> missing_coalitions(const std::string& game) const;
  /// Everything stored about `game` as flushed so far (to complete it after the last batch).
  StoredGame game(const std::string& game) const;

  /// Writes a batch and flushes it: once this returns, a SIGKILL loses none of it. Values,
  /// counts, times and configurations are written, flushed and fsync'ed before the done flags,
  /// so a coalition marked done always has its results. Cost O(batch), independent of 2^n.
  /// Writing a coalition again replaces its results.
  void write_batch(const std::string& game, const CoalitionBatch& batch);

  /// Stores an explanation of `game` under explanation_key(), replacing one of the same key.
  void write_explanation(const std::string& game, const StoredExplanation& explanation);

  /// The open HDF5 file (an hid_t), for the store's own tables kept in files of their own under
  /// src/store/ (trial_history.cpp); valid until close().
  std::int64_t file_id() const;

  /// Flushes and closes the file and releases the lock, reporting failures (the destructor does
  /// the same silently). Afterwards the writer may only be destroyed.
  void close();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace hypershap
