#include <boost/test/unit_test.hpp>

#include "diagnostics.hpp"
#include "text_contains.hpp"

namespace {

using migctl::ExitCode;

// Connection failure texts as libpq 15 prints them (captured), behind Poco's prefix.
const std::string kBadPassword =
    "Connection Error: connection to server at \"localhost\" (127.0.0.1), port 55432 failed: "
    "FATAL:  password authentication failed for user \"postgres\"\n";
const std::string kRefused =
    "Connection Error: connection to server at \"localhost\" (::1), port 1 failed: Connection "
    "refused\n\tIs the server running on that host and accepting TCP/IP connections?\n"
    "connection to server at \"localhost\" (127.0.0.1), port 1 failed: Connection refused\n"
    "\tIs the server running on that host and accepting TCP/IP connections?\n";

const migctl::pg::ConnectTarget kTarget{"localhost:55432", "appdb", "alice"};

int code_of(const migctl::DatabaseError& e) {
  return static_cast<int>(e.code());
}
int code(ExitCode c) {
  return static_cast<int>(c);
}
using migctl_test::contains;

}  // namespace

BOOST_AUTO_TEST_SUITE(diagnostics)

BOOST_AUTO_TEST_CASE(clean_text_keeps_the_reasons_once) {
  BOOST_TEST(migctl::pg::clean_connect_text(kRefused) == "Connection refused");
  BOOST_TEST(migctl::pg::clean_connect_text(kBadPassword) ==
             "password authentication failed for user \"postgres\"");
}

BOOST_AUTO_TEST_CASE(bad_password_is_a_permission_error) {
  const auto e = migctl::pg::connect_error(kBadPassword, kTarget, {});
  BOOST_TEST(code_of(e) == code(ExitCode::permission));
  BOOST_TEST(e.sqlstate() == "28P01");
  BOOST_TEST(contains(e.what(), "\"alice\""));
  BOOST_TEST(contains(e.what(), "\"appdb\""));
  BOOST_TEST(contains(e.hint(), "password"));
}

BOOST_AUTO_TEST_CASE(other_authentication_failures_are_permission_errors) {
  for (const char* text :
       {"connection to server at \"h\" (10.0.0.1), port 5432 failed: fe_sendauth: no password "
        "supplied\n",
        "connection to server on socket \"/tmp/s/.s.PGSQL.5432\" failed: FATAL:  role \"bob\" "
        "does not exist\n",
        "connection to server at \"h\" (10.0.0.1), port 5432 failed: FATAL:  no pg_hba.conf "
        "entry for host \"10.0.0.2\", user \"bob\", database \"db\", no encryption\n"}) {
    const auto e = migctl::pg::connect_error(text, kTarget, {});
    BOOST_TEST(code_of(e) == code(ExitCode::permission), text);
    BOOST_TEST(e.sqlstate() == "28000");
  }
}

BOOST_AUTO_TEST_CASE(missing_database_is_a_config_error) {
  const auto e = migctl::pg::connect_error(
      "connection to server at \"localhost\" (127.0.0.1), port 55432 failed: FATAL:  database "
      "\"appdb\" does not exist\n",
      kTarget, {});
  BOOST_TEST(code_of(e) == code(ExitCode::config));
  BOOST_TEST(e.sqlstate() == "3D000");
  BOOST_TEST(contains(e.what(), "\"appdb\""));
  BOOST_TEST(contains(e.what(), "localhost:55432"));
}

BOOST_AUTO_TEST_CASE(unreachable_servers_are_unavailable) {
  for (const std::string& text :
       {kRefused,
        std::string("could not translate host name \"nosuch.invalid\" to address: Name or "
                    "service not known\n"),
        std::string("connection to server on socket \"/tmp/nosock/.s.PGSQL.5432\" failed: No "
                    "such file or directory\n\tIs the server running locally and accepting "
                    "connections on that socket?\n"),
        std::string("connection to server at \"10.1.1.1\", port 5432 failed: timeout expired\n"),
        std::string("connection to server at \"10.1.1.1\", port 5432 failed: received invalid "
                    "response to SSL negotiation: H\n")}) {
    const auto e = migctl::pg::connect_error(text, kTarget, {});
    BOOST_TEST(code_of(e) == code(ExitCode::unavailable), text);
    BOOST_TEST(contains(e.what(), "localhost:55432"));
    BOOST_TEST(contains(e.what(), "\"appdb\""));
    BOOST_TEST(contains(e.hint(), "is the server running?"));
    BOOST_TEST(!contains(e.what(), "Is the server running"));
  }
  const auto starting = migctl::pg::connect_error(
      "connection to server at \"h\", port 5432 failed: FATAL:  the database system is starting "
      "up\n",
      kTarget, {});
  BOOST_TEST(code_of(starting) == code(ExitCode::unavailable));
  BOOST_TEST(starting.sqlstate() == "57P03");
}

BOOST_AUTO_TEST_CASE(bad_client_options_are_config_errors) {
  for (const char* text :
       {"connection to server at \"h\", port 5432 failed: server does not support SSL, but SSL "
        "was required\n",
        "invalid integer value \"abc\" for connection option \"connect_timeout\"\n"}) {
    BOOST_TEST(code_of(migctl::pg::connect_error(text, kTarget, {})) == code(ExitCode::config),
               text);
  }
}

BOOST_AUTO_TEST_CASE(messages_are_scrubbed) {
  const auto e = migctl::pg::connect_error(
      "FATAL:  password authentication failed for user \"s3cr3t\"", kTarget, {"s3cr3t"});
  BOOST_TEST(!contains(e.what(), "s3cr3t"));
  BOOST_TEST(contains(e.what(), "***"));
}

BOOST_AUTO_TEST_CASE(target_names_server_database_and_user) {
  const auto tcp = migctl::pg::connect_target({{"host", "db"}, {"port", "6000"}, {"user", "u"}});
  BOOST_TEST(tcp.server == "db:6000");
  BOOST_TEST(tcp.user == "u");
  BOOST_TEST(tcp.database == "u");  // libpq's default database is the user name
  const auto v6 = migctl::pg::connect_target(
      {{"host", "::1"}, {"port", "5432"}, {"user", "u"}, {"dbname", "d"}});
  BOOST_TEST(v6.server == "[::1]:5432");
  BOOST_TEST(v6.database == "d");
  const auto socket = migctl::pg::connect_target({{"host", "/tmp/s"}, {"port", "7"}});
  BOOST_TEST(socket.server == "/tmp/s/.s.PGSQL.7");
  const auto multi = migctl::pg::connect_target({{"host", "a,b"}, {"port", "1,2"}, {"user", "u"}});
  BOOST_TEST(multi.server == "a:1, b:2");
}

BOOST_AUTO_TEST_CASE(verbose_error_text_yields_the_sqlstate) {
  const auto error = migctl::pg::parse_verbose_error(
      "COMMIT statement failed:: ERROR:  23503: insert or update on table \"c\" violates "
      "foreign key constraint \"c_p_fkey\"\nDETAIL:  Key (p)=(1) is not present in table "
      "\"p\".\nLOCATION:  ri_ReportViolation, ri_triggers.c:2608\n");
  BOOST_TEST(error.sqlstate == "23503");
  BOOST_TEST(error.message ==
             "insert or update on table \"c\" violates foreign key constraint \"c_p_fkey\"\n"
             "DETAIL: Key (p)=(1) is not present in table \"p\".");
  const auto plain = migctl::pg::parse_verbose_error("BEGIN statement failed:: no connection");
  BOOST_TEST(plain.sqlstate == "");
  BOOST_TEST(plain.message == "BEGIN statement failed:: no connection");
}

BOOST_AUTO_TEST_CASE(position_is_line_and_column) {
  BOOST_TEST(migctl::pg::position_suffix("SELECT 1;\nSELEC 2", 11) == " (line 2, column 1)");
  BOOST_TEST(migctl::pg::position_suffix("SELECT 1", 1) == " (line 1, column 1)");
  // Positions count characters: "é" is two bytes but one character.
  BOOST_TEST(migctl::pg::position_suffix("SELECT 'é', x", 13) == " (line 1, column 13)");
  BOOST_TEST(migctl::pg::position_suffix("SELECT", 99) == "");
  BOOST_TEST(migctl::pg::position_suffix("SELECT", 0) == "");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(connection_loss)

BOOST_AUTO_TEST_CASE(sqlstates_that_end_the_session_are_connection_loss) {
  using migctl::pg::is_connection_loss;
  for (const char* state :
       {"08000", "08003", "08006", "08P01", "57P01", "57P02", "57P03", "57P05", "25P03"}) {
    BOOST_TEST(is_connection_loss(state, false), state);
  }
  BOOST_TEST(is_connection_loss("", true));  // libpq: CONNECTION_BAD, no SQLSTATE
}

BOOST_AUTO_TEST_CASE(errors_the_session_survives_are_not) {
  using migctl::pg::is_connection_loss;
  // statement timeout / cancel, lock timeout, deadlock, syntax, division by zero, none
  for (const char* state : {"57014", "55P03", "40P01", "42601", "22012", "", "57P0", "08"}) {
    BOOST_TEST(!is_connection_loss(state, false), state);
  }
}

BOOST_AUTO_TEST_SUITE_END()
