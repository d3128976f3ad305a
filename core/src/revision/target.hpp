// Parsing of upgrade/downgrade targets as the user types them. Pure string handling; the
// result is resolved against a RevisionMap by the planner.
#pragma once

#include <string>
#include <string_view>

namespace migctl {

struct Target {
  enum class Kind {
    head,      // "head": the single head (an error if there are several)
    heads,     // "heads": every head
    base,      // "base": nothing applied
    revision,  // one revision, in `revision`: an id, unique prefix, branch label,
               // "<label>@head" or "<id-or-label>+N" / "-N" (see RevisionMap::resolve)
    relative,  // "+N" / "-N": N steps from the current state, in `steps` (signed)
  };
  Kind kind = Kind::head;
  std::string revision;
  // base / relative only: "<label>@base", "<label>@+N", "<label>@-N" scope the target to the
  // branch that starts at the revision carrying `branch` (RevisionMap::branch_members).
  std::string branch;
  int steps = 0;
};

// Throws migctl::Error(ExitCode::usage) for empty text, "+0"/"-0", a sign not followed by
// digits, an out-of-range count (more than INT_MAX), and an '@' target other than
// "<label>@head", "<label>@base", "<label>@+N", "<label>@-N". A number without sign is a
// revision id (Alembic ids may be digits: "001"). "-N", "base", "<label>@base" and
// "<label>@-N" are refused for upgrade; "+N", "<label>@+N", "head" and "heads" for
// downgrade, with the right command suggested.
Target parse_upgrade_target(std::string_view text);
Target parse_downgrade_target(std::string_view text);

}  // namespace migctl
