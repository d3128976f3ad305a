// The seed command: runs the seed steps the loaded migration sets provide (migctl/seed.hpp),
// such as the Aksara admin user, once the schema they need is applied. The password rules
// are each set's SeedPolicy: the core knows no product's setting or default.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "commands/observer.hpp"
#include "commands/session.hpp"
#include "migctl/seed.hpp"

namespace migctl {

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
  // Where the password came from: "--password-stdin", "<SETTING> (<source>)", "default";
  // "none" when no loaded set's seed takes a password; "<set>: <source>" joined with "; "
  // when several sets take one.
  std::string password_source;
  std::vector<SeedReport> steps;
};

// The password `policy` gives, in order: --password-stdin, the policy's setting, else in
// dev/staging the policy's development default (with a warning through `observer`). In
// production: Error(ExitCode::config) when neither is given, when it is the default, or
// when it is shorter than the policy's minimum; no message contains the password. A policy
// without a password setting gives "" (source "none"). Pure: no database.
std::string resolve_seed_password(const SeedPolicy& policy, const RunConfig& config,
                                  const SeedOptions& options, RunObserver& observer,
                                  std::string* source = nullptr);

// Resolves each set's password (before touching the database), loads the plugins, takes
// the migration lock and runs every seed step of every loaded set, each in its own
// transaction. Throws Error(ExitCode::usage) with --sql (nothing to render: steps are
// code) and with --password-stdin when no loaded set's seed takes a password;
// Error(ExitCode::config) when no loaded set has seed steps; RevisionError
// (ExitCode::data) when a step's required revision is unknown or not applied, before any
// step runs; a step's failure is rethrown with the step's name after its transaction was
// rolled back (steps before it stay committed).
SeedRunResult seed(Session& session, const SeedOptions& options, RunObserver& observer);

}  // namespace migctl
