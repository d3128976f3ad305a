// StubDialect: the Dialect of the stub database, writing the stub language
// (stub_language.hpp) that StubDatabase interprets.
#pragma once

#include "migctl/dialect.hpp"

namespace migctl::stub {

class StubDialect final : public Dialect {
 public:
  std::string quote_identifier(const std::string& identifier) const override;
  std::string quote_literal(const std::string& value) const override;
  // Splits on ';' outside 'quotes', "quotes" and -- comments (to the end of the line); a
  // piece of only whitespace and comments is no statement. Each statement's line is that
  // of its first character that is neither; CONCURRENTLY ... refuses a transaction,
  // SET/RESET/SHOW are neutral, everything else needs one (stub_language.hpp). An
  // unterminated quote throws ScriptError at the quote's line and column.
  std::vector<ScriptStatement> parse_script(std::string_view script) const override;
  // The statements without comments, whitespace outside quotes collapsed to one space,
  // each followed by ";\n": equal for scripts that differ only in formatting.
  std::string canonical_script(std::string_view script) const override;

  std::vector<std::string> create_version_table(const std::string& table) const override;
  std::string select_versions(const std::string& table) const override;
  SqlStatement insert_version(const std::string& table, const std::string& revision) const override;
  SqlStatement update_version(const std::string& table, const std::string& from,
                              const std::string& to) const override;
  SqlStatement delete_version(const std::string& table, const std::string& revision) const override;
  SqlStatement delete_all_versions(const std::string& table) const override;

  std::vector<std::string> create_audit_table(const std::string& table) const override;
  std::string insert_audit_row(const std::string& table, const AuditRow& row) const override;
  std::string select_audit_rows(const std::string& table, const AuditFilter& filter) const override;
  std::string select_recorded_checksums(const std::string& table) const override;

  bool is_missing_table(const DatabaseError& error) const override;
  bool is_missing_column(const DatabaseError& error) const override;
  std::string begin_transaction() const override { return "BEGIN"; }
  std::string commit_transaction() const override { return "COMMIT"; }
  std::string apply_script_hint() const override;
};

}  // namespace migctl::stub
