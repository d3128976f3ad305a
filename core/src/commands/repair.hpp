// `repair` (Flyway's repair): after a deliberate edit of an applied revision, records the
// checksum of the revision as it is now, so that runs verify again.
#pragma once

#include <string>
#include <vector>

#include "commands/changed_revisions.hpp"
#include "commands/session.hpp"

namespace migctl {

struct RepairResult {
  std::vector<std::string> rows;          // the version rows (unchanged)
  std::vector<ChangedRevision> repaired;  // each with `now` the checksum recorded now
  // config.offline_sql: the statements that would record them (nothing was written).
  bool offline = false;
  std::string offline_script;
};

// Takes the migration lock, reads the version rows and recorded checksums, and for every
// applied revision whose recorded checksum matches neither form of its current source
// (changed_revisions) writes one audit row: direction "repair", the v2 checksum, versions
// before = after = the current rows, success; all in one transaction through the
// MigrationContext (the one writer of audit rows). Changes no version row and runs no
// revision SQL or hook. Revisions without a recorded checksum (applied by Alembic, or
// stamped) are left alone.
// With config.offline_sql: reads without the lock and returns the script instead.
// Throws RevisionError (65) before writing anything when a changed revision does not parse
// now (its new checksum cannot be computed), or for a version row no plugin provides.
RepairResult repair(Session& session);

}  // namespace migctl
