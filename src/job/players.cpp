#include "hypershap/job/players.hpp"

#include <algorithm>

#include "hypershap/core/error.hpp"

namespace hypershap {

std::vector<int> job_players(const JobSpec& job, const PerformanceModel& model,
                             const std::string& what, const std::string& key_path) {
  const ConfigurationSpace& space = model.space();
  std::vector<int> players;
  if (!job.space.players.empty()) {
    players = space.players(job.space.players, job.where("space.players") + ": [space] players");
  } else {
    for (int i = 0; i < space.size(); ++i) {
      const std::string& name = space.hyperparameter(i).name;
      const bool pinned = std::any_of(job.space.pinned.begin(), job.space.pinned.end(),
                                      [&](const auto& p) { return p.first == name; });
      if (!pinned && !model.is_context(name)) players.push_back(i);
    }
  }
  for (const int i : players) {
    if (model.is_context(space.hyperparameter(i).name)) {
      throw invalid_input(job.where("space.players") + ": [space] players names '" +
                          space.hyperparameter(i).name +
                          "', which selects the model's instance; set it with [model] instance");
    }
  }
  if (players.empty()) {
    throw invalid_input(job.where(key_path) + ": " + what +
                        " has no players; list them in [space] "
                        "players or pin fewer hyperparameters");
  }
  return players;
}

}  // namespace hypershap
