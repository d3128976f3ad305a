// history -r RANGE and --indicate-current. Needs the cmd_status.cpp change that declares
// the two options (and the session.cpp change for the "aksara" label).
#include <boost/test/unit_test.hpp>

#include "harness.hpp"

using namespace migctl::test;

namespace {

std::vector<std::string> modules(std::vector<std::string> args) {
  args.insert(args.begin(), {"--plugin", "aksara.so", "--plugin", "notifications.so"});
  return args;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(history_range)

BOOST_AUTO_TEST_CASE(ranges_without_a_database) {
  RunResult r = run_migctl(modules({"history", "-r", "002_refresh_tokens:"}), "");
  BOOST_TEST(r.exit_code == 0, r.all());
  BOOST_TEST(r.out == "001_initial -> 002_refresh_tokens (head), Add refresh tokens table\n",
             r.out);
  r = run_migctl(modules({"history", "-r", ":notifications"}), "");
  BOOST_TEST(r.out ==
                 "<base> -> 4c1a9e2b7d10 (notifications), Notifications\n"
                 "<base> -> 001_initial (aksara), Initial migration - create user tables\n",
             r.out);
  r = run_migctl(modules({"history", "-r", "001_initial:"}), "");
  BOOST_TEST(r.out.find("Initial migration") != std::string::npos, r.out);
  BOOST_TEST(r.out.find("Notification preferences") != std::string::npos, r.out);  // depends_on
  r = run_migctl(modules({"history", "-r", "001_initial"}), "");
  BOOST_TEST(r.exit_code == 64, r.all());
  r = run_migctl(modules({"history", "-r", "zzz:"}), "");
  BOOST_TEST(r.exit_code == 65, r.all());
}

BOOST_AUTO_TEST_CASE(current_in_ranges_and_markers) {
  TestDatabase db;
  BOOST_TEST_REQUIRE(run_migctl(modules({"upgrade", "aksara@head"}), db.url()).exit_code == 0);
  RunResult r =
      run_migctl(modules({"history", "-r", "-1:current", "--indicate-current"}), db.url());
  BOOST_TEST(r.exit_code == 0, r.all());
  BOOST_TEST(r.out ==
                 "001_initial -> 002_refresh_tokens (head) (current), Add refresh tokens table\n"
                 "<base> -> 001_initial (aksara), Initial migration - create user tables\n",
             r.out);
  r = run_migctl(modules({"history", "-r", "current:", "-i"}), db.url());
  BOOST_TEST(
      r.out == "001_initial -> 002_refresh_tokens (head) (current), Add refresh tokens table\n",
      r.out);
  // Without a database, asking for current is an error, not a guess.
  r = run_migctl(modules({"history", "-i"}), "");
  BOOST_TEST(r.exit_code == 78, r.all());
}

BOOST_AUTO_TEST_SUITE_END()
