// A backup store: where a plugin keeps the backups it takes, for `migctl backups` (list)
// and `migctl restore`. The pg_dump_backup hook plugin registers one for PostgreSQL.
//
// The core's commands pick the store registered for the current driver (databases()),
// loading the hook plugins to find it; with none they fail with ExitCode::config. The core
// owns the migration lock and the version rows: restore() runs with the lock held on
// `connection`, outside any transaction, and the core reads the version rows before and
// after.
//
// Contract: errors throw migctl::Error with a hint: ExitCode::usage for a backup that does
// not exist, ExitCode::data for a file that is not a backup, ExitCode::config for a
// missing tool or an unreadable location, ExitCode::migration_failed when restoring fails
// (the store must then leave the database as it was, e.g. by restoring in one
// transaction). No message, argument list or log ever contains the password.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "migctl/connection.hpp"
#include "migctl/export.hpp"

namespace migctl {

struct BackupInfo {
  std::string id;        // what restore() takes and `migctl backups` shows: a path
  std::string database;  // the database it was taken of
  std::string taken_at;  // "yyyy-mm-dd hh:mm:ss UTC"
  std::string revision;  // version rows when taken ("base": none; '+' between heads)
  std::uint64_t size_bytes = 0;
};

struct BackupStoreContext {
  std::string environment;  // "dev", "staging" or "production"
  // Where the backups are (a directory for pg_dump_backup), as given with --dir; empty:
  // the store's own default from its configuration.
  std::string location;
  // The store's configuration: settings MIGCTL_HOOK_<STORE NAME>_<KEY>, keyed by lower-case
  // <key>, as a hook of the same name receives them.
  std::map<std::string, std::string> config;
  std::string redacted_url;  // DATABASE_CONN with the password as ***
  // DATABASE_CONN with its password, for a child process's environment only: never print
  // it, log it or put it in a command line. Empty for list().
  std::string database_url;
};

struct RestoreOutcome {
  std::vector<std::string> tables_not_in_backup;  // present before, absent from the backup
  std::string tool;  // what restored it, with its version ("/usr/bin/pg_restore 15.4")
};

class MIGCTL_SDK_API BackupStore {
 public:
  virtual ~BackupStore() = default;

  // Lower-case identifier; its configuration is read as a hook of that name's.
  virtual std::string name() const = 0;

  // The drivers whose databases it backs up (Driver::name()), e.g. {"postgresql"}.
  virtual std::vector<std::string> databases() const = 0;

  // Where list() looks, for messages ("No backups in <location>").
  virtual std::string location(const BackupStoreContext& context) const = 0;

  // Every complete backup at the location, newest first. Needs no database.
  virtual std::vector<BackupInfo> list(const BackupStoreContext& context) = 0;

  // The backup `id` names (a listed id, or a name relative to the location), checked to
  // exist; throws ExitCode::usage when it does not. Changes nothing.
  virtual BackupInfo find(const BackupStoreContext& context, const std::string& id) = 0;

  // Replaces the contents of the database `connection` is connected to with `backup`,
  // all or nothing. Called with the migration lock held; `connection` has no transaction
  // open and may be used to read the catalog.
  virtual RestoreOutcome restore(const BackupStoreContext& context, const BackupInfo& backup,
                                 Connection& connection) = 0;
};

}  // namespace migctl
