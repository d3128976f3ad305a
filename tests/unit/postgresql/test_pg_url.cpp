// DATABASE_CONN read once, by libpq (PQconninfoParse): the redacted form every surface prints,
// the secrets scrubbed from free text, and the password-free URL given to pg_dump. The cases
// are those where a hand-written reading and libpq's disagree: libpq has no fragments ('#' is
// an ordinary character), ends the userinfo at the first '@' before any '/', and splits the
// query on '&' and '=' only.
#include <libpq-fe.h>

#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <memory>

#include "migctl/error.hpp"
#include "pg_url.hpp"

using namespace migctl::pg;

namespace {

bool has(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

// libpq's own reading of a URL or conninfo string, independently of pg_url.
Params libpq_reads(const std::string& text) {
  char* error = nullptr;
  std::unique_ptr<PQconninfoOption, decltype(&PQconninfoFree)> options(
      PQconninfoParse(text.c_str(), &error), &PQconninfoFree);
  if (!options) {
    const std::string message = error ? error : "?";
    PQfreemem(error);
    BOOST_FAIL("libpq rejected " << text << ": " << message);
  }
  Params params;
  for (auto* o = options.get(); o->keyword; ++o)
    if (o->val) params[o->keyword] = o->val;
  return params;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(pg_url)

BOOST_AUTO_TEST_CASE(the_reported_leaks_are_closed) {
  BOOST_TEST(redact_url("postgresql://u@h:5432/db?password=Rel$test#Pw_42xq") ==
             "postgresql://u@h:5432/db?password=***");
  BOOST_TEST(redact_url("postgresql://u@h:5432/db#1?password=Rel$test#Pw_42xq") ==
             "postgresql://u@h:5432/db%231?password=***");
  BOOST_TEST(redact_url("postgresql://u@h?password=Ab@Secret99") ==
             "postgresql://u@h?password=***");
  for (const std::string url : {"postgresql://u@h:5432/db?password=Rel$test#Pw_42xq",
                                "postgresql://u@h:5432/db#1?password=Rel$test#Pw_42xq"}) {
    BOOST_TEST(has(url_secrets(url), "Rel$test#Pw_42xq"));
  }
  BOOST_TEST(has(url_secrets("postgresql://u@h?password=Ab@Secret99"), "Ab@Secret99"));
}

BOOST_AUTO_TEST_CASE(userinfo_passwords_stay_where_they_were_written) {
  BOOST_TEST(redact_url("postgresql://user:p%40ss@host:5432/db?sslmode=require") ==
             "postgresql://user:***@host:5432/db?sslmode=require");
  BOOST_TEST(redact_url("PostgreSQL://u:a%3Ab%2Fc%23d@h/db") == "postgresql://u:***@h/db");
  BOOST_TEST(redact_url("postgres://u:pw@[::1]:5433/db") == "postgres://u:***@[::1]:5433/db");
  // Given twice, libpq keeps the query's: one password, shown once, where it came from.
  BOOST_TEST(redact_url("postgresql://u:one@h/db?password=two") ==
             "postgresql://u@h/db?password=***");
  // An empty password is no secret.
  BOOST_TEST(redact_url("postgresql://u:@h/db") == "postgresql://u@h/db");
}

// '?', '#' and ':' left unencoded in a userinfo password: libpq reads up to the first '@'.
BOOST_AUTO_TEST_CASE(unencoded_delimiters_in_a_userinfo_password) {
  for (const std::string url : {"postgresql://u:pa?zq@h/db", "postgresql://u:pa#zq@h/db",
                                "postgresql://u:p:a?z#zq@h:5432/db?sslmode=require"}) {
    BOOST_TEST_CONTEXT(url) {
      const std::string redacted = redact_url(url);
      BOOST_TEST(redacted.rfind("postgresql://u:***@h", 0) == 0u, redacted);
      BOOST_TEST(redacted.find("zq") == std::string::npos, redacted);
      BOOST_TEST(has(url_secrets(url), libpq_reads(url).at("password")));
    }
  }
}

// A conninfo string is not a URL: the driver is chosen by scheme, so it is refused, and
// nothing of it is rendered.
// libpq would stop reading at the NUL and connect with the text before it, while printers
// see all of it: such a URL is refused, never rendered (found by fuzz_url).
BOOST_AUTO_TEST_CASE(a_url_with_a_nul_byte_is_refused) {
  const std::string url("postgresql:///db?user=\0\0/password=k", 35);
  BOOST_REQUIRE(url.find('\0') != std::string::npos);
  try {
    parse_url(url);
    BOOST_ERROR("a URL with a NUL byte was accepted");
  } catch (const migctl::Error& e) {
    BOOST_TEST(static_cast<int>(e.code()) == 78);
    BOOST_TEST(std::string(e.what()).find("NUL byte") != std::string::npos, e.what());
  }
  BOOST_TEST(redact_url(url).find("password=k") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(key_value_conninfo_strings_are_not_rendered) {
  BOOST_TEST(redact_url("host=h user=u password=hunter2 dbname=d") == "<unparseable URL>");
  BOOST_CHECK_THROW(parse_url("host=h user=u password=hunter2 dbname=d"), migctl::Error);
}

BOOST_AUTO_TEST_CASE(everything_but_secrets_is_kept) {
  BOOST_TEST(redact_url("postgresql://user@host:5432/db") == "postgresql://user@host:5432/db");
  BOOST_TEST(redact_url("postgresql://host/db") == "postgresql://host/db");
  BOOST_TEST(redact_url("postgresql:///db?host=/var/run/postgresql") ==
             "postgresql:///db?host=/var/run/postgresql");
  BOOST_TEST(redact_url("postgresql://u:pw@h1:5432,h2:5433/db") ==
             "postgresql://u:***@h1:5432,h2:5433/db");
  BOOST_TEST(redact_url("postgresql://h/db?sslpassword=k&application_name=a%20b") ==
             "postgresql://h/db?application_name=a%20b&sslpassword=***");  // libpq's order
  BOOST_TEST(redact_url("postgresql://") == "postgresql://");
}

// Whatever the input, the redacted text reads back (through libpq) as the same parameters
// with every password as "***": redaction never changes what the URL means.
BOOST_AUTO_TEST_CASE(the_redacted_url_means_the_same_to_libpq) {
  for (const std::string url :
       {"postgresql://u:p%40ss@host:5432/db?sslmode=require&connect_timeout=4",
        "postgresql://u@h:5432/db#1?password=Rel$test#Pw_42xq",
        "postgresql://u@h?password=Ab@Secret99&options=-c%20search_path%3Dx",
        "postgres://a%20b@[2001:db8::1]:6000/d%2Fb?application_name=%26%3D%23",
        "postgresql:///db?host=/tmp/sock%20dir&port=5433",
        "postgresql://h1,h2:5433/db?target_session_attrs=read-write"}) {
    BOOST_TEST_CONTEXT(url) {
      Params expected = libpq_reads(url);
      if (expected.count("password")) expected["password"] = "***";
      BOOST_TEST(libpq_reads(redact_url(url)) == expected);
    }
  }
}

BOOST_AUTO_TEST_CASE(secrets_are_every_spelling_of_every_password) {
  auto s = url_secrets("postgresql://u:p%40ss@h/db?sslpassword=k%20ey");
  BOOST_TEST(has(s, "p@ss"));
  BOOST_TEST(has(s, "p%40ss"));
  BOOST_TEST(has(s, "'p@ss'"));
  BOOST_TEST(has(s, "k ey"));
  BOOST_TEST(has(s, "k%20ey"));
  BOOST_TEST(!has(s, "u"));
  BOOST_TEST(url_secrets("postgresql://user@host/db?sslmode=require").empty());
  BOOST_TEST(url_secrets("postgresql://h/db?password=").empty());
}

// What libpq or migctl refuses is never rendered: all of it is hidden, and every reading of
// the password is a secret.
BOOST_AUTO_TEST_CASE(refused_urls_are_not_rendered) {
  const std::string unparseable = "<unparseable URL>";
  // An unencoded '@' in the password: libpq ends the userinfo at the first '@'.
  BOOST_TEST(redact_url("postgresql://u:Ab@Secret99@h/db") == unparseable);
  BOOST_TEST(has(url_secrets("postgresql://u:Ab@Secret99@h/db"), "Ab@Secret99"));
  // An unencoded '/' in the password: libpq reads "12" as the port, the rest as the database.
  BOOST_TEST(redact_url("postgresql://u:12/Secret99@h/db") == unparseable);
  BOOST_TEST(redact_url("postgresql://u:p%zz@h/db") == unparseable);
  BOOST_TEST(has(url_secrets("postgresql://u:p%zz@h/db"), "p%zz"));
  BOOST_TEST(redact_url("postgresql://u:pw@h/db?bogus=1") == unparseable);
  BOOST_TEST(has(url_secrets("postgresql://u:pw@h/db?bogus=1"), "pw"));
  BOOST_TEST(redact_url("postgresql://u:pw@[::1/db") == unparseable);
  for (const std::string bad : {"host=h password=hunter2", "hunter2", "mysql://u:hunter2@h"}) {
    BOOST_TEST(redact_url(bad) == unparseable);
  }
}

BOOST_AUTO_TEST_CASE(client_url_drops_the_password_for_a_child_process) {
  ClientUrl c = client_url("postgresql://app:s3cr%40t:x@db.example:5432/aksara?sslmode=require");
  BOOST_TEST(c.password == "s3cr@t:x");
  BOOST_TEST(c.dbname_arg == "postgresql://app@db.example:5432/aksara?sslmode=require");
  c = client_url("postgres://app@h/db?password=p%26w&sslpassword=k&connect_timeout=5");
  BOOST_TEST(c.password == "p&w");
  BOOST_TEST(c.dbname_arg == "postgres://app@h/db?connect_timeout=5");
  c = client_url("postgresql://u@h:5432/db#1?password=Rel$test#Pw_42xq");
  BOOST_TEST(c.password == "Rel$test#Pw_42xq");
  BOOST_TEST(c.dbname_arg == "postgresql://u@h:5432/db%231");
  Params expected = libpq_reads("postgresql://u@h:5432/db#1?password=x");
  expected.erase("password");
  BOOST_TEST(libpq_reads(c.dbname_arg) == expected);
  BOOST_CHECK_THROW(client_url("postgresql://u:a@b@h/db"), migctl::Error);
  BOOST_CHECK_THROW(client_url("host=h password=x"), migctl::Error);
}

BOOST_AUTO_TEST_SUITE_END()
