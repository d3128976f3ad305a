#include "sqlite_dialect.hpp"

#include <array>
#include <charconv>

#include "diagnostics.hpp"
#include "statement_kind.hpp"
#include "statement_split.hpp"

namespace migctl::sqlite {
namespace {

// SQLite's clock at statement time, in AuditRow's format (microseconds: SQLite counts
// milliseconds, so the last three digits are 0).
const char* const kNow = "strftime('%Y-%m-%dT%H:%M:%f000Z', 'now')";

std::string number(double value) {
  std::array<char, 64> buffer{};
  const auto result = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value,
                                    std::chars_format::fixed, 3);
  return std::string(buffer.data(), result.ptr);
}

std::string null_if_empty(const std::string& value) {
  return value.empty() ? "NULL" : quote_literal(value);
}

}  // namespace

std::string quote_identifier(const std::string& identifier) {
  if (identifier.empty() || identifier.find('\0') != std::string::npos) {
    throw Error(ExitCode::config, "an SQL name must be non-empty and hold no NUL byte");
  }
  std::string out = "\"";
  for (char c : identifier) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string quote_literal(const std::string& value) {
  if (value.find('\0') != std::string::npos) {
    throw Error(ExitCode::data, "a text value holds a NUL byte, which SQLite text cannot hold");
  }
  std::string out = "'";
  for (char c : value) {
    if (c == '\'') out += '\'';
    out += c;
  }
  return out + "'";
}

std::string SqliteDialect::quote_identifier(const std::string& identifier) const {
  return sqlite::quote_identifier(identifier);
}

std::string SqliteDialect::quote_literal(const std::string& value) const {
  return sqlite::quote_literal(value);
}

std::vector<ScriptStatement> SqliteDialect::parse_script(std::string_view script) const {
  std::vector<ScriptStatement> statements = sqlite::split_statements(script);
  for (const auto& statement : statements) {
    if (!controls_transaction(statement.sql)) continue;
    const std::string verb = statement.sql.substr(0, statement.sql.find_first_of(" \t\r\n\f;"));
    throw ScriptError(statement.line, 0,
                      verb +
                          ": the script manages a transaction of its own; migctl opens and "
                          "commits each revision's transaction itself (and runs a revision "
                          "outside one when it is declared non-transactional or holds only "
                          "statements SQLite refuses in a transaction): remove BEGIN, "
                          "COMMIT and ROLLBACK from the script");
  }
  return statements;
}

// SQLite exposes no parse tree: the statements as split, so whitespace and comments between
// statements (and before or after each) do not count, while inside a statement they do.
// Recorded in checksums: keep it stable.
std::string SqliteDialect::canonical_script(std::string_view script) const {
  std::string out;
  for (const auto& statement : sqlite::split_statements(script)) out += statement.sql + ";\n";
  return out;
}

std::vector<std::string> SqliteDialect::create_version_table(const std::string& table) const {
  return {"CREATE TABLE IF NOT EXISTS " + quote_identifier(table) +
          " (version_num VARCHAR(32) NOT NULL, CONSTRAINT " + quote_identifier(table + "_pkc") +
          " PRIMARY KEY (version_num))"};
}

std::string SqliteDialect::select_versions(const std::string& table) const {
  return "SELECT version_num FROM " + quote_identifier(table);
}

SqlStatement SqliteDialect::insert_version(const std::string& table,
                                           const std::string& revision) const {
  return {"INSERT INTO " + quote_identifier(table) + " (version_num) VALUES (" +
              quote_literal(revision) + ")",
          true};
}

SqlStatement SqliteDialect::update_version(const std::string& table, const std::string& from,
                                           const std::string& to) const {
  return {"UPDATE " + quote_identifier(table) + " SET version_num = " + quote_literal(to) +
              " WHERE version_num = " + quote_literal(from),
          true};
}

SqlStatement SqliteDialect::delete_version(const std::string& table,
                                           const std::string& revision) const {
  return {
      "DELETE FROM " + quote_identifier(table) + " WHERE version_num = " + quote_literal(revision),
      true};
}

SqlStatement SqliteDialect::delete_all_versions(const std::string& table) const {
  return {"DELETE FROM " + quote_identifier(table), false};
}

std::vector<std::string> SqliteDialect::create_audit_table(const std::string& table) const {
  return {"CREATE TABLE IF NOT EXISTS " + quote_identifier(table) +
          " (id INTEGER PRIMARY KEY AUTOINCREMENT,"
          " revision VARCHAR(32) NOT NULL,"
          " direction VARCHAR(16) NOT NULL,"
          " checksum CHAR(64),"
          " versions_before TEXT NOT NULL,"
          " versions_after TEXT NOT NULL,"
          " started_at TEXT NOT NULL,"
          " finished_at TEXT NOT NULL,"
          " duration_ms DOUBLE PRECISION NOT NULL,"
          " success BOOLEAN NOT NULL,"
          " error TEXT,"
          " failing_statement TEXT,"
          " db_user TEXT NOT NULL DEFAULT '',"
          " os_user TEXT,"
          " host TEXT,"
          " migctl_version TEXT NOT NULL)"};
}

std::string SqliteDialect::insert_audit_row(const std::string& table, const AuditRow& row) const {
  const bool database_clock = row.started_at.empty();
  return "INSERT INTO " + quote_identifier(table) +
         " (revision, direction, checksum, versions_before, versions_after, started_at,"
         " finished_at, duration_ms, success, error, failing_statement, db_user, os_user, host,"
         " migctl_version) VALUES (" +
         quote_literal(row.revision) + ", " + quote_literal(row.direction) + ", " +
         null_if_empty(row.checksum) + ", " + quote_literal(row.versions_before) + ", " +
         quote_literal(row.versions_after) + ", " +
         (database_clock ? kNow : quote_literal(row.started_at)) + ", " +
         (database_clock ? kNow : quote_literal(row.finished_at)) + ", " +
         (database_clock ? "0" : number(row.duration_ms)) + ", " + (row.success ? "1" : "0") +
         ", " + null_if_empty(row.error) + ", " + null_if_empty(row.failing_statement) + ", " +
         quote_literal(row.os_user) + ", " + quote_literal(row.os_user) + ", " +
         quote_literal(row.host) + ", " + quote_literal(row.migctl_version) + ")";
}

std::string SqliteDialect::select_audit_rows(const std::string& table,
                                             const AuditFilter& filter) const {
  std::string where;
  auto condition = [&](const std::string& sql) {
    where += (where.empty() ? " WHERE " : " AND ") + sql;
  };
  // substr, not LIKE: SQLite's LIKE ignores ASCII case and needs its wildcards escaped.
  if (!filter.revision.empty()) {
    const std::string prefix = quote_literal(filter.revision);
    condition("substr(revision, 1, length(" + prefix + ")) = " + prefix);
  }
  if (!filter.since.empty()) condition("started_at >= " + quote_literal(filter.since));
  if (!filter.until.empty()) condition("started_at < " + quote_literal(filter.until));
  std::string sql =
      "SELECT CAST(id AS TEXT), revision, direction, checksum, started_at, finished_at,"
      " CAST(duration_ms AS TEXT), CASE WHEN success THEN 'true' ELSE 'false' END, error,"
      " failing_statement, versions_before, versions_after, db_user, coalesce(os_user, ''),"
      " coalesce(host, ''), migctl_version FROM " +
      quote_identifier(table) + where + " ORDER BY id DESC";
  if (filter.limit != 0) sql += " LIMIT " + std::to_string(filter.limit);
  return sql;
}

std::string SqliteDialect::select_recorded_checksums(const std::string& table) const {
  const std::string t = quote_identifier(table);
  return "SELECT revision, checksum FROM " + t + " WHERE id IN (SELECT max(id) FROM " + t +
         " WHERE success AND direction IN ('upgrade', 'downgrade', 'repair') GROUP BY revision)"
         " AND direction IN ('upgrade', 'repair') AND checksum IS NOT NULL";
}

bool SqliteDialect::is_missing_table(const DatabaseError& error) const {
  return error.sqlstate() == kMissingTable;
}

bool SqliteDialect::is_missing_column(const DatabaseError& error) const {
  return error.sqlstate() == kMissingColumn;
}

std::string SqliteDialect::begin_transaction() const {
  return "BEGIN IMMEDIATE";
}

std::string SqliteDialect::commit_transaction() const {
  return "COMMIT";
}

std::string SqliteDialect::apply_script_hint() const {
  return "sqlite3 -bail <database file> < <this file>";
}

}  // namespace migctl::sqlite
