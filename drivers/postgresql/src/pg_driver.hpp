// The "postgresql" driver: postgresql:// and postgres:// URLs, on libpq.
#pragma once

#include "migctl/driver.hpp"

namespace migctl::pg {

class PgDriver final : public Driver {
 public:
  std::string name() const override { return "postgresql"; }
  std::vector<std::string> schemes() const override { return {"postgresql", "postgres"}; }

  // The URL's parameters plus: application_name and connect_timeout from `options`, which win
  // over the URL's when set (non-empty, > 0) because the runner owns them; otherwise the URL's
  // apply. client_encoding is UTF8 unless the URL names one (migration files are UTF-8).
  // Every parameter reaches libpq as a keyword/value pair (PQconnectdbParams), so any value
  // (spaces, quotes) arrives as written and nothing goes through the environment.
  std::unique_ptr<Connection> connect(const std::string& url,
                                      const ConnectOptions& options) override;

  std::string quote_identifier(const std::string& identifier) const override;
  std::string quote_literal(const std::string& value) const override;
};

}  // namespace migctl::pg
