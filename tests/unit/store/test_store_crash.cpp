#include <doctest/doctest.h>
#include <hdf5.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "hypershap/store/store.hpp"
#include "store_test_support.hpp"

using namespace hypershap;

// A forked child writes the batches of a game, telling the parent after each write_batch returned
// (after its flush); the parent kills it with SIGKILL and reopens the store.

namespace {

constexpr int n = 12;
constexpr int dimension = 2;

std::vector<GameSpec> crash_games() {
  std::vector<std::string> players;
  for (int i = 0; i < n; ++i) players.push_back("x" + std::to_string(i));
  return {{"tunability", "tunability", players, dimension}};
}

/// Runs in the child: writes `batches` (all of them, or the first `stop_after` and then waits to
/// be killed), writing one byte to `channel` after each batch. Never returns.
[[noreturn]] void write_until_killed(const std::filesystem::path& path,
                                     const std::vector<std::vector<Coalition>>& batches,
                                     std::size_t stop_after, int channel) {
  try {
    StoreWriter writer(path, test::example_job(), crash_games());
    for (std::size_t b = 0; b < batches.size(); ++b) {
      if (b == stop_after)
        for (;;) pause();
      writer.write_batch("tunability", test::expected_batch(batches[b], dimension));
      const char flushed = 'b';
      if (write(channel, &flushed, 1) != 1) _exit(2);
    }
  } catch (...) {
    _exit(3);
  }
  for (;;) pause();  // all written: wait for the kill all the same
}

/// Starts the child, waits until it reported `kill_after` flushed batches, kills it.
void run_and_kill(const std::filesystem::path& path,
                  const std::vector<std::vector<Coalition>>& batches, std::size_t stop_after,
                  std::size_t kill_after) {
  int channel[2];
  REQUIRE(pipe(channel) == 0);
  const pid_t child = fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    close(channel[0]);
    write_until_killed(path, batches, stop_after, channel[1]);
  }
  close(channel[1]);
  std::size_t flushed = 0;
  char byte = 0;
  while (flushed < kill_after && read(channel[0], &byte, 1) == 1) ++flushed;
  REQUIRE(kill(child, SIGKILL) == 0);
  int status = 0;
  REQUIRE(waitpid(child, &status, 0) == child);
  close(channel[0]);
  REQUIRE(flushed == kill_after);  // otherwise the child failed before: its exit code tells why
  CHECK(WIFSIGNALED(status));
  CHECK(WTERMSIG(status) == SIGKILL);
}

std::vector<std::uint8_t> done_flags(const std::vector<std::vector<Coalition>>& batches,
                                     std::size_t first, std::size_t count) {
  std::vector<std::uint8_t> done(coalition_count(n), 0);
  for (std::size_t b = first; b < first + count && b < batches.size(); ++b)
    for (const Coalition s : batches[b]) done[s] = 1;
  return done;
}

}  // namespace

TEST_CASE("a writer killed after flushed batches loses none of them") {
  test::ScratchDir dir;
  const auto path = dir / "run.h5";
  const auto batches = test::shuffled_batches(n, 64, 3);
  run_and_kill(path, batches, 9, 9);

  StoreWriter writer(path, test::example_job(), crash_games());
  CHECK_FALSE(writer.created());
  const std::vector<std::uint8_t> done = done_flags(batches, 0, 9);
  std::vector<Coalition> missing;
  for (Coalition s = 0; s < done.size(); ++s)
    if (done[s] == 0) missing.push_back(s);
  CHECK(writer.missing_coalitions("tunability") == missing);
  writer.close();
  CHECK(test::holds_exactly(StoreReader(path).game("tunability"), done));
}

TEST_CASE("a writer killed while writing leaves a store that resumes") {
  test::ScratchDir dir;
  const auto path = dir / "run.h5";
  const auto batches = test::shuffled_batches(n, 16, 5);
  // the child keeps writing batches after the 20th; the kill lands somewhere in what follows
  run_and_kill(path, batches, batches.size(), 20);

  StoredGame game;
  {
    const StoreReader reader(path);
    game = reader.game("tunability");
  }
  // batches are flushed one after the other: the first `complete` are done, then possibly part
  // of the next (its done flags reach the file in chunks), nothing after it
  const auto all_done = [&](const std::vector<Coalition>& batch) {
    return std::all_of(batch.begin(), batch.end(), [&](Coalition s) { return game.done[s] != 0; });
  };
  std::size_t complete = 0;
  while (complete < batches.size() && all_done(batches[complete])) ++complete;
  CAPTURE(complete);
  CHECK(complete >= 20);
  const std::vector<std::uint8_t> allowed = done_flags(batches, 0, complete + 1);
  const std::vector<std::uint8_t> done = game.done;
  for (std::size_t s = 0; s < done.size(); ++s) CHECK(done[s] <= allowed[s]);
  // every coalition marked done holds its results; the not yet done ones of the batch being
  // written may hold any of theirs (results are flushed before flags), the others are untouched
  const std::vector<std::uint8_t> interrupted = done_flags(batches, complete, 1);
  std::size_t wrong = 0;
  for (Coalition s = 0; s < done.size(); ++s) {
    const bool written = done[s] != 0;
    const bool maybe = !written && interrupted[s] != 0;
    const auto fits = [&](double stored, double result, double untouched) {
      return test::same(stored, written ? result : untouched) ||
             (maybe && test::same(stored, result));
    };
    bool ok = fits(game.values[s], test::expected_value(s), std::nan("")) &&
              fits(static_cast<double>(game.evaluations[s]),
                   static_cast<double>(test::expected_evaluations(s)), 0.0) &&
              fits(game.seconds[s], test::expected_seconds(s), 0.0);
    const std::vector<double> x = test::expected_configuration(s, dimension);
    for (std::size_t j = 0; j < x.size(); ++j)
      ok = ok && fits(game.best_configurations[s * x.size() + j], x[j], std::nan(""));
    if (!ok && ++wrong <= 5) {
      CAPTURE(s);
      CAPTURE(written);
      CAPTURE(maybe);
      CHECK(ok);
    }
  }
  CHECK(wrong == 0);

  // resuming computes exactly the missing coalitions
  StoreWriter writer(path, test::example_job(), crash_games());
  const std::vector<Coalition> missing = writer.missing_coalitions("tunability");
  CHECK(missing.size() + game.done_count() == coalition_count(n));
  writer.write_batch("tunability", test::expected_batch(missing, dimension));
  writer.close();
  CHECK(test::holds_exactly(StoreReader(path).game("tunability"),
                            std::vector<std::uint8_t>(coalition_count(n), 1)));
}

namespace {

/// [address, address + size) of every chunk of the per-coalition datasets of `game`.
std::vector<std::pair<haddr_t, hsize_t>> chunk_ranges(const std::filesystem::path& path,
                                                      const std::string& game) {
  std::vector<std::pair<haddr_t, hsize_t>> ranges;
  const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  REQUIRE(file >= 0);
  for (const char* name :
       {"values", "done", "evaluations", "seconds", "best_configurations", "checksums"}) {
    const std::string dataset_path = "games/" + game + "/" + name;
    const hid_t dataset = H5Dopen2(file, dataset_path.c_str(), H5P_DEFAULT);
    REQUIRE(dataset >= 0);
    const hid_t space = H5Dget_space(dataset);
    hsize_t count = 0;
    REQUIRE(H5Dget_num_chunks(dataset, space, &count) >= 0);
    for (hsize_t i = 0; i < count; ++i) {
      hsize_t offset[2] = {0, 0};
      unsigned filters = 0;
      haddr_t address = 0;
      hsize_t size = 0;
      REQUIRE(H5Dget_chunk_info(dataset, space, i, offset, &filters, &address, &size) >= 0);
      ranges.emplace_back(address, size);
    }
    H5Sclose(space);
    H5Dclose(dataset);
  }
  H5Fclose(file);
  return ranges;
}

}  // namespace

// The crash safety argument of README.md ("Storage and crash safety"): after a store is created, a
// batch only overwrites raw data inside the chunks allocated at creation; no HDF5 metadata (object
// headers, chunk index, superblock, free space) is written, so no SIGKILL can leave it
// half-updated.
TEST_CASE("writing batches changes no byte outside the preallocated chunks") {
  test::ScratchDir dir;
  const auto path = dir / "run.h5";
  StoreWriter(path, test::example_job(), crash_games()).close();
  const auto ranges = chunk_ranges(path, "tunability");
  hsize_t chunk_bytes = 0;
  for (const auto& range : ranges) chunk_bytes += range.second;
  // values, seconds, evaluations: 8 bytes; done: 1; checksums: 4; best configurations: 8 × d
  CHECK(chunk_bytes == coalition_count(n) * (8 + 1 + 8 + 8 + 4 + 8 * dimension));

  StoreWriter writer(path, test::example_job(), crash_games());
  std::string before = test::file_bytes(path);
  std::size_t changed = 0, outside = 0;
  for (const auto& batch : test::shuffled_batches(n, 200, 9)) {
    writer.write_batch("tunability", test::expected_batch(batch, dimension));
    const std::string after = test::file_bytes(path);
    REQUIRE(after.size() == before.size());
    for (std::size_t i = 0; i < after.size(); ++i) {
      if (after[i] == before[i]) continue;
      ++changed;
      const bool in_chunk = std::any_of(ranges.begin(), ranges.end(), [&](const auto& range) {
        return i >= range.first && i < range.first + range.second;
      });
      if (!in_chunk && ++outside <= 5) CHECK_MESSAGE(in_chunk, "byte " << i << " changed");
    }
    before = after;
  }
  CHECK(changed > 0);
  CHECK(outside == 0);
}
