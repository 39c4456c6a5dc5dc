// `hypershap run` of an approximate job (issue 13): a game on 20 players explained from a sample
// of coalitions, stored as a sparse game. The values are checked against closed forms; as for
// exact games (test_run.cpp), the store must be bit-identical on 1 and 2 ranks and after a
// SIGTERM (exit 75) or a SIGKILL and a resume, and `hypershap check` must find it sound.

#include <doctest/doctest.h>

#include <cmath>
#include <cstring>
#include <fstream>
#include <sstream>

#include "hypershap/core/exit_code.hpp"
#include "hypershap/store/store.hpp"
#include "process.hpp"
#include "run_harness.hpp"
#include "test_support.hpp"

using namespace hypershap;
namespace fs = std::filesystem;

namespace {

/// pairs-20: f(x) = sum_i (i+1)/20 x_i + 0.5 x0 x1 - 0.3 x2 x3 on [0, 1]^20, default 0. The
/// ablation to x = 1 is v(S) = sum_{i in S} (i+1)/20 + 0.5 [0,1 in S] - 0.3 [2,3 in S].
/// Tunability (a random search per coalition) makes the run long enough to interrupt.
std::string job_text() {
  std::string target;
  for (int i = 0; i < 20; ++i) target += (i > 0 ? ", x" : "x") + std::to_string(i) + " = 1.0";
  return R"(
[job]
seed = 5

[model]
kind = "analytic"
function = "pairs-20"

[games.ablation]
kind = "ablation"
target = { )" +
         target + R"( }

[games.tunability]
kind = "tunability"
samples = 20000

[explain]
indices = ["SV", "FSII", "k-SII"]
method = "approximate"
budget = 2048
)";
}

struct Scratch : test::Scratch {
  explicit Scratch(const std::string& name) : test::Scratch("approx", name, job_text()) {}
};

std::vector<std::string> run_args(const Scratch& s, const std::string& store, int ranks = 0) {
  return test::run_args(HYPERSHAP_MPIEXEC, s, store, ranks);
}

using test::done_in;
using test::read_file;
using test::same_bits;
using test::wait_for_progress;

std::size_t total_in(const std::string& store) {
  std::size_t total = 0;
  for (const auto& g : StoreReader(store).summary().games) total += g.total;
  return total;
}

/// Both stores complete and equal, bit for bit: samples, values, configurations, explanations
/// and their standard errors.
void check_same_stores(const std::string& a, const std::string& b) {
  const StoreReader ra(a);
  const StoreReader rb(b);
  REQUIRE(ra.game_names() == rb.game_names());
  for (const std::string& name : ra.game_names()) {
    CAPTURE(name);
    const StoredGame ga = ra.game(name);
    const StoredGame gb = rb.game(name);
    CHECK(ga.spec.sparse());
    CHECK(ga.spec.sample == gb.spec.sample);
    CHECK(ga.complete());
    CHECK(gb.complete());
    CHECK(same_bits(ga.values, gb.values));
    CHECK(same_bits(ga.best_configurations, gb.best_configurations));
    CHECK(ga.evaluations == gb.evaluations);
    const auto ea = ra.explanations(name);
    const auto eb = rb.explanations(name);
    REQUIRE(ea.size() == 3);
    REQUIRE(ea.size() == eb.size());
    for (std::size_t i = 0; i < ea.size(); ++i) {
      CHECK(same_bits(ea[i].values.values, eb[i].values.values));
      CHECK(same_bits(ea[i].standard_errors, eb[i].standard_errors));
    }
  }
}

/// The closed-form Möbius coefficient of the ablation game of pairs-20 on coalition `s` of size 1
/// or 2: the weight, the two interactions, else 0.
double moebius(Coalition s) {
  if (size_of(s) == 1) {
    int i = 0;
    while (!contains(s, i)) ++i;
    return (i + 1) / 20.0;
  }
  if (s == 0b11) return 0.5;
  if (s == 0b1100) return -0.3;
  return 0.0;
}

}  // namespace

TEST_CASE("an approximate 20-player job stores a sparse game and explanations with closed forms") {
  const Scratch s("closed-forms");
  const std::string store = s.store("run");
  const int code = test::run_to_end(run_args(s, store), {}, s.log("run"));
  INFO(read_file(s.log("run")));
  REQUIRE(code == 0);
  const StoreReader reader(store);
  CHECK(reader.metadata().schema_version == 3);
  const StoredGame game = reader.game("ablation");
  REQUIRE(game.spec.sparse());
  CHECK(game.complete());
  // ∅ and N are always evaluated; the sample is far below 2^20
  CHECK(game.spec.sample.front() == 0);
  CHECK(game.spec.sample.back() == grand_coalition(20));
  CHECK(game.spec.sample.size() < 3 * 2048);
  for (std::size_t i = 0; i < game.spec.sample.size(); ++i) {
    const Coalition c = game.spec.sample[i];
    double v = 0.0;
    for (int p = 0; p < 20; ++p)
      if (contains(c, p)) v += (p + 1) / 20.0;
    if ((c & 0b11) == 0b11) v += 0.5;
    if ((c & 0b1100) == 0b1100) v -= 0.3;
    CHECK(game.values[i] == doctest::Approx(v).epsilon(1e-12));
  }

  for (const StoredExplanation& e : reader.explanations("ablation")) {
    const InteractionValues& iv = e.values;
    CAPTURE(explanation_key(iv));
    REQUIRE(e.standard_errors.size() == iv.values.size());
    CHECK(e.budget == 2048);
    for (std::size_t i = 1; i < iv.coalitions.size(); ++i) {
      const Coalition c = iv.coalitions[i];
      CAPTURE(c);
      if (iv.index == Index::sv) {
        // Shapley values: the weight plus half of each interaction the player is in
        double expected = moebius(c);
        if ((c & 0b11) != 0) expected += 0.25;
        if ((c & 0b1100) != 0) expected -= 0.15;
        CHECK(e.approximation == "regression");
        CHECK(iv.values[i] == doctest::Approx(expected).epsilon(1e-9));
      } else if (iv.index == Index::fsii) {
        // a game of order 2: FSII-2 is its Möbius transform, fitted exactly by the regression
        CHECK(e.approximation == "regression");
        CHECK(iv.values[i] == doctest::Approx(moebius(c)).epsilon(1e-9));
      } else {
        // k-SII-2 of a game of order 2 is its Möbius transform too; permutation sampling is
        // unbiased, within a few of its standard errors
        CHECK(e.approximation == "permutation");
        CHECK(std::fabs(iv.values[i] - moebius(c)) <= 5.0 * e.standard_errors[i] + 1e-9);
      }
    }
  }

  REQUIRE(test::run_to_end({test::binary().string(), "check", store}, {}, s.log("check")) == 0);
  CHECK(read_file(s.log("check")).find("sound") != std::string::npos);
  REQUIRE(test::run_to_end(
              {test::binary().string(), "explain", store, "--game", "ablation", "--index", "SV"},
              {}, s.log("explain")) == 0);
  const std::string shown = read_file(s.log("explain"));
  CHECK(shown.find("approximated by regression") != std::string::npos);
  CHECK(shown.find("± SE") != std::string::npos);
}

TEST_CASE("an approximate job on 1 and 2 ranks writes identical stores") {
  const Scratch s("ranks");
  REQUIRE(test::run_to_end(run_args(s, s.store("serial")), {}, s.log("serial")) == 0);
  for (const int ranks : {1, 2}) {
    CAPTURE(ranks);
    const std::string store = s.store("np" + std::to_string(ranks));
    const int code =
        test::run_to_end(run_args(s, store, ranks), {}, s.log("np" + std::to_string(ranks)));
    INFO(read_file(s.log("np" + std::to_string(ranks))));
    REQUIRE(code == 0);
    check_same_stores(s.store("serial"), store);
  }
}

TEST_CASE("an approximate job stopped by SIGTERM exits 75 and resumes to the same store") {
  const Scratch s("sigterm");
  REQUIRE(test::run_to_end(run_args(s, s.store("reference")), {}, s.log("reference")) == 0);
  test::Child child(run_args(s, s.store("stopped")), {}, s.log("stopped"));
  wait_for_progress(s.store("stopped"), 200);
  child.signal(SIGTERM);
  CHECK(child.wait() == to_int(ExitCode::requeue));
  CHECK(done_in(s.store("stopped")) < total_in(s.store("stopped")));
  REQUIRE(test::run_to_end(run_args(s, s.store("stopped")), {}, s.log("resumed")) == 0);
  CHECK(read_file(s.log("resumed")).find("resumed") != std::string::npos);
  check_same_stores(s.store("reference"), s.store("stopped"));
}

TEST_CASE("under mpiexec -n 2: an approximate job killed mid-way resumes to the same store") {
  const Scratch s("mpi-sigkill");
  REQUIRE(test::run_to_end(run_args(s, s.store("reference")), {}, s.log("reference")) == 0);
  test::Child child(run_args(s, s.store("killed"), 2), {}, s.log("killed"));
  wait_for_progress(s.store("killed"), 200);
  test::kill_job_and_ranks(child);
  CHECK(done_in(s.store("killed")) < total_in(s.store("killed")));
  REQUIRE(test::run_to_end(run_args(s, s.store("killed"), 2), {}, s.log("resumed")) == 0);
  check_same_stores(s.store("reference"), s.store("killed"));
}
