// Offline SQL (`--sql`): the complete script an upgrade or downgrade would run, rendered
// instead of run, for a DBA to review and apply with the database's own client.
//
// The script makes an offline-applied database look like an online one: it creates the
// version and audit tables as migctl does (IF NOT EXISTS), and wraps each revision in
// BEGIN/COMMIT together with its version-row change and an audit row (one BEGIN/COMMIT
// for the whole run with single_transaction; a step that runs outside a transaction,
// declared so or because its statements refuse one, runs its statements first, then records
// in one). Statements and framing are the prepared steps' (commands/prepared_steps.hpp),
// exactly what an online run sends. The version-row changes and
// audit rows are the VersionWriter's, as online. Audit rows carry the checksum an online
// run would record, the times left to the database's clock (AuditRow: empty started_at), the OS
// user and host of the machine that rendered the script, and migctl_version "<version> (offline
// --sql)" so they can be told apart. The script names no database and holds no credential.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "commands/prepared_steps.hpp"
#include "context/migration_context.hpp"
#include "migctl/dialect.hpp"

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

// A --sql target "FROM:TO" split at its colon; nullopt for a target without one. An empty
// end is Error(ExitCode::usage) with `example` (a whole command line) as the hint.
struct OfflineRange {
  std::string from;
  std::string to;
};
std::optional<OfflineRange> split_offline_range(const std::string& text,
                                                const std::string& example);

// `steps` come from prepare_steps (with options.single_transaction, so a step that must run
// outside a transaction was refused there). Throws Error(ExitCode::config) for an invalid
// table name.
std::string render_offline_script(const std::vector<PreparedStep>& steps,
                                  const OfflineScriptOptions& options);

// `stamp --sql`: the tables, then one transaction that rewrites the version rows from
// `rows_before` to `rows_after` (purge: every row first, known or not) with one audit row
// (direction "stamp", no checksum) per id of `audit_revisions`, as an online stamp writes
// them. Runs no revision SQL.
std::string render_offline_stamp(const std::vector<std::string>& rows_before,
                                 const std::vector<std::string>& rows_after,
                                 const std::vector<std::string>& audit_revisions, bool purge,
                                 const OfflineScriptOptions& options);

}  // namespace migctl
