// StubDriver: the Driver of stub databases, for unit tests of the core without a server.
//
// URLs: stub://[user[:password]@]name. Each name is one StubDatabase, made on first use
// (or attached by the test); every connection to it is a session of that one object.
//
//   auto db = std::make_shared<migctl::stub::StubDatabase>("main");
//   auto driver = std::make_unique<migctl::stub::StubDriver>();
//   driver->attach(db);
//   registrar.add_driver(std::move(driver));    // or use the driver directly
//   ... run the core on DATABASE_CONN=stub://main ...
//   BOOST_TEST(db->versions() == std::vector<std::string>{"002"});
//
// register_stub_driver() is a plugin entry (migctl/registrar.hpp) doing the same for the
// in-process registration of commands/session (Registry::add_in_process).
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "migctl/driver.hpp"
#include "migctl/registrar.hpp"
#include "stub_database.hpp"
#include "stub_dialect.hpp"

namespace migctl::stub {

class StubDriver final : public Driver {
 public:
  // Makes `db` the database of stub://<db->name()>.
  void attach(std::shared_ptr<StubDatabase> db);
  // The database of stub://<name>, made when missing.
  std::shared_ptr<StubDatabase> database(const std::string& name = "main");

  std::string name() const override { return "stub"; }
  std::vector<std::string> schemes() const override { return {"stub"}; }
  // Throws DatabaseError(config) for a URL that is not stub://...name, and
  // DatabaseError(unavailable) while the database refuses connections.
  std::unique_ptr<Connection> connect(const std::string& url,
                                      const ConnectOptions& options) override;
  const Dialect& dialect() const override { return dialect_; }
  std::string redact_url(const std::string& url) const override;
  std::vector<std::string> url_secrets(const std::string& url) const override;

 private:
  std::mutex mutex_;
  std::map<std::string, std::shared_ptr<StubDatabase>> databases_;
  StubDialect dialect_;
};

// Registers a StubDriver holding `db` (see the example above).
void register_stub_driver(Registrar& registrar, std::shared_ptr<StubDatabase> db);

}  // namespace migctl::stub
