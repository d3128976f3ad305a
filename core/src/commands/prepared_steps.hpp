// Prepared steps: a plan's scripts parsed by the database's own parser and each step's
// transaction mode decided, once, before anything runs. The online run (commands/migrate.cpp),
// the `--sql` script (commands/offline_sql.cpp) and `check` take their statements and their
// framing from here, so they cannot disagree.
//
// The decision, per step (the scripts of the step's direction):
// - a revision declared non-transactional runs outside a transaction;
// - a transactional one whose statements include some the database refuses inside a
//   transaction (TransactionUse::refuses: CREATE INDEX CONCURRENTLY, VACUUM...) runs outside
//   one automatically when none of its statements needs one (neutral ones, SET and the
//   like, go either way);
// - one that mixes the two is refused before anything runs: no half-applied revision.
#pragma once

#include <string>
#include <vector>

#include "migctl/dialect.hpp"
#include "migctl/revision.hpp"
#include "revision/plan.hpp"
#include "revision/revision_map.hpp"

namespace migctl {

enum class StepMode {
  transaction,        // one transaction with its version-row change and audit row
  declared_outside,   // Revision::transactional is false
  automatic_outside,  // transactional, but its statements refuse a transaction
};

// One direction's scripts of a revision, parsed, with the mode they run in.
struct PreparedScripts {
  std::vector<std::string> statements;  // every script's, in order, as the parser split them
  StepMode mode = StepMode::transaction;
  // automatic_outside: why, for the run's output ("CREATE INDEX CONCURRENTLY ... at
  // db/002.sql:3 cannot run inside a transaction").
  std::string reason;
  bool transactional() const { return mode == StepMode::transaction; }
};

// Parses `revision`'s upgrade or downgrade scripts with `dialect` and decides their mode.
// Throws RevisionError (exit 65, "nothing was run"):
// - for a script the parser rejects: "<source>:<line>: <parser's message>", the line in the
//   file (Revision::source, upgrade_line/downgrade_line + the script's line - 1); "line N
//   of upgrade script K of <source>" when the script's place in its file is unknown;
// - for a transactional revision mixing statements that refuse a transaction with
//   statements that need one, naming the first of each with its line.
PreparedScripts prepare_scripts(const Dialect& dialect, const Revision& revision,
                                Direction direction);

// Where line `line` (1-based, 0: unknown) of script `index` (0-based) of a revision's
// upgrade or downgrade is: "db/002.sql:7", or "line 7 of upgrade script 2 of app/002.cpp".
std::string script_location(const Revision& revision, Direction direction, std::size_t index,
                            std::size_t line);

struct PreparedStep {
  Step step;
  const Revision* revision = nullptr;  // owned by the RevisionMap
  PreparedScripts scripts;
  // The checksum its audit row records (context/checksum.hpp, v2).
  std::string checksum;
};

// Every step of `plan`, prepared. With `single_transaction`, a step that must run outside a
// transaction is refused (RevisionError) before anything runs. Throws as prepare_scripts.
std::vector<PreparedStep> prepare_steps(const Dialect& dialect, const RevisionMap& map,
                                        const std::vector<Step>& plan, bool single_transaction);

}  // namespace migctl
