#pragma once
// A configuration space read off a run history's columns, for a history that came without one:
// printed by `hypershap validate` so that the user can save it, correct it and name it in
// [space] file.

#include <string>

#include "hypershap/models/run_history.hpp"

namespace hypershap {

/// ConfigSpace JSON (format 0.4) with one hyperparameter per column, in the history's order: a
/// column of categories is categorical (choices in order of first appearance, the first the
/// default, as ConfigSpace defaults a categorical); a numeric column of whole numbers is
/// uniform_int, any other numeric column uniform_float, over the observed [min, max], on a log
/// scale when min > 0 and max / min ≥ 1000 (three decades: learning rates, C, gamma); numeric
/// defaults are ConfigSpace's: the midpoint of the range (the geometric one on a log scale; rounded
/// for integers). No conditions, no forbidden clauses. invalid_input naming the column when it has
/// no value at all.
std::string infer_space_json(const RunHistory& history);

}  // namespace hypershap
