// A seed step: data a migration set inserts once its schema exists (the Aksara admin user),
// and the set's seed policy: where the password its steps store comes from.
//
// A set lists its seed steps in MigrationSet::seeds; `migctl seed` runs every step of every
// loaded set, in set order then list order. For each step the core:
//   - refuses to run it (ExitCode::data) unless `requires_revision` is applied,
//   - resolves the password by its set's SeedPolicy, before touching the database,
//   - opens a transaction, calls run(), and commits; anything run() throws rolls it back.
// All of it happens under the migration lock, so two seeds never race.
//
// Contract for run(): idempotent (a second run changes nothing and says so in its
// result), every statement through context.connection (already inside the transaction;
// never begin/commit/rollback it), a password stored only as a hash in the scheme the
// plugin's application verifies (the plugin chooses and owns it: the core knows no
// product's password format), and never a password in a message, the result or an
// exception.
#pragma once

#include <cstddef>
#include <functional>
#include <string>

#include "migctl/connection.hpp"

namespace migctl {

// How the core resolves the password a set's seed steps store. In order: --password-stdin,
// the setting `password_setting`, else (dev and staging only) `development_default` with a
// warning. In production the core refuses (ExitCode::config, the database untouched) a
// missing password, the development default and one shorter than `min_production_length`.
// `migctl doctor` checks the same setting by the same rules. A set whose steps store no
// password leaves `password_setting` empty (the default): its steps get an empty password,
// and --password-stdin with no such set loaded is refused (ExitCode::usage).
struct SeedPolicy {
  std::string password_setting;     // e.g. "SEED_ADMIN_PASSWORD"; empty: no password
  std::string development_default;  // e.g. "admin123"; empty: a password is always required
  std::size_t min_production_length = 12;
  // For messages: whom the password is for, and what it is called.
  std::string account = "the seeded account";       // "refusing to seed <account> in production..."
  std::string password_name = "the seed password";  // "<password_name> is the documented..."
};

struct SeedContext {
  Connection& connection;   // inside the transaction the core opened for this step
  std::string environment;  // "dev", "staging" or "production"
  // The password the core resolved by the set's SeedPolicy (empty when the policy takes
  // none). Never print, log or store it as it is.
  std::string password;
};

struct SeedResult {
  bool changed = false;  // false: everything was already there
  std::string summary;   // one line for the user, e.g. "created user admin (id 1)"
};

struct SeedStep {
  std::string name;               // unique within its set, e.g. "admin"
  std::string requires_revision;  // a revision id that must be applied first
  std::string description;        // one line for --help-like listings
  std::function<SeedResult(SeedContext&)> run;
};

}  // namespace migctl
