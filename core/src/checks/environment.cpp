// ENVIRONMENT: what it resolved to and from where. The app refuses an unknown value before
// any other command runs; doctor reports it here instead.
#include "checks/check_run.hpp"
#include "config/settings.hpp"

namespace migctl::checks {

std::vector<CheckResult> check_environment(CheckRun& run) {
  const Settings& settings = run.session.config().settings;
  const std::string raw = settings.get_or(kEnvironment, "dev");
  try {
    const std::string normal = normalize_environment(raw);
    const auto src = settings.source(kEnvironment);
    return {ok("ENVIRONMENT", normal + " (" + (src ? describe(*src) : "unset") + ")")};
  } catch (const Error& e) {
    return {failed("ENVIRONMENT", CheckStatus::error, e.what(),
                   "set ENVIRONMENT to dev, staging or production", ExitCode::config)};
  }
}

}  // namespace migctl::checks
