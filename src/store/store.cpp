#include "hypershap/store/store.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "hypershap/core/error.hpp"
#include "hypershap/explain/index.hpp"
#include "hypershap/store/sha256.hpp"

namespace hypershap {

std::string job_hash(const std::string& job_text) { return "sha256:" + sha256_hex(job_text); }

std::string explanation_key(const InteractionValues& values) {
  return std::string(name_of(values.index)) + "_order" + std::to_string(values.order) + "_" +
         std::string(name_of(values.convention));
}

std::size_t StoredGame::done_count() const {
  return static_cast<std::size_t>(std::count(done.begin(), done.end(), std::uint8_t{1}));
}

GameTable StoredGame::to_game(const std::filesystem::path& store) const {
  if (spec.sparse())
    throw invalid_input(store.string() + ": game " + spec.name + " holds a sample of " +
                        std::to_string(spec.sample.size()) + " of the 2^" +
                        std::to_string(spec.n()) +
                        " coalitions (an approximate explanation); it is explained by the "
                        "approximations its run stored (`hypershap explain` shows them with "
                        "their standard errors), not from a full table");
  const std::size_t missing = done.size() - done_count();
  if (missing != 0)
    throw invalid_input(store.string() + ": game " + spec.name + " is not complete (" +
                        std::to_string(missing) + " of " + std::to_string(done.size()) +
                        " coalition values missing); run its job again to compute them");
  require_finite(store);
  return GameTable{spec.players, values};
}

void StoredGame::require_finite(const std::filesystem::path& store) const {
  for (std::size_t slot = 0; slot < values.size(); ++slot)
    if (!std::isfinite(values[slot]))
      throw io_error(store.string() + ": game " + spec.name + " holds the value " +
                     std::to_string(values[slot]) + " for coalition " +
                     std::to_string(spec.coalition_at(slot)) +
                     ", which cannot be explained (every value must be a finite number); the "
                     "store is damaged or was written by a faulty model: `hypershap check " +
                     store.string() + "` lists what is wrong; run the job into a new store");
}

double StoredGame::sparse_value(Coalition s) const {
  const auto it = std::lower_bound(spec.sample.begin(), spec.sample.end(), s);
  const auto slot = static_cast<std::size_t>(it - spec.sample.begin());
  if (it == spec.sample.end() || *it != s || done[slot] != 1)
    throw invalid_input("game " + spec.name + ": coalition " + std::to_string(s) +
                        " is not among its computed coalitions; run its job again to compute "
                        "them");
  return values[slot];
}

}  // namespace hypershap
