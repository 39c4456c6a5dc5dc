#include "hypershap/core/random.hpp"
#include "hypershap/optimize/optimizer.hpp"

namespace hypershap {
namespace {

// Stream key of random search's proposals ("rs" in ASCII), apart from every game's streams.
constexpr std::uint64_t random_search_stream = 0x7273;

class RandomSearch final : public Optimizer {
 public:
  RandomSearch(std::shared_ptr<const ConfigurationSpace> space, std::uint64_t seed)
      : space_(std::move(space)), seed_(seed) {}

  Configuration propose(const std::vector<Trial>& history) const override {
    return *propose_at(history.size());
  }

  std::optional<Configuration> propose_at(std::uint64_t trial) const override {
    Rng rng = Rng::stream(seed_, {random_search_stream, trial});
    return space_->sample(rng);
  }

 private:
  std::shared_ptr<const ConfigurationSpace> space_;
  std::uint64_t seed_;
};

}  // namespace

std::unique_ptr<Optimizer> make_random_search(std::shared_ptr<const ConfigurationSpace> space,
                                              std::uint64_t seed) {
  return std::make_unique<RandomSearch>(std::move(space), seed);
}

}  // namespace hypershap
