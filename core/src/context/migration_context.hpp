// MigrationContext: everything migctl keeps in the target database, on one connection.
//
// - The version table: Alembic's `alembic_version(version_num varchar(32) primary key)`,
//   one row per current head, so a database Alembic upgraded is used as it is.
// - The audit table (`migctl_history`): one row per attempted step, success or failure.
// - The migration lock: a session-level advisory lock held by the very session that runs the
//   migrations, so the lock and the transactions share one fate: if that session ends
//   (killed by an admin, a server restart, idle_session_timeout), its transaction is rolled
//   back together with the lock and nothing can commit without it. Before each commit the
//   context checks that the session still holds it (a revision could release it).
//   Concurrent runs serialize; a crashed run's lock is released by the server.
// - Per-step transactions: a revision's statements, its version-row change and its audit
//   row commit together or not at all.
//
// The SQL here is PostgreSQL's; a dialect interface will come with a second driver.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "migctl/connection.hpp"
#include "migctl/driver.hpp"
#include "migctl/revision.hpp"
#include "revision/plan.hpp"

namespace migctl {

struct ContextOptions {
  std::string version_table = "alembic_version";
  std::string history_table = "migctl_history";
  std::chrono::milliseconds lock_timeout{std::chrono::seconds(60)};
};

// Who ran a step, recorded in each audit row.
struct Actor {
  std::string os_user;
  std::string host;
  std::string migctl_version;
  static Actor current();
};

// One row of the audit table.
struct HistoryEntry {
  std::int64_t id = 0;  // increasing with each row written
  std::string revision;
  std::string direction;
  std::string checksum;
  std::string started_at;
  std::string finished_at;
  double duration_ms = 0;
  bool success = false;
  std::string error;
  std::string failing_statement;
  std::string versions_before;  // comma-separated version rows
  std::string versions_after;
  std::string db_user;
  std::string os_user;
  std::string host;
  std::string migctl_version;
};

// Which audit rows to read. Empty strings and 0 mean no filter.
struct HistoryFilter {
  std::string revision;   // the revision id, or a prefix of it
  std::string since;      // ISO 8601 timestamp with zone: rows started at or after it
  std::string until;      // rows started before it
  std::size_t limit = 0;  // the newest `limit` rows
};

// The statements that create the version and audit tables when missing (PostgreSQL), for
// the already quoted table names: what ensure_tables() runs and what an offline script
// prints, so both make the same tables.
std::vector<std::string> create_tables_sql(const ContextOptions& options,
                                           const std::string& version_table,
                                           const std::string& history_table);

// Throws Error(ExitCode::config) unless `name` is a plain SQL identifier; `what` names it
// ("version table").
void validate_table_name(const std::string& what, const std::string& name);

// What a failed step leaves behind, thrown as migctl::DatabaseError (ExitCode::migration_failed).
class MigrationContext {
 public:
  // Opens a new connection to the same database (throws like Driver::connect).
  using Opener = std::function<std::shared_ptr<Connection>()>;

  // `conn` runs migrations and holds the lock; it must stay open for the context's
  // lifetime. `open` gives a second, short-lived connection: the pooler probe in lock() and
  // the reconnect that records a step interrupted by a lost connection. Throws
  // Error(ExitCode::config) for an invalid table name.
  MigrationContext(std::shared_ptr<Connection> conn, Opener open, const Driver& driver,
                   ContextOptions options);
  ~MigrationContext();

  // Waits up to options.lock_timeout for the lock, polling. `on_wait` is called once,
  // with a description of the holder, if the lock is not free at first. Throws
  // Error(ExitCode::temporary) naming the holder when the timeout passes, and
  // Error(ExitCode::config) before taking it when the connection does not keep one server
  // session (a pooler in transaction or statement mode, see check_session_pooling()).
  void lock(const std::function<void(const std::string& holder)>& on_wait = {});
  void unlock() noexcept;
  bool locked() const { return locked_; }

  // Checks, on the work connection and inside its open transaction, that this session still
  // holds the lock it took in lock(). Call right before a commit that needs the lock.
  // Throws Error(ExitCode::temporary) "lost the migration lock" when it does not (the caller
  // rolls back), DatabaseError(ExitCode::unavailable) when the connection is gone.
  void verify_lock();

  // After the connection was lost (an Error with ExitCode::unavailable), whether the change
  // from `rows_before` to `rows_after` committed: reconnects (for up to kReconnectWindow)
  // and reads the version table. `outcome` describes what was found, for the message.
  // Returns the fresh connection (nullptr if none could be made).
  enum class LossOutcome { unknown, committed, not_committed, other };
  static constexpr std::chrono::seconds kReconnectWindow{10};
  std::shared_ptr<Connection> reconnect_after_loss(const std::vector<std::string>& rows_before,
                                                   const std::vector<std::string>& rows_after,
                                                   LossOutcome& outcome, std::string& found);

  // The current version rows; empty when the version table does not exist yet.
  std::vector<std::string> version_rows();

  // Creates the version and audit tables if missing. Call with the lock held.
  void ensure_tables();

  // Rewrites the version table from `rows_before` to `rows_after` without running any
  // revision (`purge`: deletes every row first, whatever it holds), and writes one audit
  // row per entry of `audit_revisions` with direction 'stamp' and no checksum, all in one
  // transaction. Call with the lock held, after ensure_tables().
  void stamp(const std::vector<std::string>& rows_before,
             const std::vector<std::string>& rows_after,
             const std::vector<std::string>& audit_revisions, bool purge);

  // Checksum of the latest successful upgrade of each revision, from the audit table.
  // Revisions applied by Alembic (or stamped) have none.
  std::map<std::string, std::string> recorded_checksums();

  // Applies one step: `statements` (already split) run in a transaction together with the
  // version-row change and the success audit row, unless the revision is
  // non-transactional (statements one by one; then the version change and audit row in
  // their own transaction) or `outer_transaction` is true (the caller owns the
  // transaction). On failure: rolls back (unless outer), records a failure audit row, and
  // throws DatabaseError(ExitCode::migration_failed) naming the revision, the SQLSTATE and
  // the failing statement. Returns the step's duration in milliseconds.
  double apply(const Step& step, const Revision& revision,
               const std::vector<std::string>& statements, const std::string& checksum,
               bool outer_transaction = false);

  // Records a failure audit row outside any transaction (used after an outer rollback).
  // Never throws; returns false if even that failed (e.g. the connection is gone).
  bool record_failure(const Step& step, const std::string& checksum,
                      std::chrono::system_clock::time_point started, double duration_ms,
                      const std::string& error, const std::string& statement) noexcept;
  // The same on another connection (a fresh one after the work connection was lost).
  bool record_failure_on(Connection& conn, const Step& step, const std::string& checksum,
                         std::chrono::system_clock::time_point started, double duration_ms,
                         const std::string& error, const std::string& statement) noexcept;

  // The audit rows, newest first; at most `limit` (0 = all). Empty when the audit table
  // does not exist yet.
  std::vector<HistoryEntry> history(std::size_t limit = 0);
  std::vector<HistoryEntry> history(const HistoryFilter& filter);
  // Whether the audit table exists (false on a database migctl never wrote).
  bool has_history_table();

  Connection& connection() { return *conn_; }
  const ContextOptions& options() const { return options_; }

 private:
  void update_version_rows(const Step& step);
  void insert_history(Connection& conn, const Step& step, const std::string& checksum,
                      std::chrono::system_clock::time_point started, double duration_ms,
                      bool success, const std::string& error, const std::string& statement,
                      const char* direction = nullptr);
  bool table_exists(const std::string& name);
  std::int64_t lock_key();
  std::string describe_lock_holder(std::int64_t key);
  std::string backend_pid(Connection& conn);
  // Returns the work connection's server session id (pg_backend_pid()).
  std::string check_session_pooling();
  [[noreturn]] void step_interrupted(const Step& step, const Revision& revision,
                                     const std::string& checksum,
                                     std::chrono::system_clock::time_point started,
                                     double duration_ms, const Error& error,
                                     const std::string& statement, bool outer_transaction);

  std::shared_ptr<Connection> conn_;
  Opener open_;
  ContextOptions options_;
  std::string version_table_;  // quoted
  std::string history_table_;  // quoted
  Actor actor_;
  bool locked_ = false;
  bool lock_lost_ = false;  // set by verify_lock() for apply()'s error path
  std::int64_t key_ = 0;
  std::string lock_pid_;  // the server session that took the lock
};

}  // namespace migctl
