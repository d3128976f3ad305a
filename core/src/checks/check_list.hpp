// The one list of checks behind `migctl check` and `migctl doctor` (checks/check_run.hpp
// has the checks themselves).
//
// Order and prerequisites (a check whose prerequisite failed is "skipped", saying why):
//   plugins              every --plugin loads and trusts ("Module not found")
//   database_connection  DATABASE_CONN is set and the server accepts it
//   database_privileges  the driver's check (Connection::check_privileges)     [connection]
//   one_head_per_set     no set has two heads ("Migration conflict")           [plugins]
//   downgrades           every revision with an upgrade has a downgrade        [plugins]
//   applied_revisions    every version row is a revision a loaded plugin provides
//                                                                   [plugins, connection]
//   checksums            no applied revision changed since it was applied     [known rows]
//   pending              revisions not applied yet (a warning)                [known rows]
//   ENVIRONMENT          what ENVIRONMENT resolved to
//   <password setting>   each loaded set's seed password setting, by its SeedPolicy
//   <the sets' checks>   each loaded set's own checks over the settings it declared
// `migctl check` runs plugins, one_head_per_set and downgrades, and when DATABASE_CONN is
// set database_connection, applied_revisions, checksums and pending.
#pragma once

#include <vector>

#include "checks/check_run.hpp"

namespace migctl::checks {

enum class Scope { check, doctor };

// Runs the checks of `scope` in order. No result ever contains a password or a secret
// setting of a loaded set (they are scrubbed). Throws only for bugs, and in Scope::check
// for what `check` reports as a command error (no plugin given, database unreachable).
std::vector<CheckResult> run_checks(CheckRun& run, Scope scope);

}  // namespace migctl::checks
