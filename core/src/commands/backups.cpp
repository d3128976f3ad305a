#include "commands/backups.hpp"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <set>
#include <sstream>

#include "migctl/error.hpp"
#include "pg_tools.hpp"

namespace fs = std::filesystem;

namespace migctl {
namespace {

constexpr const char* kDirSetting = "MIGCTL_HOOK_PG_DUMP_BACKUP_DIR";
constexpr const char* kBinDirSetting = "MIGCTL_HOOK_PG_DUMP_BACKUP_BIN_DIR";

BackupFile describe_file(const fs::path& path) {
  BackupFile b;
  b.path = path.string();
  if (auto parsed = pgtools::parse_backup_file_name(path.filename().string())) {
    b.database = parsed->database;
    b.timestamp = parsed->timestamp;
    b.revision = parsed->revision;
  }
  std::error_code ec;
  b.size = fs::file_size(path, ec);
  return b;
}

// "schema.name" of every TABLE entry in a `pg_restore --list` output.
std::set<std::string> tables_in_listing(const std::string& listing) {
  std::set<std::string> tables;
  std::stringstream in(listing);
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == ';') continue;
    // "215; 1259 16390 TABLE public user postgres"
    std::stringstream words(line);
    std::vector<std::string> w;
    for (std::string word; words >> word;) w.push_back(word);
    if (w.size() >= 6 && w[3] == "TABLE" && w[4] != "DATA") tables.insert(w[4] + "." + w[5]);
  }
  return tables;
}

}  // namespace

std::string backup_dir(const Session& session, const std::string& override) {
  if (!override.empty()) return override;
  std::string dir = session.config().settings.get_or(kDirSetting, "");
  return dir.empty() ? "backups" : dir;
}

std::vector<BackupFile> list_backups(const std::string& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    throw Error(ExitCode::config, "backup directory '" + dir + "' does not exist",
                "pass --dir, or set " + std::string(kDirSetting) +
                    " to where the pg_dump_backup hook writes its dumps");
  }
  std::vector<BackupFile> out;
  fs::directory_iterator it(dir, ec);
  if (ec) {
    throw Error(ExitCode::config, "cannot read backup directory '" + dir + "': " + ec.message(),
                "check its permissions");
  }
  for (const auto& entry : it) {
    auto name = entry.path().filename().string();
    if (!pgtools::parse_backup_file_name(name) || !entry.is_regular_file(ec)) continue;
    BackupFile b = describe_file(entry.path());
    if (b.size > 0) out.push_back(b);  // an empty file is a name a running backup reserved
  }
  std::sort(out.begin(), out.end(), [](const BackupFile& a, const BackupFile& b) {
    return a.timestamp != b.timestamp ? a.timestamp > b.timestamp : a.path > b.path;
  });
  return out;
}

RestoreResult restore(Session& session, const std::string& file, const std::string& dir,
                      bool confirmed) {
  const auto started = std::chrono::steady_clock::now();
  std::error_code ec;
  fs::path path(file);
  if (file.find('/') == std::string::npos && !fs::exists(path, ec)) path = fs::path(dir) / file;
  if (!fs::is_regular_file(path, ec)) {
    throw Error(
        ExitCode::usage,
        "backup file '" + file + "' not found (looked at " + fs::absolute(path, ec).string() + ")",
        "list the backups with `migctl backups`");
  }
  if (!confirmed) {
    throw Error(ExitCode::usage,
                "restore replaces the database's contents with " + path.string() +
                    " and needs confirmation",
                "rerun as `migctl restore " + file + " --yes`");
  }

  RestoreResult result;
  result.backup = describe_file(path);
  MigrationContext& ctx = session.context(/*for_changes=*/true);
  ServerInfo server = ctx.connection().server_info();
  const std::string bin_dir = session.config().settings.get_or(kBinDirSetting, "");
  pgtools::Tool pg_restore = pgtools::find_tool(
      "pg_restore", bin_dir, pgtools::major_of(server.server_version), kBinDirSetting);
  result.pg_restore = pg_restore.path + " " + pg_restore.version;

  pgtools::ClientUrl client = pgtools::client_url(session.config().database_url);
  const std::vector<std::string> secrets{client.password};
  pgtools::RunResult listed = pgtools::run(pg_restore.path, {"--list", path.string()}, {});
  if (listed.exit_code != 0 || listed.out.find("; Archive created at") == std::string::npos) {
    throw Error(ExitCode::data,
                path.string() + " is not a pg_dump custom-format archive: " +
                    pgtools::tail(listed.err, secrets),
                "restore a file listed by `migctl backups`");
  }

  ctx.lock();
  result.rows_before = ctx.version_rows();
  std::set<std::string> dumped = tables_in_listing(listed.out);
  ResultSet now = ctx.connection().query(
      "SELECT n.nspname || '.' || c.relname FROM pg_class c JOIN pg_namespace n"
      " ON n.oid = c.relnamespace WHERE c.relkind IN ('r', 'p')"
      " AND n.nspname NOT IN ('pg_catalog', 'information_schema')"
      " AND n.nspname NOT LIKE 'pg_toast%' AND n.nspname NOT LIKE 'pg_temp%' ORDER BY 1");
  for (const auto& row : now.rows) {
    if (row[0] && !dumped.count(*row[0])) result.tables_not_in_backup.push_back(*row[0]);
  }

  pgtools::RunResult restored =
      pgtools::run(pg_restore.path,
                   {"--clean", "--if-exists", "--single-transaction", "--exit-on-error",
                    "--no-owner", "--no-password", "--dbname=" + client.dbname_arg, path.string()},
                   pgtools::client_env(client, "migctl restore"));
  if (restored.exit_code != 0) {
    ctx.unlock();
    throw Error(ExitCode::migration_failed,
                "pg_restore of " + path.string() + " failed (exit status " +
                    std::to_string(restored.exit_code) +
                    "); it ran in one transaction, so the database is unchanged: " +
                    pgtools::tail(restored.err, secrets),
                result.tables_not_in_backup.empty()
                    ? "check the message above"
                    : "tables created after the backup may depend on what it restores: "
                      "downgrade to the backup's revision first, then restore");
  }
  result.rows_after = ctx.version_rows();
  ctx.unlock();
  result.duration_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  return result;
}

}  // namespace migctl
