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

MigrationContext::MigrationContext(std::shared_ptr<Connection> conn,
                                   std::shared_ptr<Connection> lock_conn, const Driver& driver,
                                   ContextOptions options)
    : conn_(std::move(conn)),
      lock_conn_(std::move(lock_conn)),
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

void MigrationContext::lock(const std::function<void(const std::string&)>& on_wait) {
  if (locked_) return;
  key_ = lock_key();
  const auto deadline = Clock::now() + options_.lock_timeout;
  auto pause = std::chrono::milliseconds(50);
  bool reported = false;
  while (!lock_conn_->try_lock(key_)) {
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
  locked_ = true;
}

void MigrationContext::unlock() noexcept {
  if (!locked_) return;
  try {
    lock_conn_->unlock(key_);
  } catch (...) {
    // The server releases a session lock when the connection closes anyway.
  }
  locked_ = false;
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
      insert_history(step, {}, wall_start, ms, true, {}, {}, "stamp");
    }
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

void MigrationContext::insert_history(const Step& step, const std::string& checksum,
                                      std::chrono::system_clock::time_point started,
                                      double duration_ms, bool success, const std::string& error,
                                      const std::string& statement, const char* direction) {
  auto join = [](const std::vector<std::string>& v) {
    std::string s;
    for (const auto& x : v) s += (s.empty() ? "" : ",") + x;
    return s;
  };
  auto finished = started + std::chrono::microseconds(static_cast<long long>(duration_ms * 1000));
  conn_->query(
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
  try {
    insert_history(step, checksum, started, duration_ms, false, error, statement);
    return true;
  } catch (...) {
    return false;
  }
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
    insert_history(step, checksum, wall_start, ms, true, {}, {});
    if (own_transaction) conn_->commit();
    return ms;
  } catch (const Error& e) {
    double ms = ms_since(start);
    conn_->rollback();
    std::string statement = current ? *current : std::string();
    bool recorded = record_failure(step, checksum, wall_start, ms, e.what(), statement);
    const char* verb = step.direction == Direction::upgrade ? "upgrade" : "downgrade";
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
