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
  // `session` is open. Server notices go to `on_notice` (dropped when empty), never stderr.
  // `secrets` are scrubbed from every error message.
  PgConnection(Poco::Data::Session session, std::function<void(const std::string&)> on_notice,
               std::vector<std::string> secrets);
  ~PgConnection() override;

  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

  void execute(std::string_view statement) override;
  ResultSet query(std::string_view statement, const std::vector<Value>& params) override;
  void begin() override;
  void commit() override;
  void rollback() noexcept override;
  bool in_transaction() const override;
  bool try_lock(std::int64_t key) override;
  void unlock(std::int64_t key) override;
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
  bool single_boolean(const std::string& statement, std::int64_t key);

  static void receive_notice(void* self, const PGresult* notice);

  // Declared before session_ so it outlives the connection whose receiver points here.
  std::function<void(const std::string&)> on_notice_;
  std::vector<std::string> secrets_;
  mutable Poco::Data::Session session_;
  PGconn* conn_;
};

}  // namespace migctl::pg
