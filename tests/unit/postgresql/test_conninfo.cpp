#include <libpq-fe.h>

#include <boost/test/unit_test.hpp>
#include <memory>

#include "conninfo.hpp"
#include "migctl/error.hpp"
#include "pg_url.hpp"

using migctl::pg::Params;

namespace {

const char* const kPassword = "Sup3rSecret";

// The parameters libpq reads back from a conninfo string.
Params parse_conninfo(const std::string& conninfo) {
  char* error = nullptr;
  std::unique_ptr<PQconninfoOption, decltype(&PQconninfoFree)> options(
      PQconninfoParse(conninfo.c_str(), &error), &PQconninfoFree);
  if (!options) {
    const std::string message = error ? error : "?";
    PQfreemem(error);
    BOOST_FAIL("libpq rejected " << conninfo << ": " << message);
  }
  Params params;
  for (auto* option = options.get(); option->keyword; ++option) {
    if (option->val) params[option->keyword] = option->val;
  }
  return params;
}

// Asserts `url` is rejected as a config error whose message shows the expected form and hides
// every spelling of the password.
void expect_malformed(const std::string& url, const std::vector<std::string>& hidden,
                      const std::string& mentions = {}) {
  BOOST_TEST_CONTEXT("url: " << url) {
    try {
      migctl::pg::uri_to_params(url);
      BOOST_ERROR("accepted a malformed URL");
    } catch (const migctl::DatabaseError& e) {
      const std::string message = e.what();
      BOOST_TEST(static_cast<int>(e.code()) == static_cast<int>(migctl::ExitCode::config));
      BOOST_TEST(message.find("postgresql://user:password@host:port/database") !=
                 std::string::npos);
      for (const auto& secret : hidden) {
        BOOST_TEST(message.find(secret) == std::string::npos, "message reveals " << secret);
        BOOST_TEST(e.hint().find(secret) == std::string::npos);
      }
      if (!mentions.empty()) BOOST_TEST(message.find(mentions) != std::string::npos);
    }
  }
}

}  // namespace

BOOST_AUTO_TEST_SUITE(conninfo)

BOOST_AUTO_TEST_CASE(full_url) {
  const Params params = migctl::pg::uri_to_params(
      "postgresql://alice:s3cret@db.example.com:6543/app?sslmode=require&application_name=x");
  const Params expected = {
      {"user", "alice"}, {"password", "s3cret"}, {"host", "db.example.com"}, {"port", "6543"},
      {"dbname", "app"}, {"sslmode", "require"}, {"application_name", "x"}};
  BOOST_TEST(params == expected);
}

BOOST_AUTO_TEST_CASE(postgres_scheme_and_case) {
  const Params expected = {{"host", "h"}, {"dbname", "d"}};
  BOOST_TEST(migctl::pg::uri_to_params("postgres://h/d") == expected);
  BOOST_TEST(migctl::pg::uri_to_params("PostgreSQL://h/d") == expected);
}

BOOST_AUTO_TEST_CASE(percent_encoded_parts_are_decoded) {
  const Params params =
      migctl::pg::uri_to_params("postgresql://al%40ice:p%40ss%3Aw%2Fo%20rd%25'%5C@h/my%20db");
  BOOST_TEST(params.at("user") == "al@ice");
  BOOST_TEST(params.at("password") == "p@ss:w/o rd%'\\");
  BOOST_TEST(params.at("dbname") == "my db");
}

BOOST_AUTO_TEST_CASE(ipv6_host) {
  const Params params = migctl::pg::uri_to_params("postgresql://u@[::1]:5433/db");
  BOOST_TEST(params.at("host") == "::1");
  BOOST_TEST(params.at("port") == "5433");
}

BOOST_AUTO_TEST_CASE(unix_socket) {
  const Params query = migctl::pg::uri_to_params("postgresql:///db?host=/var/run/postgresql");
  BOOST_TEST(query.at("host") == "/var/run/postgresql");
  BOOST_TEST(query.at("dbname") == "db");
  BOOST_TEST(query.count("user") == 0u);
  const Params encoded = migctl::pg::uri_to_params("postgresql://%2Ftmp%2Fsock:6000/db");
  BOOST_TEST(encoded.at("host") == "/tmp/sock");
  BOOST_TEST(encoded.at("port") == "6000");
}

BOOST_AUTO_TEST_CASE(missing_parts_are_absent) {
  BOOST_TEST(migctl::pg::uri_to_params("postgresql://").empty());
  const Params host_only = migctl::pg::uri_to_params("postgresql://localhost");
  BOOST_TEST((host_only == Params{{"host", "localhost"}}));
  const Params no_password = migctl::pg::uri_to_params("postgresql://bob@h:1/");
  BOOST_TEST((no_password == Params{{"user", "bob"}, {"host", "h"}, {"port", "1"}}));
  // libpq drops an empty password: PGPASSWORD or ~/.pgpass then apply.
  const Params empty_password = migctl::pg::uri_to_params("postgresql://bob:@h");
  BOOST_TEST((empty_password == Params{{"user", "bob"}, {"host", "h"}}));
}

BOOST_AUTO_TEST_CASE(multiple_hosts) {
  const Params params = migctl::pg::uri_to_params("postgresql://h1:5432,h2:5433/db");
  BOOST_TEST(params.at("host") == "h1,h2");
  BOOST_TEST(params.at("port") == "5432,5433");
}

BOOST_AUTO_TEST_CASE(sslmode_is_preserved) {
  BOOST_TEST(migctl::pg::uri_to_params("postgresql://h/db?sslmode=require").at("sslmode") ==
             "require");
  BOOST_TEST(migctl::pg::uri_to_params("postgresql://h/db?sslmode=verify-full").at("sslmode") ==
             "verify-full");
}

BOOST_AUTO_TEST_CASE(malformed_urls_are_config_errors_without_the_password) {
  const std::string pw = kPassword;
  expect_malformed("postgresql://u:" + pw + "@h:abc/db", {pw}, "port");
  expect_malformed("postgresql://u:" + pw + "@h:0/db", {pw}, "port");
  expect_malformed("postgresql://u:" + pw + "@h:70000/db", {pw}, "port");
  expect_malformed("postgresql://u:" + pw + "%zz@h/db", {pw, pw + "%zz"}, "percent");
  expect_malformed("postgresql://u:" + pw + "@h/db?foo=1", {pw}, "\"foo\"");
  expect_malformed("postgresql://u:" + pw + "@h/db?sslmode=bogus", {pw}, "sslmode");
  expect_malformed("postgresql://u:" + pw + "@h/db?sslmode", {pw}, "'='");
  expect_malformed("postgresql://u:" + pw + "@[::1/db", {pw}, "IPv6");
  expect_malformed("mysql://u:" + pw + "@h/db", {pw});
  expect_malformed("u:" + pw + "@h/db", {pw});
  // An unencoded '@' or '/' in the password: the parts libpq then reads as host or port are
  // fragments of the password and must not be echoed either.
  expect_malformed("postgresql://u:Sup3r@Secret@h/db", {"Sup3r@Secret", "Secret@h", "Sup3r"},
                   "'@'");
  expect_malformed("postgresql://u:Sup3r/Secret@h/db", {"Sup3r", "Secret"});
  // A password in the query string, with bad percent-encoding.
  expect_malformed("postgresql://h/db?password=" + pw + "%zz", {pw});
}

BOOST_AUTO_TEST_CASE(unknown_parameter_name_is_hidden_when_it_is_part_of_the_password) {
  // "&Sup3rSecret" looks like a parameter to libpq; naming it would leak the password's tail.
  expect_malformed("postgresql://h/db?password=x&Sup3rSecret=1", {"Sup3rSecret"});
}

BOOST_AUTO_TEST_CASE(conninfo_quoting) {
  BOOST_TEST(migctl::pg::conninfo_quote("plain") == "'plain'");
  BOOST_TEST(migctl::pg::conninfo_quote("a b") == "'a b'");
  BOOST_TEST(migctl::pg::conninfo_quote("it's") == "'it\\'s'");
  BOOST_TEST(migctl::pg::conninfo_quote("back\\slash") == "'back\\\\slash'");
  BOOST_TEST(migctl::pg::conninfo_quote("") == "''");
}

BOOST_AUTO_TEST_CASE(params_to_conninfo_round_trips_through_libpq) {
  const Params params = {{"user", "o'brien"},
                         {"password", "a b'c\\d @x=y"},
                         {"dbname", "my db"},
                         {"host", "/tmp/s"},
                         {"application_name", ""}};
  const std::string conninfo = migctl::pg::params_to_conninfo(params);
  BOOST_TEST(conninfo.find("user='o\\'brien'") != std::string::npos);
  BOOST_TEST(parse_conninfo(conninfo) == params);
}

BOOST_AUTO_TEST_CASE(poco_spec_moves_values_with_spaces_to_the_environment) {
  const Params params = {{"user", "u"},
                         {"password", "a b'c@d"},
                         {"host", "localhost"},
                         {"application_name", "migctl upgrade"},
                         {"dbname", "it's\\db"}};
  const auto spec = migctl::pg::poco_connect_spec(params);
  const std::map<std::string, std::string> env = {{"PGPASSWORD", "a b'c@d"},
                                                  {"PGAPPNAME", "migctl upgrade"}};
  BOOST_TEST(spec.env == env);
  BOOST_TEST(spec.connection_string.find("a b") == std::string::npos);

  // Split the string the way Poco 1.11 does (on every ' ', each piece needs '='), then let
  // libpq parse what Poco passes on: the values must come back unchanged.
  std::string rebuilt;
  std::size_t start = 0;
  while (start <= spec.connection_string.size()) {
    const auto end =
        std::min(spec.connection_string.find(' ', start), spec.connection_string.size());
    const std::string piece = spec.connection_string.substr(start, end - start);
    BOOST_TEST(piece.find('=') != std::string::npos, "piece without '=': " << piece);
    rebuilt += piece + " ";
    start = end + 1;
  }
  const Params carried = {{"user", "u"}, {"host", "localhost"}, {"dbname", "it's\\db"}};
  BOOST_TEST(parse_conninfo(rebuilt) == carried);
}

BOOST_AUTO_TEST_CASE(poco_spec_rejects_a_space_it_cannot_carry) {
  try {
    migctl::pg::poco_connect_spec({{"host", "h"}, {"sslpassword", "key pass"}});
    BOOST_ERROR("accepted a space in sslpassword");
  } catch (const migctl::DatabaseError& e) {
    BOOST_TEST(static_cast<int>(e.code()) == static_cast<int>(migctl::ExitCode::config));
    BOOST_TEST(std::string(e.what()).find("sslpassword") != std::string::npos);
    BOOST_TEST(std::string(e.what()).find("key pass") == std::string::npos);
  }
}

BOOST_AUTO_TEST_CASE(secrets_cover_every_spelling_of_the_password) {
  const std::string url = "postgresql://u:p%40ss%27w@h/db?sslpassword=k%20ey";
  const auto secrets = migctl::pg::url_secrets(url);
  const std::string text = "a p%40ss%27w b p@ss'w c 'p@ss\\'w' d k%20ey e k ey f user u on h/db";
  const std::string scrubbed = migctl::pg::scrub(text, secrets);
  BOOST_TEST(scrubbed == "a *** b *** c *** d *** e *** f user u on h/db");
}

BOOST_AUTO_TEST_CASE(scrub_hides_longest_secret_whole) {
  BOOST_TEST(migctl::pg::scrub("xx abcd xx ab", {"ab", "abcd"}) == "xx *** xx ***");
  BOOST_TEST(migctl::pg::scrub("unchanged", {}) == "unchanged");
  BOOST_TEST(migctl::pg::scrub("aaa", {"a"}) == "*********");
}

BOOST_AUTO_TEST_SUITE_END()
