// A Session holds what one command invocation loads: plugins, the revision map, the
// database connections and the migration context, each created on first use so that
// commands which need no database (heads, history) never connect.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>

#include "commands/hook_runner.hpp"
#include "commands/observer.hpp"
#include "commands/run_config.hpp"
#include "context/migration_context.hpp"
#include "plugin/registry.hpp"
#include "revision/revision_map.hpp"

namespace migctl {

class Session {
 public:
  explicit Session(RunConfig config, RunObserver* observer = nullptr);
  ~Session();

  const RunConfig& config() const { return config_; }

  // Loads every --plugin and every --migrations-dir (sqlfiles/sql_dir.hpp: one migration
  // set each, registered like a plugin's) and builds the graph of all their revisions.
  // Throws Error(ExitCode::usage) when neither a plugin nor a directory was given.
  const RevisionMap& revisions();

  // Whether any migration set was asked for (--plugin or --migrations-dir): commands that
  // also work on the database alone (current) skip the graph without one.
  bool sets_given() const { return !config_.plugins.empty() || !config_.migrations_dirs.empty(); }

  // Name of the migration set a revision belongs to ("" if unknown).
  std::string set_of(const std::string& revision_id);

  // The driver for DATABASE_CONN's scheme (PostgreSQL's when it is unset), loaded but not
  // connected: offline scripts quote with it.
  std::shared_ptr<Driver> driver();

  // Connects and returns the context. `for_changes` says the caller will take the lock
  // (kept for readability at call sites: one connection serves both since the lock lives on
  // the session that commits). Throws Error(ExitCode::config) when DATABASE_CONN is not set.
  MigrationContext& context(bool for_changes);

  // The hooks of a run described by `base` (command, direction, plan, heads filled in by
  // the caller): the ones in config.hooks in that order, then every hook found in the hook
  // directories whose enabled_by_default() holds for `base`, by name. None with
  // config.no_hooks. Fills in the environment, URLs, connection and open_connection.
  // Needs context() first.
  HookRunner hook_runner(HookContext base);

  // Opens another connection to the database (for hooks that watch from a thread).
  std::shared_ptr<Connection> open_connection();

  // The plugin registry (drivers, sets and hooks loaded so far). A unit test registers an
  // in-process driver, set or hook here (Registry::add_in_process) before first use.
  Registry& registry() { return registry_; }

  // DATABASE_CONN with its password replaced by ***, as its driver reads it
  // (Driver::redact_url; loads the driver, never connects). "<scheme>://***" when no driver
  // for the scheme loads. Never throws.
  std::string redacted_url();

  // Secrets to scrub from any text printed: the driver's (Driver::url_secrets: every
  // spelling of the password), or without a driver everything after "://". Never throws.
  std::vector<std::string> secrets();

  // A hook's (or a backup store's) own configuration: settings MIGCTL_HOOK_<NAME>_<KEY>,
  // keyed by lower-case <key>.
  std::map<std::string, std::string> hook_config(const std::string& hook_name) const;

 private:
  std::shared_ptr<Connection> open();
  void load_migrations_dirs();
  std::shared_ptr<Driver> url_driver() noexcept;

  RunConfig config_;
  RunObserver* observer_;
  Registry registry_;  // declared first: destroyed last
  std::optional<RevisionMap> map_;
  std::map<std::string, std::string> set_by_revision_;
  std::shared_ptr<Driver> driver_;
  std::shared_ptr<Connection> conn_;
  std::unique_ptr<MigrationContext> context_;
};

}  // namespace migctl
