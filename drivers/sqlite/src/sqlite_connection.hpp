// migctl::Connection over a Poco::Data::Session with the SQLite connector.
//
// The Poco session opens the database file and owns the sqlite3 handle and its lifetime.
// Statements, transactions and errors go straight to SQLite's C API on that handle
// (Poco::Data::SQLite::Utility::dbHandle): Poco's statements report neither the rows a
// statement changed (sqlite3_changes64) nor SQLite's extended result codes and error
// offsets, and Poco's begin() is a deferred BEGIN whose state Poco tracks itself, blind to a
// script's own BEGIN/COMMIT; in_transaction() asks SQLite (sqlite3_get_autocommit).
#pragma once

#include <Poco/Data/Session.h>

#include <string>

#include "migctl/connection.hpp"

struct sqlite3;

namespace migctl::sqlite {

class SqliteConnection final : public Connection {
 public:
  // `session` is open on `path` (absolute, symlinks resolved).
  SqliteConnection(Poco::Data::Session session, std::string path);
  ~SqliteConnection() override;

  SqliteConnection(const SqliteConnection&) = delete;
  SqliteConnection& operator=(const SqliteConnection&) = delete;

  // Runs every statement of `statement` in turn (as sqlite3_exec does) and returns the rows
  // the INSERT/UPDATE/DELETE statements among them changed.
  std::uint64_t execute(std::string_view statement) override;
  // One statement. Parameters: `?`, `?N`, `$N` or `:N` (N counts from 1), bound as text;
  // SQLite's type affinity converts them where a column asks for a number.
  ResultSet query(std::string_view statement, const std::vector<Value>& params) override;
  // BEGIN IMMEDIATE (see SqliteDialect::begin_transaction).
  void begin() override;
  // Does nothing when no transaction is open (a script committed it already).
  void commit() override;
  void rollback() noexcept override;
  bool in_transaction() const override;
  // A FileMigrationLock on "<path>-migctl.lock", whatever the version table: one migration
  // at a time per database file.
  std::unique_ptr<MigrationLock> migration_lock(const std::string& version_table) override;
  // The database file readable and writable, its directory writable (SQLite's journal and
  // the lock file are created there), the connection not read-only.
  CheckResult check_privileges(const std::string& version_table) override;
  // database: the file's path; user: the OS user; server_version: sqlite3_libversion().
  ServerInfo server_info() override;

 private:
  std::uint64_t run(std::string_view text, const std::vector<Value>* params, ResultSet* rows);
  [[noreturn]] void fail(int rc, std::string_view text, int offset_base) const;

  Poco::Data::Session session_;
  sqlite3* db_;
  std::string path_;
};

}  // namespace migctl::sqlite
