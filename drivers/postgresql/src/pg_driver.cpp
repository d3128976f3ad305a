#include "pg_driver.hpp"

#include <Poco/Data/DataException.h>
#include <Poco/Data/PostgreSQL/Connector.h>
#include <Poco/Data/Session.h>
#include <Poco/Exception.h>
#include <Poco/String.h>

#include <optional>

#include "conninfo.hpp"
#include "diagnostics.hpp"
#include "pg_connection.hpp"
#include "pg_url.hpp"
#include "scoped_environment.hpp"

namespace migctl::pg {

PgDriver::PgDriver() {
  Poco::Data::PostgreSQL::Connector::registerConnector();
}

PgDriver::~PgDriver() {
  try {
    Poco::Data::PostgreSQL::Connector::unregisterConnector();
  } catch (...) {  // NOLINT(bugprone-empty-catch): a destructor must not throw
  }
}

std::unique_ptr<Connection> PgDriver::connect(const std::string& url,
                                              const ConnectOptions& options) {
  Params params = uri_to_params(url);  // throws DatabaseError(config), already scrubbed
  const std::vector<std::string> secrets = url_secrets(url);
  if (!options.application_name.empty()) params["application_name"] = options.application_name;
  if (options.connect_timeout_seconds > 0) {
    params["connect_timeout"] = std::to_string(options.connect_timeout_seconds);
  }
  params.emplace("client_encoding", "UTF8");

  try {
    const PocoConnectSpec spec = poco_connect_spec(params);
    // Poco's login timeout only fills connect_timeout when the string lacks it.
    const std::size_t login_timeout =
        options.connect_timeout_seconds > 0
            ? static_cast<std::size_t>(options.connect_timeout_seconds)
            : Poco::Data::SessionImpl::LOGIN_TIMEOUT_DEFAULT;
    std::optional<Poco::Data::Session> session;
    {
      const ScopedEnvironment environment(spec.env);
      session.emplace(Poco::Data::PostgreSQL::Connector::KEY, spec.connection_string,
                      login_timeout);
    }
    // The sibling opener: same URL and options; the driver outlives its connections.
    PgConnection::Opener sibling = [this, url, options] { return connect(url, options); };
    return std::make_unique<PgConnection>(std::move(*session), options.on_notice, secrets,
                                          std::move(sibling));
  } catch (const Poco::Data::ConnectionFailedException& e) {
    // Poco 1.11 leaks the failed PGconn here (~35 KB; fixed in Poco 1.13): harmless for a
    // command-line run, worth knowing before retrying connects in a loop.
    throw connect_error(e.message(), connect_target(params), secrets);
  } catch (const Poco::Exception& e) {
    throw DatabaseError(ExitCode::internal,
                        scrub("PostgreSQL connector failed: " + e.displayText(), secrets), "");
  }
}

std::string PgDriver::redact_url(const std::string& url) const {
  std::string redacted = pg::redact_url(url);
  if (redacted.find("://") != std::string::npos) return redacted;
  // Refused: the scheme only, as written when it is one of ours.
  const std::size_t sep = url.find("://");
  const std::string scheme = sep == std::string::npos ? "" : Poco::toLower(url.substr(0, sep));
  return (scheme == "postgres" ? scheme : std::string("postgresql")) + "://***";
}

std::vector<std::string> PgDriver::url_secrets(const std::string& url) const {
  return pg::url_secrets(url);
}

}  // namespace migctl::pg
