// database_privileges: may this user create and write migctl's tables? The driver knows
// how to ask its database (Connection::check_privileges); the core only reports.
#include "checks/check_run.hpp"

namespace migctl::checks {

std::vector<CheckResult> check_privileges(CheckRun& run) {
  Connection& conn = run.session.context(/*for_changes=*/false).connection();
  try {
    CheckResult result = conn.check_privileges(run.session.config().context.version_table);
    result.name = "database_privileges";
    return {result};
  } catch (const Error& e) {
    return {failed("database_privileges", CheckStatus::error, e.what(),
                   e.hint().empty() ? "check that the user may read the system catalogs" : e.hint(),
                   ExitCode::permission)};
  }
}

}  // namespace migctl::checks
