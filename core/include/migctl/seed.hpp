// A seed step: data a migration set inserts once its schema exists (the Aksara admin user).
//
// A set lists its seed steps in MigrationSet::seeds; `migctl seed` runs every step of every
// loaded set, in set order then list order. For each step the core:
//   - refuses to run it (ExitCode::data) unless `requires_revision` is applied,
//   - resolves the admin password (never the development default in production),
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

#include <functional>
#include <string>

#include "migctl/connection.hpp"

namespace migctl {

struct SeedContext {
  Connection& connection;   // inside the transaction the core opened for this step
  std::string environment;  // "dev", "staging" or "production"
  // The admin password the core resolved (--password-stdin, SEED_ADMIN_PASSWORD, or in
  // dev/staging the documented default). Never print, log or store it as it is.
  std::string admin_password;
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
