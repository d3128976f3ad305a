// Resolved configuration. Precedence, low to high: built-in defaults < .env file < process
// environment < command-line flags (python-dotenv's default: the environment wins over
// .env, even when the environment variable is set to ""). Every value remembers where it
// came from, for `migctl doctor` and error messages.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace migctl {

// Keys migctl reads. Only these (and keys that have a default) are taken from the process
// environment, so an unrelated variable never leaks into Settings. A migration set's own
// settings (MigrationSet::settings, e.g. Aksara's JWT_SECRET) are not migctl's: they are
// read on request with declared().
inline constexpr const char* kDatabaseConn = "DATABASE_CONN";
// The name most tools and platforms (Heroku, Render, Rails, Prisma…) use; read when
// DATABASE_CONN is not set, see resolve_settings.
inline constexpr const char* kDatabaseUrl = "DATABASE_URL";
inline constexpr const char* kEnvironment = "ENVIRONMENT";  // dev / staging / production
inline constexpr const char* kPluginPath = "MIGCTL_PLUGIN_PATH";
inline constexpr const char* kDriverPath = "MIGCTL_DRIVER_PATH";
inline constexpr const char* kLockTimeout = "MIGCTL_LOCK_TIMEOUT";
inline constexpr const char* kVersionTable = "MIGCTL_VERSION_TABLE";
inline constexpr const char* kPlugins = "MIGCTL_PLUGINS";
inline constexpr const char* kHooks = "MIGCTL_HOOKS";         // hooks to enable, comma-separated
inline constexpr const char* kHookPath = "MIGCTL_HOOK_PATH";  // extra hook plugin directories
// Directories of SQL migration files, colon-separated, each "DIR" or "NAME=DIR".
inline constexpr const char* kMigrationsDir = "MIGCTL_MIGRATIONS_DIR";
// Forces the format of every migrations directory (golang-migrate, dbmate, flyway...).
inline constexpr const char* kMigrationsFormat = "MIGCTL_MIGRATIONS_FORMAT";
const std::vector<std::string>& known_setting_keys();

struct SettingSource {
  enum Kind { default_value, dotenv, environment, flag } kind;
  std::string origin;  // the .env path; "default", "environment" or "command line" otherwise
};

// "default", ".env file /app/.env", "environment", "command line".
std::string describe(const SettingSource& source);

class Settings {
 public:
  // Replaces any earlier value: apply layers from lowest to highest precedence.
  void set(const std::string& key, const std::string& value, SettingSource source);

  std::optional<std::string> get(const std::string& key) const;
  std::string get_or(const std::string& key, const std::string& fallback) const;
  std::optional<SettingSource> source(const std::string& key) const;
  std::vector<std::string> keys() const;  // sorted

  // A setting a plugin declared (not one of migctl's own keys): resolved with the same
  // precedence as the others, from the flags, the whole process environment and the .env
  // file. Unset: nullopt.
  struct Declared {
    std::string value;
    SettingSource source;
  };
  std::optional<Declared> declared(const std::string& key) const;

  // Unset or empty ("KEY=" in a .env template) gives `fallback`. Otherwise a decimal int,
  // surrounding whitespace allowed; anything else throws Error(ExitCode::config) naming the
  // key, its source and the bad value.
  int get_int(const std::string& key, int fallback) const;
  // Unset or empty gives `fallback`; accepts 1/0 true/false yes/no on/off, any case;
  // anything else throws Error(ExitCode::config) like get_int.
  bool get_bool(const std::string& key, bool fallback) const;

 private:
  struct Entry {
    std::string value;
    SettingSource source;
  };
  std::map<std::string, Entry> entries_;
  // The process environment's other variables, kept out of entries_ (and keys()) until a
  // plugin asks for one by name.
  std::map<std::string, std::string> other_environment_;
  friend Settings resolve_settings(const std::map<std::string, std::string>&, const std::string&,
                                   bool, const std::map<std::string, std::string>&,
                                   const std::map<std::string, std::string>&);
};

// Builds Settings from, in increasing precedence: `defaults`; the .env file at `env_file`
// (all its keys; an empty path means none; a missing file is fine unless
// `env_file_required`, then it is a config error naming the path; an unreadable or
// malformed file is always an error); `environment` entries whose key starts with MIGCTL_,
// is in known_setting_keys() or has a default; every entry of `flags` (keys are setting
// keys, mapping flag names to keys is the caller's job).
//
// The database URL may come as DATABASE_CONN or DATABASE_URL. Highest first: flags >
// environment DATABASE_CONN > environment DATABASE_URL > .env DATABASE_CONN > .env
// DATABASE_URL (an empty value counts as unset here). When DATABASE_URL wins, its value is
// stored as DATABASE_CONN with DATABASE_URL's source (origin ending in "(DATABASE_URL)"),
// so everything after reads one key.
Settings resolve_settings(const std::map<std::string, std::string>& defaults,
                          const std::string& env_file, bool env_file_required,
                          const std::map<std::string, std::string>& environment,
                          const std::map<std::string, std::string>& flags);

// The process environment (`environ`) as a map, for resolve_settings.
std::map<std::string, std::string> process_environment();

// ENVIRONMENT values: dev/development/local -> "dev", staging/stage -> "staging",
// prod/production -> "production" (case-insensitive, whitespace trimmed); anything else
// throws Error(ExitCode::config) listing the accepted values.
std::string normalize_environment(const std::string& value);

// MIGCTL_MIGRATIONS_DIR's value as its directories: split on ':' as PATH is, whitespace
// around each trimmed, empty items dropped. A directory whose name holds ':' can only be
// given with --migrations-dir.
std::vector<std::string> split_dir_list(const std::string& value);

}  // namespace migctl
