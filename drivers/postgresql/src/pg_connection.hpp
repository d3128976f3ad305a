// migctl::Connection on one libpq connection (PGconn).
//
// Every statement is one libpq call and one round trip: PQexec for statements without
// parameters (never prepared, so any DDL works and a failure carries its SQLSTATE and
// position), PQexecParams for queries with parameters. Transactions are plain BEGIN /
// COMMIT / ROLLBACK statements, with one saving: begin() sends nothing, and its BEGIN
// travels in the same message as the next execute() ("BEGIN;\n<statement>"), or on its own
// before the next query(). A revision's transaction thus costs the round trips psql's
// would (docs/benchmark.md). A transaction in which nothing ran is never sent at all.
#pragma once

#include <libpq-fe.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "migctl/connection.hpp"

namespace migctl::pg {

class PgConnection final : public Connection {
 public:
  // Takes ownership of `conn`, which is connected (CONNECTION_OK). Server notices go to
  // `on_notice` (dropped when empty), never stderr. `secrets` are scrubbed from every error
  // message.
  PgConnection(PGconn* conn, std::function<void(const std::string&)> on_notice,
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
  // `position_offset`: characters sent before `statement` in the same message.
  Result check(Result result, const std::string& statement, int position_offset = 0);
  [[noreturn]] void fail(const PGresult* result, const std::string& statement,
                         const std::string& prefix = {}, int position_offset = 0) const;
  // Runs BEGIN, COMMIT or ROLLBACK; a failure is "<name> failed: ..." with the statement
  // `name` and the server's SQLSTATE.
  void transaction_command(const char* name);
  bool single_boolean(const std::string& statement, std::int64_t key);
  // Throws what the server would for a statement in a failed transaction (25P02) when the
  // failure happened before the deferred BEGIN reached the server.
  void refuse_after_failure(const std::string& statement) const;
  // Sends the BEGIN that begin() deferred, if any.
  void send_pending_begin();

  static void receive_notice(void* self, const PGresult* notice);

  // Declared before conn_ so it outlives the connection whose receiver points here.
  std::function<void(const std::string&)> on_notice_;
  std::vector<std::string> secrets_;
  PGconn* conn_;
  // begin() was called and neither commit() nor rollback() since. A script's own COMMIT
  // ends the server's transaction behind this flag; commit() then still runs COMMIT, which
  // the server answers with a "no transaction in progress" warning, and clears it.
  bool transaction_open_ = false;
  // begin() was called and its BEGIN is not sent yet (nothing ran since).
  bool begin_pending_ = false;
  // The statement sent with the deferred BEGIN failed to parse, so neither ran; commit()
  // must still refuse, as for any failed statement in a transaction.
  bool failed_before_begin_ = false;
};

}  // namespace migctl::pg
