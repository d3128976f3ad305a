#include "pg_dialect.hpp"

#include <charconv>

#include "pg_parser.hpp"
#include "quoting.hpp"

namespace migctl::pg {
namespace {

// SQLSTATEs of the SQL standard's class 42 (syntax error or access rule violation).
constexpr const char* kUndefinedTable = "42P01";
constexpr const char* kUndefinedColumn = "42703";

// Locale-independent, as the server reads it: "12.345".
std::string number(double value) {
  char buffer[64];
  auto [end, ec] =
      std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed, 3);
  return ec == std::errc() ? std::string(buffer, end) : "0";
}

// NULL for an empty value: the audit table's "none".
std::string literal_or_null(const std::string& value) {
  return value.empty() ? "NULL" : quote_literal(value);
}

std::string utc_text(const std::string& column) {
  return "to_char(" + column + " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')";
}

}  // namespace

std::string PgDialect::quote_identifier(const std::string& identifier) const {
  return pg::quote_identifier(identifier);
}

std::string PgDialect::quote_literal(const std::string& value) const {
  return pg::quote_literal(value);
}

std::vector<ScriptStatement> PgDialect::parse_script(std::string_view script) const {
  return parse_statements(script);
}

std::string PgDialect::canonical_script(std::string_view script) const {
  return canonical_tree(script);
}

std::vector<std::string> PgDialect::create_version_table(const std::string& table) const {
  return {"CREATE TABLE IF NOT EXISTS " + quote_identifier(table) +
          " (version_num varchar(32) NOT NULL, CONSTRAINT " + table +
          "_pkc PRIMARY KEY (version_num))"};
}

std::string PgDialect::select_versions(const std::string& table) const {
  return "SELECT version_num FROM " + quote_identifier(table);
}

SqlStatement PgDialect::insert_version(const std::string& table,
                                       const std::string& revision) const {
  return {"INSERT INTO " + quote_identifier(table) + " (version_num) VALUES (" +
              quote_literal(revision) + ")",
          true};
}

SqlStatement PgDialect::update_version(const std::string& table, const std::string& from,
                                       const std::string& to) const {
  return {"UPDATE " + quote_identifier(table) + " SET version_num = " + quote_literal(to) +
              " WHERE version_num = " + quote_literal(from),
          true};
}

SqlStatement PgDialect::delete_version(const std::string& table,
                                       const std::string& revision) const {
  return {
      "DELETE FROM " + quote_identifier(table) + " WHERE version_num = " + quote_literal(revision),
      true};
}

SqlStatement PgDialect::delete_all_versions(const std::string& table) const {
  return {"DELETE FROM " + quote_identifier(table), false};
}

std::vector<std::string> PgDialect::create_audit_table(const std::string& table) const {
  return {"CREATE TABLE IF NOT EXISTS " + quote_identifier(table) +
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

std::string PgDialect::insert_audit_row(const std::string& table, const AuditRow& row) const {
  const bool server_clock = row.started_at.empty();
  return "INSERT INTO " + quote_identifier(table) +
         " (revision, direction, checksum, versions_before, versions_after, started_at,"
         " finished_at, duration_ms, success, error, failing_statement, os_user, host,"
         " migctl_version) VALUES (" +
         quote_literal(row.revision) + ", " + quote_literal(row.direction) + ", " +
         literal_or_null(row.checksum) + ", " + quote_literal(row.versions_before) + ", " +
         quote_literal(row.versions_after) + ", " +
         (server_clock ? std::string("now(), clock_timestamp(), "
                                     "1000 * extract(epoch FROM clock_timestamp() - now())")
                       : quote_literal(row.started_at) + ", " + quote_literal(row.finished_at) +
                             ", " + number(row.duration_ms)) +
         ", " + (row.success ? "true" : "false") + ", " + literal_or_null(row.error) + ", " +
         literal_or_null(row.failing_statement) + ", " + quote_literal(row.os_user) + ", " +
         quote_literal(row.host) + ", " + quote_literal(row.migctl_version) + ")";
}

std::string PgDialect::select_audit_rows(const std::string& table,
                                         const AuditFilter& filter) const {
  std::string where;
  auto condition = [&](const std::string& sql) {
    where += (where.empty() ? " WHERE " : " AND ") + sql;
  };
  if (!filter.revision.empty()) {
    std::string pattern;  // LIKE's wildcards and its escape character matched literally
    for (char c : filter.revision) {
      if (c == '%' || c == '_' || c == '\\') pattern += '\\';
      pattern += c;
    }
    condition("revision LIKE " + quote_literal(pattern + "%"));
  }
  if (!filter.since.empty()) {
    condition("started_at >= " + quote_literal(filter.since) + "::timestamptz");
  }
  if (!filter.until.empty()) {
    condition("started_at < " + quote_literal(filter.until) + "::timestamptz");
  }
  std::string sql = "SELECT id::text, revision, direction, checksum, " + utc_text("started_at") +
                    ", " + utc_text("finished_at") +
                    ", duration_ms::text, success::text, error, failing_statement,"
                    " versions_before, versions_after, db_user, os_user, host, migctl_version"
                    " FROM " +
                    quote_identifier(table) + where +
                    // Qualified: a bare `id` would be the text column id::text of the select
                    // list, and "10" sorts before "9".
                    " ORDER BY " + quote_identifier(table) + ".id DESC";
  if (filter.limit) sql += " LIMIT " + std::to_string(filter.limit);
  return sql;
}

std::string PgDialect::select_recorded_checksums(const std::string& table) const {
  return "SELECT revision, checksum FROM (SELECT DISTINCT ON (revision) revision, checksum,"
         " direction FROM " +
         quote_identifier(table) +
         " WHERE success AND direction IN ('upgrade', 'downgrade', 'repair')"
         " ORDER BY revision, id DESC) latest"
         " WHERE direction IN ('upgrade', 'repair') AND checksum IS NOT NULL";
}

bool PgDialect::is_missing_table(const DatabaseError& error) const {
  return error.sqlstate() == kUndefinedTable;
}

bool PgDialect::is_missing_column(const DatabaseError& error) const {
  return error.sqlstate() == kUndefinedColumn;
}

}  // namespace migctl::pg
