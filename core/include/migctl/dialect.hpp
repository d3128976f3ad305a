// Dialect: the SQL of one database for everything migctl keeps in it.
//
// The core decides *what* changes (which version rows, what an audit row says); the dialect
// says it in its database's SQL. Each driver provides one (Driver::dialect()), so the core
// holds no SQL of any one database, and the same statements serve an online run, `stamp`
// and an offline `--sql` script: the core either runs them or prints them, and never
// writes version-table SQL of its own (one writer, as in Alembic).
//
// Contract for implementations:
// - Pure: no I/O, no state; callable without a connection (offline scripts have none).
// - Table names arrive unquoted and already validated as plain identifiers
//   ([A-Za-z_][A-Za-z0-9_]{0,62}); the dialect quotes them.
// - Values are embedded as literals (quote_literal), never as placeholders, so that a
//   statement runs as printed. A returned statement has no trailing semicolon.
// - The version table has Alembic's layout on every database: table `alembic_version` by
//   default, one column `version_num varchar(32) NOT NULL`, primary key named
//   `<table>_pkc`, one row per applied head.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "migctl/audit_row.hpp"
#include "migctl/error.hpp"
#include "migctl/export.hpp"
#include "migctl/script_statement.hpp"

namespace migctl {

// A statement the core runs or prints. Online, a statement with `expect_one_row` must
// change exactly one row (the driver's Connection::execute reports the count); anything
// else means another tool wrote the version table while migctl held the lock.
struct SqlStatement {
  std::string sql;
  bool expect_one_row = false;
};

class MIGCTL_SDK_API Dialect {
 public:
  virtual ~Dialect() = default;

  // "user" -> "\"user\"" in PostgreSQL and SQLite.
  virtual std::string quote_identifier(const std::string& identifier) const = 0;
  // A string literal, safe for any byte sequence the database accepts in text.
  virtual std::string quote_literal(const std::string& value) const = 0;

  // Parses a script with this database's own parser (PostgreSQL: libpg_query; SQLite:
  // SQLite's). Comments and quoted text never split a statement; whitespace- and
  // comment-only fragments are dropped; each statement says what it asks of a transaction.
  // Online runs and offline scripts both send exactly these statements. Throws ScriptError
  // for a script the parser rejects, with the parser's position and message. SDK 2.1.
  virtual std::vector<ScriptStatement> parse_script(std::string_view script) const = 0;

  // What a script does, independent of how it is written: the input of revision checksums.
  // Two scripts that differ only in whitespace and comments give the same text; scripts
  // that do different things give different texts. PostgreSQL: from the parse tree (so
  // keyword case and redundant parentheses do not matter either). Deterministic across
  // runs and machines, since it is recorded; a driver documents what may change it
  // (PostgreSQL: a new libpg_query major version, that is a newer grammar, needs `migctl
  // repair`). Throws ScriptError as parse_script. SDK 2.1.
  virtual std::string canonical_script(std::string_view script) const = 0;

  // parse_script's statements, text only.
  std::vector<std::string> split_statements(std::string_view script) const {
    std::vector<std::string> out;
    for (auto& statement : parse_script(script)) out.push_back(std::move(statement.sql));
    return out;
  }

  // --- The version table -------------------------------------------------------------
  // Creates it if missing (idempotent).
  virtual std::vector<std::string> create_version_table(const std::string& table) const = 0;
  // One column, one row per version row.
  virtual std::string select_versions(const std::string& table) const = 0;
  virtual SqlStatement insert_version(const std::string& table,
                                      const std::string& revision) const = 0;
  virtual SqlStatement update_version(const std::string& table, const std::string& from,
                                      const std::string& to) const = 0;
  virtual SqlStatement delete_version(const std::string& table,
                                      const std::string& revision) const = 0;
  // Deletes every row (`stamp --purge`); expect_one_row is false.
  virtual SqlStatement delete_all_versions(const std::string& table) const = 0;

  // --- The audit table ---------------------------------------------------------------
  // Creates it if missing (idempotent). Columns as in AuditRow; db_user defaults to the
  // database's user where it has one.
  virtual std::vector<std::string> create_audit_table(const std::string& table) const = 0;
  // Ignores row.id and row.db_user.
  virtual std::string insert_audit_row(const std::string& table, const AuditRow& row) const = 0;
  // The rows `filter` selects, newest first, 16 text columns in AuditRow's order (id,
  // revision, direction, checksum, started_at, finished_at, duration_ms, success as
  // "true"/"false", error, failing_statement, versions_before, versions_after, db_user,
  // os_user, host, migctl_version); NULL only where AuditRow says "empty: none".
  virtual std::string select_audit_rows(const std::string& table,
                                        const AuditFilter& filter) const = 0;
  // (revision, checksum) of the latest successful upgrade, downgrade or repair row of each
  // revision, where that latest one is an upgrade or a repair with a checksum (`migctl
  // repair` re-records a checksum without applying anything).
  virtual std::string select_recorded_checksums(const std::string& table) const = 0;

  // --- Errors and scripts ------------------------------------------------------------
  // Whether `error` says the table in the statement does not exist (PostgreSQL 42P01).
  virtual bool is_missing_table(const DatabaseError& error) const = 0;
  // Whether it says a column does not exist: the name belongs to a table of another shape.
  virtual bool is_missing_column(const DatabaseError& error) const = 0;
  // Opening and closing a transaction in a script ("BEGIN", "COMMIT").
  virtual std::string begin_transaction() const = 0;
  virtual std::string commit_transaction() const = 0;
  // How to apply an offline script with this database's own client, for its header
  // ("psql -v ON_ERROR_STOP=1 -f <this file>").
  virtual std::string apply_script_hint() const = 0;
};

}  // namespace migctl
