#include <boost/test/unit_test.hpp>

#include "text_contains.hpp"

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

using migctl_test::contains;

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

// The core knows no URL grammar: a driver reads its own URLs (postgresql:// is libpq's,
// tests/unit/postgresql/test_pg_url.cpp); without one, everything after the scheme is hidden.
BOOST_AUTO_TEST_CASE(a_url_without_a_driver_is_hidden_whole) {
  BOOST_CHECK_EQUAL(redact_url("mysql://root:hunter2@localhost/aksara"), "mysql://***");
  BOOST_CHECK_EQUAL(redact_url("MySQL://h"), "MySQL://***");
  BOOST_CHECK(url_secrets("mysql://root:hunter2@localhost/aksara") ==
              std::vector<std::string>{"root:hunter2@localhost/aksara"});
  BOOST_CHECK(url_secrets("mysql://").empty());
}

BOOST_AUTO_TEST_CASE(garbage_is_unparseable_and_never_echoed) {
  for (const std::string bad : {"hunter2", "user:hunter2@host/db", "host=h password=hunter2", "",
                                "://u:hunter2@h", "\x01\xff:hunter2"}) {
    BOOST_CHECK_EQUAL(redact_url(bad), "<unparseable URL>");
    BOOST_CHECK(url_secrets(bad).empty());
  }
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

BOOST_AUTO_TEST_SUITE_END()
