// The pg_dump_backup hook: before a run changes anything, a custom-format pg_dump of the
// database, verified with `pg_restore --list`, in a private directory; the newest `keep`
// dumps of the database are kept.
//
// Runs by default when ENVIRONMENT=production for upgrade, downgrade and stamp; with
// --hook pg_dump_backup otherwise. PostgreSQL only (databases()). The plugin also registers
// the BackupStore behind `migctl backups` and `migctl restore` (dump_store.hpp). Any failure
// (pg_dump missing or too old, directory not writable, not enough free space, pg_dump failing,
// verification failing) throws, so the run stops before its first revision; a partial file is
// removed.
//
// Surviving a kill -9 at any moment:
// - pg_dump writes <name>.dump.partial, created O_EXCL and flock()ed by this process for as
//   long as it runs; only after `pg_restore --list` verified it is it renamed to <name>.dump.
//   So a .dump file is always a verified dump, and a killed run leaves only a .partial.
// - The next run removes every .partial of the database whose lock is free (its writer is
//   dead); a .partial being written by a live run is locked and left alone.
// - pg_dump dies with migctl (parent-death signal, see pgtools::run), so no orphan keeps
//   writing into the directory.
// - Rotation counts and deletes only complete dumps: .dump files that start with pg_dump's
//   custom-format signature. Anything else (a 0-byte placeholder left by an older migctl)
//   never pushes a real dump out.
//
// Settings (MIGCTL_HOOK_PG_DUMP_BACKUP_<KEY>):
//   DIR          where dumps go (default ./backups; created 0700, files 0600)
//   KEEP         how many dumps of this database to keep (default 10; 0 keeps all)
//   BIN_DIR      directory of pg_dump and pg_restore (default: PATH, then
//                /usr/lib/postgresql/<server major>/bin)
//   MIN_FREE_MB  free space to leave beyond the database's size (default 0)
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <migctl/plugin.hpp>
#include <sstream>
#include <string_view>
#include <thread>

#include "dump_store.hpp"
#include "hook_config.hpp"
#include "pg_tools.hpp"

namespace fs = std::filesystem;
using namespace migctl;

namespace {

constexpr const char* kName = "pg_dump_backup";

std::string setting(const std::string& key) {
  return hookcfg::setting_name(kName, key);
}

Error failure(const std::string& message, const std::string& hint) {
  return Error(ExitCode::hook_failed, message, hint);
}

class PgDumpBackup : public Hook {
 public:
  std::string name() const override { return kName; }
  std::vector<std::string> databases() const override { return {"postgresql"}; }

  bool enabled_by_default(const HookContext& context) const override {
    return hookcfg::production_write(context);
  }

  void on_event(HookContext& context) override {
    if (context.event == HookEvent::before_run) {
      last_backup_.clear();
      backup(context);
    } else if (context.event == HookEvent::on_failure && !last_backup_.empty()) {
      context.report("backup: the database as it was before this run is in " + last_backup_ +
                     " (migctl restore " + last_backup_ + " --yes)");
    }
  }

 private:
  void backup(HookContext& context) {
    const auto started = std::chrono::steady_clock::now();
    const auto& cfg = context.config;
    const std::string dir = hookcfg::get(cfg, "dir", "backups");
    const long long keep = hookcfg::get_int(cfg, kName, "keep", 10);
    const long long min_free_mb = hookcfg::get_int(cfg, kName, "min_free_mb", 0);
    const std::string bin_dir = hookcfg::get(cfg, "bin_dir", "");

    ServerInfo server = context.connection->server_info();
    const int server_major = pgtools::major_of(server.server_version);
    pgtools::Tool pg_dump =
        pgtools::find_tool("pg_dump", bin_dir, server_major, setting("bin_dir"));
    pgtools::Tool pg_restore =
        pgtools::find_tool("pg_restore", bin_dir, server_major, setting("bin_dir"));

    pgtools::ensure_private_dir(dir, setting("dir"));
    remove_abandoned_partials(context, dir, server.database);
    check_free_space(context, dir, min_free_mb);

    Claim claim = claim_file(dir, server.database, context.heads_before);
    const fs::path& file = claim.file;
    const fs::path& partial = claim.partial;
    auto remove_partial = [&] {
      std::error_code ec;
      fs::remove(partial, ec);
    };

    pgtools::ClientUrl client = pgtools::client_url(context.database_url);
    std::vector<std::string> secrets{client.password};
    try {
      pgtools::RunResult dumped =
          pgtools::run(pg_dump.path,
                       {"--format=custom", "--file=" + partial.string(), "--no-password",
                        "--dbname=" + client.dbname_arg},
                       pgtools::client_env(client, "migctl pg_dump_backup"));
      if (dumped.exit_code != 0) {
        bool disk_full = dumped.err.find("No space left on device") != std::string::npos;
        throw failure((disk_full ? "the disk holding " + dir + " is full: " : std::string()) +
                          "pg_dump (" + pg_dump.path + ") failed with exit status " +
                          std::to_string(dumped.exit_code) + ": " +
                          pgtools::tail(dumped.err, secrets),
                      disk_full ? "free space or set " + setting("dir") + " to a larger disk"
                                : "fix the cause and rerun; the migration did not start");
      }
      pgtools::RunResult listed = pgtools::run(pg_restore.path, {"--list", partial.string()}, {});
      std::size_t entries = 0;
      bool archive_header = listed.out.find("; Archive created at") != std::string::npos;
      std::stringstream in(listed.out);
      for (std::string line; std::getline(in, line);)
        if (!line.empty() && line[0] != ';') ++entries;
      if (listed.exit_code != 0 || !archive_header) {
        throw failure("the backup " + partial.string() + " failed verification: " +
                          pg_restore.path + " --list exited " + std::to_string(listed.exit_code) +
                          ": " + pgtools::tail(listed.err, secrets),
                      "check the disk and the pg_dump/pg_restore versions; the migration did "
                      "not start");
      }
      fs::rename(partial, file);
      ::chmod(file.c_str(), 0600);
      const auto ms =
          std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started)
              .count();
      std::error_code ec;
      char took[32];
      std::snprintf(took, sizeof took, "%.0f ms", ms);
      context.report("backup: " + file.string() + " (" +
                     pgtools::human_size(static_cast<std::int64_t>(fs::file_size(file, ec))) +
                     ", " + std::to_string(entries) +
                     " entries, verified with pg_restore --list; " + "pg_dump " + pg_dump.version +
                     ", " + took + ")");
      last_backup_ = file.string();
    } catch (...) {
      remove_partial();
      throw;
    }
    prune(context, dir, file.filename().string(), keep);
  }

  void check_free_space(HookContext& context, const std::string& dir, long long min_free_mb) {
    ResultSet r = context.connection->query("SELECT pg_database_size(current_database())::text");
    std::int64_t db_size = r.rows.empty() || !r.rows[0][0] ? 0 : std::stoll(*r.rows[0][0]);
    auto available = pgtools::free_bytes(dir);
    const std::int64_t needed = db_size + min_free_mb * 1024 * 1024;
    if (available && static_cast<std::int64_t>(*available) < needed) {
      throw failure("not enough free space for a backup in " + dir + ": " +
                        pgtools::human_size(static_cast<std::int64_t>(*available)) +
                        " free, the database is " + pgtools::human_size(db_size) +
                        (min_free_mb > 0 ? " and " + setting("min_free_mb") + " asks for " +
                                               std::to_string(min_free_mb) + " MB more"
                                         : std::string()),
                    "free space, or set " + setting("dir") + " to a larger disk");
    }
  }

  // A reserved dump: the final name (not created until the dump is verified) and the
  // .partial pg_dump writes, held open and flock()ed while this run lives.
  struct Claim {
    fs::path file;
    fs::path partial;
    int fd = -1;
    Claim() = default;
    Claim(const Claim&) = delete;
    Claim& operator=(const Claim&) = delete;
    Claim(Claim&& other) noexcept
        : file(std::move(other.file)), partial(std::move(other.partial)), fd(other.fd) {
      other.fd = -1;
    }
    ~Claim() {
      if (fd >= 0) ::close(fd);
    }
  };

  // Reserves a dump name: its .partial created O_EXCL (so two runs never share a file) and
  // locked; moves to the next second when the name is taken.
  static Claim claim_file(const std::string& dir, const std::string& database,
                          const std::vector<std::string>& heads) {
    for (int attempt = 0;; ++attempt) {
      Claim claim;
      claim.file = fs::path(dir) /
                   pgtools::backup_file_name(database, std::chrono::system_clock::now(), heads);
      claim.partial = claim.file.string() + ".partial";
      std::error_code ec;
      if (!fs::exists(claim.file, ec)) {
        claim.fd = ::open(claim.partial.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        if (claim.fd >= 0) {
          ::flock(claim.fd, LOCK_EX | LOCK_NB);
          return claim;
        }
        if (errno != EEXIST) {
          throw failure(
              "cannot write a backup into " + dir + ": " + claim.partial.string() + ": " +
                  std::strerror(errno),
              "make the directory writable, or set " + setting("dir") + " to one that is");
        }
      }
      if (attempt >= 8) {
        throw failure("cannot write a backup into " + dir + ": " + claim.file.string() +
                          " and the next names are taken",
                      "retry in a few seconds");
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(250));
    }
  }

  // Removes this database's .partial files whose writer is gone (their flock is free).
  static void remove_abandoned_partials(HookContext& context, const std::string& dir,
                                        const std::string& database) {
    // Names carry the database sanitized: compare through a name made for it.
    const auto mine = pgtools::parse_backup_file_name(pgtools::backup_file_name(database, {}, {}));
    if (!mine) return;
    std::size_t removed = 0;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
      const std::string name = entry.path().filename().string();
      constexpr std::string_view kSuffix = ".partial";
      if (name.size() <= kSuffix.size() ||
          name.compare(name.size() - kSuffix.size(), kSuffix.size(), kSuffix) != 0)
        continue;
      auto parsed = pgtools::parse_backup_file_name(name.substr(0, name.size() - kSuffix.size()));
      if (!parsed || parsed->database != mine->database) continue;
      const int fd = ::open(entry.path().c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
      if (fd < 0) continue;
      if (::flock(fd, LOCK_EX | LOCK_NB) == 0 && fs::remove(entry.path(), ec)) ++removed;
      ::close(fd);
    }
    if (removed > 0) {
      context.report("backup: removed " + std::to_string(removed) + " partial dump" +
                     (removed == 1 ? "" : "s") + " left by interrupted runs in " + dir);
    }
  }

  // A complete dump starts with pg_dump's custom-format signature.
  static bool is_complete_dump(const fs::path& file) {
    char magic[5] = {};
    const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) return false;
    const bool ok = ::read(fd, magic, sizeof magic) == static_cast<ssize_t>(sizeof magic) &&
                    std::memcmp(magic, "PGDMP", sizeof magic) == 0;
    ::close(fd);
    return ok;
  }

  // Keeps the newest `keep` complete dumps of this database (by the timestamp in their
  // names); files that are not complete dumps are neither counted nor deleted.
  static void prune(HookContext& context, const std::string& dir, const std::string& newest,
                    long long keep) {
    if (keep <= 0) return;
    auto mine = pgtools::parse_backup_file_name(newest);
    if (!mine) return;
    // (timestamp in the name, modification time: orders dumps taken within one second)
    using Key = std::pair<std::string, fs::file_time_type>;
    std::vector<std::pair<Key, fs::path>> dumps;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
      auto parsed = pgtools::parse_backup_file_name(entry.path().filename().string());
      if (parsed && parsed->database == mine->database && entry.is_regular_file(ec) &&
          is_complete_dump(entry.path()))
        dumps.push_back({{parsed->timestamp, fs::last_write_time(entry.path(), ec)}, entry.path()});
    }
    std::sort(dumps.rbegin(), dumps.rend());
    std::size_t removed = 0;
    for (std::size_t i = static_cast<std::size_t>(keep); i < dumps.size(); ++i) {
      if (fs::remove(dumps[i].second, ec)) ++removed;
    }
    if (removed > 0) {
      context.report("backup: removed " + std::to_string(removed) + " older dump" +
                     (removed == 1 ? "" : "s") + " of " + mine->database + " (keeping " +
                     std::to_string(keep) + ", " + setting("keep") + ")");
    }
  }

  std::string last_backup_;
};

void entry(Registrar& registrar) {
  registrar.add_hook(std::make_unique<PgDumpBackup>());
  registrar.add_backup_store(pg_dump_backup::make_dump_store());
}

}  // namespace

MIGCTL_PLUGIN(entry)
