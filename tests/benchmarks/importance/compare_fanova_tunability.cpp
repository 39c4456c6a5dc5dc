// HyperSHAP Section 6.5 on all 34 lcbench instances of the paper: which two hyperparameters to
// tune, by fANOVA (ours: 1,000 random configurations of the YAHPO surrogate, automl/fanova's
// forest) and by the Shapley values of the data-specific Tunability game; and our fANOVA beside
// the paper's own (../shared/data/hypershap_paper_games/fANOVA/*.json) with Spearman's rank
// correlation. The Tunability games are the paper's stored ones (games.jsonl); an instance the
// paper stored no game for is computed here from the job ([games.tunability], 10,000 samples).
// Prints the README's table as Markdown.
//   compare_fanova_tunability JOB [SHARED_DIR]

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "hypershap/explain/shapley_interactions.hpp"
#include "hypershap/games/tabulate.hpp"
#include "hypershap/job/game_setup.hpp"
#include "hypershap/job/importance_setup.hpp"
#include "hypershap/job/job_file.hpp"
#include "hypershap/job/model_setup.hpp"

using namespace hypershap;

namespace {

std::vector<std::string> top2(const std::map<std::string, double>& score) {
  std::vector<std::pair<double, std::string>> order;
  for (const auto& [name, value] : score) order.emplace_back(-value, name);
  std::sort(order.begin(), order.end());
  return {order[0].second, order[1].second};
}

std::string pair_text(std::vector<std::string> p) { return p[0] + ", " + p[1]; }

bool same_set(std::vector<std::string> a, std::vector<std::string> b) {
  std::sort(a.begin(), a.end());
  std::sort(b.begin(), b.end());
  return a == b;
}

// Spearman's ρ: Pearson correlation of the ranks (average ranks for ties)
double spearman(const std::vector<double>& x, const std::vector<double>& y) {
  const auto ranks = [](const std::vector<double>& v) {
    std::vector<double> r(v.size());
    for (std::size_t i = 0; i < v.size(); ++i) {
      double less = 0, equal = 0;
      for (const double w : v) {
        if (w < v[i]) ++less;
        if (w == v[i]) ++equal;
      }
      r[i] = less + (equal + 1) / 2;
    }
    return r;
  };
  const std::vector<double> a = ranks(x), b = ranks(y);
  const auto n = static_cast<double>(a.size());
  double ma = 0, mb = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    ma += a[i] / n;
    mb += b[i] / n;
  }
  double sab = 0, saa = 0, sbb = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) * (a[i] - ma);
    sbb += (b[i] - mb) * (b[i] - mb);
  }
  return sab / std::sqrt(saa * sbb);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: compare_fanova_tunability JOB [SHARED_DIR]\n";
    return 2;
  }
  const std::filesystem::path job_path = argv[1];
  const std::filesystem::path shared =
      argc > 2 ? std::filesystem::path(argv[2]) : job_path.parent_path() / ".." / ".." / "shared";
  const std::filesystem::path games_dir = shared / "data" / "hypershap_paper_games";
  try {
    // the paper's Tunability games of lcbench, by instance
    std::map<std::string, GameTable> paper_games;
    std::ifstream jsonl(games_dir / "games.jsonl");
    if (!jsonl) throw std::runtime_error("cannot read " + (games_dir / "games.jsonl").string());
    for (std::string line; std::getline(jsonl, line);) {
      const nlohmann::json g = nlohmann::json::parse(line);
      if (g.at("family") != "yahpogym" || g.at("game_type") != "data_specific_tunability" ||
          g.at("scenario") != "lcbench")
        continue;
      GameTable game;
      game.players = g.at("players").get<std::vector<std::string>>();
      game.values.assign(std::size_t{1} << game.n(), 0.0);
      const auto masks = g.at("coalition_masks").get<std::vector<std::uint64_t>>();
      const auto values = g.at("values").get<std::vector<double>>();
      for (std::size_t i = 0; i < masks.size(); ++i) game.values[masks[i]] = values[i];
      paper_games[g.at("instance").get<std::string>()] = std::move(game);
    }
    std::vector<std::string> instances;
    for (const auto& entry : std::filesystem::directory_iterator(games_dir / "fANOVA")) {
      const std::string stem = entry.path().stem().string();
      const auto end = stem.rfind('_');
      const auto begin = stem.rfind('_', end - 1);
      instances.push_back(stem.substr(begin + 1, end - begin - 1));
    }
    std::sort(instances.begin(), instances.end(), [](const std::string& a, const std::string& b) {
      return std::stol(a) < std::stol(b);
    });

    std::printf(
        "| instance | Tunability top-2 (SV) | our fANOVA top-2 | paper's fANOVA top-2 | ρ ours vs "
        "paper |\n");
    std::printf("|---|---|---|---|---|\n");
    int ours_agree = 0, paper_agree = 0, ours_paper_agree = 0, recomputed = 0;
    double rho_sum = 0.0;
    double fanova_seconds = 0.0;
    const auto start = std::chrono::steady_clock::now();
    for (const std::string& instance : instances) {
      const JobSpec job = read_job_file(job_path, {"model.instance=" + instance});
      const auto model = load_model(job);
      ImportanceSpec spec = job.importance.value_or(ImportanceSpec{});
      spec.order = 1;
      const ImportanceResults ours = job_importance(job, spec, *model);
      fanova_seconds += ours.seconds;
      std::map<std::string, double> ours_score;
      for (const ImportanceTerm& t : ours.terms) ours_score[t.names[0]] = t.fraction;

      GameTable game;
      const auto stored = paper_games.find(instance);
      std::string mark;
      if (stored != paper_games.end()) {
        game = stored->second;
      } else {
        game = tabulate(*make_game(job, job.games.front(), model));
        mark = "*";
        ++recomputed;
      }
      const InteractionValues sv = explain(game, Index::sv, 1);
      std::map<std::string, double> tunability;
      for (int i = 0; i < game.n(); ++i)
        tunability[game.players[static_cast<std::size_t>(i)]] = sv.at(Coalition{1} << i);

      std::ifstream paper_file(games_dir / "fANOVA" /
                               ("fanova_lcbench_val_accuracy_" + instance + "_1000.json"));
      const nlohmann::json paper_json = nlohmann::json::parse(paper_file);
      std::map<std::string, double> paper_score;
      for (const auto& [name, value] : paper_json.items()) paper_score[name] = value.get<double>();
      std::vector<double> x, y;
      for (const auto& [name, value] : paper_score) {
        x.push_back(ours_score.at(name));
        y.push_back(value);
      }
      const double rho = spearman(x, y);
      rho_sum += rho;
      const auto t2 = top2(tunability), o2 = top2(ours_score), p2 = top2(paper_score);
      ours_agree += same_set(t2, o2);
      paper_agree += same_set(t2, p2);
      ours_paper_agree += same_set(o2, p2);
      std::printf("| %s%s | %s | %s | %s | %.2f |\n", instance.c_str(), mark.c_str(),
                  pair_text(t2).c_str(), pair_text(o2).c_str(), pair_text(p2).c_str(), rho);
      std::fflush(stdout);
    }
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const auto n = static_cast<int>(instances.size());
    std::printf(
        "\nTop-2 sets equal to the Tunability game's: our fANOVA %d of %d, the paper's "
        "fANOVA %d of %d; our fANOVA's top-2 equal to the paper's: %d of %d; mean "
        "Spearman ρ (ours vs paper) %.2f.\n",
        ours_agree, n, paper_agree, n, ours_paper_agree, n, rho_sum / n);
    std::printf(
        "Tunability games: %d stored by the paper, %d computed here (marked *). fANOVA "
        "(1,000 surrogate evaluations, forest, decomposition) %.2f s in all; the whole "
        "comparison %.1f s.\n",
        n - recomputed, recomputed, fanova_seconds, seconds);
  } catch (const std::exception& e) {
    std::cerr << "compare_fanova_tunability: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
