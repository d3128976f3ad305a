// The doctor command: the Alembic-era troubleshooting checklist as checks, each saying what is
// wrong and how to fix it. Reads only: no lock, no writes, no migration.
//
// Checks, in order (a check whose prerequisite failed is "skipped"):
//   plugins              every --plugin loads and trusts ("Module not found")
//   database_connection  DATABASE_CONN is set and the server accepts these credentials
//                        ("Database connection failed")
//   database_privileges  the user may create tables in its schema and write migctl's
//                        tables; tables owned by other roles are a warning
//   one_head_per_set     no set has two heads ("Migration conflict")
//   applied_revisions    every version row is a revision a loaded plugin provides
//   checksums            no applied revision changed since it was applied
//   pending              revisions not applied yet (a warning, never an error)
//   ENVIRONMENT, JWT_SECRET, JWT_SECRET_KEY, JWT_ALGORITHM, SEED_ADMIN_PASSWORD: .env
//                        sanity; warnings in dev and staging, errors in production.
//                        JWT_SECRET (what the backend reads) must be set; each of the two
//                        secrets that is set must not be the placeholder nor under 32
//                        bytes. Other keys of the backend's .env (MONGO_URI,
//                        RECAPTCHA_SECRET_KEY) are accepted silently.
// No message ever contains a password, a JWT secret or another secret of the .env.
#pragma once

#include <string>
#include <vector>

#include "commands/session.hpp"
#include "migctl/check_result.hpp"

namespace migctl {

// One finding (migctl/check_result.hpp: CheckStatus, to_string).
using DoctorCheck = CheckResult;

struct DoctorReport {
  std::string environment;
  std::vector<DoctorCheck> checks;
  bool healthy() const;  // no check is an error
  // 0 when healthy; otherwise the code of the first failing check (78 plugins or
  // configuration, 77 untrusted plugin / credentials / privileges, 69 unreachable, 65
  // revision conflicts).
  int exit_code() const;
};

// Never throws for what it diagnoses; only for bugs.
DoctorReport doctor(Session& session);

// The .env checks alone (pure: settings only), for unit tests and doctor.
std::vector<DoctorCheck> check_env(const RunConfig& config);

}  // namespace migctl
