// A failing revision and an edited applied revision: nothing half-applied, everything
// recorded.
#include <boost/test/unit_test.hpp>

#include "harness.hpp"

using namespace migctl::test;

BOOST_AUTO_TEST_SUITE(failures)

BOOST_AUTO_TEST_CASE(failing_revision_is_rolled_back_and_recorded) {
  TestDatabase db;
  BOOST_TEST_REQUIRE(run_migctl(aksara({"upgrade"}), db.url()).exit_code == 0);
  std::string schema = db.schema_snapshot();

  RunResult r = run_migctl(
      {"--plugin", "aksara.so", "--plugin", fixture("failing_revision"), "upgrade"}, db.url());
  BOOST_TEST(r.exit_code == 1, r.all());
  BOOST_TEST(r.err.find("upgrade of revision f001") != std::string::npos, r.err);
  BOOST_TEST(r.err.find("division by zero") != std::string::npos, r.err);
  BOOST_TEST(r.err.find("statement: SELECT 1 / 0") != std::string::npos, r.err);
  BOOST_TEST(r.err.find("sqlstate: 22012") != std::string::npos, r.err);
  BOOST_TEST(r.err.find("rolled back") != std::string::npos, r.err);

  // The statements before the failing one were rolled back with it.
  BOOST_TEST(db.probe().scalar("SELECT to_regclass('fixture_half_done') IS NULL") == "t");
  BOOST_TEST(db.schema_snapshot() == schema);
  BOOST_TEST(db.version_rows() == std::vector<std::string>{"002_refresh_tokens"});

  Rows audit = db.probe().query(
      "SELECT success::text, error, failing_statement, versions_before, versions_after"
      " FROM migctl_history WHERE revision = 'f001'");
  BOOST_TEST_REQUIRE(audit.size() == 1u);
  BOOST_TEST(audit[0][0] == "false");
  BOOST_TEST(audit[0][1].find("division by zero") != std::string::npos, audit[0][1]);
  BOOST_TEST(audit[0][2] == "SELECT 1 / 0");
  BOOST_TEST(audit[0][3] == "002_refresh_tokens");
  BOOST_TEST(audit[0][4] == "002_refresh_tokens");
}

BOOST_AUTO_TEST_CASE(edited_applied_revision_is_refused_until_overridden) {
  TestDatabase db;
  BOOST_TEST_REQUIRE(run_migctl(aksara({"upgrade", "001_initial"}), db.url()).exit_code == 0);
  std::string before = db.full_snapshot();

  RunResult r = run_migctl({"--plugin", fixture("aksara_edited"), "upgrade"}, db.url());
  BOOST_TEST(r.exit_code == 65, r.all());
  BOOST_TEST(r.err.find("applied revision changed") != std::string::npos, r.err);
  BOOST_TEST(r.err.find("001_initial (") != std::string::npos, r.err);
  BOOST_TEST(r.err.find("--ignore-checksums") != std::string::npos, r.err);
  BOOST_TEST(r.err.find("migctl repair") != std::string::npos, r.err);
  BOOST_TEST(db.full_snapshot() == before);

  r = run_migctl({"--plugin", fixture("aksara_edited"), "--ignore-checksums", "upgrade"}, db.url());
  BOOST_TEST(r.exit_code == 0, r.all());
  BOOST_TEST(db.version_rows() == std::vector<std::string>{"002_refresh_tokens"});
}

BOOST_AUTO_TEST_SUITE_END()
