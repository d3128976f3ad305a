// The small checks `migctl check` and `migctl doctor` run, each written once (one file per
// concept in this directory), and what one run of them shares.
//
// Each check returns one or more CheckResults (migctl/check_result.hpp). Prerequisites are
// the list's business (check_list.hpp): a check only runs when what it needs (the plugins,
// a connection, known version rows) is there, and records what later checks need in
// CheckRun. A check throws only for what it does not diagnose; the list turns that into an
// error result under the check's name.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "commands/session.hpp"
#include "migctl/check_result.hpp"

namespace migctl::checks {

struct CheckRun {
  explicit CheckRun(Session& s) : session(s) {}
  Session& session;
  // `migctl check`: a database that is configured but cannot be reached is an error of
  // the command (exit 69/77), not a finding; and nothing past a failed plugin load runs.
  bool strict = false;

  // Learned by the checks, in list order.
  bool plugins_loaded = false;
  bool connected = false;
  bool rows_known = false;        // the version rows were read and every one is known
  std::vector<std::string> rows;  // the version rows, once read
  std::set<std::string> applied;  // everything they imply, once rows_known
};

CheckResult ok(std::string name, std::string message);
CheckResult failed(std::string name, CheckStatus status, std::string message, std::string fix,
                   ExitCode code);
CheckResult skipped(std::string name, const std::string& because);

// The checks, in the order doctor runs them.
std::vector<CheckResult> check_plugins(CheckRun& run);         // plugins.cpp
std::vector<CheckResult> check_connection(CheckRun& run);      // connection.cpp
std::vector<CheckResult> check_privileges(CheckRun& run);      // privileges.cpp
std::vector<CheckResult> check_heads(CheckRun& run);           // heads.cpp
std::vector<CheckResult> check_downgrades(CheckRun& run);      // downgrades.cpp
std::vector<CheckResult> check_applied(CheckRun& run);         // applied_revisions.cpp
std::vector<CheckResult> check_checksums(CheckRun& run);       // checksums.cpp
std::vector<CheckResult> check_inserted(CheckRun& run);        // inserted_revisions.cpp
std::vector<CheckResult> check_pending(CheckRun& run);         // pending.cpp
std::vector<CheckResult> check_scripts(CheckRun& run);         // scripts.cpp
std::vector<CheckResult> check_environment(CheckRun& run);     // environment.cpp
std::vector<CheckResult> check_seed_passwords(CheckRun& run);  // seed_password.cpp
std::vector<CheckResult> check_set_settings(CheckRun& run);    // set_checks.cpp

}  // namespace migctl::checks
