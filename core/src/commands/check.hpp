// `check`: is the loaded graph healthy, and is the database where the graph says it
// should be? For CI and deploy scripts: the app exits non-zero when problems are found.
// The checks are doctor's (checks/check_list.hpp), the subset that needs no privileges or
// settings; here every warning is a problem too (pending revisions, a missing downgrade).
#pragma once

#include <string>
#include <vector>

#include "commands/session.hpp"

namespace migctl {

struct CheckProblem {
  // "plugin" (a plugin does not load), "graph" (the revisions do not form a valid graph),
  // "heads" (a migration set has several heads: a conflict to merge), "irreversible" (a
  // revision has an upgrade but no downgrade), "unknown_row" (the database is at a
  // revision no plugin provides), "checksum" (an applied revision changed), "behind"
  // (revisions not applied yet), "script" (a revision still to apply does not parse, or
  // mixes statements that refuse a transaction with ones that need one).
  std::string kind;
  std::string message;
  std::string hint;
};

struct CheckReport {
  std::vector<CheckProblem> problems;  // empty: healthy
  std::size_t revisions = 0;
  std::vector<std::string> heads;
  bool database_checked = false;  // false when DATABASE_CONN is not set
  std::vector<std::string> rows;  // the version rows, when checked
};

// Loads the plugins (a load failure is a problem, not an error) and checks the graph;
// then, when DATABASE_CONN is set, reads the version rows and audit checksums without a
// lock and without writing. Several heads across different sets are expected (each module
// plugin is its own branch) and are not a problem; several heads within one set are.
// Throws Error(ExitCode::usage) when no plugin was given, and the database's error when it
// is configured but cannot be read (unreachable, refused).
CheckReport check(Session& session);

}  // namespace migctl
