// migctl::Connection over a Poco::Data::Session with the PostgreSQL connector.
//
// The Poco session owns the libpq connection, its lifetime and the transaction state
// (begin/commit/rollback go through it). Statements go straight to libpq on the session's
// raw PGconn: Poco prepares every statement, which costs a round trip, rejects some DDL and
// hides the SQLSTATE; PQexec/PQexecParams do one round trip and return structured errors.
#pragma once

#include <Poco/Data/Session.h>
#include <libpq-fe.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "migctl/connection.hpp"

namespace migctl::pg {

class PgConnection final : public Connection {
 public:
  // Opens another connection with the same parameters (the migration lock's pooler probe).
  using Opener = std::function<std::unique_ptr<Connection>()>;

  // `session` is open. Server notices go to `on_notice` (dropped when empty), never stderr.
  // `secrets` are scrubbed from every error message. `open_sibling` must stay callable for
  // the connection's life.
  PgConnection(Poco::Data::Session session, std::function<void(const std::string&)> on_notice,
               std::vector<std::string> secrets, Opener open_sibling);
  ~PgConnection() override;

  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

  // PQcmdTuples' count.
  std::uint64_t execute(std::string_view statement) override;
  ResultSet query(std::string_view statement, const std::vector<Value>& params) override;
  void begin() override;
  void commit() override;
  void rollback() noexcept override;
  bool in_transaction() const override;
  // A PgMigrationLock (pg_migration_lock.hpp) on this session.
  std::unique_ptr<MigrationLock> migration_lock(const std::string& version_table) override;
  // Defined in pg_privileges.cpp: CREATE and USAGE on the current schema, read/write on an
  // existing version table, tables in the schema owned by roles the user is not a member of.
  CheckResult check_privileges(const std::string& version_table) override;
  ServerInfo server_info() override;

 private:
  struct ResultDeleter {
    void operator()(PGresult* result) const { PQclear(result); }
  };
  using Result = std::unique_ptr<PGresult, ResultDeleter>;

  // Checks a PQexec/PQexecParams result, finishing any COPY it started; returns the final
  // successful result or throws DatabaseError.
  Result check(Result result, const std::string& statement);
  [[noreturn]] void fail(const PGresult* result, const std::string& statement) const;
  // Runs a Poco transaction command, turning its exceptions into DatabaseError.
  template <class Command>
  void transaction_command(const char* name, Command command);

  static void receive_notice(void* self, const PGresult* notice);

  // Declared before session_ so it outlives the connection whose receiver points here.
  std::function<void(const std::string&)> on_notice_;
  std::vector<std::string> secrets_;
  Opener open_sibling_;
  mutable Poco::Data::Session session_;
  PGconn* conn_;
};

}  // namespace migctl::pg
