// A revision: one step of a migration set's history, as plain data.
//
// A revision is data before it touches a database, so the core can apply it, render it as
// an offline script, checksum it and check it without running it.
#pragma once

#include <string>
#include <vector>

namespace migctl {

struct Revision {
  // Unique across every loaded set. At most 32 characters (the width of
  // alembic_version.version_num).
  std::string id;

  // Parents. Empty: a base. Two or more: a merge point.
  std::vector<std::string> down_revisions;

  // Revisions (of any set) that must be applied before this one without being its
  // parents: Alembic's depends_on.
  std::vector<std::string> depends_on;

  // Names usable as targets (`label@head`). Unique across every loaded revision.
  std::vector<std::string> branch_labels;

  std::string message;
  std::string create_date;  // ISO 8601; informational

  // When false the statements run one by one outside a transaction; a failure then
  // cannot be rolled back and is recorded in the audit table. When true (the default) the
  // core still runs a revision outside a transaction if its statements are ones the
  // database refuses inside one (CREATE INDEX CONCURRENTLY, VACUUM: TransactionUse::
  // refuses) and nothing else in it needs one, and refuses a revision that mixes the two
  // before anything runs. Covered by the checksum as declared.
  bool transactional = true;

  // SQL to apply and to revert. Each element is a script of one or more statements; the
  // core splits scripts into statements. An empty downgrade with a non-empty upgrade
  // marks the revision irreversible: downgrading through it is refused. Both empty is a
  // no-op revision (typically a merge point), reversible.
  std::vector<std::string> upgrade;
  std::vector<std::string> downgrade;

  // Where the revision is declared (set by MIGCTL_REVISION, or the SQL file it was read
  // from); used in error messages.
  std::string source;

  // The 1-based line of `source` on which upgrade[0] / downgrade[0] start; 0 when unknown
  // (C++ sources). Lets a script the parser rejects be reported at its line in the file.
  // SDK 2.1.
  int upgrade_line = 0;
  int downgrade_line = 0;
};

}  // namespace migctl
