#include "driver_conformance.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <optional>
#include <regex>
#include <thread>

#include "migctl/error.hpp"

namespace migctl::conformance {
namespace {

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
bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// Runs `action`, which must throw migctl::DatabaseError; anything else (a library's own
// exception type included) fails the test.
template <class Action>
std::optional<DatabaseError> expect_database_error(const char* what, Action action) {
  try {
    action();
    BOOST_ERROR(what << ": no exception");
  } catch (const DatabaseError& e) {
    return e;
  } catch (const std::exception& e) {
    BOOST_ERROR(what << ": not a migctl::DatabaseError: " << e.what());
  } catch (...) {
    BOOST_ERROR(what << ": a non-standard exception escaped the driver");
  }
  return std::nullopt;
}

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

bool table_exists(Connection& connection, const std::string& qualified) {
  const ResultSet result = connection.query("SELECT to_regclass($1) IS NOT NULL", {qualified});
  return result.rows.at(0).at(0) == Value("t");
}

struct Fixture {
  Driver& driver;
  std::string url;
  std::string schema;  // quoted
  std::vector<std::string> notices;
  std::unique_ptr<Connection> connection;

  Fixture(Driver& d, std::string u) : driver(d), url(std::move(u)) {
    schema = driver.dialect().quote_identifier("migctl_conformance_" + std::to_string(::getpid()));
    ConnectOptions options;
    options.application_name = "migctl conformance";
    options.on_notice = [this](const std::string& notice) { notices.push_back(notice); };
    connection = driver.connect(url, options);
    connection->execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    connection->execute("CREATE SCHEMA " + schema);
  }
  ~Fixture() {
    try {
      connection->rollback();
      connection->execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    } catch (const std::exception& e) {
      BOOST_TEST_MESSAGE("cleanup failed: " << e.what());
    }
  }
  std::string table(const std::string& name) const {
    return schema + "." + driver.dialect().quote_identifier(name);
  }
};

void check_identity(Fixture& f) {
  BOOST_TEST_CHECKPOINT("identity");
  BOOST_TEST(!f.driver.name().empty());
  const auto schemes = f.driver.schemes();
  const std::string scheme = f.url.substr(0, f.url.find("://"));
  BOOST_TEST((std::find(schemes.begin(), schemes.end(), scheme) != schemes.end()),
             "the driver does not claim the test URL's scheme " << scheme);
  BOOST_TEST(f.driver.dialect().quote_identifier("a\"b") == "\"a\"\"b\"");
  BOOST_TEST(f.driver.dialect().quote_literal("it's") == "'it''s'");
}

void check_server_info(Fixture& f) {
  BOOST_TEST_CHECKPOINT("server_info");
  const ServerInfo info = f.connection->server_info();
  const ResultSet expected = f.connection->query("SELECT current_database(), current_user");
  BOOST_TEST(info.database == expected.rows.at(0).at(0).value());
  BOOST_TEST(info.user == expected.rows.at(0).at(1).value());
  BOOST_TEST(std::regex_match(info.server_version, std::regex(R"(\d+(\.\d+)*)")),
             "server_version " << info.server_version);
  BOOST_TEST(info.user == url_user(f.url));
  const ResultSet application = f.connection->query("SELECT current_setting('application_name')");
  BOOST_TEST(application.rows.at(0).at(0) == Value("migctl conformance"));
}

void check_execute_and_errors(Fixture& f) {
  BOOST_TEST_CHECKPOINT("execute");
  const std::string items = f.table("items");
  f.connection->execute("CREATE TABLE " + items + " (id integer PRIMARY KEY, name text)");
  BOOST_TEST(table_exists(*f.connection, items));
  // Statements that return rows are fine; the rows are discarded.
  f.connection->execute("SELECT * FROM " + items);

  const std::string bad = "SELECT 1;\nCREAT TABLE nope (x int)";
  if (auto e = expect_database_error("syntax error", [&] { f.connection->execute(bad); })) {
    BOOST_TEST(e->sqlstate() == "42601");
    BOOST_TEST(e->statement() == bad);
    BOOST_TEST(code(e->code()) == code(ExitCode::migration_failed));
    BOOST_TEST(contains(e->what(), "syntax error"), e->what());
  }
  if (auto e = expect_database_error("missing table", [&] {
        f.connection->query("SELECT * FROM " + f.table("no_such_table"));
      })) {
    BOOST_TEST(e->sqlstate() == "42P01");
  }
  // The connection stays usable after errors outside a transaction.
  BOOST_TEST(f.connection->query("SELECT 1").rows.size() == 1u);
}

void check_query_parameters(Fixture& f) {
  BOOST_TEST_CHECKPOINT("query");
  const std::string items = f.table("items");
  const std::string tricky = "it's \"quoted\" \\ $1 ; --";
  const ResultSet inserted =
      f.connection->query("INSERT INTO " + items + " (id, name) VALUES ($1, $2), ($3, $4)",
                          {Value("1"), Value(tricky), Value("2"), std::nullopt});
  BOOST_TEST(inserted.rows.empty());
  const ResultSet rows =
      f.connection->query("SELECT id, name FROM " + items + " WHERE id >= $1 ORDER BY id", {"1"});
  BOOST_TEST((rows.columns == std::vector<std::string>{"id", "name"}));
  BOOST_REQUIRE(rows.rows.size() == 2u);
  BOOST_TEST(rows.rows[0][0] == Value("1"));
  BOOST_TEST(rows.rows[0][1] == Value(tricky));
  BOOST_TEST(rows.rows[1][0] == Value("2"));
  BOOST_TEST(!rows.rows[1][1].has_value(), "NULL came back as a value");
  const ResultSet null_param = f.connection->query("SELECT $1::text IS NULL", {std::nullopt});
  BOOST_TEST(null_param.rows.at(0).at(0) == Value("t"));
  const ResultSet empty = f.connection->query("SELECT '' AS e, NULL AS n");
  BOOST_TEST(empty.rows.at(0).at(0) == Value(""));
  BOOST_TEST(!empty.rows.at(0).at(1).has_value());
}

void check_transactions(Fixture& f) {
  BOOST_TEST_CHECKPOINT("transactions");
  Connection& c = *f.connection;
  BOOST_TEST(!c.in_transaction());
  c.rollback();  // none open: does nothing, does not throw
  BOOST_TEST(!c.in_transaction());

  const std::string rolled = f.table("rolled_back");
  c.begin();
  BOOST_TEST(c.in_transaction());
  expect_database_error("begin while open", [&] { c.begin(); });
  BOOST_TEST(c.in_transaction());
  c.execute("CREATE TABLE " + rolled + " (x int)");
  BOOST_TEST(table_exists(c, rolled));
  c.rollback();
  BOOST_TEST(!c.in_transaction());
  BOOST_TEST(!table_exists(c, rolled), "rollback did not undo DDL");

  const std::string kept = f.table("committed");
  c.begin();
  c.execute("CREATE TABLE " + kept + " (x int)");
  c.commit();
  BOOST_TEST(!c.in_transaction());
  BOOST_TEST(table_exists(c, kept), "commit lost DDL");

  // A failed statement poisons the transaction: commit must not report success.
  const std::string doomed = f.table("doomed");
  c.begin();
  c.execute("CREATE TABLE " + doomed + " (x int)");
  expect_database_error("failing statement", [&] { c.execute("SELECT 1/0"); });
  expect_database_error("commit after a failure", [&] { c.commit(); });
  c.rollback();
  BOOST_TEST(!c.in_transaction());
  BOOST_TEST(!table_exists(c, doomed));
}

void check_row_counts(Fixture& f) {
  BOOST_TEST_CHECKPOINT("row counts");
  Connection& c = *f.connection;
  const std::string counted = f.table("counted");
  BOOST_TEST(c.execute("CREATE TABLE " + counted + " (x int)") == 0u);
  BOOST_TEST(c.execute("INSERT INTO " + counted + " VALUES (1), (2), (3)") == 3u);
  BOOST_TEST(c.execute("UPDATE " + counted + " SET x = x + 10 WHERE x >= 2") == 2u);
  BOOST_TEST(c.execute("DELETE FROM " + counted + " WHERE x = 99") == 0u);
  BOOST_TEST(c.execute("DELETE FROM " + counted) == 3u);
}

void check_locks(Fixture& f) {
  BOOST_TEST_CHECKPOINT("locks");
  const std::string table = "conformance_lock_" + std::to_string(::getpid());
  auto second = f.driver.connect(f.url, {});
  auto second_lock = second->migration_lock(table);
  {
    auto first = f.driver.connect(f.url, {});
    auto first_lock = first->migration_lock(table);
    BOOST_TEST(first_lock->try_acquire());
    BOOST_TEST(first_lock->try_acquire(), "the holder must get it again");
    BOOST_TEST(!second_lock->try_acquire(), "a second session got a held lock");
    BOOST_TEST(!second_lock->describe_holder().empty());
    first->begin();
    first_lock->verify();  // held: returns
    first->rollback();
    first_lock->release();
    first->begin();
    try {
      first_lock->verify();
      BOOST_ERROR("verify() passed after release()");
    } catch (const Error& e) {
      BOOST_TEST(code(e.code()) == code(ExitCode::temporary));
      BOOST_TEST(contains(e.what(), "lost the migration lock"), e.what());
    }
    first->rollback();
    BOOST_TEST(second_lock->try_acquire(), "release() did not release the lock");
    second_lock->release();
    BOOST_TEST(first_lock->try_acquire());
    BOOST_TEST(!second_lock->try_acquire());
  }  // first closes while holding the lock (its lock object released it first)
  {
    // A holder whose session ends without release() (a crash, an admin's kill): the server
    // frees the lock with the session.
    auto third = f.driver.connect(f.url, {});
    auto third_lock = third->migration_lock(table);
    bool taken = false;
    for (int attempt = 0; attempt < 250 && !taken; ++attempt) {
      taken = third_lock->try_acquire();
      if (!taken) std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    BOOST_TEST_REQUIRE(taken);
    BOOST_TEST(!second_lock->try_acquire());
    const Value pid = third->query("SELECT pg_backend_pid()::text").rows.at(0).at(0);
    second->query("SELECT pg_terminate_backend($1::int)", {pid});
  }  // third_lock's release() on the dead session must not throw
  // The server releases it when the closed session's backend exits, just after the client
  // hangs up: poll briefly.
  bool acquired = false;
  for (int attempt = 0; attempt < 250 && !acquired; ++attempt) {
    acquired = second_lock->try_acquire();
    if (!acquired) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  BOOST_TEST(acquired, "closing the connection did not release its lock within 5 s");
  second_lock->release();
}

void check_notices(Fixture& f) {
  BOOST_TEST_CHECKPOINT("notices");
  f.notices.clear();
  StderrCapture capture;
  f.connection->execute("DO $$BEGIN RAISE NOTICE 'conformance notice'; END$$");
  f.connection->execute("CREATE SCHEMA IF NOT EXISTS " + f.schema);  // a server NOTICE
  {
    auto silent = f.driver.connect(f.url, {});  // no on_notice: notices are dropped
    silent->execute("DO $$BEGIN RAISE WARNING 'dropped warning'; END$$");
  }
  const std::string stderr_text = capture.read();
  BOOST_TEST(stderr_text.empty(), "notices reached stderr: " << stderr_text);
  BOOST_REQUIRE(f.notices.size() == 2u);
  BOOST_TEST(contains(f.notices[0], "conformance notice"), f.notices[0]);
  BOOST_TEST(contains(f.notices[1], "already exists"), f.notices[1]);
}

void check_connection_failures(Fixture& f) {
  BOOST_TEST_CHECKPOINT("connection failures");
  const std::string wrong = "wrong pw'@x";
  const std::string wrong_url = with_credentials(f.url, url_user(f.url), wrong);
  if (auto e = expect_database_error("wrong password", [&] { f.driver.connect(wrong_url, {}); })) {
    BOOST_TEST(code(e->code()) == code(ExitCode::permission), e->what());
    for (const std::string& secret : {wrong, percent_encode(wrong)}) {
      BOOST_TEST(!contains(e->what(), secret), "message reveals the password: " << e->what());
      BOOST_TEST(!contains(e->hint(), secret));
    }
    BOOST_TEST(contains(e->what(), url_user(f.url)), e->what());
  }

  const int port = closed_port();
  ConnectOptions quick;
  quick.connect_timeout_seconds = 5;
  if (auto e = expect_database_error("closed port", [&] {
        f.driver.connect(with_host_port(f.url, "127.0.0.1", port), quick);
      })) {
    BOOST_TEST(code(e->code()) == code(ExitCode::unavailable), e->what());
    BOOST_TEST(contains(e->what(), "127.0.0.1:" + std::to_string(port)), e->what());
    BOOST_TEST(!e->hint().empty());
  }
}

}  // namespace

void run_driver_conformance(Driver& driver, const std::string& url) {
  Fixture fixture(driver, url);
  check_identity(fixture);
  check_server_info(fixture);
  check_execute_and_errors(fixture);
  check_query_parameters(fixture);
  check_transactions(fixture);
  check_row_counts(fixture);
  check_locks(fixture);
  check_notices(fixture);
  check_connection_failures(fixture);
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

std::string with_credentials(const std::string& url, const std::string& user,
                             const std::string& password) {
  const UrlParts parts = split(url);
  return parts.prefix + percent_encode(user) + ":" + percent_encode(password) + "@" +
         parts.hostport + parts.rest;
}

std::string url_user(const std::string& url) {
  const UrlParts parts = split(url);
  return percent_decode(parts.userinfo.substr(0, parts.userinfo.find(':')));
}

std::string with_host_port(const std::string& url, const std::string& host, int port) {
  const UrlParts parts = split(url);
  return parts.prefix + (parts.userinfo.empty() ? "" : parts.userinfo + "@") + host + ":" +
         std::to_string(port) + parts.rest;
}

}  // namespace migctl::conformance
