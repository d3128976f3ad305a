// `backups` and `restore`, through the BackupStore (migctl/backup_store.hpp) that a loaded
// plugin registers for the current driver (the pg_dump_backup hook plugin for PostgreSQL).
// The core knows no backup format or tool: it picks the store, holds the migration lock
// during a restore and reads the version rows before and after.
#pragma once

#include <string>
#include <vector>

#include "commands/session.hpp"
#include "migctl/backup_store.hpp"
#include "plugin/registry.hpp"

namespace migctl {

// The first of `stores` that backs up `driver` databases (BackupStore::databases()).
// Throws Error(ExitCode::config) naming the driver, and what the loaded stores back up.
BackupStore& backup_store_for(const std::vector<LoadedBackupStore>& stores,
                              const std::string& driver);

struct BackupList {
  std::string store;                // the store's name, e.g. "pg_dump_backup"
  std::string location;             // where it looked, e.g. the directory
  std::vector<BackupInfo> backups;  // newest first
};

// The backups at `location` (empty: the store's default). Needs no database. Throws
// Error(ExitCode::config) when no loaded plugin provides backups for the driver of
// DATABASE_CONN (PostgreSQL's when unset), and the store's errors.
BackupList list_backups(Session& session, const std::string& location);

struct RestoreResult {
  BackupInfo backup;
  std::vector<std::string> rows_before;           // version rows before the restore
  std::vector<std::string> rows_after;            // ... and after: the backup's
  std::vector<std::string> tables_not_in_backup;  // present before, absent from it: left
  std::string tool;                               // what restored it, with its version
  double duration_ms = 0;
};

// Replaces the contents of the database with the backup `id` (as `backups` lists it, or a
// name at `location`), all or nothing, with the migration lock held.
// Errors: Error(config) when no plugin provides backups for this driver; Error(usage)
// when the backup does not exist or without `confirmed` (before connecting); the store's
// errors (ExitCode::data: not a backup; ExitCode::migration_failed: the restore failed and
// changed nothing); lock errors as for upgrade.
RestoreResult restore(Session& session, const std::string& id, const std::string& location,
                      bool confirmed);

}  // namespace migctl
