// <password setting> (e.g. SEED_ADMIN_PASSWORD): the seed password of each loaded set,
// judged by the set's own SeedPolicy, the rules `migctl seed` applies. Findings are
// warnings in dev and staging, errors in production.
#include "checks/check_run.hpp"
#include "config/settings.hpp"

namespace migctl::checks {
namespace {

CheckResult check_policy(const SeedPolicy& policy, const RunConfig& config) {
  const std::string& name = policy.password_setting;
  const bool production = config.environment == "production";
  const CheckStatus severity = production ? CheckStatus::error : CheckStatus::warning;
  const std::string where = production ? " (an error in production)" : "";
  const auto value = config.settings.declared(name);
  const bool set = value && !value->value.empty();
  const std::string from = value ? describe(value->source) : "unset";
  const std::string& fallback = policy.development_default;
  if (set && !fallback.empty() && value->value == fallback) {
    return failed(name, severity,
                  name + " is the documented development default (" + from + ")" + where,
                  "choose a strong password, or leave it unset in dev", ExitCode::config);
  }
  if (set && production && value->value.size() < policy.min_production_length) {
    return failed(name, CheckStatus::error,
                  name + " is " + std::to_string(value->value.size()) + " characters long (" +
                      from + "): `migctl seed` requires at least " +
                      std::to_string(policy.min_production_length) + " in production",
                  "choose a longer password", ExitCode::config);
  }
  if (set) return ok(name, "set (" + from + ")");
  if (production || fallback.empty())
    return ok(name, "not set: `migctl seed` will need --password-stdin" +
                        std::string(production ? " in production" : ""));
  return ok(name, "not set: dev seeds use the default");
}

}  // namespace

std::vector<CheckResult> check_seed_passwords(CheckRun& run) {
  std::vector<CheckResult> out;
  for (const auto& loaded : run.session.registry().migration_sets()) {
    const SeedPolicy& policy = loaded.set.seed_policy;
    if (loaded.set.seeds.empty() || policy.password_setting.empty()) continue;
    out.push_back(check_policy(policy, run.session.config()));
  }
  return out;
}

}  // namespace migctl::checks
