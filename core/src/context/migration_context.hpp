// MigrationContext: everything migctl keeps in the target database, on one connection.
//
// - The version table: Alembic's `alembic_version(version_num varchar(32) primary key)`,
//   one row per current head, so a database Alembic upgraded is used as it is.
// - The audit table (`migctl_history`): one row per attempted step, success or failure.
// - The migration lock (migctl/migration_lock.hpp): the driver's, bound to the very
//   connection that runs the migrations, so the lock and the transactions share one fate.
//   The context polls it with back-off up to the lock timeout and verifies it before each
//   commit (a revision could release it).
// - Per-step transactions: a revision's statements, its version-row change and its audit
//   row commit together or not at all.
//
// Every statement comes from the driver's Dialect, the version-row changes and audit rows
// through the VersionWriter (context/version_writer.hpp): no SQL of any database here.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "context/actor.hpp"
#include "context/version_writer.hpp"
#include "migctl/audit_row.hpp"
#include "migctl/connection.hpp"
#include "migctl/dialect.hpp"
#include "migctl/migration_lock.hpp"
#include "migctl/revision.hpp"

namespace migctl {

struct ContextOptions {
  std::string version_table = "alembic_version";
  std::string history_table = "migctl_history";
  std::chrono::milliseconds lock_timeout{std::chrono::seconds(60)};
};

// One revision's step as the context runs it: which revision, which way, and how it moves
// the version table (the planner's Step, without the revision layer).
struct StepChange {
  std::string revision;
  std::string direction;  // "upgrade" or "downgrade": the audit row's direction
  VersionChange change;
};

// How a step's statements meet transactions. The caller decides it once for the whole plan
// before anything runs (commands/prepared_steps.hpp), from the revision's declaration and
// what its statements ask of a transaction.
enum class StepTransaction {
  own,    // one transaction: the statements, the version-row change and the audit row
  none,   // the statements one by one outside a transaction, then the version-row change
          // and the audit row in their own; a failure leaves earlier statements applied
  outer,  // inside the caller's open transaction (--single-transaction)
};

// A checksum re-recorded by `migctl repair` for an applied revision.
struct RepairedChecksum {
  std::string revision;
  std::string checksum;
};

// What a failed step leaves behind, thrown as migctl::DatabaseError (ExitCode::migration_failed).
class MigrationContext {
 public:
  // Opens a new connection to the same database (throws like Driver::connect).
  using Opener = std::function<std::shared_ptr<Connection>()>;

  // `conn` runs migrations and holds the lock; it must stay open for the context's
  // lifetime. `open` gives a fresh connection: the reconnect that records a step
  // interrupted by a lost connection. `dialect` (the driver's) must outlive the context.
  // Throws Error(ExitCode::config) for an invalid table name.
  MigrationContext(std::shared_ptr<Connection> conn, Opener open, const Dialect& dialect,
                   ContextOptions options);
  ~MigrationContext();

  // Waits up to options.lock_timeout for the lock, polling. `on_wait` is called once,
  // with a description of the holder, if the lock is not free at first. Throws
  // Error(ExitCode::temporary) naming the holder when the timeout passes, and
  // Error(ExitCode::config) before taking it when the connection cannot keep a lock (the
  // driver's MigrationLock::try_acquire says so: e.g. a pooler in transaction mode).
  void lock(const std::function<void(const std::string& holder)>& on_wait = {});
  void unlock() noexcept;
  bool locked() const { return lock_ != nullptr; }

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

  // The recorded checksum of each revision whose latest successful upgrade, downgrade or
  // repair row is an upgrade or a repair with a checksum (Dialect::select_recorded_checksums).
  // Revisions applied by Alembic (or stamped) have none.
  std::map<std::string, std::string> recorded_checksums();

  // `migctl repair`: one audit row per entry (direction "repair", success, the checksum,
  // versions before = after = `rows`), all in one transaction, the lock verified before
  // the commit. Changes no version row. Call with the lock held.
  void record_repairs(const std::vector<RepairedChecksum>& repaired,
                      const std::vector<std::string>& rows);

  // Applies one step: `statements` (already parsed) run as `mode` says (StepTransaction),
  // with the version-row change and the success audit row. On failure: rolls back (unless
  // outer), records a failure audit row, and throws DatabaseError(ExitCode::migration_failed)
  // naming the revision, the SQLSTATE and the failing statement. Returns the step's
  // duration in milliseconds.
  double apply(const StepChange& step, const Revision& revision,
               const std::vector<std::string>& statements, const std::string& checksum,
               StepTransaction mode);

  // Records a failure audit row outside any transaction (used after an outer rollback).
  // Never throws; returns false if even that failed (e.g. the connection is gone).
  bool record_failure(const StepChange& step, const std::string& checksum,
                      std::chrono::system_clock::time_point started, double duration_ms,
                      const std::string& error, const std::string& statement) noexcept;
  // The same on another connection (a fresh one after the work connection was lost).
  bool record_failure_on(Connection& conn, const StepChange& step, const std::string& checksum,
                         std::chrono::system_clock::time_point started, double duration_ms,
                         const std::string& error, const std::string& statement) noexcept;

  // The audit rows, newest first; at most `limit` (0 = all). Empty when the audit table
  // does not exist yet.
  std::vector<AuditRow> history(std::size_t limit = 0);
  // `filter` as given: since/until already normalised to ISO 8601 UTC (audit_row.hpp).
  std::vector<AuditRow> history(const AuditFilter& filter);
  // Whether the audit table exists (false on a database migctl never wrote).
  bool has_history_table();

  Connection& connection() { return *conn_; }
  const Dialect& dialect() const { return writer_.dialect(); }
  const ContextOptions& options() const { return options_; }

 private:
  // Runs the writer's statements, checking each expect_one_row against the changed count.
  void run(Connection& conn, const std::vector<SqlStatement>& statements);
  // The audit row of `step`, with its checksum and its times from `started` and
  // `duration_ms`; the caller adds any error.
  AuditRow timed_audit_row(const StepChange& step, const std::string& checksum,
                           std::chrono::system_clock::time_point started, double duration_ms,
                           bool success) const;
  void insert_history(Connection& conn, const StepChange& step, const std::string& checksum,
                      std::chrono::system_clock::time_point started, double duration_ms,
                      bool success, const std::string& error, const std::string& statement);
  [[noreturn]] void step_interrupted(const StepChange& step, const Revision& revision,
                                     const std::string& checksum,
                                     std::chrono::system_clock::time_point started,
                                     double duration_ms, const Error& error,
                                     const std::string& statement, StepTransaction mode);

  std::shared_ptr<Connection> conn_;
  Opener open_;
  ContextOptions options_;
  VersionWriter writer_;
  Actor actor_;
  std::unique_ptr<MigrationLock> lock_;  // held while set; after conn_: released first
  bool lock_lost_ = false;               // set by verify_lock() for apply()'s error path
};

}  // namespace migctl
