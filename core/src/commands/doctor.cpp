#include "commands/doctor.hpp"

#include <algorithm>

#include "checks/check_list.hpp"

namespace migctl {

bool DoctorReport::healthy() const {
  return std::none_of(checks.begin(), checks.end(),
                      [](const CheckResult& c) { return c.status == CheckStatus::error; });
}

int DoctorReport::exit_code() const {
  for (const auto& c : checks) {
    if (c.status == CheckStatus::error) {
      return c.code == ExitCode::ok ? static_cast<int>(ExitCode::config) : static_cast<int>(c.code);
    }
  }
  return 0;
}

DoctorReport doctor(Session& session) {
  DoctorReport report;
  report.environment = session.config().environment;
  checks::CheckRun run(session);
  report.checks = checks::run_checks(run, checks::Scope::doctor);
  return report;
}

}  // namespace migctl
