#include "context/migration_context.hpp"

#include <Poco/DateTimeFormatter.h>
#include <Poco/NumberFormatter.h>
#include <Poco/Timestamp.h>
#include <pwd.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <regex>
#include <set>
#include <thread>

#include "migctl/error.hpp"
#include "migctl/version.hpp"

namespace migctl {
namespace {

using Clock = std::chrono::steady_clock;

std::string iso_utc(std::chrono::system_clock::time_point t) {
  auto us = std::chrono::duration_cast<std::chrono::microseconds>(t.time_since_epoch()).count();
  return Poco::DateTimeFormatter::format(Poco::Timestamp(us), "%Y-%m-%dT%H:%M:%S.%FZ");
}

double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

void check_table_name(const std::string& what, const std::string& name) {
  static const std::regex valid("[A-Za-z_][A-Za-z0-9_]{0,62}");
  if (!std::regex_match(name, valid)) {
    throw Error(ExitCode::config, what + " name '" + name + "' is not a plain SQL identifier",
                "use letters, digits and underscores, at most 63 characters");
  }
}

// FNV-1a: stable across builds and machines, so every migctl version agrees on the key.
std::int64_t fnv1a_63(const std::string& text) {
  std::uint64_t h = 14695981039346656037ull;
  for (unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return static_cast<std::int64_t>(h & 0x7fffffffffffffffull);
}

// SQLSTATEs of the SQL standard's class 42 (syntax error or access rule violation).
const char* kUndefinedTable = "42P01";
const char* kUndefinedColumn = "42703";

}  // namespace

Actor Actor::current() {
  Actor a;
  if (const passwd* pw = getpwuid(geteuid())) a.os_user = pw->pw_name;
  char host[256] = {};
  if (gethostname(host, sizeof host - 1) == 0) a.host = host;
  a.migctl_version = MIGCTL_VERSION_STRING;
  return a;
}

MigrationContext::MigrationContext(std::shared_ptr<Connection> conn, Opener open,
                                   const Driver& driver, ContextOptions options)
    : conn_(std::move(conn)),
      open_(std::move(open)),
      options_(std::move(options)),
      actor_(Actor::current()) {
  check_table_name("version table", options_.version_table);
  check_table_name("history table", options_.history_table);
  version_table_ = driver.quote_identifier(options_.version_table);
  history_table_ = driver.quote_identifier(options_.history_table);
}

MigrationContext::~MigrationContext() {
  unlock();
}

std::int64_t MigrationContext::lock_key() {
  ResultSet r = conn_->query("SELECT current_database(), current_schema()");
  std::string db = r.rows.empty() ? "" : r.rows[0][0].value_or("");
  std::string schema = r.rows.empty() ? "" : r.rows[0][1].value_or("");
  return fnv1a_63("migctl:" + db + ":" + schema + ":" + options_.version_table);
}

std::string MigrationContext::describe_lock_holder(std::int64_t key) {
  try {
    ResultSet r = conn_->query(
        "SELECT a.pid::text, coalesce(a.usename, ''), coalesce(a.application_name, ''), "
        "coalesce(host(a.client_addr), 'local socket'), "
        "extract(epoch FROM now() - coalesce(a.xact_start, a.backend_start))::bigint::text "
        "FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
        "WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1 "
        "AND ((l.classid::bigint << 32) | l.objid::bigint) = $1::bigint",
        {std::to_string(key)});
    if (r.rows.empty()) return "another session (it may have just finished)";
    const auto& row = r.rows[0];
    return "pid " + row[0].value_or("?") + " (application '" + row[2].value_or("") + "', user " +
           row[1].value_or("?") + ", from " + row[3].value_or("?") + ", for " +
           row[4].value_or("?") + " s)";
  } catch (const Error&) {
    return "another session";
  }
}

std::string MigrationContext::backend_pid(Connection& conn) {
  ResultSet r = conn.query("SELECT pg_backend_pid()::text");
  return r.rows.empty() ? std::string() : r.rows[0][0].value_or("");
}

// A pooler in transaction (or statement) mode gives the client a server session for one
// transaction only: a session-level lock taken in one transaction stays with a server
// session that the pooler then hands to other clients, and the next transaction may run on
// another session. The evidence, with no lock taken yet: the work connection's session id,
// then a second client connection's, then the work connection's again. Direct and
// session-pooled connections each own their session, so the first two always differ and the
// first and third are always equal. PgBouncer reuses the server connection released last
// (its default, server_round_robin = 0), so the second client lands on the work
// connection's session; had another client taken that session meanwhile, the third id
// changes instead. verify_lock() checks the session id again at every commit.
std::string MigrationContext::check_session_pooling() {
  const std::string first = backend_pid(*conn_);
  std::string other;
  if (open_) {
    std::shared_ptr<Connection> probe = open_();
    other = backend_pid(*probe);
  }
  const std::string again = backend_pid(*conn_);
  if (other == first || again != first) {
    throw Error(ExitCode::config,
                "DATABASE_CONN goes through a connection pooler in transaction or statement "
                "pooling mode (one connection ran on server sessions " +
                    first + " and " + again + ", another on " + other +
                    "): the migration lock and session state would not stay with this run",
                "use a direct URL to PostgreSQL, or a session-pooled one (PgBouncer: "
                "pool_mode = session for this database)");
  }
  return first;
}

void MigrationContext::lock(const std::function<void(const std::string&)>& on_wait) {
  if (locked_) return;
  key_ = lock_key();
  // The session that will hold the lock: verify_lock() expects it at every commit.
  lock_pid_ = check_session_pooling();
  const auto deadline = Clock::now() + options_.lock_timeout;
  auto pause = std::chrono::milliseconds(50);
  bool reported = false;
  while (!conn_->try_lock(key_)) {
    if (Clock::now() >= deadline) {
      auto seconds = std::chrono::duration<double>(options_.lock_timeout).count();
      throw Error(
          ExitCode::temporary,
          "another migration holds the lock on this database: " + describe_lock_holder(key_) +
              "; gave up after " + Poco::NumberFormatter::format(seconds, 1) + " s",
          "wait for it to finish and retry, or raise --lock-timeout");
    }
    if (!reported && on_wait) {
      on_wait(describe_lock_holder(key_));
      reported = true;
    }
    std::this_thread::sleep_for(std::min<std::chrono::milliseconds>(
        pause, std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()) +
                   std::chrono::milliseconds(1)));
    pause = std::min(pause * 2, std::chrono::milliseconds(500));
  }
  conn_->try_lock(key_);  // a second hold, for verify_lock(); always granted to the holder
  locked_ = true;
  lock_lost_ = false;
}

void MigrationContext::unlock() noexcept {
  if (!locked_) return;
  try {
    conn_->rollback();  // an aborted transaction would refuse the unlock
    conn_->unlock(key_);
    conn_->unlock(key_);  // lock() holds it twice
  } catch (...) {
    // The server releases a session lock when the connection closes anyway.
  }
  locked_ = false;
}

// The lock is held twice (lock() takes it a second time), so "release once, take once"
// answers "do I still hold it?" without touching the shared lock table, in one round trip:
// held, the release succeeds and only lowers the count, and the take raises it again; lost
// (a revision ran pg_advisory_unlock_all() or DISCARD ALL), the release fails (the server's
// WARNING goes to the notice receiver). Reading pg_locks instead costs a snapshot of the
// whole lock table: ~0.6-0.9 ms per query measured against ~0.05 ms for this one.
void MigrationContext::verify_lock() {
  if (!locked_) return;
  ResultSet r = conn_->query(
      "SELECT pg_advisory_unlock($1::bigint)::text, pg_try_advisory_lock($1::bigint)::text, "
      "pg_backend_pid()::text",
      {std::to_string(key_)});
  const bool held = !r.rows.empty() && r.rows[0][0].value_or("") == "true";
  const bool retaken = !r.rows.empty() && r.rows[0][1].value_or("") == "true";
  const std::string pid = r.rows.empty() ? "" : r.rows[0][2].value_or("");
  if (held && pid == lock_pid_) return;
  lock_lost_ = true;
  if (!retaken) locked_ = false;
  if (pid != lock_pid_) {
    throw Error(ExitCode::temporary,
                "lost the migration lock: the connection now runs on server session " + pid +
                    ", not on " + lock_pid_ +
                    ", which took the lock (a connection pooler in transaction mode?)",
                "use a direct URL to PostgreSQL, or a session-pooled one (PgBouncer: "
                "pool_mode = session)");
  }
  throw Error(ExitCode::temporary,
              "lost the migration lock: server session " + pid +
                  " no longer held it (a statement released it, e.g. pg_advisory_unlock_all() "
                  "or DISCARD ALL in a revision)",
              "another run may have taken it meanwhile: check `migctl current`, remove the "
              "statement that releases advisory locks, and rerun");
}

std::vector<std::string> MigrationContext::version_rows() {
  std::vector<std::string> rows;
  try {
    ResultSet r = conn_->query("SELECT version_num FROM " + version_table_);
    for (const auto& row : r.rows) rows.push_back(row[0].value_or(""));
  } catch (const DatabaseError& e) {
    if (e.sqlstate() == kUndefinedColumn) {
      // The name resolves to an existing table or view of another kind (a catalog such as
      // pg_class, the audit table): refuse before anything is created next to it.
      throw Error(ExitCode::config,
                  "the version table '" + options_.version_table +
                      "' is an existing table that is not a version table (it has no "
                      "version_num column)",
                  "choose another name with --version-table or MIGCTL_VERSION_TABLE (default "
                  "alembic_version); nothing was changed");
    }
    if (e.sqlstate() != kUndefinedTable) throw;
    if (conn_->in_transaction()) throw;  // the transaction is aborted; caller must know
  }
  return rows;
}

std::vector<std::string> create_tables_sql(const ContextOptions& options,
                                           const std::string& version_table,
                                           const std::string& history_table) {
  return {"CREATE TABLE IF NOT EXISTS " + version_table +
              " (version_num varchar(32) NOT NULL, CONSTRAINT " + options.version_table +
              "_pkc PRIMARY KEY (version_num))",
          "CREATE TABLE IF NOT EXISTS " + history_table +
              " (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
              " revision varchar(32) NOT NULL,"
              " direction varchar(16) NOT NULL,"
              " checksum char(64),"
              " versions_before text NOT NULL,"
              " versions_after text NOT NULL,"
              " started_at timestamptz NOT NULL,"
              " finished_at timestamptz NOT NULL,"
              " duration_ms double precision NOT NULL,"
              " success boolean NOT NULL,"
              " error text,"
              " failing_statement text,"
              " db_user text NOT NULL DEFAULT current_user,"
              " os_user text,"
              " host text,"
              " migctl_version text NOT NULL)"};
}

void validate_table_name(const std::string& what, const std::string& name) {
  check_table_name(what, name);
}

void MigrationContext::ensure_tables() {
  for (const auto& statement : create_tables_sql(options_, version_table_, history_table_))
    conn_->execute(statement);
}

void MigrationContext::stamp(const std::vector<std::string>& rows_before,
                             const std::vector<std::string>& rows_after,
                             const std::vector<std::string>& audit_revisions, bool purge) {
  const auto wall_start = std::chrono::system_clock::now();
  const auto start = Clock::now();
  conn_->begin();
  try {
    // --purge also drops rows no loaded plugin knows, which rows_before may not list.
    if (purge) conn_->execute("DELETE FROM " + version_table_);
    const VersionRowChange change = version_row_change(
        Step{{}, Direction::upgrade, purge ? std::vector<std::string>{} : rows_before, rows_after});
    for (const auto& row : change.removed)
      conn_->query("DELETE FROM " + version_table_ + " WHERE version_num = $1 RETURNING 1", {row});
    for (const auto& row : change.added)
      conn_->query("INSERT INTO " + version_table_ + " (version_num) VALUES ($1)", {row});
    const double ms = ms_since(start);
    for (const auto& revision : audit_revisions) {
      Step step{revision, Direction::upgrade, rows_before, rows_after};
      insert_history(*conn_, step, {}, wall_start, ms, true, {}, {}, "stamp");
    }
    verify_lock();
    conn_->commit();
  } catch (...) {
    conn_->rollback();
    throw;
  }
}

std::map<std::string, std::string> MigrationContext::recorded_checksums() {
  std::map<std::string, std::string> out;
  try {
    ResultSet r = conn_->query("SELECT DISTINCT ON (revision) revision, checksum, direction FROM " +
                               history_table_ +
                               " WHERE success AND direction IN ('upgrade', 'downgrade')"
                               " ORDER BY revision, id DESC");
    for (const auto& row : r.rows) {
      if (row[2].value_or("") == "upgrade" && row[1]) out[row[0].value_or("")] = *row[1];
    }
  } catch (const DatabaseError& e) {
    if (e.sqlstate() != kUndefinedTable) throw;
  }
  return out;
}

void MigrationContext::update_version_rows(const Step& step) {
  const VersionRowChange change = version_row_change(step);
  const auto& removed = change.removed;
  const auto& added = change.added;
  auto expect_one = [&](const ResultSet& r, const std::string& what) {
    if (r.rows.size() != 1) {
      throw Error(ExitCode::internal,
                  "the version table " + options_.version_table +
                      " changed while migctl held the lock (" + what + ")",
                  "another tool is writing it; run `migctl current` and retry");
    }
  };
  if (change.is_update()) {
    expect_one(conn_->query("UPDATE " + version_table_ +
                                " SET version_num = $1 WHERE version_num = $2 RETURNING 1",
                            {added[0], removed[0]}),
               "expected row " + removed[0]);
    return;
  }
  for (const auto& r : removed) {
    expect_one(
        conn_->query("DELETE FROM " + version_table_ + " WHERE version_num = $1 RETURNING 1", {r}),
        "expected row " + r);
  }
  for (const auto& a : added) {
    conn_->query("INSERT INTO " + version_table_ + " (version_num) VALUES ($1)", {a});
  }
}

void MigrationContext::insert_history(Connection& conn, const Step& step,
                                      const std::string& checksum,
                                      std::chrono::system_clock::time_point started,
                                      double duration_ms, bool success, const std::string& error,
                                      const std::string& statement, const char* direction) {
  auto join = [](const std::vector<std::string>& v) {
    std::string s;
    for (const auto& x : v) s += (s.empty() ? "" : ",") + x;
    return s;
  };
  auto finished = started + std::chrono::microseconds(static_cast<long long>(duration_ms * 1000));
  conn.query(
      "INSERT INTO " + history_table_ +
          " (revision, direction, checksum, versions_before, versions_after,"
          " started_at, finished_at, duration_ms, success, error, failing_statement,"
          " os_user, host, migctl_version)"
          " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
      {step.revision,
       direction                              ? direction
       : step.direction == Direction::upgrade ? "upgrade"
                                              : "downgrade",
       checksum.empty() ? Value() : Value(checksum), join(step.rows_before),
       join(success ? step.rows_after : step.rows_before), iso_utc(started), iso_utc(finished),
       Poco::NumberFormatter::format(duration_ms, 3), success ? "true" : "false",
       error.empty() ? Value() : Value(error), statement.empty() ? Value() : Value(statement),
       actor_.os_user, actor_.host, actor_.migctl_version});
}

bool MigrationContext::record_failure(const Step& step, const std::string& checksum,
                                      std::chrono::system_clock::time_point started,
                                      double duration_ms, const std::string& error,
                                      const std::string& statement) noexcept {
  return record_failure_on(*conn_, step, checksum, started, duration_ms, error, statement);
}

bool MigrationContext::record_failure_on(Connection& conn, const Step& step,
                                         const std::string& checksum,
                                         std::chrono::system_clock::time_point started,
                                         double duration_ms, const std::string& error,
                                         const std::string& statement) noexcept {
  try {
    insert_history(conn, step, checksum, started, duration_ms, false, error, statement);
    return true;
  } catch (...) {
    return false;
  }
}

std::shared_ptr<Connection> MigrationContext::reconnect_after_loss(
    const std::vector<std::string>& rows_before, const std::vector<std::string>& rows_after,
    LossOutcome& outcome, std::string& found) {
  locked_ = false;  // the server ended the session, and the lock with it
  outcome = LossOutcome::unknown;
  found.clear();
  if (!open_) return nullptr;
  // A restarting server refuses connections for a moment ("starting up"): retry.
  const auto deadline = Clock::now() + kReconnectWindow;
  std::shared_ptr<Connection> fresh;
  for (;;) {
    try {
      fresh = open_();
      break;
    } catch (const Error&) {
      if (Clock::now() >= deadline) return nullptr;
      std::this_thread::sleep_for(std::chrono::milliseconds(250));
    }
  }
  try {
    std::vector<std::string> rows;
    for (const auto& row : fresh->query("SELECT version_num FROM " + version_table_).rows)
      rows.push_back(row[0].value_or(""));
    auto sorted = [](std::vector<std::string> v) {
      std::sort(v.begin(), v.end());
      return v;
    };
    for (const auto& row : sorted(rows)) found += (found.empty() ? "" : ", ") + row;
    if (found.empty()) found = "no revision";
    if (sorted(rows) == sorted(rows_after)) {
      outcome = LossOutcome::committed;
    } else if (sorted(rows) == sorted(rows_before)) {
      outcome = LossOutcome::not_committed;
    } else {
      outcome = LossOutcome::other;
    }
  } catch (const Error&) {
    outcome = LossOutcome::unknown;
  }
  return fresh;
}

void MigrationContext::step_interrupted(const Step& step, const Revision& revision,
                                        const std::string& checksum,
                                        std::chrono::system_clock::time_point started,
                                        double duration_ms, const Error& error,
                                        const std::string& statement, bool outer_transaction) {
  const char* verb = step.direction == Direction::upgrade ? "upgrade" : "downgrade";
  std::string message = std::string("lost the connection to the database during the ") + verb +
                        " of revision " + revision.id + " (" + revision.source +
                        "): " + error.what();
  LossOutcome outcome = LossOutcome::unknown;
  std::string found;
  std::shared_ptr<Connection> fresh;
  if (outer_transaction) {
    // --single-transaction: the server rolled the whole run back; only the audit row is left.
    fresh = reconnect_after_loss({}, {}, outcome, found);
    outcome = fresh ? LossOutcome::not_committed : LossOutcome::unknown;
  } else {
    fresh = reconnect_after_loss(step.rows_before, step.rows_after, outcome, found);
  }
  const bool partial = !revision.transactional && !outer_transaction;
  std::string hint = "rerun the command when the server is reachable";
  switch (outcome) {
    case LossOutcome::committed:
      message += "; after reconnecting: the revision had committed (the version table shows " +
                 found + "), with its audit row";
      break;
    case LossOutcome::not_committed: {
      const bool recorded =
          record_failure_on(*fresh, step, checksum, started, duration_ms,
                            std::string("connection lost: ") + error.what(), statement);
      message += outer_transaction ? "; the server rolled the whole run back"
                 : partial
                     ? "; the revision is non-transactional: statements before the interruption "
                       "may have stayed applied, its version row was not changed"
                     : "; the server rolled the revision back";
      message += recorded ? "; the attempt was recorded in " + options_.history_table +
                                " after reconnecting"
                          : "; the attempt could not be recorded in " + options_.history_table;
      if (partial) hint = "check what the revision's statements left behind, then rerun";
      break;
    }
    case LossOutcome::other:
      message += "; after reconnecting the version table shows " + found +
                 ", neither before nor after this revision: another run may have changed it; "
                 "the attempt was not recorded";
      hint = "run `migctl current` and `migctl history` before rerunning";
      break;
    case LossOutcome::unknown:
      message += "; could not reconnect within " + std::to_string(kReconnectWindow.count()) +
                 " s to check the outcome, so the attempt was not recorded in " +
                 options_.history_table;
      hint =
          "run `migctl current` when the server is back: a revision's change commits whole or "
          "not at all" +
          std::string(partial ? " (but this one is non-transactional)" : "") + "; then rerun";
      break;
  }
  auto* db = dynamic_cast<const DatabaseError*>(&error);
  throw DatabaseError(ExitCode::unavailable, message, db ? db->sqlstate() : "08006", statement,
                      hint);
}

double MigrationContext::apply(const Step& step, const Revision& revision,
                               const std::vector<std::string>& statements,
                               const std::string& checksum, bool outer_transaction) {
  const auto wall_start = std::chrono::system_clock::now();
  const auto start = Clock::now();
  const bool own_transaction = !outer_transaction;
  const std::string* current = nullptr;
  try {
    if (own_transaction && revision.transactional) conn_->begin();
    for (const auto& statement : statements) {
      current = &statement;
      conn_->execute(statement);
    }
    current = nullptr;
    if (own_transaction && !revision.transactional) conn_->begin();
    update_version_rows(step);
    double ms = ms_since(start);
    insert_history(*conn_, step, checksum, wall_start, ms, true, {}, {});
    if (own_transaction) {
      verify_lock();
      conn_->commit();
    }
    return ms;
  } catch (const Error& e) {
    double ms = ms_since(start);
    conn_->rollback();
    std::string statement = current ? *current : std::string();
    if (e.code() == ExitCode::unavailable) {
      step_interrupted(step, revision, checksum, wall_start, ms, e, statement, outer_transaction);
    }
    bool recorded = record_failure(step, checksum, wall_start, ms, e.what(), statement);
    const char* verb = step.direction == Direction::upgrade ? "upgrade" : "downgrade";
    if (lock_lost_) {
      std::string message = std::string(verb) + " of revision " + revision.id + " (" +
                            revision.source + ") was rolled back before its commit: " + e.what();
      if (!revision.transactional) {
        message +=
            "; it is non-transactional: its statements stayed applied, its version row "
            "was not changed";
      }
      message += recorded ? "; recorded in " + options_.history_table
                          : "; could not be recorded in " + options_.history_table;
      throw Error(ExitCode::temporary, message, e.hint());
    }
    std::string message = std::string(verb) + " of revision " + revision.id + " (" +
                          revision.source + ") failed: " + e.what();
    std::string hint;
    if (!revision.transactional && current) {
      hint =
          "this revision is non-transactional: the statements before the failing one "
          "stayed applied; fix the database by hand, then retry";
    } else {
      hint = outer_transaction ? "the whole run was rolled back; nothing changed"
                               : "the revision was rolled back; the database is as it was "
                                 "before it";
    }
    if (!recorded) hint += " (the failure could not be recorded in " + options_.history_table + ")";
    auto* db = dynamic_cast<const DatabaseError*>(&e);
    throw DatabaseError(ExitCode::migration_failed, message, db ? db->sqlstate() : "", statement,
                        hint);
  }
}

std::vector<HistoryEntry> MigrationContext::history(std::size_t limit) {
  HistoryFilter filter;
  filter.limit = limit;
  return history(filter);
}

bool MigrationContext::table_exists(const std::string& quoted_name) {
  return conn_->query("SELECT (to_regclass($1) IS NOT NULL)::text", {quoted_name})
             .rows.at(0)
             .at(0) == Value("true");
}

bool MigrationContext::has_history_table() {
  return table_exists(history_table_);
}

std::vector<HistoryEntry> MigrationContext::history(const HistoryFilter& filter) {
  std::vector<HistoryEntry> out;
  std::vector<Value> params;
  std::string where;
  auto condition = [&](const std::string& sql) {
    where += (where.empty() ? " WHERE " : " AND ") + sql;
  };
  if (!filter.revision.empty()) {
    std::string pattern;
    for (char c : filter.revision) {
      if (c == '%' || c == '_' || c == '\\') pattern += '\\';
      pattern += c;
    }
    params.push_back(pattern + "%");
    condition("revision LIKE $" + std::to_string(params.size()));
  }
  if (!filter.since.empty()) {
    params.push_back(filter.since);
    condition("started_at >= $" + std::to_string(params.size()) + "::timestamptz");
  }
  if (!filter.until.empty()) {
    params.push_back(filter.until);
    condition("started_at < $" + std::to_string(params.size()) + "::timestamptz");
  }
  std::string sql =
      "SELECT id::text, revision, direction, coalesce(checksum, ''),"
      " to_char(started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'),"
      " to_char(finished_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'),"
      " duration_ms::text, success::text, coalesce(error, ''), coalesce(failing_statement, ''),"
      " versions_before, versions_after,"
      " db_user, coalesce(os_user, ''), coalesce(host, ''), migctl_version FROM " +
      history_table_ + where + " ORDER BY id DESC";
  if (filter.limit) sql += " LIMIT " + std::to_string(filter.limit);
  try {
    for (const auto& row : conn_->query(sql, params).rows) {
      HistoryEntry h;
      h.id = std::atoll(row[0].value_or("0").c_str());
      h.revision = row[1].value_or("");
      h.direction = row[2].value_or("");
      h.checksum = row[3].value_or("");
      h.started_at = row[4].value_or("");
      h.finished_at = row[5].value_or("");
      h.duration_ms = std::atof(row[6].value_or("0").c_str());
      h.success = row[7].value_or("") == "true";
      h.error = row[8].value_or("");
      h.failing_statement = row[9].value_or("");
      h.versions_before = row[10].value_or("");
      h.versions_after = row[11].value_or("");
      h.db_user = row[12].value_or("");
      h.os_user = row[13].value_or("");
      h.host = row[14].value_or("");
      h.migctl_version = row[15].value_or("");
      out.push_back(std::move(h));
    }
  } catch (const DatabaseError& e) {
    if (e.sqlstate() != kUndefinedTable) throw;
  }
  return out;
}

}  // namespace migctl
