// The backups the pg_dump_backup hook writes: listing them, and restoring one.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "commands/session.hpp"

namespace migctl {

struct BackupFile {
  std::string path;
  std::string database;   // from the file name
  std::string timestamp;  // yyyymmddThhmmssZ, UTC
  std::string revision;   // version rows when it was taken ("base": none, '+' between heads)
  std::uintmax_t size = 0;
};

// The backup directory: `override` if given, else MIGCTL_HOOK_PG_DUMP_BACKUP_DIR, else
// "backups" (the hook's default, relative to the current directory).
std::string backup_dir(const Session& session, const std::string& override);

// Every "<database>-<timestamp>-<revision>.dump" in `dir`, newest first. Throws
// Error(ExitCode::config) when `dir` does not exist or cannot be read.
std::vector<BackupFile> list_backups(const std::string& dir);

struct RestoreResult {
  BackupFile backup;
  std::vector<std::string> rows_before;           // version rows before the restore
  std::vector<std::string> rows_after;            // ... and after: the dump's
  std::vector<std::string> tables_not_in_backup;  // present now, absent from the dump: left
  std::string pg_restore;                         // the program used, with its version
  double duration_ms = 0;
};

// Replaces the contents of the database with the dump in `file` (a path, or a file name
// in `dir`): with the migration lock held, pg_restore --clean --if-exists
// --single-transaction --no-owner, so it either fully succeeds or changes nothing. The
// password reaches pg_restore in its environment only.
// Errors: Error(usage) without `confirmed` or when the file does not exist;
// Error(data) when it is not a pg_dump custom-format archive; Error(config) when
// pg_restore cannot be found; DatabaseError-like Error(migration_failed) when pg_restore
// fails (the transaction was rolled back); lock errors as for upgrade.
RestoreResult restore(Session& session, const std::string& file, const std::string& dir,
                      bool confirmed);

}  // namespace migctl
