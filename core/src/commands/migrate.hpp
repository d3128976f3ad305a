// The upgrade and downgrade commands.
#pragma once

#include <string>
#include <vector>

#include "commands/session.hpp"

namespace migctl {

struct StepReport {
  std::string revision;
  std::string set;  // the migration set the revision belongs to
  std::string message;
  Direction direction;
  std::vector<std::string> rows_before;
  std::vector<std::string> rows_after;
  double duration_ms = 0;
};

struct MigrateResult {
  std::vector<std::string> rows_before;
  std::vector<std::string> rows_after;
  std::vector<StepReport> steps;  // empty: already at the target
  double total_ms = 0;
  // config.offline_sql: the script that would run (nothing was run; steps stays empty).
  bool offline = false;
  std::string offline_script;
};

// Takes the migration lock, reads the version rows, validates the recorded checksums of
// applied revisions (unless config.verify_checksums is false), plans towards `target` and
// parses every step's scripts and decides how each runs (commands/prepared_steps.hpp) before
// any hook or write, and applies the plan one transaction per revision (or one for all with
// config.single_transaction; outside a transaction for a revision declared so, or whose
// statements refuse one). The database is only written when the plan is not empty.
// Errors: Error(usage) for a malformed target; RevisionError (data) for an unknown,
// ambiguous or unreachable target, a changed applied revision, a script that does not
// parse or a revision mixing statements that refuse a transaction with ones needing it
// (nothing run); DatabaseError
// (migration_failed) when a revision fails, after it was rolled back and recorded.
//
// With config.offline_sql nothing is run: the result holds the script the run would
// execute (commands/offline_sql.hpp). A target "<from>:<to>" (only with --sql) plans from
// the version rows `from` names (base, heads, or a revision) without connecting at all;
// a plain target reads the current rows from the database (no lock, nothing written).
MigrateResult upgrade(Session& session, const std::string& target, RunObserver& observer);
MigrateResult downgrade(Session& session, const std::string& target, RunObserver& observer);

// What `upgrade` without a target means. "head" normally; "heads" when there are several
// heads and each belongs to a different migration set (the module design: aksara.so and
// notifications.so each end in their own head), then `per_set` lists (set, head) in set
// order. Heads sharing a set give "head", so the run stops with the usual several-heads
// error. Loads the plugins; does not connect.
struct DefaultUpgradeTarget {
  std::string target;
  std::vector<std::pair<std::string, std::string>> per_set;
};
DefaultUpgradeTarget default_upgrade_target(Session& session);

// Throws RevisionError listing every applied revision whose recorded checksum matches
// neither form of its current source (commands/changed_revisions.hpp); the hint names
// `migctl repair` for a deliberate edit.
void verify_checksums(const RevisionMap& map, const Dialect& dialect,
                      const std::set<std::string>& applied,
                      const std::map<std::string, std::string>& recorded);

}  // namespace migctl
