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

  // Quotes an identifier for this database's SQL dialect ("user" -> "\"user\"").
  virtual std::string quote_identifier(const std::string& identifier) const = 0;

  // Quotes a string literal for this dialect; used to render offline SQL scripts.
  virtual std::string quote_literal(const std::string& value) const = 0;
};

}  // namespace migctl
