#include "integrity.hpp"

#include <array>
#include <cmath>
#include <cstring>
#include <map>

namespace hypershap::store_schema {

namespace {

constexpr std::array<std::uint32_t, 256> crc_table() {
  std::array<std::uint32_t, 256> table{};
  for (std::uint32_t i = 0; i < 256; ++i) {
    std::uint32_t c = i;
    for (int k = 0; k < 8; ++k) c = (c & 1U) != 0 ? 0xEDB88320U ^ (c >> 1) : c >> 1;
    table[i] = c;
  }
  return table;
}

constexpr std::array<std::uint32_t, 256> crc_lookup = crc_table();

void feed(std::uint32_t& crc, std::uint64_t word) {
  for (int byte = 0; byte < 8; ++byte) {  // little-endian, whatever the machine
    crc = crc_lookup[(crc ^ static_cast<std::uint32_t>(word >> (8 * byte))) & 0xFFU] ^ (crc >> 8);
  }
}

std::uint64_t bits_of(double x) {
  std::uint64_t bits = 0;
  std::memcpy(&bits, &x, sizeof bits);
  return bits;
}

/// Counts problems by kind, keeping the first coalition of each.
class Findings {
 public:
  void add(const std::string& kind, Coalition s) {
    auto [it, inserted] = found_.try_emplace(kind, Entry{s, 0});
    ++it->second.count;
    if (inserted) order_.push_back(kind);
  }
  std::vector<std::string> text(const std::string& game) const {
    std::vector<std::string> lines;
    for (const std::string& kind : order_) {
      const Entry& e = found_.at(kind);
      lines.push_back("game " + game + ": " + std::to_string(e.count) +
                      (e.count == 1 ? " coalition " : " coalitions ") + kind +
                      " (the first: " + std::to_string(e.first) + ")");
    }
    return lines;
  }

 private:
  struct Entry {
    Coalition first;
    std::size_t count;
  };
  std::map<std::string, Entry> found_;
  std::vector<std::string> order_;
};

}  // namespace

std::uint32_t coalition_checksum(Coalition s, double value, std::uint64_t evaluations,
                                 double seconds, const double* configuration, std::size_t d) {
  std::uint32_t crc = 0xFFFFFFFFU;
  feed(crc, s);
  feed(crc, bits_of(value));
  feed(crc, evaluations);
  feed(crc, bits_of(seconds));
  for (std::size_t j = 0; j < d; ++j) feed(crc, bits_of(configuration[j]));
  return crc ^ 0xFFFFFFFFU;
}

std::uint32_t coalition_checksum(const StoredGame& game, std::size_t slot) {
  const auto d = static_cast<std::size_t>(std::max(game.spec.configuration_dimension, 0));
  const double* row = d > 0 ? game.best_configurations.data() + slot * d : nullptr;
  return coalition_checksum(game.spec.coalition_at(slot), game.values[slot], game.evaluations[slot],
                            game.seconds[slot], row, d);
}

std::vector<std::string> game_problems(const StoredGame& game) {
  const std::size_t count = game.done.size();
  const auto d = static_cast<std::size_t>(std::max(game.spec.configuration_dimension, 0));
  if (game.values.size() != count || game.evaluations.size() != count ||
      game.seconds.size() != count || game.best_configurations.size() != count * d ||
      (!game.checksums.empty() && game.checksums.size() != count) || count != game.spec.slots())
    return {"game " + game.spec.name + ": its per-coalition datasets differ in length"};
  Findings findings;
  for (std::size_t slot = 0; slot < count; ++slot) {
    const Coalition s = game.spec.coalition_at(slot);
    const std::uint8_t flag = game.done[slot];
    if (flag > 1) {
      findings.add("have a done flag other than 0 or 1", s);
      continue;
    }
    if (flag == 0) continue;
    if (std::isinf(game.values[slot])) findings.add("are done with an infinite value", s);
    if (!std::isfinite(game.seconds[slot]) || game.seconds[slot] < 0.0)
      findings.add("are done with a compute time that is not a finite number >= 0", s);
    if (!game.checksums.empty() && coalition_checksum(game, slot) != game.checksums[slot])
      findings.add("do not match their checksum (their results were changed after writing)", s);
  }
  return findings.text(game.spec.name);
}

}  // namespace hypershap::store_schema
