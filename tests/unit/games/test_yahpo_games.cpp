// The new games on the YAHPO lcbench surrogate (../shared/data/yahpo_lcbench; skipped without it):
// a two-instance game is the mean of the two single-instance games, and Optimizer Bias keeps its
// sign and its empty value on a real space (integers, log scales).

#include <doctest/doctest.h>

#include "hypershap/games/tabulate.hpp"
#include "hypershap/job/game_setup.hpp"
#include "hypershap/job/job_file.hpp"
#include "hypershap/job/model_setup.hpp"
#include "test_support.hpp"

using namespace hypershap;

namespace {

JobSpec lcbench_job(const std::string& game_lines) {
  const std::filesystem::path folder = test::shared_dir_or_skip("data/yahpo_lcbench");
  return parse_job("[model]\nkind = \"yahpo\"\nfolder = \"" + folder.string() +
                       "\"\ninstance = 3945\nmetric = \"val_accuracy\"\n[space]\nplayers = "
                       "[\"batch_size\", \"learning_rate\", \"num_layers\"]\npinned = { epoch = "
                       "26 }\n[games.g]\n" +
                       game_lines + "\n",
                   "/jobs/test.toml", "/jobs", {});
}

}  // namespace

TEST_CASE("lcbench: a two-instance Tunability game is the mean of the single-instance games") {
  const JobSpec multi =
      lcbench_job("kind = \"tunability\"\nsamples = 200\ninstances = [\"3945\", \"7593\"]");
  const auto model = load_model(multi);
  const GameTable g = tabulate(*make_game(multi, multi.games.front(), model));
  JobSpec single = multi;
  single.games.front().instances.clear();
  const GameTable g1 =
      tabulate(*make_game(single, single.games.front(), model->for_instance("3945")));
  const GameTable g2 =
      tabulate(*make_game(single, single.games.front(), model->for_instance("7593")));
  for (Coalition s = 0; s < 8; ++s) {
    CAPTURE(s);
    CHECK(g.value(s) == doctest::Approx((g1.value(s) + g2.value(s)) / 2).epsilon(1e-12));
  }
}

TEST_CASE("lcbench: Optimizer Bias of every optimizer is 0 on ∅ and never positive") {
  for (const std::string optimizer :
       {"random-search", "local-search", "coordinate-search", "frozen-search"}) {
    CAPTURE(optimizer);
    const std::string frozen = optimizer == "frozen-search" ? "frozen = [\"num_layers\"]\n" : "";
    const JobSpec job = lcbench_job("kind = \"optimizer-bias\"\noptimizer = \"" + optimizer +
                                    "\"\n" + frozen + "samples = 100");
    const GameTable g = tabulate(*make_game(job, job.games.front(), load_model(job)));
    CHECK(g.values[0] == 0.0);
    for (const double v : g.values) CHECK(v <= 0.0);
  }
}
