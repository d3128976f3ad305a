// Offline SQL (`--sql`): the complete script an upgrade or downgrade would run, rendered
// instead of run, for a DBA to review and apply with the database's own client.
//
// The script makes an offline-applied database look like an online one: it creates the
// version and audit tables as migctl does (IF NOT EXISTS), and wraps each revision in
// BEGIN/COMMIT together with its version-row change and an audit row (one BEGIN/COMMIT
// for the whole run with single_transaction; non-transactional revisions run their
// statements outside a transaction, then record in one). The version-row changes and
// audit rows are the VersionWriter's, as online. Audit rows carry the checksum an online
// run would record, the times left to the database's clock (AuditRow: empty started_at), the OS
// user and host of the machine that rendered the script, and migctl_version "<version> (offline
// --sql)" so they can be told apart. The script names no database and holds no credential.
#pragma once

#include <string>
#include <vector>

#include "context/migration_context.hpp"
#include "migctl/dialect.hpp"
#include "revision/plan.hpp"
#include "revision/revision_map.hpp"

namespace migctl {

struct OfflineScriptOptions {
  ContextOptions context;
  bool single_transaction = false;
  std::string description;  // "upgrade base:002", printed in the header
  Actor actor;              // who renders it: recorded in the audit rows
  // The target database's dialect (Driver::dialect()): every statement of the script is
  // its, through the VersionWriter. Loading a driver does not connect, so an offline script
  // still needs no database.
  const Dialect* dialect = nullptr;
};

// Throws Error(ExitCode::config) for an invalid table name, RevisionError for a
// non-transactional revision with single_transaction, Error(ExitCode::data) for SQL the
// statement splitter cannot split.
std::string render_offline_script(const RevisionMap& map, const std::vector<Step>& plan,
                                  const OfflineScriptOptions& options);

}  // namespace migctl
