// `show`: revisions in detail, as Alembic's `show` reads its argument.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "commands/status.hpp"

namespace migctl {

struct ShowResult {
  std::vector<RevisionInfo> revisions;
  // The target is a form that names any number of revisions (heads, -N, base, current), so
  // JSON lists them; otherwise it names exactly one.
  bool several = false;
};

// What `target` names, as Alembic's `show` reads it. One revision: anything
// RevisionMap::resolve takes, or "head" (the single head). Several: "heads" (every real
// head), "<branch>@heads" (the branch's heads), "-N" / "<branch>@-N" (N steps below every
// real head, of the branch: Alembic reads a negative number so when there is no database),
// "current" (the database's version rows); none: "base", "<branch>@base". Throws
// RevisionError as resolve does, for a walk that goes below base (where Alembic fails) and
// for a version row no loaded plugin provides. Connects (no lock) only for "current".
ShowResult show(Session& session, const std::string& target);

// The same without a session: `rows` gives the database's version rows when asked.
ShowResult show_of(const RevisionMap& map, const std::string& target,
                   const std::function<std::vector<std::string>()>& rows);

}  // namespace migctl
