#include "hypershap/space/configuration_space.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <stdexcept>

#include "hypershap/core/error.hpp"

namespace hypershap {

namespace {

double at(const ConfigurationView& configuration, int index) {
  return configuration[static_cast<Eigen::Index>(index)];
}

std::string joined_names(const std::vector<Hyperparameter>& hyperparameters) {
  std::string names;
  for (const Hyperparameter& hp : hyperparameters) {
    if (!names.empty()) names += ", ";
    names += hp.name;
  }
  return names;
}

std::string joined_choices(const Hyperparameter& hp) {
  std::string text;
  for (const std::string& choice : hp.choices) {
    if (!text.empty()) text += ", ";
    text += "'" + choice + "'";
  }
  return text;
}

}  // namespace

int ConfigurationSpace::find(const std::string& name) const {
  const auto it = index_.find(name);
  return it == index_.end() ? -1 : it->second;
}

int ConfigurationSpace::index_of(const std::string& name, const std::string& context) const {
  const int index = find(name);
  if (index < 0) {
    throw invalid_input(context + ": unknown hyperparameter '" + name + "'; the space " + source_ +
                        " has: " + joined_names(hyperparameters_));
  }
  return index;
}

bool ConfigurationSpace::conditions_hold(int index, const ConfigurationView& configuration) const {
  const std::vector<Condition>& all = conditions(index);
  return std::all_of(all.begin(), all.end(),
                     [&](const Condition& c) { return c.holds(configuration); });
}

int ConfigurationSpace::matched_forbidden_clause(const ConfigurationView& configuration) const {
  for (std::size_t k = 0; k < forbidden_.size(); ++k) {
    if (forbidden_[k].matches(configuration, hyperparameters_)) return static_cast<int>(k);
  }
  return -1;
}

std::string ConfigurationSpace::why_invalid(const ConfigurationView& configuration) const {
  if (configuration.size() != size()) {
    return "it has " + std::to_string(configuration.size()) + " values but the space " + source_ +
           " has " + std::to_string(size()) + " hyperparameters";
  }
  for (const int i : order_) {
    const Hyperparameter& hp = hyperparameter(i);
    const double value = at(configuration, i);
    const bool active = conditions_hold(i, configuration);
    if (active && is_inactive(value)) {
      return "'" + hp.name + "' is active (its conditions hold) but has no value";
    }
    if (!active && !is_inactive(value)) {
      std::string failing;
      for (const Condition& c : conditions(i)) {
        if (!c.holds(configuration)) failing = c.text;
      }
      return "'" + hp.name + "' is inactive (condition " + failing + " fails) but set to " +
             hp.text(value);
    }
    if (active) {
      const std::string reason = hp.why_illegal(value);
      if (!reason.empty()) return "'" + hp.name + "': " + reason;
    }
  }
  const int clause = matched_forbidden_clause(configuration);
  if (clause >= 0) {
    return "it matches forbidden clause " + std::to_string(clause) + ": " +
           forbidden_[static_cast<std::size_t>(clause)].text;
  }
  return {};
}

void ConfigurationSpace::draw(Rng& rng, Eigen::Ref<Eigen::RowVectorXd> out) const {
  for (int i = 0; i < size(); ++i) out[i] = hyperparameter(i).sample(rng);
  for (const int i : order_) {
    if (!conditions_hold(i, out)) out[i] = inactive_value;
  }
}

void ConfigurationSpace::sample_into(Rng& rng, Eigen::Ref<Eigen::RowVectorXd> out) const {
  std::vector<int> matches(forbidden_.size(), 0);
  for (int attempt = 0; attempt < max_sampling_attempts; ++attempt) {
    draw(rng, out);
    const int clause = matched_forbidden_clause(out);
    if (clause < 0) return;
    ++matches[static_cast<std::size_t>(clause)];
  }
  const auto most = std::max_element(matches.begin(), matches.end()) - matches.begin();
  throw invalid_input(source_ + ": 'forbiddens': " + std::to_string(max_sampling_attempts) +
                      " configurations sampled in a row were all forbidden (most often by clause " +
                      std::to_string(most) + ": " +
                      forbidden_[static_cast<std::size_t>(most)].text +
                      "); the forbidden clauses exclude almost all of the space, relax them");
}

Configuration ConfigurationSpace::sample(Rng& rng) const {
  Configuration configuration(size());
  sample_into(rng, configuration);
  return configuration;
}

ConfigurationMatrix ConfigurationSpace::sample(std::size_t count, Rng& rng) const {
  ConfigurationMatrix configurations(static_cast<Eigen::Index>(count), size());
  for (Eigen::Index row = 0; row < configurations.rows(); ++row) {
    sample_into(rng, configurations.row(row));
  }
  return configurations;
}

ConfigurationMatrix ConfigurationSpace::sample_rows(std::uint64_t seed, std::uint64_t stream,
                                                    std::size_t first_row,
                                                    std::size_t count) const {
  ConfigurationMatrix configurations(static_cast<Eigen::Index>(count), size());
  for (std::size_t k = 0; k < count; ++k) {
    Rng rng = Rng::stream(seed, {stream, first_row + k});
    sample_into(rng, configurations.row(static_cast<Eigen::Index>(k)));
  }
  return configurations;
}

std::vector<int> ConfigurationSpace::players(const std::vector<std::string>& names,
                                             const std::string& context) const {
  std::vector<int> indices;
  for (const std::string& name : names) {
    const int index = index_of(name, context);
    if (std::find(indices.begin(), indices.end(), index) != indices.end()) {
      throw invalid_input(context + ": player '" + name + "' is listed twice; name each once");
    }
    indices.push_back(index);
  }
  return indices;
}

std::vector<int> ConfigurationSpace::all_players() const {
  std::vector<int> indices(static_cast<std::size_t>(size()));
  for (int i = 0; i < size(); ++i) indices[static_cast<std::size_t>(i)] = i;
  return indices;
}

bool ConfigurationSpace::blend_into(const ConfigurationView& lambda,
                                    const ConfigurationView& lambda0, Coalition s,
                                    const std::vector<int>& players,
                                    Eigen::Ref<Eigen::RowVectorXd> out) const {
  if (lambda.size() != size() || lambda0.size() != size() || out.size() != size()) {
    throw std::invalid_argument("blend: configurations do not match the space's size");
  }
  out = lambda0;
  for (std::size_t j = 0; j < players.size(); ++j) {
    if (contains(s, static_cast<int>(j))) out[players[j]] = lambda[players[j]];
  }
  // Parents first, so each hyperparameter's conditions see the final values of its parents. A
  // value still missing here is missing in the configuration it was taken from, so the first
  // value present in either configuration is the other one's.
  for (const int i : order_) {
    if (!conditions_hold(i, out)) {
      out[i] = inactive_value;
    } else if (is_inactive(out[i])) {
      out[i] = !is_inactive(lambda[i])    ? lambda[i]
               : !is_inactive(lambda0[i]) ? lambda0[i]
                                          : hyperparameter(i).default_value;
    }
  }
  return is_forbidden(out);
}

Blend ConfigurationSpace::blend(const ConfigurationView& lambda, const ConfigurationView& lambda0,
                                Coalition s, const std::vector<int>& players) const {
  Blend result;
  result.configuration.resize(size());
  result.forbidden = blend_into(lambda, lambda0, s, players, result.configuration);
  return result;
}

Eigen::RowVectorXd ConfigurationSpace::encode(const ConfigurationView& configuration) const {
  Eigen::RowVectorXd encoded(size());
  for (int i = 0; i < size(); ++i) encoded[i] = hyperparameter(i).encode(at(configuration, i));
  return encoded;
}

ConfigurationMatrix ConfigurationSpace::encode_all(
    const ConfigurationMatrix& configurations) const {
  ConfigurationMatrix encoded(configurations.rows(), configurations.cols());
  for (Eigen::Index row = 0; row < configurations.rows(); ++row) {
    for (int i = 0; i < size(); ++i) {
      encoded(row, i) = hyperparameter(i).encode(configurations(row, i));
    }
  }
  return encoded;
}

std::map<std::string, HumanValue> ConfigurationSpace::to_values(
    const ConfigurationView& configuration) const {
  std::map<std::string, HumanValue> values;
  for (int i = 0; i < size(); ++i) {
    const double value = at(configuration, i);
    if (is_inactive(value)) continue;
    const Hyperparameter& hp = hyperparameter(i);
    if (hp.is_numeric()) {
      values.emplace(hp.name, value);
    } else {
      values.emplace(hp.name, hp.text(value));
    }
  }
  return values;
}

double ConfigurationSpace::internal_value(int index, const HumanValue& value,
                                          const std::string& context) const {
  const Hyperparameter& hp = hyperparameter(index);
  if (hp.is_numeric()) {
    double number = 0.0;
    if (const double* x = std::get_if<double>(&value)) {
      number = *x;
    } else {
      const std::string& text = std::get<std::string>(value);
      char* end = nullptr;
      number = std::strtod(text.c_str(), &end);
      if (text.empty() || end != text.c_str() + text.size()) {
        throw invalid_input(context + ": '" + hp.name + "' = '" + text +
                            "' is not a number; give a number within its bounds");
      }
    }
    const std::string reason = hp.why_illegal(number);
    if (!reason.empty()) {
      throw invalid_input(context + ": '" + hp.name + "': " + reason + "; give a legal value");
    }
    return number;
  }
  for (std::size_t k = 0; k < hp.choices.size(); ++k) {
    const double* x = std::get_if<double>(&value);
    if (x != nullptr ? hp.choice_numbers[k] == *x : hp.choices[k] == std::get<std::string>(value)) {
      return static_cast<double>(k);
    }
  }
  const std::string given = std::holds_alternative<double>(value)
                                ? std::to_string(std::get<double>(value))
                                : std::get<std::string>(value);
  throw invalid_input(context + ": '" + hp.name + "' = '" + given + "' is not one of its " +
                      std::string(kind_name(hp.kind)) + " values " + joined_choices(hp) +
                      "; use one of them");
}

Configuration ConfigurationSpace::from_values(const std::map<std::string, HumanValue>& values,
                                              const std::string& context) const {
  Configuration configuration = Configuration::Constant(size(), inactive_value);
  for (const auto& [name, value] : values) {
    const int index = index_of(name, context);
    configuration[index] = internal_value(index, value, context);
  }
  const std::string reason = why_invalid(configuration);
  if (!reason.empty()) {
    throw invalid_input(context + ": not a valid configuration of " + source_ + ": " + reason +
                        "; give a value for exactly the active hyperparameters");
  }
  return configuration;
}

std::string ConfigurationSpace::to_text(const ConfigurationView& configuration) const {
  std::string text;
  for (int i = 0; i < size(); ++i) {
    if (is_inactive(at(configuration, i))) continue;
    if (!text.empty()) text += ", ";
    text += hyperparameter(i).name + "=" + hyperparameter(i).text(at(configuration, i));
  }
  return text;
}

}  // namespace hypershap
