// Watches one backend (the migration's connection) from another connection, in a thread,
// while a revision runs: whether it waits for a lock, since when (pg_locks.waitstart), and
// which sessions block it (pg_blocking_pids, described from pg_stat_activity).
//
// Contract: start() and stop() are called from one thread; between them the watcher's
// connection is used only by the watcher's thread. stop() joins and is idempotent; the
// destructor stops. A polling error ends the watching and is kept in the report; it never
// disturbs the migration. The wait time is measured on the server and may be short of the
// real one by up to one poll interval.
#pragma once

#include <chrono>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "migctl/connection.hpp"

namespace migctl::monitor {

struct Blocker {
  std::string pid;
  std::string application;
  std::string user;
  std::string state;          // e.g. "idle in transaction"
  std::string query;          // its last statement, first 200 characters
  double transaction_ms = 0;  // age of its transaction when last seen
  double blocked_ms = 0;      // longest wait of the migration seen while it blocked
};

struct LockReport {
  double wait_ms = 0;  // sum over the distinct lock waits seen
  std::string lock;    // what was waited for, e.g. "relation public.x (AccessExclusiveLock)"
  std::vector<Blocker> blockers;
  std::string error;  // why watching stopped early, if it did
};

class LockWatcher {
 public:
  LockWatcher(std::shared_ptr<Connection> connection, std::string backend_pid,
              std::chrono::milliseconds poll);
  ~LockWatcher();
  LockWatcher(const LockWatcher&) = delete;
  LockWatcher& operator=(const LockWatcher&) = delete;

  void start();
  LockReport stop();

 private:
  void loop();
  void poll_once();

  std::shared_ptr<Connection> connection_;
  std::string pid_;
  std::chrono::milliseconds poll_;
  std::thread thread_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  // Written by the watcher thread only; read after join.
  LockReport report_;
  std::map<std::string, double> waits_;  // waitstart -> longest wait seen
  std::map<std::string, Blocker> blockers_;
};

}  // namespace migctl::monitor
