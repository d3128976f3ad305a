#include "pg_driver.hpp"

#include <libpq-fe.h>

#include "conninfo.hpp"
#include "diagnostics.hpp"
#include "pg_connection.hpp"
#include "quoting.hpp"

namespace migctl::pg {

std::unique_ptr<Connection> PgDriver::connect(const std::string& url,
                                              const ConnectOptions& options) {
  Params params = uri_to_params(url);  // throws DatabaseError(config), already scrubbed
  const std::vector<std::string> secrets = url_secrets(url, params);
  if (!options.application_name.empty()) params["application_name"] = options.application_name;
  if (options.connect_timeout_seconds > 0) {
    params["connect_timeout"] = std::to_string(options.connect_timeout_seconds);
  }
  params.emplace("client_encoding", "UTF8");

  std::vector<const char*> keywords;
  std::vector<const char*> values;
  for (const auto& [keyword, value] : params) {
    keywords.push_back(keyword.c_str());
    values.push_back(value.c_str());
  }
  keywords.push_back(nullptr);
  values.push_back(nullptr);
  // expand_dbname = 0: a dbname is a name, never a second connection string.
  PGconn* conn = PQconnectdbParams(keywords.data(), values.data(), 0);
  if (conn == nullptr) {
    throw DatabaseError(ExitCode::internal, "libpq could not allocate a connection", "");
  }
  if (PQstatus(conn) != CONNECTION_OK) {
    const std::string text = PQerrorMessage(conn);
    PQfinish(conn);
    throw connect_error(text, connect_target(params), secrets);
  }
  return std::make_unique<PgConnection>(conn, options.on_notice, secrets);
}

std::string PgDriver::quote_identifier(const std::string& identifier) const {
  return pg::quote_identifier(identifier);
}

std::string PgDriver::quote_literal(const std::string& value) const {
  return pg::quote_literal(value);
}

}  // namespace migctl::pg
