#include "stub_driver.hpp"

#include "stub_connection.hpp"

namespace migctl::stub {
namespace {

constexpr const char* kPrefix = "stub://";

struct StubUrl {
  std::string user = "stub";
  std::string name;
};

// stub://[user[:password]@]name; nullopt-like empty name when malformed.
StubUrl parse(const std::string& url) {
  StubUrl out;
  if (url.rfind(kPrefix, 0) != 0) return out;
  std::string rest = url.substr(std::char_traits<char>::length(kPrefix));
  if (const auto at = rest.rfind('@'); at != std::string::npos) {
    std::string userinfo = rest.substr(0, at);
    rest = rest.substr(at + 1);
    const auto colon = userinfo.find(':');
    if (colon != 0) out.user = userinfo.substr(0, colon);
  }
  if (rest.find_first_of("/@:") == std::string::npos) out.name = rest;
  return out;
}

}  // namespace

void StubDriver::attach(std::shared_ptr<StubDatabase> db) {
  std::lock_guard<std::mutex> lock(mutex_);
  databases_[db->name()] = std::move(db);
}

std::shared_ptr<StubDatabase> StubDriver::database(const std::string& name) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto& db = databases_[name];
  if (!db) db = std::make_shared<StubDatabase>(name);
  return db;
}

std::unique_ptr<Connection> StubDriver::connect(const std::string& url,
                                                const ConnectOptions& options) {
  const StubUrl parsed = parse(url);
  if (parsed.name.empty()) {
    throw DatabaseError(ExitCode::config,
                        "'" + redact_url(url) + "' is not a stub URL (stub://[user@]name)",
                        "08001");
  }
  return std::make_unique<StubConnection>(database(parsed.name), parsed.user,
                                          options.application_name, options.on_notice);
}

std::string StubDriver::redact_url(const std::string& url) const {
  if (url.rfind(kPrefix, 0) != 0) return "stub://***";
  const std::string rest = url.substr(std::char_traits<char>::length(kPrefix));
  const auto at = rest.rfind('@');
  if (at == std::string::npos) return url;
  const std::string userinfo = rest.substr(0, at);
  const auto colon = userinfo.find(':');
  if (colon == std::string::npos) return url;
  return kPrefix + userinfo.substr(0, colon) + ":***@" + rest.substr(at + 1);
}

std::vector<std::string> StubDriver::url_secrets(const std::string& url) const {
  if (url.rfind(kPrefix, 0) != 0) {
    const auto scheme_end = url.find("://");
    return {scheme_end == std::string::npos ? url : url.substr(scheme_end + 3)};
  }
  const std::string rest = url.substr(std::char_traits<char>::length(kPrefix));
  const auto at = rest.rfind('@');
  if (at == std::string::npos) return {};
  const std::string userinfo = rest.substr(0, at);
  const auto colon = userinfo.find(':');
  if (colon == std::string::npos) return {};
  return {userinfo.substr(colon + 1)};
}

void register_stub_driver(Registrar& registrar, std::shared_ptr<StubDatabase> db) {
  auto driver = std::make_unique<StubDriver>();
  driver->attach(std::move(db));
  registrar.add_driver(std::move(driver));
}

}  // namespace migctl::stub
