#include "hypershap/space/conditions.hpp"

#include <algorithm>

namespace hypershap {

namespace {

double at(const ConfigurationView& configuration, int index) {
  return configuration[static_cast<Eigen::Index>(index)];
}

bool among(double value, const std::vector<double>& values) {
  return std::find(values.begin(), values.end(), value) != values.end();
}

// The number a value stands for: itself, or the number its choice is.
double as_number(const Hyperparameter& hyperparameter, double value) {
  if (hyperparameter.is_numeric()) return value;
  return hyperparameter.choice_numbers[static_cast<std::size_t>(value)];
}

}  // namespace

bool Condition::holds(const ConfigurationView& configuration) const {
  switch (type) {
    case Type::all_of:
      return std::all_of(components.begin(), components.end(),
                         [&](const Condition& c) { return c.holds(configuration); });
    case Type::any_of:
      return std::any_of(components.begin(), components.end(),
                         [&](const Condition& c) { return c.holds(configuration); });
    default: break;
  }
  const double value = at(configuration, parent);
  if (is_inactive(value)) return false;
  switch (type) {
    case Type::equals: return value == values.front();
    case Type::not_equals: return value != values.front();
    case Type::less_than: return value < values.front();
    case Type::greater_than: return value > values.front();
    case Type::in: return among(value, values);
    default: return false;
  }
}

bool ForbiddenClause::matches(const ConfigurationView& configuration,
                              const std::vector<Hyperparameter>& hyperparameters) const {
  if (type == Type::all_of) {
    return std::all_of(components.begin(), components.end(), [&](const ForbiddenClause& c) {
      return c.matches(configuration, hyperparameters);
    });
  }
  const double left_value = at(configuration, hyperparameter);
  if (is_inactive(left_value)) return false;
  if (type == Type::equals || type == Type::in) return among(left_value, values);

  const double right_value = at(configuration, right);
  if (is_inactive(right_value)) return false;
  const Hyperparameter& left_hp = hyperparameters[static_cast<std::size_t>(hyperparameter)];
  const Hyperparameter& right_hp = hyperparameters[static_cast<std::size_t>(right)];
  int order = 0;  // sign of left - right
  if (compare_text) {
    const int c = left_hp.text(left_value).compare(right_hp.text(right_value));
    order = (c > 0) - (c < 0);
  } else {
    const double a = as_number(left_hp, left_value);
    const double b = as_number(right_hp, right_value);
    order = (a > b) - (a < b);
  }
  switch (type) {
    case Type::less_than: return order < 0;
    case Type::equal_to: return order == 0;
    case Type::greater_than: return order > 0;
    default: return false;
  }
}

}  // namespace hypershap
