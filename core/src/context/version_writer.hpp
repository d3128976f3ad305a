// The one writer of version rows: turns a change of the version table (rows before -> rows
// after) and its audit rows into the dialect's statements. The online step, `stamp` and the
// offline `--sql` script all take their statements from here and differ only in running
// them (checking SqlStatement::expect_one_row against Connection::execute's count) or
// printing them, so the three always write the same rows (Alembic's single writer).
#pragma once

#include <string>
#include <vector>

#include "context/actor.hpp"
#include "migctl/audit_row.hpp"
#include "migctl/dialect.hpp"

namespace migctl {

// A change of the version table, as the planner computes it for a step.
struct VersionChange {
  std::vector<std::string> rows_before;
  std::vector<std::string> rows_after;
  bool purge = false;  // delete every row first, whatever the table holds (`stamp --purge`)
};

// The rows a change removes and adds: one out and one in is an update; anything else (a
// merge, a branch point, base) is deletes then inserts. With purge, nothing is removed row
// by row (every row goes first) and every row after is added.
struct VersionRowDiff {
  std::vector<std::string> removed;  // in rows_before order
  std::vector<std::string> added;    // in rows_after order
  bool is_update() const { return removed.size() == 1 && added.size() == 1; }
};
VersionRowDiff version_row_diff(const VersionChange& change);

// "a,b": version rows as the audit table records them.
std::string join_rows(const std::vector<std::string>& rows);

// An audit row for `revision` moving the version table by `change`, run by `actor`:
// versions_after is rows_after on success and rows_before on failure. The caller fills in
// the checksum, the times and any error.
AuditRow make_audit_row(const std::string& revision, const std::string& direction,
                        const VersionChange& change, const Actor& actor, bool success);

// Throws Error(ExitCode::config) unless `name` is a plain SQL identifier
// ([A-Za-z_][A-Za-z0-9_]{0,62}); `what` names it ("version table").
void validate_table_name(const std::string& what, const std::string& name);

class VersionWriter {
 public:
  // Table names unquoted; throws Error(ExitCode::config) for an invalid one. `dialect` must
  // outlive the writer.
  VersionWriter(const Dialect& dialect, std::string version_table, std::string audit_table);

  // Creates the version and audit tables when missing.
  std::vector<std::string> create_tables() const;

  // The version-row change, then one insert per audit row, in that order.
  std::vector<SqlStatement> write(const VersionChange& change,
                                  const std::vector<AuditRow>& audit) const;

  // One audit row alone (a failed step, whose version rows do not change).
  SqlStatement audit(const AuditRow& row) const;

  const Dialect& dialect() const { return dialect_; }
  const std::string& version_table() const { return version_table_; }
  const std::string& audit_table() const { return audit_table_; }

 private:
  const Dialect& dialect_;
  std::string version_table_;
  std::string audit_table_;
};

}  // namespace migctl
