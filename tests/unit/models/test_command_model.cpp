// The command objective ([model] kind = "command"): what the program reads, what it must answer,
// and every way it can fail, each with its message and exit code. The programs are small Python
// scripts written here (Debian's /usr/bin/python3); none is ever run through a shell.

#include <doctest/doctest.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "hypershap/core/error.hpp"
#include "hypershap/models/command_model.hpp"

using namespace hypershap;
namespace fs = std::filesystem;

namespace {

const char* const space_json = R"({
  "hyperparameters": [
    {"name": "C", "type": "uniform_float", "lower": 0.001, "upper": 1000.0, "default_value": 1.0,
     "log": true},
    {"name": "kernel", "type": "categorical", "choices": ["rbf", "poly, cubic"],
     "default_value": "rbf"},
    {"name": "degree", "type": "uniform_int", "lower": 1, "upper": 5, "default_value": 3}],
  "conditions": [
    {"child": "degree", "parent": "kernel", "type": "EQ", "value": "poly, cubic"}]})";

// Answers 2·C + 10·[kernel is poly] + degree (0 when inactive) per row; saves what it read and its
// arguments beside itself.
const char* const answer_script = R"(import csv, json, sys, pathlib
here = pathlib.Path(__file__).parent
text = sys.stdin.read()
(here / "received.csv").write_text(text)
(here / "argv.json").write_text(json.dumps(sys.argv[1:]))
rows = list(csv.DictReader(text.splitlines()))
for r in rows:
    print(2 * float(r["C"]) + (10 if r["kernel"].startswith("poly") else 0) +
          (float(r["degree"]) if r["degree"] else 0))
)";

struct Folder {
  fs::path dir;
  Folder() : dir(fs::temp_directory_path() / ("hypershap-command-" + std::to_string(getpid()))) {
    fs::remove_all(dir);
    fs::create_directories(dir);
    std::ofstream(dir / "space.json") << space_json;
  }
  ~Folder() { fs::remove_all(dir); }
  void write(const std::string& name, const std::string& text) const {
    std::ofstream(dir / name) << text;
  }
  std::string read(const std::string& name) const {
    std::ifstream in(dir / name);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
  }
};

std::shared_ptr<const PerformanceModel> model_running(const Folder& f,
                                                      const std::vector<std::string>& command,
                                                      double timeout = 60.0) {
  CommandModelOptions options;
  options.command = command;
  options.working_directory = f.dir;
  options.space_file = f.dir / "space.json";
  options.maximize = true;
  options.metric = "accuracy";
  options.timeout_seconds = timeout;
  options.context = "job.toml: [model]";
  return load_command_model(options);
}

ConfigurationMatrix two_rows() {
  ConfigurationMatrix x(2, 3);
  x << 0.5, 0, inactive_value,  // rbf: degree inactive
      2.0, 1, 3;                // poly, cubic with degree 3
  return x;
}

/// The message of the objective_failed error `body` throws (fails the test otherwise).
template <class Body>
std::string failure_of(Body&& body) {
  try {
    body();
  } catch (const Error& e) {
    CHECK(e.code() == ExitCode::objective_failed);
    CHECK(to_int(e.code()) == 6);
    return e.what();
  }
  FAIL("no error");
  return "";
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace

TEST_CASE(
    "the command reads the batch as CSV and answers one number per row with no shell involved") {
  const Folder f;
  f.write("answer.py", answer_script);
  // an argument a shell would act on arrives as one literal argument
  const std::string nasty = "x; touch pwned $(touch pwned2) `touch pwned3` | cat > pwned4";
  const auto model = model_running(f, {"python3", "answer.py", nasty, "two words"});
  CHECK(model->metric() == "accuracy");
  CHECK(model->maximize());
  Eigen::VectorXd values(2);
  model->evaluate(two_rows(), values);
  CHECK(values(0) == 1.0);               // 2 · 0.5
  CHECK(values(1) == 4.0 + 10.0 + 3.0);  // 2 · 2 + 10 + 3
  // header in the space's order; the inactive degree an empty cell; a choice with a comma quoted
  CHECK(f.read("received.csv") == "C,kernel,degree\n0.5,rbf,\n2,\"poly, cubic\",3\n");
  CHECK(f.read("argv.json") ==
        "[\"x; touch pwned $(touch pwned2) `touch pwned3` | cat > pwned4\", \"two words\"]");
  for (const char* name : {"pwned", "pwned2", "pwned3", "pwned4"})
    CHECK_FALSE(fs::exists(f.dir / name));
  CHECK(configurations_csv(model->space(), two_rows()) == f.read("received.csv"));
}

TEST_CASE("nan marks a configuration that failed and numbers round-trip exactly") {
  const Folder f;
  f.write("nan.py",
          "import sys\nsys.stdin.read()\nprint('nan')\nprint(' "
          "0.1000000000000000055511151231257827 ')\n");
  const auto model = model_running(f, {"python3", "nan.py"});
  Eigen::VectorXd values(2);
  model->evaluate(two_rows(), values);
  CHECK(std::isnan(values(0)));
  CHECK(values(1) == 0.1);
}

TEST_CASE("a non-zero exit names the command and the batch and the end of its standard error") {
  const Folder f;
  f.write("fail.py",
          "import sys\nsys.stdin.read()\nfor i in range(30): print('trace line', i, "
          "file=sys.stderr)\nsys.exit(3)\n");
  const auto model = model_running(f, {"python3", "fail.py", "--data", "x.csv"});
  Eigen::VectorXd values(2);
  const std::string message = failure_of([&] { model->evaluate(two_rows(), values); });
  CHECK(contains(message, "job.toml: [model] the command `python3 fail.py --data x.csv`"));
  CHECK(contains(message, "exited with code 3"));
  CHECK(contains(message, "the batch had 2 configurations, the first C=0.5, kernel=rbf"));
  CHECK(contains(message, "trace line 29"));
  CHECK(contains(message, "trace line 10"));
  CHECK_FALSE(contains(message, "trace line 9\n"));  // the last 20 lines only
}

TEST_CASE("a wrong number of lines or a line that is not a number or infinity is refused") {
  const Folder f;
  f.write("one.py", "import sys\nsys.stdin.read()\nprint(1.0)\n");
  f.write("word.py", "import sys\nsys.stdin.read()\nprint(1.0)\nprint('accuracy: 0.9')\n");
  f.write("inf.py", "import sys\nsys.stdin.read()\nprint(1.0)\nprint('inf')\n");
  f.write("unread.py", "print(1.0)\nprint(2.0)\n");  // never reads its input: fine
  Eigen::VectorXd values(2);
  std::string message = failure_of([&] {
    model_running(f, {"python3", "one.py"})->evaluate(two_rows(), values);
  });
  CHECK(contains(message, "printed 1 lines, expected 2"));
  message = failure_of([&] {
    model_running(f, {"python3", "word.py"})->evaluate(two_rows(), values);
  });
  CHECK(contains(message, "printed 'accuracy: 0.9' on line 2, which is not a number"));
  message = failure_of([&] {
    model_running(f, {"python3", "inf.py"})->evaluate(two_rows(), values);
  });
  CHECK(contains(message, "printed 'inf' on line 2"));
  model_running(f, {"python3", "unread.py"})->evaluate(two_rows(), values);
  CHECK(values(1) == 2.0);
}

TEST_CASE("a command over its timeout is killed with everything it started") {
  const Folder f;
  // starts a grandchild that would outlive it, then hangs
  f.write("hang.py",
          "import subprocess, sys, time, pathlib\nsys.stdin.read()\n"
          "p = subprocess.Popen(['sleep', '300'])\n"
          "pathlib.Path('grandchild.pid').write_text(str(p.pid))\n"
          "print('starting', file=sys.stderr, flush=True)\ntime.sleep(300)\n");
  const auto model = model_running(f, {"python3", "hang.py"}, 2.0);
  Eigen::VectorXd values(2);
  const std::string message = failure_of([&] { model->evaluate(two_rows(), values); });
  CHECK(contains(message, "did not finish within timeout_seconds = 2 s"));
  CHECK(contains(message, "starting"));
  const pid_t grandchild = std::stoi(f.read("grandchild.pid"));
  // gone, or a zombie waiting for its new parent to reap it
  bool dead = false;
  for (int i = 0; i < 200 && !dead; ++i) {
    std::ifstream stat("/proc/" + std::to_string(grandchild) + "/stat");
    std::string text;
    std::getline(stat, text);
    const auto close = text.rfind(')');
    dead = text.empty() || (close != std::string::npos && text.substr(close + 2, 1) == "Z");
    if (!dead) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  CHECK(dead);
}

TEST_CASE("a command that cannot run is refused when the job is loaded") {
  const Folder f;
  const auto refused = [&](const std::vector<std::string>& command, const std::string& part) {
    try {
      model_running(f, command);
      FAIL("no error");
    } catch (const Error& e) {
      CHECK(e.code() == ExitCode::invalid_input);
      CHECK(contains(e.what(), part));
    }
  };
  refused({"no-such-program-hypershap"},
          "'no-such-program-hypershap' is not an executable program in PATH");
  refused({"./missing.py"}, "'./missing.py' is not an executable file (relative to");
  refused({}, "command must name a program");
  CommandModelOptions options;
  options.command = {"python3"};
  options.space_file = f.dir / "space.json";
  options.context = "job.toml: [model]";
  try {
    load_command_model(options);
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(contains(e.what(), "needs maximize = true"));
  }
}
