// Revision ranges as `history -r` takes them (Alembic's syntax and meaning): "lower:upper",
// either side optional. Pure: the database's rows are passed in when an endpoint says
// "current". parse_range is a plain function of the text (fuzzed on its own).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "revision/revision_map.hpp"

namespace migctl {

struct RevisionRange {
  std::string lower;  // "" or "base": from the bases
  std::string upper;  // "" or "heads": up to every head
  // Only "current" reads the database; "-N" counts down from the heads, as in Alembic.
  bool uses_current() const { return lower == "current" || upper == "current"; }
};

// Splits "a:b" at its one ':' and checks each side's grammar (revision/target.hpp, plus
// "current"). Error(ExitCode::usage) when there is no ':' or more than one, for a
// malformed relative endpoint ("-abc", "-", a count beyond INT_MAX), and for "+N" as the
// lower end (it counts from the lower end, so it can only be the upper one).
RevisionRange parse_range(std::string_view text);

// The revisions between the endpoints, newest first in Alembic's order
// (revision/order.hpp): the upper end and what it requires, down to and including the
// lower end, keeping only revisions that descend from the lower end through
// down_revisions. Endpoints, as Alembic reads them:
// - upper: heads (default), head, <branch>@head(s), a revision, "current" (the rows; with
//   nothing applied, heads), "+N" (N above the lower end, or above the bases), "<rev>±N",
//   "<branch>@<rev>", "<branch>@+N".
// - lower: base (default), a revision, "current" (the rows; nothing applied: base), "-N"
//   (N below every head, as Alembic's `history -r-N:`; counting from the upper end when
//   that goes below base), "<branch>@-N" (from the heads of that branch), "<rev>±N".
// Throws RevisionError for an unknown revision, an ambiguous walk, several rows where one
// is needed, and a lower end that is not below the upper one.
std::vector<std::string> revisions_in_range(const RevisionMap& map, const RevisionRange& range,
                                            const std::vector<std::string>& current);

}  // namespace migctl
