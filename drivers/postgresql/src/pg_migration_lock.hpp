// The PostgreSQL migration lock: a session-level advisory lock held by the very session that
// runs the migrations, so the lock and the transactions share one fate: if that session
// ends (killed by an admin, a server restart, idle_session_timeout), its transaction rolls
// back together with the lock, and a crashed run's lock is released by the server.
//
// The key is FNV-1a of "migctl:<database>:<schema>:<version table>" (63 bits): stable across
// builds, machines and migctl versions, so every migctl agrees on it. The lock is held twice
// (see verify()). Before the first attempt it checks that the connection keeps one server
// session (no pooler in transaction mode), which needs a second, short-lived connection.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "migctl/connection.hpp"
#include "migctl/migration_lock.hpp"

namespace migctl::pg {

class PgMigrationLock final : public MigrationLock {
 public:
  // Opens a sibling connection to the same database (throws like Driver::connect).
  using Opener = std::function<std::unique_ptr<Connection>()>;

  // `conn` must outlive the lock.
  PgMigrationLock(Connection& conn, Opener open_sibling, std::string version_table);
  ~PgMigrationLock() override;

  PgMigrationLock(const PgMigrationLock&) = delete;
  PgMigrationLock& operator=(const PgMigrationLock&) = delete;

  bool try_acquire() override;
  std::string describe_holder() noexcept override;
  void verify() override;
  void release() noexcept override;

 private:
  void prepare();  // the key, and the session that will hold the lock
  std::string check_session_pooling();

  Connection& conn_;
  Opener open_sibling_;
  std::string version_table_;
  bool prepared_ = false;
  std::int64_t key_ = 0;
  std::string lock_pid_;  // the server session that takes the lock
  int holds_ = 0;         // how many times this session holds it (0, 1 or 2)
};

}  // namespace migctl::pg
