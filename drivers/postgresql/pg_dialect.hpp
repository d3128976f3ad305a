// PostgreSQL's SQL for what migctl keeps in the database (migctl/dialect.hpp): Alembic's
// version table, the `migctl_history` audit table, scripts read by PostgreSQL's own parser
// (libpg_query, pg_parser.hpp) and the SQLSTATEs of a missing table or column. Pure: no
// connection, no Poco, so offline scripts, unit tests and the fuzz harness use it as the
// driver does.
#pragma once

#include "migctl/dialect.hpp"

namespace migctl::pg {

class PgDialect final : public Dialect {
 public:
  std::string quote_identifier(const std::string& identifier) const override;
  std::string quote_literal(const std::string& value) const override;
  // libpg_query: pg_parser.hpp says what each returns and throws.
  std::vector<ScriptStatement> parse_script(std::string_view script) const override;
  std::string canonical_script(std::string_view script) const override;

  std::vector<std::string> create_version_table(const std::string& table) const override;
  std::string select_versions(const std::string& table) const override;
  SqlStatement insert_version(const std::string& table, const std::string& revision) const override;
  SqlStatement update_version(const std::string& table, const std::string& from,
                              const std::string& to) const override;
  SqlStatement delete_version(const std::string& table, const std::string& revision) const override;
  SqlStatement delete_all_versions(const std::string& table) const override;

  // started_at/finished_at as timestamptz, duration_ms double precision, db_user
  // defaulting to current_user, id an identity column.
  std::vector<std::string> create_audit_table(const std::string& table) const override;
  // An empty started_at becomes now() (the transaction's start), finished_at
  // clock_timestamp() and duration_ms their difference, measured by the server.
  std::string insert_audit_row(const std::string& table, const AuditRow& row) const override;
  std::string select_audit_rows(const std::string& table, const AuditFilter& filter) const override;
  std::string select_recorded_checksums(const std::string& table) const override;

  bool is_missing_table(const DatabaseError& error) const override;   // 42P01
  bool is_missing_column(const DatabaseError& error) const override;  // 42703
  std::string begin_transaction() const override { return "BEGIN"; }
  std::string commit_transaction() const override { return "COMMIT"; }
  std::string apply_script_hint() const override {
    return "psql -v ON_ERROR_STOP=1 -f <this file>";
  }
};

}  // namespace migctl::pg
