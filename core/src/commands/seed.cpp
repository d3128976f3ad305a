#include "commands/seed.hpp"

#include <chrono>

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

std::string resolve_admin_password(const RunConfig& config, const SeedOptions& options,
                                   RunObserver& observer, std::string* source) {
  std::string password;
  std::string from;
  if (options.password_from_stdin) {
    password = *options.password_from_stdin;
    from = "--password-stdin";
    if (password.empty()) {
      throw Error(ExitCode::usage, "--password-stdin read an empty password",
                  "write the password as one line on stdin, e.g. from a secrets manager");
    }
  } else if (auto value = config.settings.get(kSeedAdminPassword); value && !value->empty()) {
    password = *value;
    auto src = config.settings.source(kSeedAdminPassword);
    from = std::string(kSeedAdminPassword) + (src ? " (" + describe(*src) + ")" : "");
  }

  const bool production = config.environment == "production";
  if (production) {
    const std::string how =
        "give it with --password-stdin (one line on stdin) or SEED_ADMIN_PASSWORD in the "
        "environment; it is never echoed";
    if (password.empty()) {
      throw Error(ExitCode::config,
                  "refusing to seed the admin user in production without a password: the "
                  "development default is not allowed there",
                  how);
    }
    if (password == kDefaultAdminPassword) {
      throw Error(ExitCode::config,
                  "refusing to seed the admin user in production with the development default "
                  "password (from " +
                      from + ")",
                  "choose a strong password; " + how);
    }
    if (password.size() < kMinProductionPasswordLength) {
      throw Error(ExitCode::config,
                  "refusing to seed the admin user in production with a password of " +
                      std::to_string(password.size()) + " characters (from " + from +
                      "): at least " + std::to_string(kMinProductionPasswordLength) +
                      " are required",
                  "choose a longer password; " + how);
    }
  } else if (password.empty()) {
    password = kDefaultAdminPassword;
    from = "default";
    observer.message("warning: the admin password is the documented development default (" +
                     config.environment +
                     "); set SEED_ADMIN_PASSWORD or use --password-stdin for anything shared");
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
  // Before any database access: a refused password leaves the database untouched.
  const std::string password =
      resolve_admin_password(session.config(), options, observer, &result.password_source);

  const RevisionMap& map = session.revisions();
  std::vector<PendingStep> steps;
  for (const auto& loaded : session.registry().migration_sets()) {
    for (const auto& step : loaded.set.seeds) steps.push_back({loaded.set.name, step});
  }
  if (steps.empty()) {
    throw Error(ExitCode::config, "the loaded plugins provide no seed steps",
                "load the plugin that carries the seed, e.g. `migctl --plugin aksara.so seed`");
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
  if (password.size() >= 6) secrets.push_back(password);  // shorter would garble messages
  for (const auto& p : steps) {
    const auto start = std::chrono::steady_clock::now();
    SeedContext context{conn, session.config().environment, password};
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
