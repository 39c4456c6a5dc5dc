#pragma once
// A configuration space as the Python package ConfigSpace writes it to JSON (both the format of
// ConfigSpace < 1.0, "json_format_version" 0.2 with "default"/"probabilities"/"q", and that of
// ConfigSpace >= 1.0, "format_version" 0.4 with "default_value"/"weights"): hyperparameters,
// conditions and forbidden clauses, with sampling, validity checks, the numeric encoding for
// models and the blends the HyperSHAP games evaluate.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "hypershap/core/coalition.hpp"
#include "hypershap/core/random.hpp"
#include "hypershap/space/conditions.hpp"
#include "hypershap/space/configuration.hpp"
#include "hypershap/space/hyperparameter.hpp"

namespace hypershap {

/// A blend of two configurations (blend()): the configuration and whether a forbidden clause
/// matches it (then the games must not evaluate it).
struct Blend {
  Configuration configuration;
  bool forbidden = false;
};

class ConfigurationSpace {
 public:
  /// Reads a ConfigSpace JSON file; errors are io_error (unreadable) or invalid_input naming the
  /// file, the key and the fix.
  static ConfigurationSpace from_file(const std::filesystem::path& path);
  /// Parses ConfigSpace JSON text; `source` names it in messages (a file name).
  static ConfigurationSpace from_string(std::string_view text, const std::string& source);

  const std::string& source() const { return source_; }
  int size() const { return static_cast<int>(hyperparameters_.size()); }
  const std::vector<Hyperparameter>& hyperparameters() const { return hyperparameters_; }
  const Hyperparameter& hyperparameter(int index) const {
    return hyperparameters_[static_cast<std::size_t>(index)];
  }
  /// The index of a hyperparameter, -1 when there is none of that name.
  int find(const std::string& name) const;
  /// The index of a hyperparameter; invalid_input naming `context` when there is none.
  int index_of(const std::string& name, const std::string& context) const;

  /// The conditions of hyperparameter `index` (all must hold for it to be active).
  const std::vector<Condition>& conditions(int index) const {
    return conditions_[static_cast<std::size_t>(index)];
  }
  const std::vector<ForbiddenClause>& forbidden_clauses() const { return forbidden_; }
  /// The hyperparameters with parents after their parents (the order conditions resolve in).
  const std::vector<int>& resolution_order() const { return order_; }

  /// The defaults, with hyperparameters whose conditions fail inactive.
  const Configuration& default_configuration() const { return default_; }

  /// Whether the conditions of hyperparameter `index` hold for the values in `configuration`.
  bool conditions_hold(int index, const ConfigurationView& configuration) const;
  /// The first forbidden clause matching the configuration, -1 when none does.
  int matched_forbidden_clause(const ConfigurationView& configuration) const;
  bool is_forbidden(const ConfigurationView& configuration) const {
    return matched_forbidden_clause(configuration) >= 0;
  }
  /// Empty when the configuration is valid, otherwise the first reason it is not: a value outside
  /// its bounds or choices, a hyperparameter inactive but set or active but missing, a matched
  /// forbidden clause (named).
  std::string why_invalid(const ConfigurationView& configuration) const;
  bool is_valid(const ConfigurationView& configuration) const {
    return why_invalid(configuration).empty();
  }

  /// A configuration drawn from the priors (uniform for uniform hyperparameters), conditions
  /// applied; forbidden draws are rejected and drawn again (invalid_input after
  /// max_sampling_attempts forbidden draws in a row).
  Configuration sample(Rng& rng) const;
  /// `count` sampled configurations, one per row, in the order `rng` draws them.
  ConfigurationMatrix sample(std::size_t count, Rng& rng) const;
  /// Rows first_row .. first_row + count - 1 of a sample in which row r is drawn from
  /// Rng::stream(seed, {stream, r}): any split of the rows over processes gives the same rows.
  ConfigurationMatrix sample_rows(std::uint64_t seed, std::uint64_t stream, std::size_t first_row,
                                  std::size_t count) const;
  static constexpr int max_sampling_attempts = 10000;

  /// The hyperparameter indices of named players (a job's player list); invalid_input naming
  /// `context` for an unknown or repeated name.
  std::vector<int> players(const std::vector<std::string>& names, const std::string& context) const;
  /// All hyperparameters as players, in the space's order.
  std::vector<int> all_players() const;

  /// The HyperSHAP blend of `lambda` and `lambda0` for the coalition S over `players`
  /// (bit j of s set <=> players[j] in S): hyperparameters in S take lambda's value, all others
  /// (the players outside S and the hyperparameters that are not players) lambda0's. Conditions
  /// are then resolved again, parents first: a hyperparameter whose conditions fail becomes
  /// inactive; one that is active but has no value in the configuration it takes its value from
  /// gets the other configuration's value, and failing that its default.
  Blend blend(const ConfigurationView& lambda, const ConfigurationView& lambda0, Coalition s,
              const std::vector<int>& players) const;
  /// blend() into `out` (e.g. a row of a ConfigurationMatrix; it must not alias lambda or
  /// lambda0); returns whether it is forbidden.
  bool blend_into(const ConfigurationView& lambda, const ConfigurationView& lambda0, Coalition s,
                  const std::vector<int>& players, Eigen::Ref<Eigen::RowVectorXd> out) const;

  /// The numeric encoding for models, one column per hyperparameter (Hyperparameter::encode:
  /// numerics in [0, 1] over their bounds, log-aware; categorical and ordinal indices; constants 0;
  /// inactive_encoding = -1 for inactive hyperparameters).
  Eigen::RowVectorXd encode(const ConfigurationView& configuration) const;
  ConfigurationMatrix encode_all(const ConfigurationMatrix& configurations) const;

  /// Values as people write them, by name; inactive hyperparameters are left out.
  std::map<std::string, HumanValue> to_values(const ConfigurationView& configuration) const;
  /// The configuration with these values (hyperparameters left out are inactive); invalid_input
  /// naming `context` for an unknown name, a value that is not legal or an invalid configuration.
  Configuration from_values(const std::map<std::string, HumanValue>& values,
                            const std::string& context) const;
  /// One value in the configuration representation; invalid_input naming `context` when it is
  /// not a legal value of the hyperparameter.
  double internal_value(int index, const HumanValue& value, const std::string& context) const;
  /// "name=value, name=value" over the active hyperparameters.
  std::string to_text(const ConfigurationView& configuration) const;

 private:
  friend class ConfigSpaceJsonReader;

  // Draws every hyperparameter, then resolves the conditions (into `out`).
  void draw(Rng& rng, Eigen::Ref<Eigen::RowVectorXd> out) const;
  void sample_into(Rng& rng, Eigen::Ref<Eigen::RowVectorXd> out) const;

  std::string source_;
  std::vector<Hyperparameter> hyperparameters_;
  std::map<std::string, int> index_;
  std::vector<std::vector<Condition>> conditions_;
  std::vector<ForbiddenClause> forbidden_;
  std::vector<int> order_;
  Configuration default_;
};

}  // namespace hypershap
