// The "postgresql" driver: postgresql:// and postgres:// URLs, on Poco::Data's connector.
#pragma once

#include "migctl/driver.hpp"
#include "pg_dialect.hpp"

namespace migctl::pg {

class PgDriver final : public Driver {
 public:
  // Registers Poco's PostgreSQL connector; the destructor unregisters it, so Poco's global
  // SessionFactory holds no connector once the plugin's objects are gone and it may unload.
  PgDriver();
  ~PgDriver() override;

  PgDriver(const PgDriver&) = delete;
  PgDriver& operator=(const PgDriver&) = delete;

  std::string name() const override { return "postgresql"; }
  std::vector<std::string> schemes() const override { return {"postgresql", "postgres"}; }

  // The URL's parameters plus: application_name and connect_timeout from `options`, which win
  // over the URL's when set (non-empty, > 0) because the runner owns them; otherwise the URL's
  // apply, or Poco's 60 s login timeout. client_encoding is UTF8 unless the URL names one
  // (migration files are UTF-8). Values Poco's connection string cannot carry (a space) reach
  // libpq through its PG* environment variables for the duration of the connect only
  // (ScopedEnvironment); connects are serialized process-wide for that reason.
  std::unique_ptr<Connection> connect(const std::string& url,
                                      const ConnectOptions& options) override;

  const Dialect& dialect() const override { return dialect_; }

  // libpq's reading of the URL (pg_url.hpp); "<scheme>://***" for one it refuses.
  std::string redact_url(const std::string& url) const override;
  std::vector<std::string> url_secrets(const std::string& url) const override;

 private:
  PgDialect dialect_;
};

}  // namespace migctl::pg
