#pragma once
// "Did you mean ...?" for misspelt keys and names.

#include <string>
#include <string_view>
#include <vector>

namespace hypershap {

/// Edit (Levenshtein) distance between two strings, case-insensitive.
std::size_t edit_distance(std::string_view a, std::string_view b);

/// The candidate closest to `word` if it is plausibly a misspelling (distance at most a third of
/// the word's length, at least 1, or `word` a case-insensitive prefix); empty otherwise.
std::string nearest(std::string_view word, const std::vector<std::string>& candidates);

/// "a, b or c"
std::string one_of(const std::vector<std::string>& candidates);

}  // namespace hypershap
