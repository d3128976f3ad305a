// Planning: which revisions to apply or revert, in which order, for a target. Pure: takes
// the graph and the database's current version rows, touches nothing.
#pragma once

#include <string>
#include <vector>

#include "revision/revision_map.hpp"
#include "revision/target.hpp"

namespace migctl {

enum class Direction { upgrade, downgrade };

struct Step {
  std::string revision;
  Direction direction;
  // Version rows before and after this step (what alembic_version must hold).
  std::vector<std::string> rows_before;
  std::vector<std::string> rows_after;
};

// Upgrade: every revision the target requires that is not applied, parents (and
// depends_on) first, in topological order. Empty when already there (or when the target is
// below the current state: upgrade never reverts).
// - head: RevisionError if the map has several heads (lists them; the hint names
//   `upgrade heads`, `<label>@head` for each labelled head's branch, and `merge`).
// - heads: every head; each branch in topological order, ties broken by id.
// - revision: the revision and its ancestors (id, prefix, label or label@head, see
//   RevisionMap::resolve).
// - relative +N: the first N steps towards the single head; RevisionError when fewer than
//   N remain ("only K revisions remain above <current>").
// - "<label>@+N": the first N unapplied revisions of the label's branch in topological
//   order, with what they require; RevisionError when fewer remain.
// - base or a negative count: Error(ExitCode::usage), as parse_upgrade_target refuses them.
// The first step's rows_before is the normalised current state, rows_for(applied), which
// differs from `rows` only if the database holds redundant rows.
std::vector<Step> plan_upgrade(const RevisionMap& map, const std::vector<std::string>& rows,
                               const Target& target);

// Downgrade: applied revisions above the target, children first (reverse topological
// order). Applied revisions on other branches stay.
// - base: everything applied (empty when nothing is).
// - "<label>@base": the label's branch (RevisionMap::branch_members) and whatever applied
//   requires it.
// - revision: every applied revision above it on its branch (reached from it through
//   children), and whatever applied requires one of those. A revision of another branch
//   that merely depends_on the target stays (the target stays applied). RevisionError if
//   the target is not applied ("X is not applied; nothing to downgrade to" with the
//   current rows named).
// - relative -N: N steps down from the single current row along first parents: reverts those
//   N revisions and every applied revision requiring them (branches merged in below the
//   row stay applied); RevisionError when the database has several rows, or when that goes
//   below base ("-3 goes below base: only 2 revisions are applied"); the hint names
//   "<label>@-N" for each row's branch.
// - "<label>@-N": the same from the one version row inside the label's branch, following
//   at each step the first parent that is on the branch; RevisionError when nothing or several rows
//   of the branch are applied, or when N goes below the branch's base.
// - head, heads or a positive count: Error(ExitCode::usage), as parse_downgrade_target
//   refuses them.
// RevisionError when a revision to revert is irreversible (an empty downgrade but a non-empty
// upgrade; a revision with neither, such as a merge point, reverts as a no-op), naming
// every such revision with its source file.
std::vector<Step> plan_downgrade(const RevisionMap& map, const std::vector<std::string>& rows,
                                 const Target& target);

}  // namespace migctl
