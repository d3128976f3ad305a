// A connection to one database, as a driver provides it.
//
// Contract for implementations:
// - Every failure throws migctl::DatabaseError carrying the SQLSTATE; messages never
//   contain the password.
// - A connection is used by one thread at a time.
// - The destructor closes the connection and never throws; an open transaction is rolled
//   back by the server when the connection closes.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "migctl/check_result.hpp"
#include "migctl/export.hpp"
#include "migctl/migration_lock.hpp"

namespace migctl {

// A column value as text; nullopt is SQL NULL.
using Value = std::optional<std::string>;

struct ResultSet {
  std::vector<std::string> columns;
  std::vector<std::vector<Value>> rows;
};

struct ServerInfo {
  std::string database;        // current database name
  std::string user;            // current user
  std::string server_version;  // e.g. "15.18"
  std::string product;         // e.g. "PostgreSQL", "SQLite": for messages
};

class MIGCTL_SDK_API Connection {
 public:
  virtual ~Connection() = default;

  // Runs exactly one SQL statement with no parameters, in the current transaction state,
  // and returns the number of rows it inserted, updated or deleted (0 for other
  // statements). Statements that return rows have their rows discarded.
  virtual std::uint64_t execute(std::string_view statement) = 0;

  // Runs one statement with positional parameters ($1, $2, ... in PostgreSQL, ? in SQLite)
  // and returns every row as text.
  virtual ResultSet query(std::string_view statement, const std::vector<Value>& params = {}) = 0;

  // Transaction control. begin() while a transaction is open is an error; rollback() with
  // none open does nothing and does not throw (it is called on error paths).
  virtual void begin() = 0;
  virtual void commit() = 0;
  virtual void rollback() noexcept = 0;
  virtual bool in_transaction() const = 0;

  // The migration lock of the version table `version_table` (unquoted, validated) in this
  // connection's database, bound to this connection: it must not outlive it. Not acquired
  // yet. See migctl/migration_lock.hpp for the contract.
  virtual std::unique_ptr<MigrationLock> migration_lock(const std::string& version_table) = 0;

  // Whether this connection's user may create the version and audit tables and write
  // them, as one `doctor` check named "database_privileges". Reads only.
  virtual CheckResult check_privileges(const std::string& version_table) = 0;

  virtual ServerInfo server_info() = 0;
};

}  // namespace migctl
