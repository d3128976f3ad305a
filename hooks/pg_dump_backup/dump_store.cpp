#include "dump_store.hpp"

#include <algorithm>
#include <filesystem>
#include <set>
#include <sstream>

#include "hook_config.hpp"
#include "pg_tools.hpp"

namespace fs = std::filesystem;
using namespace migctl;

namespace pg_dump_backup {
namespace {

constexpr const char* kName = "pg_dump_backup";

std::string setting(const std::string& key) {
  return hookcfg::setting_name(kName, key);
}

BackupInfo describe_file(const fs::path& path) {
  BackupInfo b;
  b.id = path.string();
  if (auto parsed = pgtools::parse_backup_file_name(path.filename().string())) {
    b.database = parsed->database;
    b.taken_at = pgtools::readable_timestamp(parsed->timestamp);
    b.revision = parsed->revision;
  }
  std::error_code ec;
  const auto size = fs::file_size(path, ec);
  b.size_bytes = ec ? 0 : static_cast<std::uint64_t>(size);
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

class DumpStore : public BackupStore {
 public:
  std::string name() const override { return kName; }
  std::vector<std::string> databases() const override { return {"postgresql"}; }

  std::string location(const BackupStoreContext& context) const override {
    if (!context.location.empty()) return context.location;
    return hookcfg::get(context.config, "dir", "backups");
  }

  std::vector<BackupInfo> list(const BackupStoreContext& context) override {
    const std::string dir = location(context);
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) {
      throw Error(ExitCode::config, "backup directory '" + dir + "' does not exist",
                  "pass --dir, or set " + setting("dir") +
                      " to where the pg_dump_backup hook writes its dumps");
    }
    fs::directory_iterator it(dir, ec);
    if (ec) {
      throw Error(ExitCode::config, "cannot read backup directory '" + dir + "': " + ec.message(),
                  "check its permissions");
    }
    // (timestamp in the name, path): newest first.
    std::vector<std::pair<std::string, BackupInfo>> found;
    for (const auto& entry : it) {
      auto parsed = pgtools::parse_backup_file_name(entry.path().filename().string());
      if (!parsed || !entry.is_regular_file(ec)) continue;
      BackupInfo b = describe_file(entry.path());
      // An empty file is a name a running backup reserved.
      if (b.size_bytes > 0) found.emplace_back(parsed->timestamp, std::move(b));
    }
    std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) {
      return a.first != b.first ? a.first > b.first : a.second.id > b.second.id;
    });
    std::vector<BackupInfo> out;
    for (auto& f : found) out.push_back(std::move(f.second));
    return out;
  }

  BackupInfo find(const BackupStoreContext& context, const std::string& id) override {
    std::error_code ec;
    fs::path path(id);
    if (id.find('/') == std::string::npos && !fs::exists(path, ec))
      path = fs::path(location(context)) / id;
    if (!fs::is_regular_file(path, ec)) {
      throw Error(
          ExitCode::usage,
          "backup file '" + id + "' not found (looked at " + fs::absolute(path, ec).string() + ")",
          "list the backups with `migctl backups`");
    }
    return describe_file(path);
  }

  RestoreOutcome restore(const BackupStoreContext& context, const BackupInfo& backup,
                         Connection& connection) override {
    RestoreOutcome outcome;
    const std::string file = backup.id;
    ServerInfo server = connection.server_info();
    const std::string bin_dir = hookcfg::get(context.config, "bin_dir", "");
    pgtools::Tool pg_restore = pgtools::find_tool(
        "pg_restore", bin_dir, pgtools::major_of(server.server_version), setting("bin_dir"));
    outcome.tool = pg_restore.path + " " + pg_restore.version;

    pgtools::ClientUrl client = pgtools::client_url(context.database_url);
    const std::vector<std::string> secrets{client.password};
    pgtools::RunResult listed = pgtools::run(pg_restore.path, {"--list", file}, {});
    if (listed.exit_code != 0 || listed.out.find("; Archive created at") == std::string::npos) {
      throw Error(
          ExitCode::data,
          file + " is not a pg_dump custom-format archive: " + pgtools::tail(listed.err, secrets),
          "restore a file listed by `migctl backups`");
    }

    std::set<std::string> dumped = tables_in_listing(listed.out);
    ResultSet now = connection.query(
        "SELECT n.nspname || '.' || c.relname FROM pg_class c JOIN pg_namespace n"
        " ON n.oid = c.relnamespace WHERE c.relkind IN ('r', 'p')"
        " AND n.nspname NOT IN ('pg_catalog', 'information_schema')"
        " AND n.nspname NOT LIKE 'pg_toast%' AND n.nspname NOT LIKE 'pg_temp%' ORDER BY 1");
    for (const auto& row : now.rows) {
      if (row[0] && !dumped.count(*row[0])) outcome.tables_not_in_backup.push_back(*row[0]);
    }

    pgtools::RunResult restored =
        pgtools::run(pg_restore.path,
                     {"--clean", "--if-exists", "--single-transaction", "--exit-on-error",
                      "--no-owner", "--no-password", "--dbname=" + client.dbname_arg, file},
                     pgtools::client_env(client, "migctl restore"));
    if (restored.exit_code != 0) {
      throw Error(ExitCode::migration_failed,
                  "pg_restore of " + file + " failed (exit status " +
                      std::to_string(restored.exit_code) +
                      "); it ran in one transaction, so the database is unchanged: " +
                      pgtools::tail(restored.err, secrets),
                  outcome.tables_not_in_backup.empty()
                      ? "check the message above"
                      : "tables created after the backup may depend on what it restores: "
                        "downgrade to the backup's revision first, then restore");
    }
    return outcome;
  }
};

}  // namespace

std::unique_ptr<BackupStore> make_dump_store() {
  return std::make_unique<DumpStore>();
}

}  // namespace pg_dump_backup
