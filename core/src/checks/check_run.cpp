#include "checks/check_run.hpp"

namespace migctl::checks {

CheckResult ok(std::string name, std::string message) {
  return {std::move(name), CheckStatus::ok, std::move(message), {}, ExitCode::ok};
}

CheckResult failed(std::string name, CheckStatus status, std::string message, std::string fix,
                   ExitCode code) {
  return {std::move(name), status, std::move(message), std::move(fix), code};
}

CheckResult skipped(std::string name, const std::string& because) {
  return {std::move(name), CheckStatus::skipped, "not checked: " + because, {}, ExitCode::ok};
}

}  // namespace migctl::checks
