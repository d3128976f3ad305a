#include "checks/check_list.hpp"

#include "config/database_url.hpp"

namespace migctl::checks {
namespace {

enum class Needs { nothing, connection, plugins, plugins_and_connection, known_rows, database_url };

struct Definition {
  const char* name;  // of its result when skipped or when it throws
  Needs needs;
  bool in_check;  // `migctl check` runs it too
  std::vector<CheckResult> (*run)(CheckRun&);
};

// The one list. Database checks need DATABASE_CONN in `check` (which then skips them
// silently); doctor reports a missing URL as database_connection's error.
const std::vector<Definition>& definitions() {
  static const std::vector<Definition> list{
      {"plugins", Needs::nothing, true, &check_plugins},
      {"database_connection", Needs::database_url, true, &check_connection},
      {"database_privileges", Needs::connection, false, &check_privileges},
      {"one_head_per_set", Needs::plugins, true, &check_heads},
      {"downgrades", Needs::plugins, true, &check_downgrades},
      {"applied_revisions", Needs::plugins_and_connection, true, &check_applied},
      {"checksums", Needs::known_rows, true, &check_checksums},
      {"inserted_revisions", Needs::known_rows, true, &check_inserted},
      {"pending", Needs::known_rows, true, &check_pending},
      {"scripts", Needs::plugins, true, &check_scripts},
      {"ENVIRONMENT", Needs::nothing, false, &check_environment},
      {"seed_password", Needs::nothing, false, &check_seed_passwords},
      {"set_checks", Needs::nothing, false, &check_set_settings},
  };
  return list;
}

// Why `needs` is not met, or "" when it is.
std::string unmet(Needs needs, const CheckRun& run, bool applied_failed) {
  const bool url = !run.session.config().database_url.empty();
  switch (needs) {
    case Needs::nothing:
      return {};
    case Needs::database_url:
      return run.strict && !url ? "DATABASE_CONN is not set" : "";
    case Needs::connection:
      return run.connected ? "" : "no database connection";
    case Needs::plugins:
      return run.plugins_loaded ? "" : "the plugins did not load";
    case Needs::plugins_and_connection:
      if (!run.plugins_loaded) return "the plugins did not load";
      return run.connected ? "" : "no database connection";
    case Needs::known_rows:
      if (!run.plugins_loaded) return "the plugins did not load";
      if (!run.connected) return "no database connection";
      return applied_failed || !run.rows_known ? "unknown applied revisions" : "";
  }
  return {};
}

// Every secret a result could echo: the database password and the loaded sets' secret
// settings (their seed password setting included). Values under 6 characters would garble
// messages and are left.
std::vector<std::string> secrets_of(Session& session) {
  std::vector<std::string> secrets = session.secrets();
  const Settings& settings = session.config().settings;
  auto add = [&](const std::string& key) {
    if (auto v = settings.declared(key); v && v->value.size() >= 6) secrets.push_back(v->value);
  };
  for (const auto& loaded : session.registry().migration_sets()) {
    for (const auto& s : loaded.set.settings)
      if (s.secret) add(s.name);
    if (!loaded.set.seed_policy.password_setting.empty())
      add(loaded.set.seed_policy.password_setting);
  }
  return secrets;
}

}  // namespace

std::vector<CheckResult> run_checks(CheckRun& run, Scope scope) {
  run.strict = scope == Scope::check;
  std::vector<CheckResult> results;
  bool applied_failed = false;
  for (const Definition& d : definitions()) {
    if (scope == Scope::check && !d.in_check) continue;
    const std::string why = unmet(d.needs, run, applied_failed);
    if (!why.empty()) {
      results.push_back(skipped(d.name, why));
      continue;
    }
    std::vector<CheckResult> found;
    try {
      found = d.run(run);
    } catch (const Error& e) {
      if (run.strict) throw;  // `check` reports what it cannot read as the command's error
      found = {failed(d.name, CheckStatus::error, e.what(), e.hint(),
                      e.code() == ExitCode::ok ? ExitCode::internal : e.code())};
    }
    if (d.run == &check_applied) {
      for (const auto& r : found) applied_failed |= r.status == CheckStatus::error;
    }
    for (auto& r : found) results.push_back(std::move(r));
  }
  // Belt and braces: no finding may carry a secret, whatever a driver or a plugin wrote.
  const std::vector<std::string> secrets = secrets_of(run.session);
  for (auto& r : results) {
    r.message = scrub(r.message, secrets);
    r.fix = scrub(r.fix, secrets);
  }
  return results;
}

}  // namespace migctl::checks
