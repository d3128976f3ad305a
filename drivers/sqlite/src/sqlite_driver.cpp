#include "sqlite_driver.hpp"

#include <Poco/Data/DataException.h>
#include <Poco/Data/SQLite/Connector.h>
#include <Poco/Data/SQLite/Utility.h>
#include <Poco/Data/Session.h>
#include <Poco/Exception.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "sqlite_connection.hpp"
#include "sqlite_url.hpp"

namespace fs = std::filesystem;

namespace migctl::sqlite {
namespace {

[[noreturn]] void refuse(ExitCode code, const std::string& sqlstate, const std::string& message,
                         const std::string& hint) {
  throw DatabaseError(code, message, sqlstate, "", hint);
}

// Refuses, before SQLite creates anything, what cannot become the database.
void check_path(const fs::path& path) {
  const fs::path directory = path.parent_path();
  struct stat st {};
  if (::stat(directory.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
    refuse(ExitCode::config, "58030",
           "the directory of the SQLite database " + path.string() + " does not exist",
           "create it, or correct DATABASE_CONN (sqlite:///relative/path.db is relative to the "
           "current directory, sqlite:////absolute/path.db is absolute)");
  }
  if (::stat(path.c_str(), &st) != 0) {
    if (::access(directory.c_str(), W_OK | X_OK) != 0) {
      refuse(ExitCode::permission, "42501",
             "cannot create the SQLite database " + path.string() + ": " + std::strerror(errno),
             "give this user write access to " + directory.string());
    }
    return;  // SQLite creates it
  }
  if (!S_ISREG(st.st_mode)) {
    refuse(ExitCode::config, "58030",
           "the SQLite database path " + path.string() + " is not a regular file",
           "point DATABASE_CONN at an SQLite database file");
  }
  if (::access(path.c_str(), R_OK) != 0) {
    refuse(ExitCode::permission, "42501",
           "cannot read the SQLite database " + path.string() + ": " + std::strerror(errno),
           "give this user read and write access to the file and its directory");
  }
}

}  // namespace

SqliteDriver::SqliteDriver() {
  Poco::Data::SQLite::Connector::registerConnector();
}

SqliteDriver::~SqliteDriver() {
  try {
    Poco::Data::SQLite::Connector::unregisterConnector();
  } catch (...) {  // NOLINT(bugprone-empty-catch): a destructor must not throw
  }
}

std::unique_ptr<Connection> SqliteDriver::connect(const std::string& url,
                                                  const ConnectOptions& options) {
  SqliteUrl parsed;
  try {
    parsed = parse_url(url);
  } catch (const Error& e) {
    throw DatabaseError(ExitCode::config, e.what(), "08001", "", e.hint());
  }
  std::error_code cwd_error;
  const fs::path path = fs::absolute(fs::path(parsed.path), cwd_error).lexically_normal();
  if (cwd_error) {
    refuse(ExitCode::config, "58030",
           "cannot resolve the SQLite database path " + parsed.path + ": " + cwd_error.message(),
           "use an absolute path: sqlite:////absolute/path.db");
  }
  check_path(path);
  const int timeout = parsed.timeout_seconds                ? *parsed.timeout_seconds
                      : options.connect_timeout_seconds > 0 ? options.connect_timeout_seconds
                                                            : 10;
  std::optional<Poco::Data::Session> session;
  try {
    // Poco retries a failed open until its login timeout: 1 s, as the checks above leave
    // only rare failures (a file removed meanwhile, out of memory).
    session.emplace(Poco::Data::SQLite::Connector::KEY, path.string(), 1);
  } catch (const Poco::Exception& e) {
    refuse(ExitCode::unavailable, "58030",
           "cannot open the SQLite database " + path.string() + ": " + e.displayText(),
           "check the path and the file's permissions");
  }
  sqlite3* db = Poco::Data::SQLite::Utility::dbHandle(*session);
  sqlite3_busy_timeout(db, timeout * 1000);
  // The first read of the schema tells a non-database file from a database.
  const int rc = sqlite3_exec(db, "SELECT count(*) FROM sqlite_schema", nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) {
    const int code = sqlite3_extended_errcode(db);
    const std::string message = sqlite3_errmsg(db);
    if ((code & 0xff) == SQLITE_NOTADB) {
      refuse(ExitCode::config, "26000",
             path.string() + " is not an SQLite database (" + message + ")",
             "point DATABASE_CONN at an SQLite database file, or at a new file name");
    }
    refuse(ExitCode::unavailable, "58030",
           "cannot read the SQLite database " + path.string() + ": " + message,
           (code & 0xff) == SQLITE_BUSY
               ? "another process holds it locked; retry, or raise ?timeout=SECONDS"
               : "check the file");
  }
  std::error_code ignored;
  fs::path canonical = fs::canonical(path, ignored);
  if (canonical.empty()) canonical = path;
  return std::make_unique<SqliteConnection>(std::move(*session), canonical.string());
}

std::string SqliteDriver::redact_url(const std::string& url) const {
  return sqlite::redact_url(url);
}

std::vector<std::string> SqliteDriver::url_secrets(const std::string& url) const {
  return sqlite::url_secrets(url);
}

}  // namespace migctl::sqlite
