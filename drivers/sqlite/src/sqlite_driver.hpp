// The "sqlite" driver: sqlite:// URLs (SQLAlchemy's forms), on Poco::Data's SQLite connector.
#pragma once

#include "migctl/driver.hpp"
#include "sqlite_dialect.hpp"

namespace migctl::sqlite {

class SqliteDriver final : public Driver {
 public:
  // Registers Poco's SQLite connector; the destructor unregisters it (as the PostgreSQL
  // driver does), so the plugin may unload.
  SqliteDriver();
  ~SqliteDriver() override;

  SqliteDriver(const SqliteDriver&) = delete;
  SqliteDriver& operator=(const SqliteDriver&) = delete;

  std::string name() const override { return "sqlite"; }
  std::vector<std::string> schemes() const override { return {"sqlite"}; }

  // Opens (creating it when missing, as sqlite3 and SQLAlchemy do) the file the URL names,
  // a relative path from the current directory. Refused before anything is created:
  // a URL parse_url refuses, a missing directory, a path that is not a regular file
  // (ExitCode::config); a file this user cannot read (ExitCode::permission); a file that is
  // not an SQLite database (ExitCode::config). The busy timeout (how long a statement waits
  // for another process's write lock on the file) is the URL's ?timeout, else
  // options.connect_timeout_seconds, else 10 s. options.application_name and on_notice have
  // no SQLite counterpart.
  std::unique_ptr<Connection> connect(const std::string& url,
                                      const ConnectOptions& options) override;

  const Dialect& dialect() const override { return dialect_; }
  std::string redact_url(const std::string& url) const override;
  // Nothing for a URL parse_url accepts (SQLite URLs hold no password); see sqlite_url.hpp.
  std::vector<std::string> url_secrets(const std::string& url) const override;

 private:
  SqliteDialect dialect_;
};

}  // namespace migctl::sqlite
