// Parsing of upgrade/downgrade targets as the user types them (Alembic's syntax). Pure
// string handling, no graph: the planner resolves the result against a RevisionMap.
// A plain function of the text so it can be fuzzed on its own.
#pragma once

#include <string>
#include <string_view>

namespace migctl {

struct Target {
  enum class Kind {
    head,      // "head" / "<branch>@head": the single head (of the branch)
    heads,     // "heads" / "<branch>@heads": every head (of the branch)
    base,      // "base" / "<branch>@base": below every revision (of the branch)
    revision,  // "<rev>" / "<branch>@<rev>": an id, unique id prefix or branch label
    relative,  // "[<branch>@][<rev>]+N" / "-N": N steps from <rev>, or from the current rows
  };
  Kind kind = Kind::head;
  // "<branch>@...": a branch label, or a revision id standing for the branch it is on.
  std::string branch;
  // revision: what to resolve. relative: where the steps start; empty: the database's
  // current rows.
  std::string revision;
  int steps = 0;  // relative only, signed
};

// The grammar both commands share. Throws migctl::Error(ExitCode::usage) for: empty text;
// a sign not followed by digits ("-abc", "-", "+"); a count above INT_MAX; "+0"/"-0"
// without a revision to count from; "@" with nothing before or after it, or twice; a
// revision before the sign that is not letters, digits and '_'. A number without sign is
// a revision id (ids may be digits: "001").
Target parse_target(std::string_view text);

// parse_target, then what each command refuses with the right command suggested: upgrade
// refuses "-N" / "<branch>@-N" counted from the current rows and any base; downgrade
// refuses "+N" / "<branch>@+N" counted from the current rows, head and heads.
Target parse_upgrade_target(std::string_view text);
Target parse_downgrade_target(std::string_view text);

}  // namespace migctl
