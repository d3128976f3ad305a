// Reading revision symbols against the graph the way Alembic reads them: ids, prefixes,
// labels, head/heads/base, "<branch>@..." scoping, and walks of N steps up or down. Pure.
//
// "<branch>" is a branch label, or a revision id standing for the branch it is on: a
// revision belongs to it when it is an ancestor or a descendant of the branch's revision
// through down_revisions (RevisionMap::shares_lineage).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "revision/revision_map.hpp"

namespace migctl {

// Where a walk or a symbol lands: a revision, below every base, or nowhere (a walk that
// went past a head or below base).
struct Point {
  enum class Kind { revision, base, none };
  Kind kind = Kind::none;
  std::string id;
  static Point at(std::string id) { return {Kind::revision, std::move(id)}; }
  static Point below_base() { return {Kind::base, {}}; }
};

// Every revision `symbol` names ("heads" may name several, "base" none), scoped to
// `branch` when given. Symbols: heads, head, base, an id, a branch label, a unique prefix
// of an id or label longer than three characters (Alembic's rule), and "-N" (N steps down
// from every real head of the branch, Alembic's reading of a negative number; an entry is
// none when a walk goes below base). Throws RevisionError: unknown ("no revision"),
// ambiguous prefix, several heads for head, a revision outside `branch`, an ambiguous walk.
std::vector<Point> resolve_symbol(const RevisionMap& map, std::string_view branch,
                                  std::string_view symbol);

// One revision, or base ("base" or a branch with no head): resolve_symbol, refusing several.
Point resolve_one(const RevisionMap& map, std::string_view branch, std::string_view symbol);

// Walks `steps` revisions up (children) or down (parents) from `start` (a revision, or
// below_base: up from the bases). Going up, only children sharing lineage with `branch`
// count. Down from a base reaches below_base. A walk that goes past a head or below base
// returns none, or with `stop_at_end` the last point it reached.
// Throws RevisionError naming the revision for an ambiguous walk: a branch point going up
// (listing the children), a merge point going down (listing its parents). `what` is the
// target as typed, for messages.
Point walk(const RevisionMap& map, const Point& start, int steps, std::string_view branch,
           bool stop_at_end, std::string_view what);

}  // namespace migctl
