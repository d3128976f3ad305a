#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "config/database_url.hpp"
#include "migctl/error.hpp"

using migctl::redact_url;
using migctl::scrub;
using migctl::url_scheme;
using migctl::url_secrets;

namespace {

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

bool has(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(database_url)

BOOST_AUTO_TEST_CASE(scheme_is_lower_cased) {
  BOOST_CHECK_EQUAL(url_scheme("PostgreSQL://u:p@h/db"), "postgresql");
  BOOST_CHECK_EQUAL(url_scheme("postgres://h"), "postgres");
  BOOST_CHECK_EQUAL(url_scheme("postgresql+psycopg2://h/db"), "postgresql+psycopg2");
  BOOST_CHECK_EQUAL(url_scheme("sqlite:///tmp/x.db"), "sqlite");
}

BOOST_AUTO_TEST_CASE(missing_scheme_is_a_config_error_that_does_not_echo) {
  for (const std::string bad : {"user:hunter2@localhost/db", "host=h password=hunter2", "",
                                "://hunter2@h", "1pg://hunter2@h", "pg sql://hunter2@h"}) {
    try {
      url_scheme(bad);
      BOOST_FAIL("expected an error for input #" + std::to_string(bad.size()));
    } catch (const migctl::Error& e) {
      BOOST_CHECK(e.code() == migctl::ExitCode::config);
      const std::string all = std::string(e.what()) + e.hint();
      BOOST_CHECK_MESSAGE(!contains(all, "hunter2"), all);
      BOOST_CHECK_MESSAGE(contains(all, "://"), all);  // shows the expected form
    }
  }
}

BOOST_AUTO_TEST_CASE(redacts_percent_encoded_password) {
  BOOST_CHECK_EQUAL(redact_url("postgresql://user:p%40ss@host:5432/db?sslmode=require"),
                    "postgresql://user:***@host:5432/db?sslmode=require");
}

BOOST_AUTO_TEST_CASE(user_without_password_is_unchanged) {
  for (const std::string url : {"postgresql://user@host:5432/db", "postgresql://host/db",
                                "postgresql:///db?host=/var/run/postgresql",
                                "postgresql://user@host/db?sslmode=require#frag"}) {
    BOOST_CHECK_EQUAL(redact_url(url), url);
  }
}

BOOST_AUTO_TEST_CASE(ipv6_hosts) {
  BOOST_CHECK_EQUAL(redact_url("postgresql://u:secret@[::1]:5432/db"),
                    "postgresql://u:***@[::1]:5432/db");
  BOOST_CHECK_EQUAL(redact_url("postgresql://[::1]:5432/db"), "postgresql://[::1]:5432/db");
  BOOST_CHECK_EQUAL(redact_url("postgresql://u@[2001:db8::2]/db"),
                    "postgresql://u@[2001:db8::2]/db");
}

BOOST_AUTO_TEST_CASE(password_query_parameters_are_hidden) {
  BOOST_CHECK_EQUAL(redact_url("postgresql://u@h/db?sslmode=require&password=s3cret"),
                    "postgresql://u@h/db?sslmode=require&password=***");
  BOOST_CHECK_EQUAL(redact_url("postgresql://h/db?PASSWORD=a&passfile=/x&sslpassword=b#f"),
                    "postgresql://h/db?PASSWORD=***&passfile=***&sslpassword=***#f");
  BOOST_CHECK_EQUAL(redact_url("postgresql://u:pw@h/db?password=qp&user=u"),
                    "postgresql://u:***@h/db?password=***&user=u");
  // An encoded parameter name is recognised too.
  BOOST_CHECK_EQUAL(redact_url("postgresql://h/db?pass%77ord=z"),
                    "postgresql://h/db?pass%77ord=***");
  // Empty values stay empty; other parameters are untouched.
  BOOST_CHECK_EQUAL(redact_url("postgresql://h/db?password=&application_name=x"),
                    "postgresql://h/db?password=&application_name=x");
}

BOOST_AUTO_TEST_CASE(unencoded_special_characters_in_password_are_hidden_whole) {
  // The password is everything between the first ':' and the last '@' before the path.
  BOOST_CHECK_EQUAL(redact_url("postgresql://u:p@ss:w?rd#x@h/db"), "postgresql://u:***@h/db");
  BOOST_CHECK_EQUAL(redact_url("postgresql://u:a@b@h"), "postgresql://u:***@h");
}

BOOST_AUTO_TEST_CASE(at_sign_in_query_is_not_userinfo) {
  BOOST_CHECK_EQUAL(redact_url("postgresql://h/db?user=me@corp&password=pw"),
                    "postgresql://h/db?user=me@corp&password=***");
  BOOST_CHECK_EQUAL(redact_url("postgresql://h?user=me@corp&password=pw"),
                    "postgresql://h?user=me@corp&password=***");
}

BOOST_AUTO_TEST_CASE(multi_host_urls_are_still_redacted) {
  BOOST_CHECK_EQUAL(redact_url("postgresql://u:pw@h1:5432,h2:5433/db"),
                    "postgresql://u:***@h1:5432,h2:5433/db");
}

BOOST_AUTO_TEST_CASE(empty_password_is_left_alone) {
  BOOST_CHECK_EQUAL(redact_url("postgresql://u:@h/db"), "postgresql://u:@h/db");
}

BOOST_AUTO_TEST_CASE(garbage_is_unparseable_and_never_echoed) {
  for (const std::string bad : {"hunter2", "user:hunter2@host/db", "host=h password=hunter2", "",
                                "://u:hunter2@h", "\x01\xff:hunter2"}) {
    BOOST_CHECK_EQUAL(redact_url(bad), "<unparseable URL>");
    BOOST_CHECK(url_secrets(bad).empty());
  }
}

BOOST_AUTO_TEST_CASE(odd_but_parseable_urls_are_not_called_unparseable) {
  // Invalid percent-encoding still parses: the password is hidden, not the whole URL.
  BOOST_CHECK_EQUAL(redact_url("postgresql://u:p%zz@h/db"), "postgresql://u:***@h/db");
  BOOST_CHECK_EQUAL(redact_url("postgresql://"), "postgresql://");
}

BOOST_AUTO_TEST_CASE(secrets_include_decoded_and_raw_password) {
  auto secrets = url_secrets("postgresql://user:p%40ss@host/db");
  BOOST_CHECK_EQUAL(secrets.size(), 2u);
  BOOST_CHECK(has(secrets, "p@ss"));
  BOOST_CHECK(has(secrets, "p%40ss"));
}

BOOST_AUTO_TEST_CASE(secrets_without_encoding_are_not_duplicated) {
  auto secrets = url_secrets("postgresql://user:plain@host/db");
  BOOST_REQUIRE_EQUAL(secrets.size(), 1u);
  BOOST_CHECK_EQUAL(secrets[0], "plain");
}

BOOST_AUTO_TEST_CASE(secrets_include_password_query_parameter) {
  auto secrets = url_secrets("postgresql://u:one@h/db?password=t%2Fwo&sslmode=require");
  BOOST_CHECK(has(secrets, "one"));
  BOOST_CHECK(has(secrets, "t/wo"));
  BOOST_CHECK(has(secrets, "t%2Fwo"));
  BOOST_CHECK(!has(secrets, "require"));
  BOOST_CHECK_EQUAL(secrets.size(), 3u);
}

BOOST_AUTO_TEST_CASE(no_secrets_without_password) {
  BOOST_CHECK(url_secrets("postgresql://user@host/db").empty());
  BOOST_CHECK(url_secrets("postgresql://u:@host/db").empty());
  BOOST_CHECK(url_secrets("postgresql://h/db?password=").empty());
}

BOOST_AUTO_TEST_CASE(invalid_encoding_secret_is_returned_as_written) {
  auto secrets = url_secrets("postgresql://u:p%zz@h/db");
  BOOST_REQUIRE_EQUAL(secrets.size(), 1u);
  BOOST_CHECK_EQUAL(secrets[0], "p%zz");
}

BOOST_AUTO_TEST_CASE(scrub_replaces_every_occurrence) {
  BOOST_CHECK_EQUAL(scrub("auth failed for pw: pw (pw)", {"pw"}), "auth failed for ***: *** (***)");
}

BOOST_AUTO_TEST_CASE(scrub_ignores_empty_secrets_and_handles_none) {
  BOOST_CHECK_EQUAL(scrub("text", {""}), "text");
  BOOST_CHECK_EQUAL(scrub("text", {}), "text");
}

BOOST_AUTO_TEST_CASE(scrub_hides_longer_secret_whole) {
  // "ab" is inside "abc"; the longer one must be replaced first, whatever the order given.
  BOOST_CHECK_EQUAL(scrub("x abc y ab", {"ab", "abc"}), "x *** y ***");
  BOOST_CHECK_EQUAL(scrub("x abc y ab", {"abc", "ab"}), "x *** y ***");
}

BOOST_AUTO_TEST_CASE(scrub_with_url_secrets_hides_both_forms) {
  const std::string url = "postgresql://u:p%40ss@h/db";
  std::string message = "connection to postgresql://u:p%40ss@h/db failed: password p@ss rejected";
  std::string scrubbed = scrub(message, url_secrets(url));
  BOOST_CHECK(!contains(scrubbed, "p@ss"));
  BOOST_CHECK(!contains(scrubbed, "p%40ss"));
  BOOST_CHECK(contains(scrubbed, "postgresql://u:***@h/db"));
}

BOOST_AUTO_TEST_SUITE_END()
