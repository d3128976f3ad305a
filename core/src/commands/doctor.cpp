#include "commands/doctor.hpp"

#include <algorithm>
#include <set>

#include "commands/migrate.hpp"
#include "config/database_url.hpp"

namespace migctl {
namespace {

constexpr const char* kJwtPlaceholder = "your_secret_key_here";
constexpr std::size_t kMinJwtSecretBytes = 32;

// PyJWT's algorithms (the backend signs with PyJWT / python-jose); case-sensitive there.
const std::set<std::string>& known_jwt_algorithms() {
  static const std::set<std::string> names{"HS256", "HS384", "HS512",  "RS256", "RS384",
                                           "RS512", "ES256", "ES256K", "ES384", "ES512",
                                           "PS256", "PS384", "PS512",  "EdDSA"};
  return names;
}

DoctorCheck ok(std::string name, std::string message) {
  return {std::move(name), CheckStatus::ok, std::move(message), {}, ExitCode::ok};
}

DoctorCheck failed(std::string name, CheckStatus status, std::string message, std::string fix,
                   ExitCode code) {
  return {std::move(name), status, std::move(message), std::move(fix), code};
}

DoctorCheck skipped(std::string name, const std::string& because) {
  return {std::move(name), CheckStatus::skipped, "not checked: " + because, {}, ExitCode::ok};
}

std::string source_of(const RunConfig& config, const char* key) {
  auto src = config.settings.source(key);
  return src ? describe(*src) : "unset";
}

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& s : items) out += (out.empty() ? "" : ", ") + s;
  return out;
}

DoctorCheck check_plugins(Session& session, bool& loaded) {
  loaded = false;
  try {
    const RevisionMap& map = session.revisions();
    std::string sets;
    for (const auto& s : session.registry().migration_sets()) {
      sets += (sets.empty() ? "" : ", ") + s.set.name + " (" + s.file.filename().string() + ": " +
              std::to_string(s.revision_count) + " revision(s), " +
              std::to_string(s.set.seeds.size()) + " seed step(s))";
    }
    loaded = true;
    return ok("plugins",
              "loaded " + sets + "; " + std::to_string(map.size()) + " revisions in all");
  } catch (const Error& e) {
    // A missing plugin is the Python setup's "Module not found": the backend's fix was
    // installing the dependencies; here it is building or pointing at the plugin.
    ExitCode code = e.code() == ExitCode::usage ? ExitCode::config : e.code();
    std::string fix = e.hint().empty() ? "check --plugin and MIGCTL_PLUGIN_PATH" : e.hint();
    return failed("plugins", CheckStatus::error, e.what(),
                  fix + " (\"Module not found\": build or install the plugin)", code);
  }
}

std::string connection_fix(ExitCode code) {
  switch (code) {
    case ExitCode::unavailable:
      return "start the PostgreSQL server, or fix the host and port in DATABASE_CONN "
             "(`pg_isready -h HOST -p PORT` tells whether it listens)";
    case ExitCode::permission:
      return "fix the user or password in DATABASE_CONN (percent-encode special characters), "
             "or let this user connect (pg_hba.conf, GRANT CONNECT)";
    default:
      return "set DATABASE_CONN=postgresql://user:password@host:5432/database in .env or the "
             "environment";
  }
}

DoctorCheck check_connection(Session& session, bool& connected) {
  connected = false;
  try {
    MigrationContext& ctx = session.context(/*for_changes=*/false);
    ServerInfo info = ctx.connection().server_info();
    connected = true;
    return ok("database_connection", "connected to " + session.redacted_url() + " as " + info.user +
                                         " (PostgreSQL " + info.server_version + ")");
  } catch (const Error& e) {
    std::string fix = e.hint().empty() ? connection_fix(e.code()) : e.hint();
    return failed("database_connection", CheckStatus::error,
                  std::string(e.what()) + " (\"Database connection failed\")", fix, e.code());
  }
}

// The driver's own probe (Connection::check_privileges).
DoctorCheck check_privileges(Session& session) {
  return session.context(false).connection().check_privileges(
      session.config().context.version_table);
}

void check_graph(Session& session, bool connected, DoctorReport& report) {
  const RevisionMap& map = session.revisions();
  std::map<std::string, std::vector<std::string>> heads_by_set;
  for (const auto& head : map.heads()) heads_by_set[session.set_of(head)].push_back(head);
  std::string conflicts;
  std::string merge_command;
  for (const auto& [set, heads] : heads_by_set) {
    if (heads.size() < 2) continue;
    conflicts += (conflicts.empty() ? "" : "; ") + set + ": " + join(heads);
    if (merge_command.empty()) {
      merge_command = "migctl merge -m \"Merge heads\"";
      for (const auto& h : heads) merge_command += " " + h;
    }
  }
  if (conflicts.empty()) {
    report.checks.push_back(ok("one_head_per_set", "every set has one head"));
  } else {
    report.checks.push_back(failed(
        "one_head_per_set", CheckStatus::error,
        "several heads in one set (\"Migration conflict\"): " + conflicts,
        "look at `migctl history`, then join the heads with a merge revision: `" + merge_command +
            "` (Alembic's `alembic merge`); until then upgrade to one head by id",
        ExitCode::data));
  }

  if (!connected) {
    report.checks.push_back(skipped("applied_revisions", "no database connection"));
    report.checks.push_back(skipped("checksums", "no database connection"));
    report.checks.push_back(skipped("pending", "no database connection"));
    return;
  }
  MigrationContext& ctx = session.context(false);
  std::vector<std::string> rows = ctx.version_rows();
  std::vector<std::string> unknown;
  for (const auto& row : rows)
    if (!map.contains(row)) unknown.push_back(row);
  if (!unknown.empty()) {
    report.checks.push_back(
        failed("applied_revisions", CheckStatus::error,
               "the database is at " + join(unknown) + ", which no loaded plugin provides",
               "load the plugin that provides it (--plugin), or check that DATABASE_CONN names the "
               "right database; never delete the version row to make this go away",
               ExitCode::data));
    report.checks.push_back(skipped("checksums", "unknown applied revisions"));
    report.checks.push_back(skipped("pending", "unknown applied revisions"));
    return;
  }
  std::set<std::string> applied = map.applied_from_rows(rows);
  report.checks.push_back(ok("applied_revisions", rows.empty()
                                                      ? "nothing applied yet"
                                                      : "the database is at " + join(rows) + " (" +
                                                            std::to_string(applied.size()) +
                                                            " applied, all known)"));
  try {
    verify_checksums(map, applied, ctx.recorded_checksums());
    report.checks.push_back(ok("checksums", "no applied revision changed since it was applied"));
  } catch (const Error& e) {
    report.checks.push_back(
        failed("checksums", CheckStatus::error, e.what(), e.hint(), ExitCode::data));
  }
  std::size_t pending = map.size() - applied.size();
  if (pending == 0) {
    report.checks.push_back(ok("pending", "every revision is applied"));
  } else {
    report.checks.push_back(failed("pending", CheckStatus::warning,
                                   std::to_string(pending) + " revision(s) not applied yet",
                                   "run `migctl upgrade`", ExitCode::ok));
  }
}

}  // namespace

bool DoctorReport::healthy() const {
  return std::none_of(checks.begin(), checks.end(),
                      [](const DoctorCheck& c) { return c.status == CheckStatus::error; });
}

int DoctorReport::exit_code() const {
  for (const auto& c : checks) {
    if (c.status == CheckStatus::error) {
      return c.code == ExitCode::ok ? static_cast<int>(ExitCode::config) : static_cast<int>(c.code);
    }
  }
  return 0;
}

namespace {

// A JWT signing secret that is set: not the .env template's placeholder, at least 32 bytes.
DoctorCheck check_jwt_secret(const RunConfig& config, const char* key, const std::string& secret,
                             CheckStatus severity, const std::string& where) {
  const std::string from = source_of(config, key);
  const std::string name = key;
  if (secret == kJwtPlaceholder) {
    return failed(name, severity,
                  name + " is still the .env template's placeholder (" + from + ")" + where,
                  "replace it with at least 32 random bytes, e.g. `openssl rand -hex 32`; "
                  "anyone who knows the placeholder can forge tokens",
                  ExitCode::config);
  }
  if (secret.size() < kMinJwtSecretBytes) {
    return failed(name, severity,
                  name + " is " + std::to_string(secret.size()) + " bytes long, shorter than 32 (" +
                      from + ")" + where,
                  "use at least 32 random bytes, e.g. `openssl rand -hex 32`", ExitCode::config);
  }
  return ok(name, std::to_string(secret.size()) + " bytes (" + from + ")");
}

}  // namespace

std::vector<DoctorCheck> check_env(const RunConfig& config) {
  std::vector<DoctorCheck> out;
  const bool production = config.environment == "production";
  const CheckStatus severity = production ? CheckStatus::error : CheckStatus::warning;
  const std::string where = production ? " (an error in production)" : "";

  // ENVIRONMENT: the app refuses an unknown value before any command runs, so reaching
  // here means it is known; report what it resolved to and from where.
  std::string raw = config.settings.get_or(kEnvironment, "dev");
  try {
    std::string normal = normalize_environment(raw);
    out.push_back(ok("ENVIRONMENT", normal + " (" + source_of(config, kEnvironment) + ")"));
  } catch (const Error& e) {
    out.push_back(failed("ENVIRONMENT", CheckStatus::error, e.what(),
                         "set ENVIRONMENT to dev, staging or production", ExitCode::config));
  }

  // The backend's code reads JWT_SECRET; the migration guide names JWT_SECRET_KEY. Each
  // one that is set must be a real secret; JWT_SECRET must be set, since that is the one
  // the backend signs tokens with.
  const auto jwt_secret = config.settings.get(kJwtSecret);
  const auto jwt_secret_key = config.settings.get(kJwtSecretKey);
  const bool has_secret = jwt_secret && !jwt_secret->empty();
  const bool has_secret_key = jwt_secret_key && !jwt_secret_key->empty();
  if (has_secret) {
    out.push_back(check_jwt_secret(config, kJwtSecret, *jwt_secret, severity, where));
  } else if (has_secret_key) {
    out.push_back(failed(kJwtSecret, severity,
                         std::string("JWT_SECRET is not set, only JWT_SECRET_KEY (") +
                             source_of(config, kJwtSecretKey) +
                             "); the Aksara backend signs tokens with JWT_SECRET" + where,
                         "add JWT_SECRET to the .env, with the same value as JWT_SECRET_KEY",
                         ExitCode::config));
  } else {
    out.push_back(failed(kJwtSecret, severity, "JWT_SECRET is not set (nor JWT_SECRET_KEY)" + where,
                         "set JWT_SECRET to at least 32 random bytes, e.g. `openssl rand -hex 32`",
                         ExitCode::config));
  }
  if (has_secret_key) {
    out.push_back(check_jwt_secret(config, kJwtSecretKey, *jwt_secret_key, severity, where));
  } else {
    out.push_back(ok(kJwtSecretKey, "not set (the backend reads JWT_SECRET)"));
  }

  auto algorithm = config.settings.get(kJwtAlgorithm);
  if (!algorithm || algorithm->empty()) {
    out.push_back(failed("JWT_ALGORITHM", severity, "JWT_ALGORITHM is not set" + where,
                         "set JWT_ALGORITHM=HS256 (as the Aksara .env does)", ExitCode::config));
  } else if (!known_jwt_algorithms().count(*algorithm)) {
    std::string names;
    for (const auto& n : known_jwt_algorithms()) names += (names.empty() ? "" : ", ") + n;
    out.push_back(failed("JWT_ALGORITHM", severity,
                         "JWT_ALGORITHM '" + *algorithm + "' is not a known JWT algorithm (" +
                             source_of(config, kJwtAlgorithm) + ")" + where,
                         "use one of " + names +
                             " (names are case-sensitive; HS256 is the "
                             "Aksara default)",
                         ExitCode::config));
  } else {
    out.push_back(ok("JWT_ALGORITHM", *algorithm + " (" + source_of(config, kJwtAlgorithm) + ")"));
  }

  auto seed_password = config.settings.get(kSeedAdminPassword);
  if (seed_password && *seed_password == "admin123") {
    out.push_back(failed("SEED_ADMIN_PASSWORD", severity,
                         "SEED_ADMIN_PASSWORD is the documented development default (" +
                             source_of(config, kSeedAdminPassword) + ")" + where,
                         "choose a strong password, or leave it unset in dev", ExitCode::config));
  } else if (production && (!seed_password || seed_password->empty())) {
    out.push_back(ok("SEED_ADMIN_PASSWORD",
                     "not set: `migctl seed` will need --password-stdin in production"));
  } else {
    out.push_back(
        ok("SEED_ADMIN_PASSWORD", seed_password && !seed_password->empty()
                                      ? "set (" + source_of(config, kSeedAdminPassword) + ")"
                                      : "not set: dev seeds use the default"));
  }
  return out;
}

DoctorReport doctor(Session& session) {
  DoctorReport report;
  report.environment = session.config().environment;
  bool loaded = false;
  bool connected = false;
  report.checks.push_back(check_plugins(session, loaded));
  report.checks.push_back(check_connection(session, connected));
  if (connected) {
    try {
      report.checks.push_back(check_privileges(session));
    } catch (const Error& e) {
      report.checks.push_back(failed("database_privileges", CheckStatus::error, e.what(),
                                     "check that the user may read the system catalogs",
                                     ExitCode::permission));
    }
  } else {
    report.checks.push_back(skipped("database_privileges", "no database connection"));
  }
  if (loaded) {
    try {
      check_graph(session, connected, report);
    } catch (const Error& e) {
      report.checks.push_back(
          failed("applied_revisions", CheckStatus::error, e.what(), e.hint(), e.code()));
    }
  } else {
    for (const char* name : {"one_head_per_set", "applied_revisions", "checksums", "pending"})
      report.checks.push_back(skipped(name, "the plugins did not load"));
  }
  for (auto& c : check_env(session.config())) report.checks.push_back(std::move(c));

  // Belt and braces: no diagnostic may carry a secret, whatever a driver put in a message.
  std::vector<std::string> secrets = session.secrets();
  // The backend's other .env keys are accepted without comment, and never echoed either.
  for (const char* key :
       {kJwtSecret, kJwtSecretKey, kSeedAdminPassword, "RECAPTCHA_SECRET_KEY", "MONGO_URI"}) {
    auto v = session.config().settings.get(key);
    if (v && v->size() >= 6) secrets.push_back(*v);
  }
  for (auto& c : report.checks) {
    c.message = scrub(c.message, secrets);
    c.fix = scrub(c.fix, secrets);
  }
  return report;
}

}  // namespace migctl
