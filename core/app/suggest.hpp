// "Did you mean …?" for mistyped commands and options.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace migctl::app {

// Optimal-string-alignment distance: insertions, deletions, substitutions and swaps of two
// adjacent characters each cost 1, so "upgarde" is 1 away from "upgrade".
std::size_t edit_distance(const std::string& a, const std::string& b);

// The candidate closest to `word`, if it is close enough to be a plausible typo: at most
// max(2, length/3) edits away, or `word` is a prefix of it (an abbreviated option). Ties go
// to the earlier candidate; nullopt when nothing is close.
std::optional<std::string> nearest(const std::string& word,
                                   const std::vector<std::string>& candidates);

}  // namespace migctl::app
