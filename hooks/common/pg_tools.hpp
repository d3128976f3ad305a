// PostgreSQL client programs (pg_dump, pg_restore) run as child processes, and the backup
// files they write. Shared by the pg_dump_backup hook and `migctl backups` / `restore`.
//
// Contracts:
// - The password never appears in a child's argument list: it is taken out of the URL
//   and passed as PGPASSWORD in the child's environment only.
// - Children run without a shell, from absolute paths resolved beforehand (a missing
//   program is reported as such, not as a mysterious exit status 72).
// - Failures throw migctl::Error with a message naming the program and a hint.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "pg_url.hpp"

namespace migctl::pgtools {

// DATABASE_CONN split for a client program, as libpq reads it (drivers/postgresql/pg_url.hpp):
// `dbname_arg` is the URL rendered without its password, `password` the decoded password.
using pg::client_url;
using pg::ClientUrl;

// The environment a client child gets on top of the inherited one: PGPASSWORD when there
// is a password, PGAPPNAME = `application`.
std::map<std::string, std::string> client_env(const ClientUrl& url, const std::string& application);

struct Tool {
  std::string path;     // absolute
  int major = 0;        // from `--version`
  std::string version;  // e.g. "15.14"
};

// Finds `name` (pg_dump, pg_restore). With `bin_dir`: only there. Otherwise PATH, then
// /usr/lib/postgresql/<server_major>/bin, then the other /usr/lib/postgresql/*/bin,
// newest first; the first whose major version equals `server_major` wins, else the first
// newer one (server_major 0: the first found). `setting` names the configuration key of
// bin_dir for the hint. Throws Error when none is found or all are older than the server.
Tool find_tool(const std::string& name, const std::string& bin_dir, int server_major,
               const std::string& setting);

struct RunResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs `tool` with `args` (no shell), stdin at EOF, stdout and stderr captured. The child
// dies with the calling thread's process (SIGKILL as parent-death signal, set through
// util-linux's setpriv when installed), so a killed migctl leaves no pg_dump running.
RunResult run(const std::string& path, const std::vector<std::string>& args,
              const std::map<std::string, std::string>& env);

// The last `max_lines` non-empty lines of a program's stderr, joined with "; ", with every
// secret replaced by ***.
std::string tail(const std::string& text, const std::vector<std::string>& secrets,
                 std::size_t max_lines = 3);

// "15.14" -> 15; "9.6.2" -> 9; 0 when unparsable.
int major_of(const std::string& version);

// Backup files: <database>-<UTC yyyymmddThhmmssZ>-<revision or base>.dump
struct BackupName {
  std::string database;
  std::string timestamp;  // yyyymmddThhmmssZ
  std::string revision;   // "base" when nothing was applied; heads joined with '+'
};
std::string backup_file_name(const std::string& database,
                             std::chrono::system_clock::time_point when,
                             const std::vector<std::string>& heads);
std::optional<BackupName> parse_backup_file_name(const std::string& file_name);
// yyyymmddThhmmssZ -> "yyyy-mm-dd hh:mm:ss UTC"
std::string readable_timestamp(const std::string& timestamp);

// Creates `dir` (and parents) if missing; a directory it creates gets mode 0700. Throws
// Error naming the directory and the reason when it cannot, or when it is not a directory.
// Returns true when it created it.
bool ensure_private_dir(const std::string& dir, const std::string& setting);

// Free bytes for an unprivileged writer in the file system holding `dir`; nullopt if
// unknown.
std::optional<std::uint64_t> free_bytes(const std::string& dir);

// 1536 -> "1.5 kB" (powers of 1024, like pg_size_pretty).
std::string human_size(std::int64_t bytes);

}  // namespace migctl::pgtools
