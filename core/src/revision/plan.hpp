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
// depends_on) first, in topological order. Empty when already there.
// - head: RevisionError if the map has several heads (lists them, suggests "heads").
// - revision: the revision and its ancestors.
// - relative +N: the first N steps towards the single head; RevisionError when fewer than
//   N remain ("only K revisions remain above <current>").
std::vector<Step> plan_upgrade(const RevisionMap& map, const std::vector<std::string>& rows,
                               const Target& target);

// Downgrade: every applied revision that is a strict descendant of the target, children
// first (reverse topological order).
// - base: everything applied.
// - revision: RevisionError if it is not applied ("X is not applied; nothing to downgrade
//   to" with the current rows named).
// - relative -N: N steps down from the single current row along first parents;
//   RevisionError when that goes below base ("-3 goes below base: only 2 revisions are
//   applied").
// RevisionError when a revision to revert has an empty downgrade (irreversible).
std::vector<Step> plan_downgrade(const RevisionMap& map, const std::vector<std::string>& rows,
                                 const Target& target);

}  // namespace migctl
