// The loaded sets' own checks (MigrationSet::checks, migctl/config_check.hpp), each given
// the environment and the settings its set declared, and nothing else.
#include "checks/check_run.hpp"
#include "config/settings.hpp"

namespace migctl::checks {

std::vector<CheckResult> check_set_settings(CheckRun& run) {
  std::vector<CheckResult> out;
  const RunConfig& config = run.session.config();
  for (const auto& loaded : run.session.registry().migration_sets()) {
    const MigrationSet& set = loaded.set;
    if (set.checks.empty()) continue;
    ConfigCheckContext context;
    context.environment = config.environment;
    for (const auto& declared : set.settings) {
      if (auto value = config.settings.declared(declared.name)) {
        context.values[declared.name] = value->value;
        context.sources[declared.name] = describe(value->source);
      }
    }
    for (const auto& check : set.checks) {
      try {
        if (!check.run) throw Error(ExitCode::internal, "it has no run function");
        CheckResult result = check.run(context);
        if (result.name.empty()) result.name = check.name;
        if (result.status == CheckStatus::error && result.code == ExitCode::ok)
          result.code = ExitCode::config;
        out.push_back(std::move(result));
      } catch (const std::exception& e) {
        out.push_back(failed(check.name, CheckStatus::error,
                             "check " + check.name + " of set " + set.name + " failed: " + e.what(),
                             "this is a bug in the plugin " + loaded.file.filename().string() +
                                 ": report it to its authors",
                             ExitCode::internal));
      }
    }
  }
  return out;
}

}  // namespace migctl::checks
