// Loads the built postgresql.so the way migctl does (Boost.DLL, the exported entry alias) and
// runs the shared conformance suite plus PostgreSQL-specific checks against
// MIGCTL_TEST_DATABASE_URL.
#include <unistd.h>

#include <boost/dll/import.hpp>
#include <boost/dll/shared_library.hpp>
#include <boost/test/unit_test.hpp>
#include <cstdlib>
#include <memory>

#include "driver_conformance.hpp"
#include "migctl/error.hpp"
#include "migctl/plugin.hpp"

#ifndef MIGCTL_PG_PLUGIN_PATH
#error "MIGCTL_PG_PLUGIN_PATH must name the built postgresql plugin"
#endif

namespace {

class CapturingRegistrar final : public migctl::Registrar {
 public:
  void add_driver(std::unique_ptr<migctl::Driver> driver) override {
    drivers.push_back(std::move(driver));
  }
  void add_migration_set(migctl::MigrationSet) override {
    throw migctl::Error(migctl::ExitCode::internal, "a driver plugin registered a migration set");
  }
  void add_hook(std::unique_ptr<migctl::Hook>) override {
    throw migctl::Error(migctl::ExitCode::internal, "a driver plugin registered a hook");
  }
  void add_backup_store(std::unique_ptr<migctl::BackupStore>) override {
    throw migctl::Error(migctl::ExitCode::internal, "a driver plugin registered a backup store");
  }
  std::vector<std::unique_ptr<migctl::Driver>> drivers;
};

// Members are destroyed in reverse order: the drivers before the library that holds their code.
struct LoadedPlugin {
  boost::dll::shared_library library;
  CapturingRegistrar registrar;
};

std::unique_ptr<LoadedPlugin> load_plugin() {
  auto plugin = std::make_unique<LoadedPlugin>();
  plugin->library.load(MIGCTL_PG_PLUGIN_PATH);
  const auto& abi = plugin->library.get_alias<const migctl::AbiDescriptor>("migctl_plugin_abi");
  BOOST_REQUIRE(abi.magic == migctl::kAbiMagic);
  BOOST_REQUIRE(abi.sdk_major == MIGCTL_SDK_VERSION_MAJOR);
  auto entry =
      boost::dll::import_alias<migctl::PluginEntry>(plugin->library, "migctl_plugin_entry");
  entry(plugin->registrar);
  BOOST_REQUIRE(plugin->registrar.drivers.size() == 1u);
  return plugin;
}

std::string test_url() {
  const char* url = std::getenv("MIGCTL_TEST_DATABASE_URL");
  if (url == nullptr || *url == '\0') {
    BOOST_FAIL(
        "MIGCTL_TEST_DATABASE_URL is not set: point it at a PostgreSQL server that checks "
        "passwords, e.g. postgresql://postgres:secret@localhost:5432/postgres "
        "(packaging/test.sh starts a throwaway one)");
  }
  return url;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(driver_postgresql)

BOOST_AUTO_TEST_CASE(plugin_registers_the_postgresql_driver) {
  const auto plugin = load_plugin();
  const migctl::Driver& driver = *plugin->registrar.drivers.front();
  BOOST_TEST(driver.name() == "postgresql");
  BOOST_TEST((driver.schemes() == std::vector<std::string>{"postgresql", "postgres"}));
}

BOOST_AUTO_TEST_CASE(conformance) {
  const std::string url = test_url();
  const auto plugin = load_plugin();
  migctl::conformance::run_driver_conformance(*plugin->registrar.drivers.front(), url);
}

// Poco's connector splits its connection string on spaces; such values must still arrive.
BOOST_AUTO_TEST_CASE(password_with_space_quote_and_at_sign) {
  const std::string url = test_url();
  const auto plugin = load_plugin();
  migctl::Driver& driver = *plugin->registrar.drivers.front();
  auto admin = driver.connect(url, {});
  const auto can_create =
      admin->query("SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user");
  BOOST_REQUIRE_MESSAGE(can_create.rows.at(0).at(0) == migctl::Value("t"),
                        "the test user needs CREATEROLE to create a role with a tricky password");

  const std::string role = "migctl conformance " + std::to_string(::getpid());
  const std::string password = "p w'\"@x\\y";
  admin->execute("DROP ROLE IF EXISTS " + driver.dialect().quote_identifier(role));
  admin->execute("CREATE ROLE " + driver.dialect().quote_identifier(role) + " LOGIN PASSWORD " +
                 driver.dialect().quote_literal(password));
  try {
    migctl::ConnectOptions options;
    options.application_name = "migctl with spaces";
    const auto connection =
        driver.connect(migctl::conformance::with_credentials(url, role, password), options);
    BOOST_TEST(connection->server_info().user == role);
    const auto app = connection->query("SELECT current_setting('application_name')");
    BOOST_TEST(app.rows.at(0).at(0) == migctl::Value("migctl with spaces"));
    // The password went through the environment only for the connect.
    BOOST_TEST(std::getenv("PGPASSWORD") == nullptr);
    BOOST_TEST(std::getenv("PGAPPNAME") == nullptr);
  } catch (const migctl::Error& e) {
    BOOST_ERROR("connect failed: " << e.what());
  }
  admin->execute("DROP ROLE " + driver.dialect().quote_identifier(role));
}

BOOST_AUTO_TEST_CASE(statement_errors_name_line_and_column) {
  const std::string url = test_url();
  const auto plugin = load_plugin();
  auto connection = plugin->registrar.drivers.front()->connect(url, {});
  try {
    connection->execute("SELECT 1\n  FROM nowhere_table_xyz");
    BOOST_ERROR("no error");
  } catch (const migctl::DatabaseError& e) {
    BOOST_TEST(e.sqlstate() == "42P01");
    BOOST_TEST(std::string(e.what()).find("(line 2, column 8)") != std::string::npos, e.what());
  }
}

BOOST_AUTO_TEST_CASE(commit_failure_carries_the_sqlstate) {
  const std::string url = test_url();
  const auto plugin = load_plugin();
  auto connection = plugin->registrar.drivers.front()->connect(url, {});
  connection->execute(
      "CREATE TEMP TABLE parent (id int PRIMARY KEY); CREATE TEMP TABLE child (p int "
      "REFERENCES parent DEFERRABLE INITIALLY DEFERRED)");
  connection->begin();
  connection->execute("INSERT INTO child VALUES (1)");  // checked only at COMMIT
  try {
    connection->commit();
    BOOST_ERROR("commit succeeded");
  } catch (const migctl::DatabaseError& e) {
    BOOST_TEST(e.sqlstate() == "23503", e.what());
    BOOST_TEST(e.statement() == "COMMIT");
    BOOST_TEST(std::string(e.what()).find("foreign key") != std::string::npos, e.what());
  }
  connection->rollback();
  BOOST_TEST(!connection->in_transaction());
  BOOST_TEST(connection->query("SELECT count(*) FROM child").rows.at(0).at(0) ==
             migctl::Value("0"));
}

// A script may end the transaction itself; commit() afterwards must not fail and the state
// must settle.
BOOST_AUTO_TEST_CASE(script_commit_inside_a_transaction) {
  const std::string url = test_url();
  const auto plugin = load_plugin();
  std::vector<std::string> notices;
  migctl::ConnectOptions options;
  options.on_notice = [&](const std::string& n) { notices.push_back(n); };
  auto connection = plugin->registrar.drivers.front()->connect(url, options);
  connection->begin();
  connection->execute("COMMIT");
  connection->commit();
  BOOST_TEST(!connection->in_transaction());
  BOOST_TEST(notices.size() == 1u);  // "there is no transaction in progress"
  connection->execute("BEGIN");      // a script's own BEGIN is seen too
  BOOST_TEST(connection->in_transaction());
  connection->rollback();
  BOOST_TEST(!connection->in_transaction());
}

BOOST_AUTO_TEST_CASE(malformed_url_is_a_config_error) {
  const auto plugin = load_plugin();
  try {
    plugin->registrar.drivers.front()->connect("postgresql://u:Hidden%zz@h/db", {});
    BOOST_ERROR("no error");
  } catch (const migctl::DatabaseError& e) {
    BOOST_TEST(static_cast<int>(e.code()) == static_cast<int>(migctl::ExitCode::config));
    BOOST_TEST(std::string(e.what()).find("Hidden") == std::string::npos, e.what());
  }
}

BOOST_AUTO_TEST_SUITE_END()
