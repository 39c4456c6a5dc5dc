#pragma once
// Conditions (when a hyperparameter is active) and forbidden clauses (which combinations of values
// are not allowed) of a ConfigSpace configuration space, with the values they name already in the
// configuration representation (indices for categorical and ordinal parents).

#include <string>
#include <vector>

#include "hypershap/space/configuration.hpp"

namespace hypershap {

/// A condition on a parent hyperparameter, or a conjunction of conditions. A condition whose
/// parent is inactive does not hold (ConfigSpace semantics).
struct Condition {
  enum class Type { equals, not_equals, less_than, greater_than, in, all_of, any_of };
  Type type = Type::equals;
  int parent = -1;                    // simple conditions
  std::vector<double> values;         // the parent's value(s), in the configuration representation
  std::vector<Condition> components;  // all_of (AND) and any_of (OR)
  std::string text;                   // e.g. "solver == 'sgd'", for messages

  bool holds(const ConfigurationView& configuration) const;
};

/// A forbidden clause: a configuration is forbidden when the clause matches it. A clause naming an
/// inactive hyperparameter does not match (ConfigSpace semantics).
struct ForbiddenClause {
  enum class Type { equals, in, all_of, less_than, equal_to, greater_than };
  Type type = Type::equals;
  int hyperparameter = -1;                  // equals, in; the left side of a relation
  int right = -1;                           // relations: the right side
  bool compare_text = false;                // relations between non-numeric choices
  std::vector<double> values;               // equals, in
  std::vector<ForbiddenClause> components;  // all_of
  std::string text;                         // e.g. "kernel == 'rbf' && degree in {2, 3}"

  bool matches(const ConfigurationView& configuration,
               const std::vector<Hyperparameter>& hyperparameters) const;
};

}  // namespace hypershap
