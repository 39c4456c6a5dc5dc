#include "sparse_game.hpp"

#include <algorithm>
#include <stdexcept>

namespace hypershap::store_schema {

void check_sample(const GameSpec& spec) {
  const Coalition grand = grand_coalition(spec.n());
  for (std::size_t i = 0; i < spec.sample.size(); ++i) {
    if ((spec.sample[i] & ~grand) != 0)
      throw std::invalid_argument("store: game " + spec.name + ": sampled coalition " +
                                  std::to_string(spec.sample[i]) + " names players beyond its " +
                                  std::to_string(spec.n()));
    if (i > 0 && spec.sample[i] <= spec.sample[i - 1])
      throw std::invalid_argument("store: game " + spec.name +
                                  ": its sample is not increasing and distinct");
  }
}

void write_sample(hid_t game, const GameSpec& spec) {
  h5::write_attribute(game, "layout", std::string("sparse"));
  h5::write_dataset(game, sample_dataset, {static_cast<hsize_t>(spec.sample.size())}, spec.sample);
}

std::vector<Coalition> read_sample(hid_t game, const std::string& name, int n) {
  if (!h5::attribute_exists(game, "layout")) return {};
  const std::string layout = h5::read_string_attribute(game, "layout");
  if (layout != "sparse")
    throw h5::Failure("game " + name + " has the unknown layout \"" + layout + "\"");
  std::vector<Coalition> sample = h5::read_uint64s(game, sample_dataset);
  if (sample.empty()) throw h5::Failure("game " + name + " is sparse but holds no coalitions");
  const Coalition grand = grand_coalition(n);
  for (std::size_t i = 0; i < sample.size(); ++i)
    if ((sample[i] & ~grand) != 0 || (i > 0 && sample[i] <= sample[i - 1]))
      throw h5::Failure("game " + name + ": its coalitions are not increasing bitmasks of its " +
                        std::to_string(n) + " players (entry " + std::to_string(i) + ")");
  return sample;
}

std::optional<std::size_t> slot_of(const GameSpec& spec, Coalition s) {
  if (!spec.sparse()) {
    if (s < coalition_count(spec.n())) return static_cast<std::size_t>(s);
    return std::nullopt;
  }
  const auto it = std::lower_bound(spec.sample.begin(), spec.sample.end(), s);
  if (it == spec.sample.end() || *it != s) return std::nullopt;
  return static_cast<std::size_t>(it - spec.sample.begin());
}

void write_approximation(hid_t explanation, const StoredExplanation& stored) {
  if (stored.approximation.empty()) return;
  h5::write_attribute(explanation, "approximation", stored.approximation);
  h5::write_attribute(explanation, "budget", static_cast<std::int64_t>(stored.budget));
  h5::write_dataset(explanation, "standard_errors",
                    {static_cast<hsize_t>(stored.standard_errors.size())}, stored.standard_errors);
}

void read_approximation(hid_t explanation, const std::string& key, StoredExplanation& stored) {
  if (!h5::attribute_exists(explanation, "approximation")) return;
  stored.approximation = h5::read_string_attribute(explanation, "approximation");
  stored.budget = static_cast<std::uint64_t>(h5::read_int_attribute(explanation, "budget"));
  stored.standard_errors = h5::read_doubles(explanation, "standard_errors");
  if (stored.standard_errors.size() != stored.values.values.size())
    throw h5::Failure("explanation " + key + ": standard_errors and values differ in length");
}

}  // namespace hypershap::store_schema
