// The upgrade and downgrade commands.
#pragma once

#include <string>
#include <vector>

#include "commands/session.hpp"

namespace migctl {

struct StepReport {
  std::string revision;
  std::string message;
  Direction direction;
  std::vector<std::string> rows_before;
  std::vector<std::string> rows_after;
  double duration_ms = 0;
};

struct MigrateResult {
  std::vector<std::string> rows_before;
  std::vector<std::string> rows_after;
  std::vector<StepReport> steps;  // empty: already at the target
  double total_ms = 0;
};

// Takes the migration lock, reads the version rows, validates the recorded checksums of
// applied revisions (unless config.verify_checksums is false), plans towards `target` and
// applies the plan one transaction per revision (or one for all with
// config.single_transaction). The database is only written when the plan is not empty.
// Errors: Error(usage) for a malformed target; RevisionError (data) for an unknown,
// ambiguous or unreachable target or a changed applied revision; DatabaseError
// (migration_failed) when a revision fails, after it was rolled back and recorded.
MigrateResult upgrade(Session& session, const std::string& target, RunObserver& observer);
MigrateResult downgrade(Session& session, const std::string& target, RunObserver& observer);

// Throws RevisionError listing every applied revision whose recorded checksum differs
// from its current source.
void verify_checksums(const RevisionMap& map, const std::set<std::string>& applied,
                      const std::map<std::string, std::string>& recorded);

}  // namespace migctl
