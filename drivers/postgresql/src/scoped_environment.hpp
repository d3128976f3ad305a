// Process environment variables set for one libpq connect, then restored.
#pragma once

#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace migctl::pg {

// Sets `variables` for its lifetime and restores the previous values (or absence) after.
// Every connect holds one, even with no variables, because libpq reads PG* variables while
// connecting: the process-wide lock keeps one connect from seeing another's PGPASSWORD. The
// values live only in this process's memory (not /proc/<pid>/environ, not an argument
// list); children started while it is held would inherit them, so nothing else may run
// meanwhile. Threads outside migctl that read the environment concurrently are not
// protected (setenv is not thread-safe in general): the runner connects from one thread.
class ScopedEnvironment {
 public:
  explicit ScopedEnvironment(const std::map<std::string, std::string>& variables);
  ~ScopedEnvironment();

  ScopedEnvironment(const ScopedEnvironment&) = delete;
  ScopedEnvironment& operator=(const ScopedEnvironment&) = delete;

 private:
  std::unique_lock<std::mutex> lock_;
  std::vector<std::pair<std::string, std::optional<std::string>>> saved_;
};

}  // namespace migctl::pg
