// Integrity of the store (issue 12, item 3): damage written into a store with the HDF5 C API, as
// a faulty disk, a bad copy or a hand edit would leave it, is detected and refused.

#include <doctest/doctest.h>
#include <hdf5.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>

#include "hypershap/core/error.hpp"
#include "hypershap/store/store.hpp"
#include "store_test_support.hpp"

using namespace hypershap;

namespace {

/// A store of the example job: tunability complete (16 coalitions), ablation partly done.
void write_example_store(const std::filesystem::path& path) {
  StoreWriter writer(path, test::example_job(), test::example_games());
  std::vector<Coalition> all;
  for (Coalition s = 0; s < 16; ++s) all.push_back(s);
  writer.write_batch("tunability", test::expected_batch(all, 3));
  writer.write_batch("ablation", test::expected_batch({0, 5}, 0));
  writer.close();
}

bool contains_text(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

/// Applies `edit` to the bytes of element `index` (of `size` bytes) of dataset `name`.
template <typename Edit>
void edit_element(const std::filesystem::path& path, const std::string& name, hsize_t index,
                  hid_t type, std::size_t size, Edit&& edit) {
  const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
  REQUIRE(file >= 0);
  const hid_t dataset = H5Dopen2(file, name.c_str(), H5P_DEFAULT);
  REQUIRE(dataset >= 0);
  const hid_t space = H5Dget_space(dataset);
  const int rank = H5Sget_simple_extent_ndims(space);
  hsize_t dims[2] = {0, 0};
  H5Sget_simple_extent_dims(space, dims, nullptr);
  const hsize_t start[2] = {rank == 2 ? index / dims[1] : index, rank == 2 ? index % dims[1] : 0};
  const hsize_t count[2] = {1, 1};
  REQUIRE(H5Sselect_hyperslab(space, H5S_SELECT_SET, start, nullptr, count, nullptr) >= 0);
  const hsize_t one = 1;
  const hid_t memory = H5Screate_simple(1, &one, nullptr);
  unsigned char bytes[8] = {};
  REQUIRE(size <= sizeof bytes);
  REQUIRE(H5Dread(dataset, type, memory, space, H5P_DEFAULT, bytes) >= 0);
  edit(bytes);
  REQUIRE(H5Dwrite(dataset, type, memory, space, H5P_DEFAULT, bytes) >= 0);
  H5Sclose(memory);
  H5Sclose(space);
  H5Dclose(dataset);
  H5Fclose(file);
}

void set_double(const std::filesystem::path& path, const std::string& name, hsize_t index,
                double value) {
  edit_element(path, name, index, H5T_NATIVE_DOUBLE, 8,
               [&](unsigned char* bytes) { std::memcpy(bytes, &value, 8); });
}

/// The store as hypershap 0.x wrote it before checksums: schema version 1, no checksums.
void make_version_1(const std::filesystem::path& path) {
  const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
  REQUIRE(file >= 0);
  for (const char* game : {"games/tunability/checksums", "games/ablation/checksums"})
    REQUIRE(H5Ldelete(file, game, H5P_DEFAULT) >= 0);
  const hid_t attribute = H5Aopen(file, "schema_version", H5P_DEFAULT);
  const std::int64_t one = 1;
  REQUIRE(H5Awrite(attribute, H5T_NATIVE_INT64, &one) >= 0);
  H5Aclose(attribute);
  H5Fclose(file);
}

/// The message of the io_error reading game `game` of `path` throws.
std::string reading_error(const std::filesystem::path& path, const std::string& game) {
  try {
    const StoreReader reader(path);
    reader.game(game);
  } catch (const Error& e) {
    CHECK(e.code() == ExitCode::io_error);
    return e.what();
  }
  FAIL("reading game " << game << " of " << path << " succeeded");
  return "";
}

}  // namespace

TEST_CASE("a sound store has no problems, and each coalition's checksum is stored") {
  test::ScratchDir dir;
  const auto path = dir / "run.h5";
  write_example_store(path);
  const StoreReader reader(path);
  CHECK(reader.metadata().schema_version == store_schema_version);
  CHECK(reader.problems().empty());
  const StoredGame game = reader.game("tunability");
  CHECK(game.checksums.size() == 16);
  const StoredGame ablation = reader.game("ablation");
  CHECK(ablation.checksums[1] == 0);  // not done: the fill value
}

TEST_CASE("a flipped byte in any result of a done coalition is detected") {
  struct Target {
    const char* dataset;
    hid_t type;
    hsize_t element;
  };
  for (const Target& target :
       {Target{"games/tunability/values", H5T_NATIVE_DOUBLE, 5},
        Target{"games/tunability/evaluations", H5T_NATIVE_UINT64, 9},
        Target{"games/tunability/seconds", H5T_NATIVE_DOUBLE, 15},
        Target{"games/tunability/best_configurations", H5T_NATIVE_DOUBLE, 3 * 7 + 1},
        Target{"games/tunability/checksums", H5T_NATIVE_UINT32, 2}}) {
    for (const int byte : {0, 3}) {
      CAPTURE(target.dataset);
      CAPTURE(byte);
      test::ScratchDir dir;
      const auto path = dir / "run.h5";
      write_example_store(path);
      edit_element(path, target.dataset, target.element, target.type, H5Tget_size(target.type),
                   [&](unsigned char* bytes) { bytes[byte] ^= 0x10; });
      const std::string message = reading_error(path, "tunability");
      CHECK(contains_text(message, "1 coalition do not match their checksum"));
      CHECK(contains_text(message, "hypershap check " + path.string()));
      const std::vector<std::string> problems = StoreReader(path).problems();
      REQUIRE(problems.size() >= 1);
      CHECK(contains_text(problems.front(), "game tunability: 1 coalition do not match"));
      // resuming refuses it too, and leaves the file as it was
      const std::string before = test::file_bytes(path);
      CHECK_THROWS_AS(StoreWriter(path, test::example_job(), test::example_games()), Error);
      CHECK(test::file_bytes(path) == before);
    }
  }
}

TEST_CASE("done flags other than 0 and 1 are refused by readers, inspect and writers") {
  for (const int flag : {2, 3, 0x80}) {
    CAPTURE(flag);
    test::ScratchDir dir;
    const auto path = dir / "run.h5";
    write_example_store(path);
    edit_element(path, "games/ablation/done", 3, H5T_NATIVE_UINT8, 1,
                 [&](unsigned char* bytes) { bytes[0] = static_cast<unsigned char>(flag); });
    CHECK(contains_text(reading_error(path, "ablation"),
                        "1 coalition have a done flag other than 0 or 1 (the first: 3)"));
    const std::string flag_text = "has the done flag " + std::to_string(flag);
    CHECK_THROWS_WITH_AS(StoreReader(path).summary(), doctest::Contains(flag_text.c_str()), Error);
    CHECK_THROWS_AS(StoreWriter(path, test::example_job(), test::example_games()), Error);
    CHECK(StoreReader(path).problems().size() == 1);
  }
}

TEST_CASE("infinite values are refused when written and when read") {
  test::ScratchDir dir;
  const auto path = dir / "run.h5";
  {
    StoreWriter writer(path, test::example_job(), test::example_games());
    for (const double bad :
         {std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity()}) {
      CoalitionBatch batch = test::expected_batch({1, 2}, 3);
      batch.values[1] = bad;
      CHECK_THROWS_WITH_AS(writer.write_batch("tunability", batch),
                           doctest::Contains("coalition 2 has the value"), Error);
      CHECK(writer.done_count("tunability") == 0);  // nothing of the batch was written
    }
  }
  // a version 1 store (no checksums) with an infinite value in a done coalition
  write_example_store(dir / "v1.h5");
  make_version_1(dir / "v1.h5");
  set_double(dir / "v1.h5", "games/tunability/values", 4, -std::numeric_limits<double>::infinity());
  CHECK(contains_text(reading_error(dir / "v1.h5", "tunability"),
                      "1 coalition are done with an infinite value (the first: 4)"));
}

TEST_CASE("a NaN value in a complete game is refused when it is explained") {
  test::ScratchDir dir;
  const auto path = dir / "v1.h5";
  write_example_store(path);
  make_version_1(path);  // without checksums only the value rule can catch it
  set_double(path, "games/tunability/values", 6, std::numeric_limits<double>::quiet_NaN());
  const StoredGame game = StoreReader(path).game("tunability");
  CHECK_THROWS_WITH_AS(game.to_game(path),
                       doctest::Contains("holds the value nan for coalition 6, which cannot be "
                                         "explained"),
                       Error);
}

TEST_CASE("edited attributes are refused: n_players, players, the job text") {
  test::ScratchDir dir;
  SUBCASE("n_players") {
    const auto path = dir / "run.h5";
    write_example_store(path);
    const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
    const hid_t group = H5Gopen2(file, "games/ablation", H5P_DEFAULT);
    REQUIRE(group >= 0);
    const hid_t attribute = H5Aopen(group, "n_players", H5P_DEFAULT);
    REQUIRE(attribute >= 0);
    const std::int64_t wrong = 4;
    const herr_t status = H5Awrite(attribute, H5T_NATIVE_INT64, &wrong);
    if (status < 0) H5Eprint2(H5E_DEFAULT, stderr);
    REQUIRE(status >= 0);
    H5Aclose(attribute);
    H5Gclose(group);
    H5Fclose(file);
    CHECK(contains_text(reading_error(path, "ablation"),
                        "its attribute n_players is 4 but it names 3 players"));
  }
  SUBCASE("job text") {
    const auto path = dir / "run.h5";
    write_example_store(path);
    const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
    const hid_t attribute = H5Aopen(file, "job", H5P_DEFAULT);
    const hid_t type = H5Aget_type(attribute);
    const char* edited = "[job]\nname = \"example\"\nseed = 2\n";
    REQUIRE(H5Awrite(attribute, type, &edited) >= 0);
    H5Tclose(type);
    H5Aclose(attribute);
    H5Fclose(file);
    CHECK_THROWS_WITH_AS(StoreReader{path},
                         doctest::Contains("its root attribute job (the job text) does not match "
                                           "its job_hash"),
                         Error);
  }
}

TEST_CASE("a version 1 store (no checksums) is read, checked and resumed as version 1") {
  test::ScratchDir dir;
  const auto path = dir / "v1.h5";
  write_example_store(path);
  make_version_1(path);
  {
    const StoreReader reader(path);
    CHECK(reader.metadata().schema_version == 1);
    CHECK(reader.problems().empty());
    CHECK(reader.game("tunability").checksums.empty());
  }
  {
    StoreWriter writer(path, test::example_job(), test::example_games());
    std::vector<Coalition> rest = {1, 2, 3, 4, 6, 7};
    writer.write_batch("ablation", test::expected_batch(rest, 0));
    writer.close();
  }
  const StoreReader reader(path);
  CHECK(reader.metadata().schema_version == 1);
  const StoredGame ablation = reader.game("ablation");
  CHECK(ablation.checksums.empty());
  CHECK(test::holds_exactly(ablation, std::vector<std::uint8_t>(8, 1)));
  CHECK(reader.problems().empty());
}

TEST_CASE("a done coalition written again keeps its checksum right") {
  test::ScratchDir dir;
  const auto path = dir / "run.h5";
  write_example_store(path);
  {
    StoreWriter writer(path, test::example_job(), test::example_games());
    CoalitionBatch batch;
    batch.add(5, 42.0, 1, 0.5, {1.0, 2.0, 3.0});  // as the closure raises a value
    writer.write_batch("tunability", batch);
    CHECK(writer.done_count("tunability") == 16);
    writer.close();
  }
  const StoreReader reader(path);
  CHECK(reader.problems().empty());
  CHECK(reader.game("tunability").values[5] == 42.0);
}
