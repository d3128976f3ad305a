// A database driver: opens connections for the URL schemes it registers.
//
// Modelled on golang-migrate's driver registry: a driver plugin registers one object that
// claims URL schemes ("postgresql", "postgres"); the core picks the driver from the scheme
// of DATABASE_CONN and never names the driver otherwise.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "migctl/connection.hpp"
#include "migctl/dialect.hpp"

namespace migctl {

struct ConnectOptions {
  std::string application_name = "migctl";
  int connect_timeout_seconds = 10;
  // Receives server notices/warnings instead of them going to stderr. May be empty.
  std::function<void(const std::string&)> on_notice;
};

class MIGCTL_SDK_API Driver {
 public:
  virtual ~Driver() = default;

  // Short name, e.g. "postgresql".
  virtual std::string name() const = 0;

  // URL schemes this driver accepts, lower case, without "://".
  virtual std::vector<std::string> schemes() const = 0;

  // Opens a connection for `url` (one of schemes()). Throws DatabaseError with
  // ExitCode::unavailable (server unreachable), ExitCode::permission (authentication or
  // authorization failed) or ExitCode::config (malformed URL). Messages never contain the
  // password.
  virtual std::unique_ptr<Connection> connect(const std::string& url,
                                              const ConnectOptions& options) = 0;

  // This database's SQL for the version and audit tables, quoting and statement
  // splitting. Lives as long as the driver; usable without a connection (offline scripts).
  virtual const Dialect& dialect() const = 0;

  // Removes the password from `url` (one of schemes()) for printing: "***" in its place.
  // Never throws; a URL it cannot read comes back as "<scheme>://***" rather than as is.
  virtual std::string redact_url(const std::string& url) const = 0;

  // Every spelling of every password in `url` (decoded, as written...), for scrubbing free
  // text such as error messages; for a URL it cannot read, every plausible reading (hide
  // more rather than less). Empty when the URL holds no secret (e.g. sqlite:///app.db).
  // Never throws.
  virtual std::vector<std::string> url_secrets(const std::string& url) const = 0;
};

}  // namespace migctl
