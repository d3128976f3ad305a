// SQLite's SQL for the version table, the audit table and scripts (migctl/dialect.hpp).
//
// The version table is Alembic's, as Alembic creates it on SQLite. The audit table has
// PostgreSQL's columns with SQLite's types: `id INTEGER PRIMARY KEY AUTOINCREMENT` (ids
// only ever grow, even after rows are deleted), timestamps as ISO 8601 UTC text with
// microseconds ("2026-01-02T03:04:05.678901Z": fixed width, so text order is time order),
// booleans as 0/1. SQLite has no database users: db_user holds the OS user whose process
// wrote the row (the account whose file permissions applied).
#pragma once

#include "migctl/dialect.hpp"

namespace migctl::sqlite {

// "name" with '"' doubled. Throws Error(config) for an empty name or a NUL byte.
std::string quote_identifier(const std::string& identifier);
// 'value' with '\'' doubled (SQLite has no backslash escapes). Throws Error(data) for a
// NUL byte, which SQLite would cut the text at.
std::string quote_literal(const std::string& value);

class SqliteDialect final : public Dialect {
 public:
  std::string quote_identifier(const std::string& identifier) const override;
  std::string quote_literal(const std::string& value) const override;
  // SQLite's tokenizer (statement_split.hpp); a script with BEGIN/COMMIT/ROLLBACK of its own
  // is a ScriptError, as on PostgreSQL.
  std::vector<ScriptStatement> parse_script(std::string_view script) const override;
  // The statements as split, each followed by ";\n": comments and whitespace between
  // statements do not count, inside a statement they do (SQLite has no parse tree to read).
  std::string canonical_script(std::string_view script) const override;

  std::vector<std::string> create_version_table(const std::string& table) const override;
  std::string select_versions(const std::string& table) const override;
  SqlStatement insert_version(const std::string& table, const std::string& revision) const override;
  SqlStatement update_version(const std::string& table, const std::string& from,
                              const std::string& to) const override;
  SqlStatement delete_version(const std::string& table, const std::string& revision) const override;
  SqlStatement delete_all_versions(const std::string& table) const override;

  std::vector<std::string> create_audit_table(const std::string& table) const override;
  // An empty started_at is SQLite's clock when the statement runs ('now', millisecond
  // precision, padded to microseconds); finished_at is then the same and duration_ms 0:
  // SQLite has no clock that moves within a statement.
  std::string insert_audit_row(const std::string& table, const AuditRow& row) const override;
  std::string select_audit_rows(const std::string& table, const AuditFilter& filter) const override;
  std::string select_recorded_checksums(const std::string& table) const override;

  // SQLSTATEs 42S02 and 42S22, as the driver assigns them (diagnostics.hpp).
  bool is_missing_table(const DatabaseError& error) const override;
  bool is_missing_column(const DatabaseError& error) const override;
  // BEGIN IMMEDIATE: the write lock is taken at the start, so two writers queue on the busy
  // timeout instead of one failing at its first write (SQLITE_BUSY on lock upgrade).
  std::string begin_transaction() const override;
  std::string commit_transaction() const override;
  std::string apply_script_hint() const override;
};

}  // namespace migctl::sqlite
