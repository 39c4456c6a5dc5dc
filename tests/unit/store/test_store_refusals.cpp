#include <doctest/doctest.h>
#include <hdf5.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdint>
#include <fstream>

#include "hypershap/core/error.hpp"
#include "hypershap/store/store.hpp"
#include "store_test_support.hpp"

using namespace hypershap;

namespace {

/// A store of the example job with a few results in it.
void write_example_store(const std::filesystem::path& path) {
  StoreWriter writer(path, test::example_job(), test::example_games());
  writer.write_batch("tunability", test::expected_batch({1, 2, 3}, 3));
  writer.close();
}

/// The Error a writer and a reader of `path` throw; both must refuse it.
struct Refusals {
  ExitCode writer_code;
  std::string writer_message;
  std::string reader_message;
};

Refusals refusals(const std::filesystem::path& path) {
  Refusals result{ExitCode::success, "", ""};
  try {
    StoreWriter writer(path, test::example_job(), test::example_games());
    FAIL("the writer accepted " << path);
  } catch (const Error& e) {
    result.writer_code = e.code();
    result.writer_message = e.what();
  }
  try {
    const StoreReader reader(path);
    FAIL("the reader accepted " << path);
  } catch (const Error& e) {
    result.reader_message = e.what();
  }
  return result;
}

bool contains_text(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace

TEST_CASE("a store written by a different job is refused with how to start fresh") {
  test::ScratchDir dir;
  const auto path = dir / "run.h5";
  write_example_store(path);
  const std::string before = test::file_bytes(path);
  try {
    StoreWriter writer(path, test::example_job("2"), test::example_games());
    FAIL("a store of another job was resumed");
  } catch (const Error& e) {
    CHECK(e.code() == ExitCode::invalid_input);
    CHECK(std::string(e.what()) ==
          path.string() + " was written by a different job (its job hash " +
              job_hash(test::example_job("1").job_text) + ", this job's " +
              job_hash(test::example_job("2").job_text) + "); to start fresh, delete or rename " +
              path.string() +
              " or choose another output; to resume it, run the job it was written by "
              "(`hypershap inspect " +
              path.string() + "` shows it)");
  }
  CHECK(test::file_bytes(path) == before);
}

TEST_CASE("a game declared differently by the same job is refused") {
  test::ScratchDir dir;
  const auto path = dir / "run.h5";
  write_example_store(path);
  const std::string before = test::file_bytes(path);
  std::vector<GameSpec> games = test::example_games();
  games[0].players.pop_back();
  try {
    StoreWriter writer(path, test::example_job(), games);
    FAIL("a changed game was accepted");
  } catch (const Error& e) {
    CHECK(e.code() == ExitCode::invalid_input);
    CHECK(std::string(e.what()) ==
          path.string() +
              ": game tunability is stored with kind tunability, players lr,momentum,depth,width, "
              "configuration dimension 3 but this job declares kind tunability, players "
              "lr,momentum,depth, configuration dimension 3; to start fresh, delete or rename " +
              path.string() + " or choose another output");
  }
  CHECK(test::file_bytes(path) == before);
}

TEST_CASE("a truncated store is refused with HDF5's reason and left unchanged") {
  test::ScratchDir dir;
  const auto path = dir / "run.h5";
  write_example_store(path);
  const std::string full = test::file_bytes(path);
  std::filesystem::resize_file(path, full.size() / 2);
  const std::string before = test::file_bytes(path);
  const Refusals r = refusals(path);
  CHECK(r.writer_code == ExitCode::io_error);
  CHECK(contains_text(r.writer_message, path.string() + ": cannot open it as an HDF5 file: "));
  CHECK(contains_text(r.writer_message, "truncated file"));  // from the HDF5 error stack
  CHECK(contains_text(r.writer_message,
                      "The file was not changed; to start fresh, move it away or delete it"));
  CHECK(r.reader_message == r.writer_message);
  CHECK(test::file_bytes(path) == before);
}

TEST_CASE("a file that is not HDF5 is refused and left unchanged") {
  test::ScratchDir dir;
  const auto path = dir / "run.h5";
  std::ofstream(path) << "these are my precious notes, not a store\n";
  const std::string before = test::file_bytes(path);
  const Refusals r = refusals(path);
  CHECK(r.writer_code == ExitCode::io_error);
  CHECK(contains_text(r.writer_message, path.string() + ": cannot open it as an HDF5 file: "));
  CHECK(contains_text(r.writer_message, "unable to open file"));
  CHECK(contains_text(r.writer_message, "The file was not changed"));
  CHECK(test::file_bytes(path) == before);
}

TEST_CASE("an HDF5 file that is not a store is refused and left unchanged") {
  test::ScratchDir dir;
  const auto path = dir / "run.h5";
  H5Fclose(H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT));
  const std::string before = test::file_bytes(path);
  const Refusals r = refusals(path);
  CHECK(r.writer_code == ExitCode::io_error);
  CHECK(r.writer_message ==
        path.string() +
            " is an HDF5 file but not a hypershap store (its root attribute schema is not "
            "\"hypershap-store\"). The file was not changed; to start fresh, move it away or "
            "delete it (or choose another output than " +
            path.string() + ")");
  CHECK(test::file_bytes(path) == before);
}

TEST_CASE("a store of a newer schema version is refused and left unchanged") {
  test::ScratchDir dir;
  const auto path = dir / "run.h5";
  write_example_store(path);
  {  // what a future hypershap would write: the same file with a newer schema_version
    const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
    REQUIRE(file >= 0);
    const hid_t attribute = H5Aopen(file, "schema_version", H5P_DEFAULT);
    REQUIRE(attribute >= 0);
    const std::int64_t newer = store_schema_version + 1;
    CHECK(H5Awrite(attribute, H5T_NATIVE_INT64, &newer) >= 0);
    H5Aclose(attribute);
    H5Fclose(file);
  }
  const std::string before = test::file_bytes(path);
  const Refusals r = refusals(path);
  CHECK(r.writer_code == ExitCode::io_error);
  CHECK(r.writer_message ==
        path.string() +
            " has store schema version 4, which this hypershap (reading versions 1 to 3) does "
            "not know; read it with a newer hypershap. The file was not changed; to start "
            "fresh, move it away or delete it (or choose another output than " +
            path.string() + ")");
  CHECK(test::file_bytes(path) == before);
}

TEST_CASE("a missing store is an I/O error for readers") {
  test::ScratchDir dir;
  try {
    const StoreReader reader(dir / "absent.h5");
    FAIL("a missing store was read");
  } catch (const Error& e) {
    CHECK(e.code() == ExitCode::io_error);
    CHECK(std::string(e.what()) ==
          (dir / "absent.h5").string() + ": no such store (not a regular file); check the path");
  }
}

TEST_CASE("a second writer is refused with a message naming the holder") {
  test::ScratchDir dir;
  const auto path = dir / "run.h5";
  StoreWriter writer(path, test::example_job(), test::example_games());
  writer.write_batch("ablation", test::expected_batch({4}, 0));

  // another process (a forked child) tries to write the same store and reports what it got
  int channel[2];
  REQUIRE(pipe(channel) == 0);
  const pid_t child = fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    close(channel[0]);
    std::string report = "accepted";
    try {
      StoreWriter second(path, test::example_job(), test::example_games());
    } catch (const Error& e) {
      report = std::to_string(static_cast<int>(e.code())) + " " + e.what();
    } catch (...) {
      report = "unexpected exception";
    }
    const ssize_t written = write(channel[1], report.data(), report.size());
    _exit(written == static_cast<ssize_t>(report.size()) ? 0 : 1);
  }
  close(channel[1]);
  std::string report;
  char buffer[4096];
  for (ssize_t got; (got = read(channel[0], buffer, sizeof buffer)) > 0;)
    report.append(buffer, static_cast<std::size_t>(got));
  close(channel[0]);
  int status = 0;
  REQUIRE(waitpid(child, &status, 0) == child);
  CHECK(WIFEXITED(status));
  const std::string prefix = "4 " + path.string() + " is being written by another run (pid " +
                             std::to_string(getpid()) + " on host ";
  CHECK(report.substr(0, prefix.size()) == prefix);
  CHECK(contains_text(report, ", lock file " + path.string() +
                                  ".lock); wait for that run to finish or stop it, or choose "
                                  "another output"));

  // readers need no lock, and the writer still works; once it is closed, another may write
  CHECK(StoreReader(path).game("ablation").done_count() == 1);
  writer.write_batch("ablation", test::expected_batch({5}, 0));
  writer.close();
  StoreWriter next(path, test::example_job(), test::example_games());
  CHECK(next.done_count("ablation") == 2);
}

TEST_CASE("a store that would not fit on the disk is refused before it is created") {
  test::ScratchDir dir;
  const auto path = dir / "run.h5";
  std::vector<std::string> players;
  for (int i = 0; i < 30; ++i) players.push_back("x" + std::to_string(i));
  // 2^30 coalitions × (29 + 8 · 4000) bytes: about 31 TiB
  try {
    StoreWriter writer(path, test::example_job(), {{"huge", "tunability", players, 4000}});
    FAIL("a store larger than the disk was created");
  } catch (const Error& e) {
    CHECK(e.code() == ExitCode::resource_limit);
    CHECK(contains_text(e.what(), path.string() + ": the store's games need 31.3 TiB of disk"));
    CHECK(contains_text(e.what(), "free; free space there or choose another output folder"));
  }
  CHECK_FALSE(std::filesystem::exists(path));
  CHECK_FALSE(std::filesystem::exists(dir / "run.h5.creating"));
}

TEST_CASE(
    "game names: letters, digits, '-', '_', '.', and one '@' before a multi-dataset instance") {
  for (const char* name : {"tunability", "opt-bias_2.v1", "tunability@3945", "ablation@kc1"}) {
    CAPTURE(name);
    CHECK_NOTHROW(check_game_name(name));
  }
  for (const char* name : {"", ".hidden", "a/b c<script>", "a@b@c", "@3945", "tunability@",
                           "tunability@.x", "sp ace"}) {
    CAPTURE(name);
    CHECK_THROWS_WITH_AS(check_game_name(name), doctest::Contains("may hold only"), Error);
  }
}
