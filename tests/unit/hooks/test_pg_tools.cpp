// hooks/common/pg_tools: what a pg_dump / pg_restore child is given, and backup file names.
#include <boost/test/unit_test.hpp>

#include "migctl/error.hpp"
#include "pg_tools.hpp"

using namespace migctl::pgtools;

BOOST_AUTO_TEST_SUITE(pg_tools)

BOOST_AUTO_TEST_CASE(client_url_takes_the_password_out_of_the_url) {
  ClientUrl c = client_url("postgresql://app:s3cr%40t:x@db.example:5432/aksara?sslmode=require");
  BOOST_TEST(c.password == "s3cr@t:x");
  BOOST_TEST(c.dbname_arg == "postgresql://app@db.example:5432/aksara?sslmode=require");

  c = client_url("postgres://app@h/db?password=p%26w&sslpassword=k&connect_timeout=5");
  BOOST_TEST(c.password == "p&w");
  BOOST_TEST(c.dbname_arg == "postgres://app@h/db?connect_timeout=5");

  c = client_url("postgresql://h:5433/db");
  BOOST_TEST(c.password.empty());
  BOOST_TEST(c.dbname_arg == "postgresql://h:5433/db");

  // '@' unencoded in the password: libpq ends the userinfo at the first '@', so this is
  // refused (as the driver refuses it) instead of guessed.
  BOOST_CHECK_THROW(client_url("postgresql://u:a@b@h/db"), migctl::Error);

  BOOST_CHECK_THROW(client_url("host=h password=x"), migctl::Error);
}

BOOST_AUTO_TEST_CASE(client_env_carries_the_password) {
  auto env = client_env(client_url("postgresql://u:pw@h/db"), "migctl test");
  BOOST_TEST(env.at("PGPASSWORD") == "pw");
  BOOST_TEST(env.at("PGAPPNAME") == "migctl test");
  BOOST_TEST(client_env(client_url("postgresql://u@h/db"), "x").count("PGPASSWORD") == 0u);
}

BOOST_AUTO_TEST_CASE(backup_names_round_trip) {
  auto when = std::chrono::system_clock::from_time_t(1700000000);  // 2023-11-14 22:13:20 UTC
  BOOST_TEST(backup_file_name("aksara", when, {}) == "aksara-20231114T221320Z-base.dump");
  BOOST_TEST(backup_file_name("my db/x", when, {"a1", "b2"}) ==
             "my_db_x-20231114T221320Z-a1+b2.dump");
  auto parsed = parse_backup_file_name("aksara-prod-20231114T221320Z-002_refresh_tokens.dump");
  BOOST_TEST_REQUIRE(parsed.has_value());
  BOOST_TEST(parsed->database == "aksara-prod");
  BOOST_TEST(parsed->timestamp == "20231114T221320Z");
  BOOST_TEST(parsed->revision == "002_refresh_tokens");
  BOOST_TEST(!parse_backup_file_name("aksara-20231114T221320Z-002_refresh_tokens.dump.partial"));
  BOOST_TEST(!parse_backup_file_name("notes.txt"));
  BOOST_TEST(readable_timestamp("20231114T221320Z") == "2023-11-14 22:13:20 UTC");
}

BOOST_AUTO_TEST_CASE(helpers) {
  BOOST_TEST(major_of("15.14") == 15);
  BOOST_TEST(major_of("9.6.2") == 9);
  BOOST_TEST(major_of("") == 0);
  BOOST_TEST(human_size(512) == "512 bytes");
  BOOST_TEST(human_size(1536) == "1.5 kB");
  BOOST_TEST(human_size(-2048) == "-2.0 kB");
  BOOST_TEST(tail("a\n\nb\nc\nsecret d\n", {"secret"}, 2) == "c; *** d");
}

BOOST_AUTO_TEST_SUITE_END()
