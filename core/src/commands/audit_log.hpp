// `log`: the audit table (migctl_history) as the user reads it: when, who, what, which
// direction, how long, and how it ended.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "commands/session.hpp"

namespace migctl {

struct LogOptions {
  std::string revision;  // --revision: an id or a prefix of one
  std::string since;     // --since / --until as typed (see parse_log_time)
  std::string until;
  std::size_t limit = 0;  // --limit: the newest N rows; 0 = all
};

struct LogResult {
  std::string database;       // the URL without its password
  bool table_exists = false;  // false: migctl never wrote to this database
  std::string since;          // the filters as ISO 8601 UTC, empty when not given
  std::string until;
  std::vector<AuditRow> entries;  // newest first
};

// Reads the audit rows matching `options`: no lock, nothing written, no plugin needed.
// Error(usage) for a malformed --since / --until, or --since not before --until.
LogResult audit_log(Session& session, const LogOptions& options);

// --since / --until: an ISO 8601 date or date and time ("2026-11-30", "2026-11-30 14:05",
// "2026-11-30T14:05:09+07:00"; UTC unless an offset or Z is given), or an age: a number and
// a unit, s m h d w ("30m", "2d": that long before `now`). Returns
// "YYYY-MM-DDTHH:MM:SSZ". Error(usage) naming `option` for anything else.
std::string parse_log_time(const std::string& text, const std::string& option,
                           std::chrono::system_clock::time_point now);

}  // namespace migctl
