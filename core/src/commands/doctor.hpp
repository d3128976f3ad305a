// The doctor command: the Alembic-era troubleshooting checklist as checks, each saying what is
// wrong and how to fix it. Reads only: no lock, no writes, no migration. Runs every check of
// the one list (checks/check_list.hpp): plugins, the database and its privileges, the
// revision graph, ENVIRONMENT, and what the loaded sets contribute (their seed password
// setting, their own settings checks, e.g. Aksara's JWT secret). No message ever contains
// a password or a set's secret setting.
#pragma once

#include <string>
#include <vector>

#include "commands/session.hpp"
#include "migctl/check_result.hpp"

namespace migctl {

struct DoctorReport {
  std::string environment;
  std::vector<CheckResult> checks;
  bool healthy() const;  // no check is an error
  // 0 when healthy; otherwise the code of the first failing check (78 plugins or
  // configuration, 77 untrusted plugin / credentials / privileges, 69 unreachable, 65
  // revision conflicts).
  int exit_code() const;
};

// Never throws for what it diagnoses; only for bugs.
DoctorReport doctor(Session& session);

}  // namespace migctl
