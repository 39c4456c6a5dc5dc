#pragma once
// The optimizers of `hypershap optimize`: each proposes the next configuration of an HPO run from
// the trials so far. A proposal is a pure function of the optimizer's seed and the history, so a
// run resumed from its stored history proposes exactly what an uninterrupted run would have
// proposed.

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "hypershap/space/configuration.hpp"
#include "hypershap/space/configuration_space.hpp"

namespace hypershap {

/// One evaluated configuration of an HPO run.
struct Trial {
  Configuration configuration;  // in the space's representation (configuration.hpp; NaN = inactive)
  double cost = 0.0;     // minimised (SMAC's convention): the objective, negated if maximised;
                         // NaN for a crashed trial
  double seconds = 0.0;  // wall time of the evaluation
};

class Optimizer {
 public:
  virtual ~Optimizer() = default;
  /// The configuration of trial number history.size().
  virtual Configuration propose(const std::vector<Trial>& history) const = 0;
  /// The configuration of trial number `trial` when it depends on the seed and the trial number
  /// alone (random search), so trials can be evaluated in any order and on any rank; none when
  /// proposals depend on the history (Bayesian optimization).
  virtual std::optional<Configuration> propose_at(std::uint64_t /*trial*/) const {
    return std::nullopt;
  }
};

/// Random search: trial t is the space's sample from the stream (seed, t), whatever came before.
std::unique_ptr<Optimizer> make_random_search(std::shared_ptr<const ConfigurationSpace> space,
                                              std::uint64_t seed);

}  // namespace hypershap
