// A hook: code a plugin runs around a migration run (backups before, monitoring after).
//
// Hooks register by name. A run's hooks are the ones named with --hook (or MIGCTL_HOOKS)
// plus those whose enabled_by_default() says yes for the run (pg_dump_backup in
// production); --no-hooks disables all. They are called in a deterministic order: the
// order of --hook, then default-enabled hooks by name.
//
// Events of one run: before_run (after the lock is taken and the plan is known, before
// anything changes), then before_revision / after_revision around each revision (outside
// its transaction), then after_run, or on_failure instead when the run fails.
//
// A hook that only works with some databases says so in databases() (driver names, as
// Driver::name() gives them). With another driver the core never calls it: a hook asked
// for with --hook fails the run before anything changes (ExitCode::config), a hook only
// enabled by default is skipped with a note.
//
// Contract: a hook fails by throwing migctl::Error; the core reports it with the hook's
// name and ExitCode::hook_failed. A failing before_run stops the run with nothing changed.
// A failure in after_run/on_failure is reported but does not undo the run.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "migctl/connection.hpp"
#include "migctl/export.hpp"

namespace migctl {

enum class HookEvent { before_run, before_revision, after_revision, after_run, on_failure };

inline const char* to_string(HookEvent event) {
  switch (event) {
    case HookEvent::before_run:
      return "before_run";
    case HookEvent::before_revision:
      return "before_revision";
    case HookEvent::after_revision:
      return "after_revision";
    case HookEvent::after_run:
      return "after_run";
    case HookEvent::on_failure:
      return "on_failure";
  }
  return "?";
}

struct HookContext {
  HookEvent event = HookEvent::before_run;
  std::string command;                    // "upgrade", "downgrade", "stamp"
  std::string direction;                  // "upgrade" or "downgrade"
  std::vector<std::string> plan;          // revision ids, in the order they run
  std::vector<std::string> heads_before;  // version rows when the run started
  std::vector<std::string> heads_after;   // planned rows; after_run: the actual ones
  std::string revision;                   // before_revision / after_revision
  double revision_ms = 0;                 // after_revision: how long it took
  std::string error;                      // on_failure: what failed
  std::string environment;                // "dev", "staging" or "production"
  std::string redacted_url;               // DATABASE_CONN with the password as ***
  // DATABASE_CONN with its password, for the environment of a child process only: never
  // print it, log it, or put it in a command line.
  std::string database_url;
  Connection* connection = nullptr;  // the migration connection (no open transaction)
  // Opens another connection to the same database (e.g. to watch locks from a thread).
  std::function<std::shared_ptr<Connection>()> open_connection;
  // The hook's own configuration: settings named MIGCTL_HOOK_<NAME>_<KEY>, keyed by
  // lower-case <key> (MIGCTL_HOOK_PG_DUMP_BACKUP_DIR -> "dir").
  std::map<std::string, std::string> config;
  // Prints one line of the hook's output where the user sees progress.
  std::function<void(const std::string&)> report;
};

class MIGCTL_SDK_API Hook {
 public:
  virtual ~Hook() = default;

  // Lower-case identifier, e.g. "pg_dump_backup"; also the plugin file's base name.
  virtual std::string name() const = 0;

  // Whether the hook runs for `context` without being asked for with --hook.
  virtual bool enabled_by_default(const HookContext& /*context*/) const { return false; }

  // The drivers the hook works with, e.g. {"postgresql"}; empty (the default): any.
  // SDK 2.0.
  virtual std::vector<std::string> databases() const { return {}; }

  // Called for every event of a run; ignore the events you do not need.
  virtual void on_event(HookContext& context) = 0;
};

}  // namespace migctl
