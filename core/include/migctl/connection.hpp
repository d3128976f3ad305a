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
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "migctl/export.hpp"

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
};

class MIGCTL_SDK_API Connection {
 public:
  virtual ~Connection() = default;

  // Runs exactly one SQL statement with no parameters, in the current transaction state.
  // Statements that return rows have their rows discarded.
  virtual void execute(std::string_view statement) = 0;

  // Runs one statement with positional parameters ($1, $2, ... in PostgreSQL) and returns
  // every row as text.
  virtual ResultSet query(std::string_view statement, const std::vector<Value>& params = {}) = 0;

  // Transaction control. begin() while a transaction is open is an error; rollback() with
  // none open does nothing and does not throw (it is called on error paths).
  virtual void begin() = 0;
  virtual void commit() = 0;
  virtual void rollback() noexcept = 0;
  virtual bool in_transaction() const = 0;

  // A session-level advisory lock: held until unlock() or until the connection closes
  // (including when the process dies). try_lock returns false at once if another session
  // holds it.
  virtual bool try_lock(std::int64_t key) = 0;
  virtual void unlock(std::int64_t key) = 0;

  virtual ServerInfo server_info() = 0;
};

}  // namespace migctl
