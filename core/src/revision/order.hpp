// The order in which Alembic applies and lists revisions, reproduced deterministically.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "revision/revision_map.hpp"

namespace migctl {

// `revisions` newest first, the way Alembic walks them: start at the given heads that are
// in `revisions` (in declaration order); follow the current line down through each
// revision's normalized requirements (down_revisions first, then depends_on), emitting a
// revision only once no other open line still needs it; when a line meets a revision
// another line needs, continue with that line first; a merge point or a dependency opens
// one line per extra parent, after the existing ones. Every revision comes after
// everything that requires it. An upgrade applies the reverse of this order; a downgrade
// and `history` use it as it is.
//
// Where Alembic's own answer depends on an order it does not fix (the order in which the
// file system lists version files; Python's set order for two or more depends_on), this
// uses declaration order and declared order. Throws RevisionError if `revisions` holds a
// revision not reachable from `heads` through members of `revisions`.
std::vector<std::string> alembic_order(const RevisionMap& map,
                                       const std::set<std::string>& revisions,
                                       const std::vector<std::string>& heads);

}  // namespace migctl
