// The built postgresql.so, loaded as migctl loads it: the shared conformance suite against
// MIGCTL_TEST_DATABASE_URL, then what is PostgreSQL's own: who the session is, notices,
// authentication and connection failures, passwords Poco's connector cannot carry, error
// positions, COMMIT failures.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <optional>
#include <thread>

#include "conformance/driver_conformance.hpp"
#include "conformance/expect_database_error.hpp"
#include "loaded_driver.hpp"
#include "migctl/error.hpp"
#include "text_contains.hpp"

#ifndef MIGCTL_PG_PLUGIN_PATH
#error "MIGCTL_PG_PLUGIN_PATH must name the built postgresql plugin"
#endif

namespace {

using namespace migctl;

struct UrlParts {
  std::string prefix;    // "scheme://"
  std::string userinfo;  // without '@'; empty when absent
  std::string hostport;
  std::string rest;  // "/database?query"
};

UrlParts split(const std::string& url) {
  const auto scheme_end = url.find("://");
  BOOST_REQUIRE_MESSAGE(scheme_end != std::string::npos, "the test URL has no scheme://");
  UrlParts parts;
  parts.prefix = url.substr(0, scheme_end + 3);
  const auto authority_end = url.find_first_of("/?", scheme_end + 3);
  const std::string authority = url.substr(scheme_end + 3, authority_end - scheme_end - 3);
  parts.rest = authority_end == std::string::npos ? "" : url.substr(authority_end);
  const auto at = authority.rfind('@');
  if (at != std::string::npos) parts.userinfo = authority.substr(0, at);
  parts.hostport = at == std::string::npos ? authority : authority.substr(at + 1);
  return parts;
}

std::string percent_decode(const std::string& text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size()) {
      out += static_cast<char>(std::stoi(text.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

int code(ExitCode c) {
  return static_cast<int>(c);
}
using migctl_test::contains;

using migctl::conformance::expect_database_error;

// Redirects file descriptor 2 into a temporary file until read().
class StderrCapture {
 public:
  StderrCapture() : file_(std::tmpfile()) {
    std::fflush(stderr);
    saved_ = ::dup(2);
    ::dup2(::fileno(file_), 2);
  }
  ~StderrCapture() {
    if (saved_ >= 0) restore();
    std::fclose(file_);
  }
  StderrCapture(const StderrCapture&) = delete;
  StderrCapture& operator=(const StderrCapture&) = delete;

  std::string read() {
    restore();
    std::string text;
    std::rewind(file_);
    for (int c = std::fgetc(file_); c != EOF; c = std::fgetc(file_)) text += static_cast<char>(c);
    return text;
  }

 private:
  void restore() {
    std::fflush(stderr);
    ::dup2(saved_, 2);
    ::close(saved_);
    saved_ = -1;
  }
  std::FILE* file_;
  int saved_ = -1;
};

// A TCP port on 127.0.0.1 with nothing listening (bound, then released).
int closed_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  BOOST_REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
  BOOST_REQUIRE(::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0);
  ::close(fd);
  return ntohs(address.sin_port);
}

std::string percent_encode(const std::string& text) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

// The URL with its user info replaced by `user`:`password` (both encoded here).
std::string with_credentials(const std::string& url, const std::string& user,
                             const std::string& password) {
  const UrlParts parts = split(url);
  return parts.prefix + percent_encode(user) + ":" + percent_encode(password) + "@" +
         parts.hostport + parts.rest;
}

// The URL's user name, decoded.
std::string url_user(const std::string& url) {
  const UrlParts parts = split(url);
  return percent_decode(parts.userinfo.substr(0, parts.userinfo.find(':')));
}

// The URL with host and port replaced.
std::string with_host_port(const std::string& url, const std::string& host, int port) {
  const UrlParts parts = split(url);
  return parts.prefix + (parts.userinfo.empty() ? "" : parts.userinfo + "@") + host + ":" +
         std::to_string(port) + parts.rest;
}

std::unique_ptr<conformance::LoadedDriver> load() {
  return conformance::load_driver(MIGCTL_PG_PLUGIN_PATH);
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
  const auto plugin = load();
  BOOST_TEST(plugin->driver().name() == "postgresql");
  BOOST_TEST((plugin->driver().schemes() == std::vector<std::string>{"postgresql", "postgres"}));
}

BOOST_AUTO_TEST_CASE(conformance) {
  const auto plugin = load();
  migctl::conformance::Target target;
  target.driver = &plugin->driver();
  target.url = test_url();
  target.lose_lock = [](Connection& holder, const std::string&) {
    holder.execute("SELECT pg_advisory_unlock_all()");
  };
  migctl::conformance::run_driver_conformance(target);
}

BOOST_AUTO_TEST_CASE(session_identity) {
  const std::string url = test_url();
  const auto plugin = load();
  ConnectOptions options;
  options.application_name = "migctl conformance";
  auto connection = plugin->driver().connect(url, options);
  const ServerInfo info = connection->server_info();
  const ResultSet expected = connection->query("SELECT current_database(), current_user");
  BOOST_TEST(info.database == expected.rows.at(0).at(0).value());
  BOOST_TEST(info.user == expected.rows.at(0).at(1).value());
  BOOST_TEST(info.user == url_user(url));
  BOOST_TEST(info.product == "PostgreSQL");
  const ResultSet application = connection->query("SELECT current_setting('application_name')");
  BOOST_TEST(application.rows.at(0).at(0) == Value("migctl conformance"));
}

BOOST_AUTO_TEST_CASE(notices_reach_the_callback_never_stderr) {
  const std::string url = test_url();
  const auto plugin = load();
  Driver& driver = plugin->driver();
  std::vector<std::string> notices;
  ConnectOptions options;
  options.on_notice = [&](const std::string& notice) { notices.push_back(notice); };
  auto connection = driver.connect(url, options);
  StderrCapture capture;
  connection->execute("DO $$BEGIN RAISE NOTICE 'conformance notice'; END$$");
  connection->execute("CREATE TEMP TABLE IF NOT EXISTS notice_probe (x int)");
  connection->execute("CREATE TEMP TABLE IF NOT EXISTS notice_probe (x int)");  // a server NOTICE
  {
    auto silent = driver.connect(url, {});  // no on_notice: notices are dropped
    silent->execute("DO $$BEGIN RAISE WARNING 'dropped warning'; END$$");
  }
  const std::string stderr_text = capture.read();
  BOOST_TEST(stderr_text.empty(), "notices reached stderr: " << stderr_text);
  BOOST_REQUIRE(notices.size() == 2u);
  BOOST_TEST(contains(notices[0], "conformance notice"), notices[0]);
  BOOST_TEST(contains(notices[1], "already exists"), notices[1]);
}

BOOST_AUTO_TEST_CASE(connection_failures) {
  const std::string url = test_url();
  const auto plugin = load();
  Driver& driver = plugin->driver();
  const std::string wrong = "wrong pw'@x";
  const std::string wrong_url = with_credentials(url, url_user(url), wrong);
  if (auto e = expect_database_error("wrong password", [&] { driver.connect(wrong_url, {}); })) {
    BOOST_TEST(code(e->code()) == code(ExitCode::permission), e->what());
    for (const std::string& secret : {wrong, percent_encode(wrong)}) {
      BOOST_TEST(!contains(e->what(), secret), "message reveals the password: " << e->what());
      BOOST_TEST(!contains(e->hint(), secret));
    }
    BOOST_TEST(contains(e->what(), url_user(url)), e->what());
  }
  const int port = closed_port();
  ConnectOptions quick;
  quick.connect_timeout_seconds = 5;
  if (auto e = expect_database_error(
          "closed port", [&] { driver.connect(with_host_port(url, "127.0.0.1", port), quick); })) {
    BOOST_TEST(code(e->code()) == code(ExitCode::unavailable), e->what());
    BOOST_TEST(contains(e->what(), "127.0.0.1:" + std::to_string(port)), e->what());
    BOOST_TEST(!e->hint().empty());
  }
}

// A holder whose session ends without release() (a crash, an admin's kill): the server frees
// the lock with the session, and release() on the dead session does not throw.
BOOST_AUTO_TEST_CASE(a_terminated_session_frees_the_lock) {
  const std::string url = test_url();
  const auto plugin = load();
  Driver& driver = plugin->driver();
  const std::string table = "conformance_lock_" + std::to_string(::getpid());
  auto second = driver.connect(url, {});
  auto second_lock = second->migration_lock(table);
  {
    auto third = driver.connect(url, {});
    auto third_lock = third->migration_lock(table);
    BOOST_TEST_REQUIRE(third_lock->try_acquire());
    BOOST_TEST(!second_lock->try_acquire());
    const Value pid = third->query("SELECT pg_backend_pid()::text").rows.at(0).at(0);
    second->query("SELECT pg_terminate_backend($1::int)", {pid});
  }  // third_lock's release() on the dead session must not throw
  bool acquired = false;
  for (int attempt = 0; attempt < 250 && !acquired; ++attempt) {
    acquired = second_lock->try_acquire();
    if (!acquired) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  BOOST_TEST(acquired, "the terminated session's lock was not free within 5 s");
  second_lock->release();
}

// A failed statement aborts a PostgreSQL transaction: COMMIT must not report success.
BOOST_AUTO_TEST_CASE(commit_after_a_failed_statement_fails) {
  const auto plugin = load();
  auto c = plugin->driver().connect(test_url(), {});
  c->begin();
  expect_database_error("failing statement", [&] { c->execute("SELECT 1/0"); });
  expect_database_error("commit after a failure", [&] { c->commit(); });
  c->rollback();
  BOOST_TEST(!c->in_transaction());
}

// Poco's connector splits its connection string on spaces; such values must still arrive.
BOOST_AUTO_TEST_CASE(password_with_space_quote_and_at_sign) {
  const std::string url = test_url();
  const auto plugin = load();
  migctl::Driver& driver = plugin->driver();
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
    const auto connection = driver.connect(with_credentials(url, role, password), options);
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
  const auto plugin = load();
  auto connection = plugin->driver().connect(url, {});
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
  const auto plugin = load();
  auto connection = plugin->driver().connect(url, {});
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
  const auto plugin = load();
  std::vector<std::string> notices;
  migctl::ConnectOptions options;
  options.on_notice = [&](const std::string& n) { notices.push_back(n); };
  auto connection = plugin->driver().connect(url, options);
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

// What the parser says of each statement (TransactionUse, from libpg_query's tree) is what
// the server does: `refuses` statements fail inside a transaction block with 25001 before
// touching anything, `needs` statements run in one. Objects live in a schema of this run.
BOOST_AUTO_TEST_CASE(transaction_use_is_what_the_server_does) {
  const std::string url = test_url();
  const auto plugin = load();
  const migctl::Dialect& dialect = plugin->driver().dialect();
  auto connection = plugin->driver().connect(url, {});
  const std::string schema = "parse_" + std::to_string(::getpid());
  const std::string database =
      connection->query("SELECT current_database()").rows.at(0).at(0).value_or("");
  connection->execute(
      "CREATE SCHEMA " + schema + "; SET search_path = " + schema +
      "; CREATE TABLE t (a int); CREATE INDEX i ON t (a);"
      " CREATE TABLE p (a int) PARTITION BY LIST (a);"
      " CREATE TABLE p1 PARTITION OF p FOR VALUES IN (1);"
      " CREATE TYPE mood AS ENUM ('ok'); CREATE MATERIALIZED VIEW m AS SELECT 1 AS a;"
      " CREATE UNIQUE INDEX m_a ON m (a)");
  struct DropSchema {
    migctl::Connection& c;
    std::string schema;
    ~DropSchema() {
      try {
        c.rollback();
        c.execute("DROP SCHEMA " + schema + " CASCADE");
      } catch (const std::exception& e) {
        BOOST_TEST_MESSAGE("cleanup of " << schema << " failed: " << e.what());
      }
    }
  } drop{*connection, schema};

  auto use_of = [&](const std::string& sql) {
    const auto statements = dialect.parse_script(sql);
    BOOST_REQUIRE_EQUAL(statements.size(), 1u);
    return statements.front().transaction;
  };
  for (const std::string& sql : std::vector<std::string>{
           "CREATE INDEX CONCURRENTLY ci ON t (a)",
           "DROP INDEX CONCURRENTLY i",
           "REINDEX INDEX CONCURRENTLY i",
           "REINDEX (CONCURRENTLY) TABLE t",
           "REINDEX SCHEMA " + schema,
           "REINDEX SYSTEM " + database,
           "REINDEX DATABASE " + database,
           "VACUUM",
           "VACUUM ANALYZE t",
           "CREATE DATABASE " + schema,
           "DROP DATABASE IF EXISTS " + schema,
           "ALTER DATABASE " + database + " SET TABLESPACE pg_default",
           "CREATE TABLESPACE " + schema + " LOCATION '/nonexistent'",
           "DROP TABLESPACE IF EXISTS " + schema,
           "ALTER SYSTEM SET work_mem = '64MB'",
           "CREATE SUBSCRIPTION " + schema + " CONNECTION 'host=/nonexistent' PUBLICATION p",
           "CLUSTER",
           "DISCARD ALL",
           "ALTER TABLE p DETACH PARTITION p1 CONCURRENTLY",
           "COMMIT PREPARED 'none'",
       }) {
    BOOST_TEST((use_of(sql) == migctl::TransactionUse::refuses), sql);
    connection->begin();
    if (auto e = migctl::conformance::expect_database_error(sql.c_str(),
                                                            [&] { connection->execute(sql); })) {
      BOOST_TEST(e->sqlstate() == "25001", sql << ": " << e->what());
    }
    connection->rollback();
  }
  for (const std::string& sql : std::vector<std::string>{
           "CREATE INDEX ci ON t (a)",
           "DROP INDEX i",
           "REINDEX INDEX i",
           "REINDEX (CONCURRENTLY false) TABLE t",
           "ANALYZE t",
           "CLUSTER t USING i",
           "DISCARD PLANS",
           "ALTER TABLE p DETACH PARTITION p1",
           "ALTER TYPE mood ADD VALUE 'meh'",
           "REFRESH MATERIALIZED VIEW CONCURRENTLY m",
           "ALTER DATABASE " + database + " SET work_mem = '1MB'",
           "SAVEPOINT a",
       }) {
    BOOST_TEST((use_of(sql) == migctl::TransactionUse::needs), sql);
    connection->begin();
    try {
      connection->execute(sql);
    } catch (const std::exception& e) {
      BOOST_ERROR(sql << " failed in a transaction: " << e.what());
    }
    connection->rollback();
  }
}

BOOST_AUTO_TEST_CASE(malformed_url_is_a_config_error) {
  const auto plugin = load();
  try {
    plugin->driver().connect("postgresql://u:Hidden%zz@h/db", {});
    BOOST_ERROR("no error");
  } catch (const migctl::DatabaseError& e) {
    BOOST_TEST(static_cast<int>(e.code()) == static_cast<int>(migctl::ExitCode::config));
    BOOST_TEST(std::string(e.what()).find("Hidden") == std::string::npos, e.what());
  }
}

BOOST_AUTO_TEST_SUITE_END()
