#include "commands/seed.hpp"

#include <chrono>
#include <map>

#include "config/database_url.hpp"
#include "migctl/seed.hpp"

namespace migctl {
namespace {

struct PendingStep {
  std::string set;
  SeedStep step;
};

std::string rows_text(const std::vector<std::string>& rows) {
  if (rows.empty()) return "<base> (nothing applied)";
  std::string out;
  for (const auto& r : rows) out += (out.empty() ? "" : ", ") + r;
  return out;
}

}  // namespace

std::string resolve_seed_password(const SeedPolicy& policy, const RunConfig& config,
                                  const SeedOptions& options, RunObserver& observer,
                                  std::string* source) {
  if (policy.password_setting.empty()) {
    if (source) *source = "none";
    return {};
  }
  const std::string& setting = policy.password_setting;
  std::string password;
  std::string from;
  if (options.password_from_stdin) {
    password = *options.password_from_stdin;
    from = "--password-stdin";
    if (password.empty()) {
      throw Error(ExitCode::usage, "--password-stdin read an empty password",
                  "write the password as one line on stdin, e.g. from a secrets manager");
    }
  } else if (auto value = config.settings.declared(setting); value && !value->value.empty()) {
    password = value->value;
    from = setting + " (" + describe(value->source) + ")";
  }

  const std::string& fallback = policy.development_default;
  const bool production = config.environment == "production";
  const std::string how = "give it with --password-stdin (one line on stdin) or " + setting +
                          " in the environment; it is never echoed";
  if (production || fallback.empty()) {
    if (password.empty()) {
      throw Error(
          ExitCode::config,
          "refusing to seed " + policy.account + " in " + config.environment +
              " without a password" +
              (fallback.empty() ? std::string() : ": the development default is not allowed there"),
          how);
    }
  }
  if (production) {
    if (!fallback.empty() && password == fallback) {
      throw Error(ExitCode::config,
                  "refusing to seed " + policy.account +
                      " in production with the development default password (from " + from + ")",
                  "choose a strong password; " + how);
    }
    if (password.size() < policy.min_production_length) {
      throw Error(ExitCode::config,
                  "refusing to seed " + policy.account + " in production with a password of " +
                      std::to_string(password.size()) + " characters (from " + from +
                      "): at least " + std::to_string(policy.min_production_length) +
                      " are required",
                  "choose a longer password; " + how);
    }
  } else if (password.empty()) {
    password = fallback;
    from = "default";
    observer.message("warning: " + policy.password_name +
                     " is the documented development default (" + config.environment + "); set " +
                     setting + " or use --password-stdin for anything shared");
  }
  if (source) *source = from;
  return password;
}

SeedRunResult seed(Session& session, const SeedOptions& options, RunObserver& observer) {
  if (session.config().offline_sql) {
    throw Error(ExitCode::usage,
                "--sql does not apply to `seed`: seed steps run code, not a fixed script",
                "run `migctl seed` without --sql (it is idempotent), or `--sql upgrade` for "
                "the schema");
  }
  SeedRunResult result;
  const RevisionMap& map = session.revisions();
  std::vector<PendingStep> steps;
  // Before any database access: a refused password leaves the database untouched. Each set
  // with seed steps gets the password its own policy gives.
  std::map<std::string, std::string> passwords;  // set name -> password
  std::vector<std::string> sources;
  bool takes_password = false;
  for (const auto& loaded : session.registry().migration_sets()) {
    if (loaded.set.seeds.empty()) continue;
    for (const auto& step : loaded.set.seeds) steps.push_back({loaded.set.name, step});
    const SeedPolicy& policy = loaded.set.seed_policy;
    if (policy.password_setting.empty()) continue;
    takes_password = true;
    std::string from;
    passwords[loaded.set.name] =
        resolve_seed_password(policy, session.config(), options, observer, &from);
    sources.push_back(loaded.set.name + ": " + from);
  }
  if (steps.empty()) {
    throw Error(ExitCode::config, "the loaded plugins provide no seed steps",
                "load the plugin that carries the seed, e.g. `migctl --plugin aksara.so seed`");
  }
  if (options.password_from_stdin && !takes_password) {
    throw Error(ExitCode::usage,
                "--password-stdin was given, but no loaded set's seed takes a password",
                "run `migctl seed` without --password-stdin");
  }
  if (sources.empty()) {
    result.password_source = "none";
  } else if (sources.size() == 1) {
    result.password_source = sources[0].substr(sources[0].find(": ") + 2);
  } else {
    for (const auto& s : sources)
      result.password_source += (result.password_source.empty() ? "" : "; ") + s;
  }
  for (const auto& p : steps) {
    if (!p.step.run) {
      throw Error(ExitCode::internal,
                  "seed step " + p.set + "/" + p.step.name + " has no run function",
                  "the plugin is broken: report it to its authors");
    }
    if (!map.contains(p.step.requires_revision)) {
      throw RevisionError("seed step " + p.set + "/" + p.step.name + " requires revision '" +
                              p.step.requires_revision + "', which no loaded plugin provides",
                          "load the plugin that provides it");
    }
  }

  MigrationContext& ctx = session.context(/*for_changes=*/true);
  ctx.lock([&](const std::string& holder) { observer.lock_waiting(holder); });
  std::vector<std::string> rows = ctx.version_rows();
  std::set<std::string> applied = map.applied_from_rows(rows);
  for (const auto& p : steps) {
    if (!applied.count(p.step.requires_revision)) {
      const Revision& needed = map.get(p.step.requires_revision);
      throw RevisionError("seed step " + p.set + "/" + p.step.name + " needs revision " +
                              needed.id + " (" + needed.message + ") applied; the database is at " +
                              rows_text(rows),
                          "run `migctl upgrade` first");
    }
  }

  Connection& conn = ctx.connection();
  std::vector<std::string> secrets = session.secrets();
  for (const auto& [set, password] : passwords)
    if (password.size() >= 6) secrets.push_back(password);  // shorter would garble messages
  for (const auto& p : steps) {
    const auto start = std::chrono::steady_clock::now();
    auto password = passwords.find(p.set);
    SeedContext context{conn, session.config().environment,
                        password == passwords.end() ? std::string() : password->second};
    SeedResult outcome;
    conn.begin();
    try {
      outcome = p.step.run(context);
      ctx.verify_lock();
      conn.commit();
    } catch (const DatabaseError& e) {
      conn.rollback();
      throw DatabaseError(e.code(),
                          "seed step " + p.set + "/" + p.step.name +
                              " failed and was rolled back: " + scrub(e.what(), secrets),
                          e.sqlstate(), e.statement(), e.hint());
    } catch (const Error& e) {
      conn.rollback();
      throw Error(e.code(),
                  "seed step " + p.set + "/" + p.step.name +
                      " failed and was rolled back: " + scrub(e.what(), secrets),
                  e.hint());
    } catch (const std::exception& e) {
      conn.rollback();
      throw Error(ExitCode::internal,
                  "seed step " + p.set + "/" + p.step.name +
                      " failed and was rolled back: " + scrub(e.what(), secrets),
                  "this is a bug in the plugin that provides the seed");
    }
    double ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    result.steps.push_back({p.set, p.step.name, outcome.changed, outcome.summary, ms});
  }
  ctx.unlock();
  return result;
}

}  // namespace migctl
