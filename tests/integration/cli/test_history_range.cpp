// history -r RANGE and --indicate-current. Needs the cmd_status.cpp change that declares
// the two options (and the session.cpp change for the "aksara" label).
#include <boost/test/unit_test.hpp>

#include "harness.hpp"

using namespace migctl::test;

BOOST_AUTO_TEST_SUITE(history_range)

BOOST_AUTO_TEST_CASE(ranges_without_a_database) {
  RunResult r = run_migctl(modules({"history", "-r", "002_refresh_tokens:"}), "");
  BOOST_TEST(r.exit_code == 0, r.all());
  BOOST_TEST(r.out == "001_initial -> 002_refresh_tokens (head), Add refresh tokens table\n",
             r.out);
  r = run_migctl(modules({"history", "-r", ":notifications"}), "");
  BOOST_TEST(r.out ==
                 "<base> (001_initial) -> 4c1a9e2b7d10 (notifications), Notifications\n"
                 "<base> -> 001_initial, Initial migration - create user tables\n",
             r.out);
  r = run_migctl(modules({"history", "-r", "001_initial:"}), "");
  BOOST_TEST(r.out.find("Initial migration - create user tables") != std::string::npos, r.out);
  // Above 001_initial means through down_revisions, as in Alembic: a revision that only
  // depends_on 001_initial is not in the range.
  BOOST_TEST(r.out.find("Notification preferences") == std::string::npos, r.out);
  r = run_migctl(modules({"history", "-r", "001_initial"}), "");
  BOOST_TEST(r.exit_code == 64, r.all());
  r = run_migctl(modules({"history", "-r", "zzz:"}), "");
  BOOST_TEST(r.exit_code == 65, r.all());
}

BOOST_AUTO_TEST_CASE(current_in_ranges_and_markers) {
  TestDatabase db;
  BOOST_TEST_REQUIRE(run_migctl(modules({"upgrade", "aksara@head"}), db.url()).exit_code == 0);
  // -1 counts down from every head (Alembic): from the module's head too, which is not
  // below 002_refresh_tokens.
  RunResult r = run_migctl(modules({"history", "-r", "-1:current"}), db.url());
  BOOST_TEST(r.exit_code == 65, r.all());
  r = run_migctl({"--plugin", "aksara.so", "history", "-r", "-1:current", "--indicate-current"},
                 db.url());
  BOOST_TEST(r.exit_code == 0, r.all());
  BOOST_TEST(r.out ==
                 "001_initial -> 002_refresh_tokens (head) (current), Add refresh tokens table\n"
                 "<base> -> 001_initial, Initial migration - create user tables\n",
             r.out);
  r = run_migctl(modules({"history", "-r", "current:", "-i"}), db.url());
  BOOST_TEST(
      r.out == "001_initial -> 002_refresh_tokens (head) (current), Add refresh tokens table\n",
      r.out);
  // Without a database, asking for current is an error, not a guess.
  r = run_migctl(modules({"history", "-i"}), "");
  BOOST_TEST(r.exit_code == 78, r.all());
}

// Issue 10, defect 7: on a database at an older revision, `history -r -2:head` said
// nothing was applied (exit 65): the rows were read only for a literal "current". As in
// Alembic, -N counts down from the heads, whatever the database holds.
BOOST_AUTO_TEST_CASE(relative_lower_end_counts_from_the_head) {
  TestDatabase db;
  BOOST_TEST_REQUIRE(
      run_migctl({"--plugin", "aksara.so", "upgrade", "001_initial"}, db.url()).exit_code == 0);
  RunResult r = run_migctl({"--plugin", "aksara.so", "history", "-r", "-1:head"}, db.url());
  BOOST_TEST(r.exit_code == 0, r.all());
  BOOST_TEST(r.out ==
                 "001_initial -> 002_refresh_tokens (head), Add refresh tokens table\n"
                 "<base> -> 001_initial, Initial migration - create user tables\n",
             r.out);
  // +N counts up from the lower end, so it cannot be one: a usage error naming the form.
  r = run_migctl({"--plugin", "aksara.so", "history", "-r", "+1:head"}, db.url());
  BOOST_TEST(r.exit_code == 64, r.all());
  BOOST_TEST(r.err.find("current:+1") != std::string::npos, r.all());
}

// Issue 10, defect 6: a malformed count was an internal error (exit 70, "stoi").
BOOST_AUTO_TEST_CASE(malformed_counts_are_usage_errors) {
  TestDatabase db;
  for (const char* range : {"-abc:current", "-:current", "-99999999999:current"}) {
    const RunResult r = run_migctl({"--plugin", "aksara.so", "history", "-r", range}, db.url());
    BOOST_TEST(r.exit_code == 64, range << ": " << r.all());
    BOOST_TEST(r.err.find("stoi") == std::string::npos, r.all());
  }
}

BOOST_AUTO_TEST_SUITE_END()
