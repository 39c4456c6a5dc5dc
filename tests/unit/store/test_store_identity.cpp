// The store's resume key (issue 12, item 5): a store that records its job's identity (what
// determines the values, job/job_identity.hpp) is resumed by it, whatever the job text says
// about paths; a store written before identities were recorded is resumed by its job text's
// hash, as before, and records the identity the first time it is resumed.

#include <doctest/doctest.h>

#include <filesystem>
#include <string>

#include "hypershap/core/error.hpp"
#include "hypershap/store/store.hpp"
#include "store_test_support.hpp"

using namespace hypershap;

namespace {

JobDescription job(const std::string& text, const std::string& identity) {
  return {text, test::example_job().configuration_space_json, identity};
}

void create(const std::filesystem::path& path, const JobDescription& description) {
  StoreWriter writer(path, description, test::example_games());
  writer.write_batch("tunability", test::expected_batch({1, 2, 3}, 3));
  writer.close();
}

/// The message of the invalid_input resuming `path` as `description` throws, unchanged store.
std::string refusal(const std::filesystem::path& path, const JobDescription& description) {
  const std::string before = test::file_bytes(path);
  try {
    StoreWriter writer(path, description, test::example_games());
    FAIL("the store was resumed by another job");
  } catch (const Error& e) {
    CHECK(e.code() == ExitCode::invalid_input);
    CHECK(test::file_bytes(path) == before);
    return e.what();
  }
  return "";
}

void resume(const std::filesystem::path& path, const JobDescription& description) {
  StoreWriter writer(path, description, test::example_games());
  CHECK_FALSE(writer.created());
  CHECK(writer.done_count("tunability") == 3);
  writer.close();
}

bool contains(const std::string& text, const std::string& part) {
  const bool found = text.find(part) != std::string::npos;
  if (!found) MESSAGE("'" << part << "' not in:\n" << text);
  return found;
}

}  // namespace

TEST_CASE("store identity: a moved store resumes under another job text with the same identity") {
  test::ScratchDir dir;
  const auto written = dir / "run.h5";
  create(written, job("output = 'run.h5'\nhistory = 'data/runs.csv'\n", "identity A"));
  // moved, and its job now spells its paths from another folder
  const auto moved = dir / "elsewhere.h5";
  std::filesystem::rename(written, moved);
  resume(moved,
         job("output = '../x/elsewhere.h5'\nhistory = '../../data/runs.csv'\n", "identity A"));
  const StoreReader reader(moved);
  CHECK(reader.metadata().job_identity == "identity A");
  // the provenance stays the text it was created with
  CHECK(reader.metadata().job_text == "output = 'run.h5'\nhistory = 'data/runs.csv'\n");
  CHECK(reader.problems().empty());
}

TEST_CASE("store identity: another identity is another job, even with the same job text") {
  test::ScratchDir dir;
  const auto path = dir / "run.h5";
  create(path, job("text", "identity A"));
  const std::string message = refusal(path, job("text", "identity B"));
  CHECK(contains(message,
                 "was written by a different job: a key that changes the values, or the "
                 "content of an input file, differs (its job identity " +
                     job_hash("identity A") + ", this job's " + job_hash("identity B")));
  CHECK(contains(message, "to start fresh, delete or rename " + path.string()));
}

TEST_CASE("store identity: a store written before identities resumes by its text and records one") {
  test::ScratchDir dir;
  const auto path = dir / "run.h5";
  create(path, job("text 1", ""));  // as hypershap wrote stores before identities
  CHECK(StoreReader(path).metadata().job_identity.empty());
  // another text is another job, with the way to make the store movable
  const std::string message = refusal(path, job("text 2", "identity A"));
  CHECK(contains(message, "was written by a different job (its job hash " + job_hash("text 1")));
  CHECK(contains(message, "written before hypershap recorded what determines the values"));
  CHECK(contains(message, "run the job once with both where they were"));
  // its own text resumes it, and the identity is recorded
  resume(path, job("text 1", "identity A"));
  CHECK(StoreReader(path).metadata().job_identity == "identity A");
  CHECK(StoreReader(path).problems().empty());
  // from then on the identity decides
  resume(path, job("text 2", "identity A"));
  CHECK(contains(refusal(path, job("text 1", "identity B")), "its job identity"));
}

TEST_CASE("store identity: a caller without an identity is checked by the job text") {
  test::ScratchDir dir;
  const auto path = dir / "run.h5";
  create(path, job("text 1", "identity A"));
  resume(path, job("text 1", ""));
  CHECK(contains(refusal(path, job("text 2", "")), "its job hash " + job_hash("text 1")));
}
