// What a migration set contributes to `migctl doctor`: the settings of its application it
// reads, and small checks over them (the Aksara set: its JWT secret and algorithm).
//
// The core knows no product's settings. A set names the ones it reads in
// MigrationSet::settings; the core resolves each like its own (command line > process
// environment > .env file, an empty value counting as set) and hands the set's checks
// only those, with the environment name. A setting marked `secret` is scrubbed from every
// line doctor prints, whatever a check wrote.
//
// Contract for a check's run(): pure (no I/O, no database), quick, never throws for what
// it diagnoses, never puts a secret's value in `message` or `fix` (its length, its source
// and whether it equals a known placeholder are fine). Its CheckResult's name is the
// check's name; `code` is the exit code an error maps to (ExitCode::config for settings).
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>

#include "migctl/check_result.hpp"

namespace migctl {

struct DeclaredSetting {
  std::string name;     // e.g. "JWT_SECRET", as it appears in .env and the environment
  bool secret = false;  // never printed; scrubbed from doctor's output
};

struct ConfigCheckContext {
  std::string environment;  // "dev", "staging" or "production"
  // The declared settings that are set (possibly to ""), keyed by name.
  std::map<std::string, std::string> values;
  // Where each value came from, same keys: ".env file /app/.env", "environment",
  // "command line".
  std::map<std::string, std::string> sources;

  std::optional<std::string> get(const std::string& name) const {
    auto it = values.find(name);
    if (it == values.end()) return std::nullopt;
    return it->second;
  }
  // Set and not empty.
  bool has(const std::string& name) const {
    auto it = values.find(name);
    return it != values.end() && !it->second.empty();
  }
  std::string source(const std::string& name) const {
    auto it = sources.find(name);
    return it == sources.end() ? "unset" : it->second;
  }
  bool production() const { return environment == "production"; }
};

struct ConfigCheck {
  std::string name;  // snake_case or the setting's name; unique within the set
  std::function<CheckResult(const ConfigCheckContext&)> run;
};

}  // namespace migctl
