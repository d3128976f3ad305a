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
    revision,  // an id, unique prefix or branch label, in `revision`
    relative,  // "+N" / "-N": N steps from the current state, in `steps` (signed)
  };
  Kind kind = Kind::head;
  std::string revision;
  int steps = 0;
};

// Throws migctl::Error(ExitCode::usage) for empty text, "+0"/"-0", a sign not followed by
// digits, an out-of-range count (more than INT_MAX), and an '@' target other than
// "<label>@head". A number without sign is a revision id (Alembic ids may be digits: "001").
// "-N" and "base" are refused for upgrade, "+N", "head" and "heads" for downgrade, with the
// right command suggested.
Target parse_upgrade_target(std::string_view text);
Target parse_downgrade_target(std::string_view text);

}  // namespace migctl
