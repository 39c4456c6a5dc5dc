#include <doctest/doctest.h>
#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <iostream>

#include "hypershap/store/store.hpp"
#include "store_test_support.hpp"
#include "test_support.hpp"

using namespace hypershap;

namespace {

/// The output (stdout and stderr) of a shell command, or "exit status N: output" when it fails.
std::string run(const std::string& command) {
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  REQUIRE(pipe != nullptr);
  std::string output;
  char buffer[512];
  while (std::fgets(buffer, sizeof buffer, pipe) != nullptr) output += buffer;
  const int status = pclose(pipe);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
    return "exit status " + std::to_string(status) + ": " + output;
  return output;
}

}  // namespace

// The layout of README.md ("The result store") as Python users see it: check_layout.py reads a
// store with Debian's h5py (/usr/bin/python3) and checks names, types, shapes, filters and values.
TEST_CASE("h5py reads a store in the documented layout") {
  if (std::system("/usr/bin/python3 -c 'import h5py, numpy' >/dev/null 2>&1") != 0) {
    std::cout << "SKIPPED: /usr/bin/python3 cannot import h5py and numpy; install them with "
                 "apt-get install -y --no-install-recommends python3-h5py python3-numpy\n";
    std::exit(test::skip_exit_code);
  }
  test::ScratchDir dir;
  const auto path = dir / "run.h5";
  {
    StoreWriter writer(path, test::example_job(), test::example_games());
    writer.write_batch("tunability", test::expected_batch({15, 3, 0, 5}, 3));
    writer.write_batch("ablation", test::expected_batch({0, 1, 2, 3, 4, 5, 6, 7}, 0));
    StoredExplanation e;
    e.values.index = Index::fsii;
    e.values.order = 2;
    e.values.players = test::example_games()[0].players;
    e.values.empty_value = -0.5;
    e.values.grand_value = 2.25;
    e.values.coalitions = coalitions_up_to(4, 2, true);
    for (std::size_t i = 0; i < e.values.coalitions.size(); ++i)
      e.values.values.push_back(0.1 * static_cast<double>(i) - 0.3);
    e.r2 = {0.75, 1.0};
    writer.write_explanation("tunability", e);
    // another process reads the store while this writer holds it (h5py with HDF5's own file
    // locking on: the writer takes only the STORE.lock lock)
    CHECK(run("/usr/bin/python3 -c \"import h5py, sys; f = h5py.File(sys.argv[1], 'r'); "
              "print(int(f['games/tunability/done'][()].sum()))\" " +
              path.string()) == "4\n");
    writer.close();
  }
  CHECK(run("/usr/bin/python3 " +
            (test::source_dir() / "tests/unit/store/check_layout.py").string() + " " +
            path.string()) == "layout OK\n");
}
