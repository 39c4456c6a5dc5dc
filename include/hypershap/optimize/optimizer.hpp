#pragma once
// The optimizers of `hypershap optimize`: each proposes the next configuration of an HPO run from
// the trials so far. A proposal is a pure function of the optimizer's seed and the history, so a
// run resumed from its stored history proposes exactly what an uninterrupted run would have
// proposed.

#include <cstdint>
#include <memory>
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
};

/// Random search: trial t is the space's sample from the stream (seed, t), whatever came before.
std::unique_ptr<Optimizer> make_random_search(std::shared_ptr<const ConfigurationSpace> space,
                                              std::uint64_t seed);

}  // namespace hypershap
