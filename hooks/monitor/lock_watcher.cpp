#include "lock_watcher.hpp"

#include <algorithm>

namespace migctl::monitor {
namespace {

// One row per blocker while the backend waits for a lock; no rows otherwise.
constexpr const char* kPollQuery =
    "WITH w AS (SELECT min(waitstart)::text AS since,"
    "   extract(epoch FROM clock_timestamp() - min(waitstart)) * 1000 AS ms,"
    "   string_agg(locktype || coalesce(' ' || relation::regclass::text, '') || ' (' || mode"
    "   || ')', ', ') AS lock FROM pg_locks WHERE pid = $1::int AND NOT granted)"
    " SELECT w.since, w.ms::text, w.lock, b.pid::text, b.application_name, b.usename::text,"
    "   b.state, left(b.query, 200),"
    "   (extract(epoch FROM clock_timestamp() - b.xact_start) * 1000)::text"
    " FROM w, unnest(pg_blocking_pids($1::int)) AS bp(pid)"
    " JOIN pg_stat_activity b ON b.pid = bp.pid WHERE w.since IS NOT NULL";

double to_ms(const Value& v) {
  try {
    return v ? std::stod(*v) : 0;
  } catch (...) {
    return 0;
  }
}

}  // namespace

LockWatcher::LockWatcher(std::shared_ptr<Connection> connection, std::string backend_pid,
                         std::chrono::milliseconds poll)
    : connection_(std::move(connection)), pid_(std::move(backend_pid)), poll_(poll) {}

LockWatcher::~LockWatcher() {
  stop();
}

void LockWatcher::start() {
  stop();
  report_ = {};
  waits_.clear();
  blockers_.clear();
  stopping_ = false;
  thread_ = std::thread([this] { loop(); });
}

LockReport LockWatcher::stop() {
  if (thread_.joinable()) {
    {
      std::lock_guard<std::mutex> guard(mutex_);
      stopping_ = true;
    }
    wake_.notify_all();
    thread_.join();
  }
  LockReport out = report_;
  out.wait_ms = 0;
  for (const auto& [since, ms] : waits_) out.wait_ms += ms;
  out.blockers.clear();
  for (const auto& [pid, b] : blockers_) out.blockers.push_back(b);
  return out;
}

void LockWatcher::loop() {
  std::unique_lock<std::mutex> lock(mutex_);
  while (!stopping_) {
    lock.unlock();
    try {
      poll_once();
    } catch (const std::exception& e) {
      report_.error = e.what();
      return;
    }
    lock.lock();
    wake_.wait_for(lock, poll_, [this] { return stopping_; });
  }
}

void LockWatcher::poll_once() {
  ResultSet r = connection_->query(kPollQuery, {pid_});
  for (const auto& row : r.rows) {
    const std::string since = row[0].value_or("");
    const double ms = to_ms(row[1]);
    double& longest = waits_[since];
    longest = std::max(longest, ms);
    if (row[2]) report_.lock = *row[2];
    Blocker& b = blockers_[row[3].value_or("?")];
    b.pid = row[3].value_or("?");
    b.application = row[4].value_or("");
    b.user = row[5].value_or("");
    b.state = row[6].value_or("");
    b.query = row[7].value_or("");
    b.transaction_ms = to_ms(row[8]);
    b.blocked_ms = std::max(b.blocked_ms, ms);
  }
}

}  // namespace migctl::monitor
