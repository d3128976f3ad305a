// StubConnection and StubLock: a session of a StubDatabase behind the SDK's Connection and
// MigrationLock. Every call goes to the database, which records it and applies faults.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "migctl/connection.hpp"
#include "stub_database.hpp"

namespace migctl::stub {

class StubConnection final : public Connection {
 public:
  StubConnection(std::shared_ptr<StubDatabase> db, const std::string& user,
                 const std::string& application, std::function<void(const std::string&)> on_notice);
  // Closes the session: an open transaction is rolled back, its locks are released.
  ~StubConnection() override;

  std::uint64_t execute(std::string_view statement) override;
  // $1, $2, ... are replaced by the parameters as literals (NULL for nullopt).
  ResultSet query(std::string_view statement, const std::vector<Value>& params = {}) override;
  void begin() override;
  void commit() override;
  void rollback() noexcept override;
  bool in_transaction() const override;
  std::unique_ptr<MigrationLock> migration_lock(const std::string& version_table) override;
  CheckResult check_privileges(const std::string& version_table) override;
  ServerInfo server_info() override;

  // The database's id of this session (StubRequest::session).
  int session() const { return session_; }
  StubDatabase& database() { return *db_; }

 private:
  std::shared_ptr<StubDatabase> db_;
  int session_;
  std::function<void(const std::string&)> on_notice_;
};

class StubLock final : public MigrationLock {
 public:
  StubLock(std::shared_ptr<StubDatabase> db, int session, std::string version_table);
  ~StubLock() override;
  bool try_acquire() override;
  std::string describe_holder() noexcept override;
  void verify() override;
  void release() noexcept override;

 private:
  std::shared_ptr<StubDatabase> db_;
  int session_;
  std::string table_;
};

}  // namespace migctl::stub
