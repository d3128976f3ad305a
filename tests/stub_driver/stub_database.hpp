// StubDatabase: an in-memory database for unit tests of the core, in the spirit of LevelDB's
// in-memory Env. It plays the server: every connection a StubDriver opens to it is a
// session of this object, and all of them see the same tables and the same locks.
//
// What it models, because the core's guarantees depend on it:
// - Tables as C++ containers: version tables (rows of version_num), audit tables
//   (AuditRow, ids from a counter that a rollback does not reset, like a sequence) and data
//   tables (rows of text) that revisions and seed steps can create and fill. Statements are
//   in the stub language (stub_language.hpp); other SQL is recorded and accepted.
// - Transactions with rollback: begin() snapshots every table, rollback() restores them.
//   The statements BEGIN, COMMIT and ROLLBACK (the dialect's, in an offline script) do the
//   same as the calls; commit() right after an executed COMMIT does nothing.
//   A statement that fails inside a transaction aborts it, as PostgreSQL does: later
//   statements fail with 25P02 and commit() rolls back and throws. There is no isolation:
//   other sessions read uncommitted changes, and a write from one session while another
//   has a transaction open throws std::logic_error (the stub cannot say what it would
//   mean; no path of the core should do it).
// - The migration lock per version table, shared by every session, held by one session.
// - A record of every request (statements, BEGIN, COMMIT, ROLLBACK) for assertions.
// - Faults, armed by a test: fail the Nth statement with a chosen SQLSTATE, lose the
//   connection at the Nth statement (the session dies: its transaction is rolled back, its
//   locks are released, every later call throws DatabaseError(ExitCode::unavailable)),
//   lose the lock (MigrationLock::verify() then throws Error(ExitCode::temporary)),
//   refuse new connections.
// Thread-safe (one mutex); each connection is still used by one thread at a time.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "migctl/audit_row.hpp"
#include "migctl/check_result.hpp"
#include "migctl/connection.hpp"

namespace migctl::stub {

// One entry of the request record.
struct StubRequest {
  int session = 0;
  std::string sql;  // the statement as run ($n parameters substituted), or BEGIN/COMMIT/ROLLBACK
  bool control = false;         // BEGIN, COMMIT or ROLLBACK rather than a statement
  bool in_transaction = false;  // a transaction was open when it ran
  enum class Outcome { ok, failed, connection_lost } outcome = Outcome::ok;
  std::string sqlstate;  // of a failure
};

// Which request a fault fires at: the `nth` (1-based) request, counted from when the
// fault is armed, that matches. An empty `containing` matches every statement (not
// BEGIN/COMMIT/ROLLBACK); a non-empty one matches any request whose text contains it,
// so "COMMIT" targets a commit.
struct StubMatch {
  std::string containing;
  std::size_t nth = 1;
  static StubMatch statement(std::size_t nth) { return {{}, nth}; }
  static StubMatch text(std::string containing, std::size_t nth = 1) {
    return {std::move(containing), nth};
  }
};

class StubDatabase {
 public:
  explicit StubDatabase(std::string name = "main");

  const std::string& name() const { return name_; }

  // --- State, read and written directly by tests (as another tool would) ---------------
  bool has_table(const std::string& table) const;
  // The version rows of a version table, in insertion order; empty when it does not exist.
  std::vector<std::string> versions(const std::string& table = "alembic_version") const;
  // The rows of an audit table, oldest first.
  std::vector<AuditRow> audit_rows(const std::string& table = "migctl_history") const;
  // The rows of a data table.
  std::vector<std::vector<std::string>> rows(const std::string& table) const;
  // Creates the version table if missing and sets its rows.
  void set_versions(const std::vector<std::string>& rows,
                    const std::string& table = "alembic_version");
  // Creates the audit table if missing and appends a row (its id is assigned).
  void add_audit_row(AuditRow row, const std::string& table = "migctl_history");

  // --- The request record ----------------------------------------------------------------
  std::vector<StubRequest> requests() const;
  // The text of every statement (no BEGIN/COMMIT/ROLLBACK) of every session, in order.
  std::vector<std::string> statements() const;
  // How many requests' text contains `text`.
  std::size_t count(const std::string& text) const;
  void clear_requests();

  // --- Faults ----------------------------------------------------------------------------
  // The matching request fails with DatabaseError(ExitCode::migration_failed, sqlstate);
  // a COMMIT that fails rolls the transaction back, as a failed commit does.
  void fail_at(StubMatch match, std::string sqlstate = "42601",
               std::string message = "injected failure");
  // The session dies at the matching request: before it takes effect, or (`after`) after
  // it did, so the client never learns its outcome (a COMMIT that committed but whose
  // reply was lost).
  void lose_connection_at(StubMatch match, bool after = false);
  // Before the matching request runs, its session's migration locks are released (as a
  // revision running pg_advisory_unlock_all() would); the request then runs normally.
  void lose_lock_at(StubMatch match);
  // Releases the lock of `version_table` now, whoever holds it.
  void lose_lock(const std::string& version_table = "alembic_version");
  // Ends a session now, as the server would (an admin's pg_terminate_backend).
  void terminate(int session);
  // The next `count` connection attempts fail with ExitCode::unavailable.
  void refuse_connections(std::size_t count);
  // Statements outside the stub language fail with `sqlstate` (a revision's SQL the
  // database rejects) instead of being accepted; empty: accept them (the default).
  void reject_other_sql(std::string sqlstate) { reject_other_sql_ = std::move(sqlstate); }
  // try_acquire() throws Error(ExitCode::config) with this reason (a connection that
  // cannot keep a lock, such as a pooler in transaction mode); empty: it does not.
  void refuse_locks(std::string reason) { refuse_locks_ = std::move(reason); }
  // What Connection::check_privileges() answers (default: ok).
  void set_privileges(CheckResult result) { privileges_ = std::move(result); }
  // The clock for audit rows written with an empty started_at ("the database's clock").
  void set_clock(std::function<std::string()> now) { clock_ = std::move(now); }

  // --- Sessions: used by StubConnection and StubLock -------------------------------------
  // Throws DatabaseError(unavailable) while connections are refused.
  int open_session(const std::string& user, const std::string& application);
  void close_session(int session) noexcept;
  bool alive(int session) const;
  std::string user_of(int session) const;
  // Runs one statement; returns its rows and its changed-row count. `notices` receives
  // NOTICE texts.
  struct Outcome {
    ResultSet result;
    std::uint64_t changed = 0;
  };
  Outcome run(int session, const std::string& statement,
              const std::function<void(const std::string&)>& notices);
  void begin(int session);
  void commit(int session);
  void rollback(int session) noexcept;
  bool in_transaction(int session) const;
  // The lock of `version_table`.
  bool try_lock(int session, const std::string& version_table);
  // Returns normally when `session` holds it; throws as MigrationLock::verify() says.
  void verify_lock(int session, const std::string& version_table);
  void unlock(int session, const std::string& version_table) noexcept;
  std::string describe_holder(const std::string& version_table) const;
  CheckResult privileges() const;

 private:
  struct Table {
    enum class Kind { version, audit, data } kind = Kind::data;
    std::vector<std::string> versions;
    std::vector<AuditRow> audit;
    std::vector<std::vector<std::string>> rows;
  };
  using Tables = std::map<std::string, Table>;
  struct Session {
    std::string user;
    std::string application;
    bool alive = true;
    std::optional<Tables> snapshot;   // set while a transaction is open
    bool aborted = false;             // a statement failed inside the transaction
    bool ended_by_statement = false;  // the last transaction ended by an executed COMMIT
    std::set<std::string> locks;      // version tables whose lock it holds
  };
  enum class FaultKind { fail, lose_connection, lose_connection_after, lose_lock };
  struct Fault {
    FaultKind kind;
    StubMatch match;
    std::string sqlstate;
    std::string message;
    std::size_t seen = 0;
    bool fired = false;
  };

  Session& live_session(int session, const std::string& request);
  void begin_locked(int session);
  // `by_statement`: an executed COMMIT. commit() right after one settles without failing
  // (a script may end the transaction itself).
  void commit_locked(int session, bool by_statement);
  void rollback_locked(int session) noexcept;
  // The fault that fires at this request, if any (counts matches).
  std::optional<Fault> fault_for(const std::string& request, bool control);
  void kill(int session) noexcept;  // rolls back, releases locks, marks dead
  void record(int session, const std::string& sql, bool control, StubRequest::Outcome outcome,
              const std::string& sqlstate = {});
  [[noreturn]] void lost(int session, const std::string& request);
  Outcome interpret(int session, const std::string& statement,
                    const std::function<void(const std::string&)>& notices);
  void check_writer(int session) const;
  Table* find(const std::string& table);
  const Table* find(const std::string& table) const;

  mutable std::mutex mutex_;
  std::string name_;
  Tables tables_;
  std::int64_t next_audit_id_ = 1;
  std::map<int, Session> sessions_;
  int next_session_ = 1;
  std::map<std::string, int> lock_holders_;  // version table -> session
  std::vector<StubRequest> requests_;
  std::vector<Fault> faults_;
  std::size_t refuse_connections_ = 0;
  std::string reject_other_sql_;
  std::string refuse_locks_;
  std::optional<CheckResult> privileges_;
  std::function<std::string()> clock_;
};

}  // namespace migctl::stub
