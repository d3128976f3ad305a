// Revision ranges as `history -r` takes them (Alembic's syntax): "lower:upper", either side
// optional. Pure: the database's rows are passed in when an endpoint says "current".
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "revision/revision_map.hpp"

namespace migctl {

struct RevisionRange {
  std::string lower;  // "" or "base": from the bases
  std::string upper;  // "", "heads" or "head": up to every head
  bool uses_current() const { return lower == "current" || upper == "current"; }
};

// Splits "a:b" at its one ':'. Error(ExitCode::usage) when there is no ':' or more than one.
RevisionRange parse_range(std::string_view text);

// The revisions between the endpoints, both included, newest first (reverse topological
// order): descendants of the lower endpoint that are ancestors of the upper one. An
// endpoint is anything RevisionMap::resolve takes, or: "base" / empty (lower), "heads" /
// "head" / empty (upper), "current" (the version rows `current`; nothing applied makes a
// lower "current" mean base and an upper one an empty range), "-N" / "+N" (N steps below /
// above the single current row, as `downgrade -N` / `upgrade +N` would go; a lower "-N"
// below base means from the bases). Throws what
// resolve throws, and RevisionError for a relative endpoint with several current rows.
std::vector<std::string> revisions_in_range(const RevisionMap& map, const RevisionRange& range,
                                            const std::vector<std::string>& current);

}  // namespace migctl
