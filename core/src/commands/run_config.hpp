// Everything a command needs to know, already resolved from defaults, .env, environment
// and flags by the app.
#pragma once

#include <string>
#include <vector>

#include "config/settings.hpp"
#include "context/migration_context.hpp"

namespace migctl {

struct RunConfig {
  std::vector<std::string> plugins;  // as given to --plugin (paths or bare names)
  std::string plugin_path;           // MIGCTL_PLUGIN_PATH
  std::string driver_path;           // MIGCTL_DRIVER_PATH
  std::string database_url;          // DATABASE_CONN: holds the password; never print it
  std::string environment = "dev";   // ENVIRONMENT, normalized
  ContextOptions context;
  bool verify_checksums = true;
  bool single_transaction = false;
  bool allow_untrusted_plugins = false;  // skip the plugin trust check
  std::vector<std::string> hooks;        // --hook / MIGCTL_HOOKS, in order
  bool no_hooks = false;                 // --no-hooks: none at all, not even defaults
  std::string hook_path;                 // MIGCTL_HOOK_PATH
  bool offline_sql = false;              // --sql: print the script instead of running it
  Settings settings;                     // everything resolved, for hooks and doctor

  // --migrations-dir / MIGCTL_MIGRATIONS_DIR, as given: "DIR" or "NAME=DIR" each
  // (sqlfiles/sql_dir.hpp parse_sql_dir_spec). Each is one migration set.
  std::vector<std::string> migrations_dirs;
  // --migrations-format / MIGCTL_MIGRATIONS_FORMAT: forces the format of every directory;
  // empty: detected from each directory's files.
  std::string migrations_format;
};

}  // namespace migctl
