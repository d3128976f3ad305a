// `stamp`: sets the version table to a revision without running any revision's SQL
// (Alembic's stamp), e.g. to adopt a database whose schema was made by hand.
#pragma once

#include <string>
#include <vector>

#include "commands/session.hpp"
#include "revision/revision_map.hpp"

namespace migctl {

struct StampResult {
  std::vector<std::string> rows_before;
  std::vector<std::string> rows_after;
  bool changed = false;
  bool offline = false;        // --sql: nothing was written
  std::string offline_script;  // --sql: the statements that would stamp
};

// The version rows after stamping `target` onto `rows` (pure):
// - "base": none. "heads": every head. "head": the single head (error if several).
// - a revision (anything RevisionMap::resolve takes): that revision and what it requires
//   count as applied; applied revisions above it (its descendants) no longer do; other
//   branches stay as they are. So stamping a revision below the current one moves the row
//   down, and stamping one on another branch adds a row.
// - purge: start from an empty table instead of `rows` (also accepts rows no loaded plugin
//   provides, which a normal stamp refuses).
std::vector<std::string> stamped_rows(const RevisionMap& map, const std::vector<std::string>& rows,
                                      const std::string& target, bool purge);

// Takes the lock, creates the tables if missing, and rewrites the version table to
// stamped_rows(); writes one audit row per stamped revision (direction 'stamp', no checksum;
// "<base>" for base) in the same transaction. Nothing is written when the rows would not
// change (unless purge found rows to remove). Never runs revision SQL.
// Runs the run's hooks (command "stamp"): before_run ahead of the write, so a production
// backup is taken first; after_run, or on_failure.
// With config.offline_sql nothing is written and no hook runs: the result holds the script
// (commands/offline_sql.hpp). A target "FROM:TO" stamps from the rows FROM names (as
// stamped_rows reads it onto no rows) and never connects; a plain target starts from the
// database's rows.
StampResult stamp(Session& session, const std::string& target, bool purge, RunObserver& observer);

}  // namespace migctl
