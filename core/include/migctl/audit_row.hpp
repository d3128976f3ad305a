// One row of the audit table (`migctl_history`): what the core writes for every attempted
// step and reads back for `migctl log`, checksums and doctor.
#pragma once

#include <cstdint>
#include <string>

namespace migctl {

struct AuditRow {
  std::int64_t id = 0;  // read only: increases with each row written
  std::string revision;
  // "upgrade", "downgrade", "stamp", or "repair" (a checksum re-recorded after a
  // deliberate edit; versions_before == versions_after).
  std::string direction;
  std::string checksum;  // empty: none (stamped, or applied by another tool)
  // Timestamps are ISO 8601 in UTC with microseconds: "2026-01-02T03:04:05.678901Z".
  // On write, an empty started_at means "the database's clock": offline scripts let the
  // database stamp the row when the script runs, and compute finished_at and duration_ms
  // the same way.
  std::string started_at;
  std::string finished_at;
  double duration_ms = 0;
  bool success = false;
  std::string error;              // empty: none
  std::string failing_statement;  // empty: none
  std::string versions_before;    // the version rows before the step, comma-separated
  std::string versions_after;     // ... and after it (equal to before on failure)
  std::string db_user;            // read only: the database's user, filled in by the dialect
  std::string os_user;
  std::string host;
  std::string migctl_version;
};

// Which audit rows to read. Empty strings and 0 mean no filter.
struct AuditFilter {
  std::string revision;  // the revision id, or a prefix of it (matched literally)
  // ISO 8601 UTC as in AuditRow, normalised by the core: rows started at or after `since`
  // and before `until`.
  std::string since;
  std::string until;
  std::size_t limit = 0;  // the newest `limit` rows
};

}  // namespace migctl
