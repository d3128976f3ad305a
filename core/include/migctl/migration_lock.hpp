// The migration lock: at most one run changes a database (and version table) at a time.
//
// Each driver implements it with what its database offers (PostgreSQL: a session-level
// advisory lock; SQLite: an exclusive lock on a file next to the database). Whatever the
// mechanism, the contract is the same:
// - It is held by the session that runs the migrations, or is bound to its life, so that
//   a crashed or killed run (kill -9 included) releases it without anyone's help.
// - verify() is called inside each step's open transaction, right before its commit: a
//   step never commits without the lock.
// - The core polls try_acquire() with back-off until its --lock-timeout; the lock itself
//   never waits.
#pragma once

#include <string>

#include "migctl/export.hpp"

namespace migctl {

class MIGCTL_SDK_API MigrationLock {
 public:
  // Releases the lock if held; never throws.
  virtual ~MigrationLock() = default;

  // Tries once, without waiting: true when this session now holds the lock (also when it
  // already did). Throws Error(ExitCode::config) when the connection cannot keep a lock
  // for the whole run (e.g. a pooler in transaction mode), DatabaseError(unavailable) when
  // the connection is gone.
  virtual bool try_acquire() = 0;

  // Who holds it, for messages ("pid 4711 (application 'migctl', user app, from
  // 10.0.0.5, for 12 s)"); a generic description when unknown. Never throws; never
  // contains a password.
  virtual std::string describe_holder() noexcept = 0;

  // Inside the open transaction, before its commit: returns when this session still holds
  // the lock; throws Error(ExitCode::temporary) "lost the migration lock: ..." saying how,
  // or DatabaseError(ExitCode::unavailable) when the connection is gone.
  virtual void verify() = 0;

  // Releases the lock; never throws; does nothing when not held. Rolls back nothing: the
  // caller ends any open transaction first.
  virtual void release() noexcept = 0;
};

}  // namespace migctl
