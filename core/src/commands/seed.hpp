// The seed command: runs the seed steps the loaded migration sets provide (migctl/seed.hpp),
// such as the Aksara admin user, once the schema they need is applied.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "commands/observer.hpp"
#include "commands/session.hpp"

namespace migctl {

// The documented development default for the admin password (`admin123`, as the backend's own seed
// script has it). Refused in production.
inline constexpr const char* kDefaultAdminPassword = "admin123";
inline constexpr std::size_t kMinProductionPasswordLength = 12;

struct SeedOptions {
  // The password read from stdin by the app (--password-stdin); nullopt when not given.
  std::optional<std::string> password_from_stdin;
};

struct SeedReport {
  std::string set;
  std::string name;
  bool changed = false;
  std::string summary;
  double duration_ms = 0;
};

struct SeedRunResult {
  std::string password_source;  // "--password-stdin", "SEED_ADMIN_PASSWORD (<source>)", "default"
  std::vector<SeedReport> steps;
};

// Where the admin password comes from, in order: --password-stdin, SEED_ADMIN_PASSWORD,
// else in dev/staging the documented default (with a warning through `observer`). In
// production: Error(ExitCode::config) when neither is given, when it is the default, or
// when it is shorter than kMinProductionPasswordLength; no message contains the password.
// Pure: no database.
std::string resolve_admin_password(const RunConfig& config, const SeedOptions& options,
                                   RunObserver& observer, std::string* source = nullptr);

// Resolves the password (before touching the database), loads the plugins, takes the
// migration lock and runs every seed step of every loaded set, each in its own
// transaction. Throws Error(ExitCode::usage) with --sql (nothing to render: steps are
// code); Error(ExitCode::config) when no loaded set has seed steps;
// RevisionError (ExitCode::data) when a step's required revision is unknown or not
// applied, before any step runs; a step's failure is rethrown with the step's name after
// its transaction was rolled back (steps before it stay committed).
SeedRunResult seed(Session& session, const SeedOptions& options, RunObserver& observer);

}  // namespace migctl
