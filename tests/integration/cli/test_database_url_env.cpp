// DATABASE_URL is read when DATABASE_CONN is not set; DATABASE_CONN wins when both are.
#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <fstream>

#include "harness.hpp"

using namespace migctl::test;

BOOST_AUTO_TEST_SUITE(database_url_env)

BOOST_AUTO_TEST_CASE(database_url_alone_is_enough) {
  TestDatabase db;
  RunResult r = run_migctl(aksara({"upgrade"}), "", {{"DATABASE_URL", db.url()}});
  BOOST_TEST(r.exit_code == 0, r.all());
  BOOST_TEST(!db.version_rows().empty());
  check_no_password(r, "DATABASE_URL", {});
}

BOOST_AUTO_TEST_CASE(database_conn_wins_over_database_url) {
  TestDatabase db;
  // DATABASE_URL names a database that does not exist: using it would fail.
  const std::string nowhere = url_for("migctl_no_such_database");
  RunResult r = run_migctl(aksara({"upgrade"}), db.url(), {{"DATABASE_URL", nowhere}});
  BOOST_TEST(r.exit_code == 0, r.all());
  BOOST_TEST(!db.version_rows().empty());
}

BOOST_AUTO_TEST_CASE(environment_database_url_wins_over_dotenv_database_conn) {
  TestDatabase db;
  const std::filesystem::path env_file = std::filesystem::path(scratch_dir()) / "x.env";
  std::ofstream(env_file) << "DATABASE_CONN=" << url_for("migctl_no_such_database") << "\n";
  RunResult r = run_migctl(aksara({"--env-file", env_file.string(), "upgrade"}), "",
                           {{"DATABASE_URL", db.url()}});
  BOOST_TEST(r.exit_code == 0, r.all());
  BOOST_TEST(!db.version_rows().empty());
}

BOOST_AUTO_TEST_CASE(neither_set_names_both) {
  RunResult r = run_migctl(aksara({"current"}), "", {{"DATABASE_URL", ""}});
  BOOST_TEST(r.exit_code == 78, r.all());
  BOOST_TEST(r.err.find("DATABASE_CONN is not set (nor DATABASE_URL)") != std::string::npos, r.err);
}

BOOST_AUTO_TEST_SUITE_END()
