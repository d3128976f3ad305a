// The outcome of one check of `doctor` / `check`: what was found and what to do about it.
// Checks come from the core (graph, checksums), from drivers (privileges) and from
// migration sets (their application's settings); all report in this one shape.
#pragma once

#include <string>

#include "migctl/error.hpp"

namespace migctl {

enum class CheckStatus { ok, warning, error, skipped };

inline const char* to_string(CheckStatus status) {
  switch (status) {
    case CheckStatus::ok:
      return "ok";
    case CheckStatus::warning:
      return "warning";
    case CheckStatus::error:
      return "error";
    case CheckStatus::skipped:
      return "skipped";
  }
  return "?";
}

struct CheckResult {
  std::string name;  // snake_case, stable: scripts match on it (`doctor --json`)
  CheckStatus status = CheckStatus::ok;
  std::string message;           // what was found; never a password or other secret
  std::string fix;               // what to do (empty when ok)
  ExitCode code = ExitCode::ok;  // for an error: the exit code the problem maps to
};

}  // namespace migctl
