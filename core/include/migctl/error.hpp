// The error type every layer throws, and the exit code each kind maps to.
//
// Contract: a message names the thing that is wrong; `hint` says what to do about it.
// Neither ever contains a database password (drivers scrub their messages; the app
// scrubs again before printing).
#pragma once

#include <stdexcept>

#include <string>
#include "migctl/export.hpp"

namespace migctl {

// Exit codes (sysexits.h values where one fits). Documented in the README.
enum class ExitCode : int {
  ok = 0,
  migration_failed = 1,  // a revision's SQL failed; its transaction was rolled back
  hook_failed = 3,       // a hook failed (before_run: nothing was changed)
  usage = 64,            // bad command line
  data = 65,             // unknown/ambiguous revision, broken graph, checksum mismatch
  unavailable = 69,      // database unreachable
  internal = 70,         // a bug in migctl or a plugin
  temporary = 75,        // the migration lock is held by another run past the timeout
  permission = 77,       // authentication failed or insufficient privilege
  config = 78,           // bad configuration: DATABASE_CONN, .env, a plugin that won't load
};

class MIGCTL_SDK_API Error : public std::runtime_error {
 public:
  Error(ExitCode code, const std::string& message, std::string hint = {})
      : std::runtime_error(message), code_(code), hint_(std::move(hint)) {}

  ExitCode code() const noexcept { return code_; }
  const std::string& hint() const noexcept { return hint_; }

 private:
  ExitCode code_;
  std::string hint_;
};

// A database error with the server's SQLSTATE (five characters, empty if unknown) and the
// statement that failed (empty for connection-level failures).
class MIGCTL_SDK_API DatabaseError : public Error {
 public:
  DatabaseError(ExitCode code, const std::string& message, std::string sqlstate,
                std::string statement = {}, std::string hint = {})
      : Error(code, message, std::move(hint)),
        sqlstate_(std::move(sqlstate)),
        statement_(std::move(statement)) {}

  const std::string& sqlstate() const noexcept { return sqlstate_; }
  const std::string& statement() const noexcept { return statement_; }

 private:
  std::string sqlstate_;
  std::string statement_;
};

}  // namespace migctl
