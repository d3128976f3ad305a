// --sql: the script an upgrade or downgrade would run. Applied with psql, it must leave the
// same schema and version rows as an online run.
#include <boost/test/unit_test.hpp>

#include "harness.hpp"
#include "text_contains.hpp"

using namespace migctl::test;

namespace {

using migctl_test::contains;

}  // namespace

BOOST_AUTO_TEST_SUITE(offline_sql)

BOOST_AUTO_TEST_CASE(a_range_needs_no_database_and_matches_an_online_run) {
  // No DATABASE_CONN at all: a from:to range never connects.
  RunResult r = run_migctl(modules({"upgrade", "base:heads", "--sql"}), "");
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.all());
  const std::string script = r.out;
  BOOST_TEST(contains(script, "CREATE TABLE IF NOT EXISTS \"alembic_version\""));
  BOOST_TEST(contains(script, "CREATE TABLE IF NOT EXISTS \"migctl_history\""));
  BOOST_TEST(contains(script, "BEGIN;\nCREATE TABLE \"user\""), script);
  BOOST_TEST(
      contains(script, "INSERT INTO \"alembic_version\" (version_num) VALUES ('001_initial');"));
  // Alembic's order applies the module's line before Aksara's 002_refresh_tokens
  // (docs/branches.md).
  BOOST_TEST(contains(script,
                      "UPDATE \"alembic_version\" SET version_num = '4c1a9e2b7d10' WHERE "
                      "version_num = '001_initial';"));
  BOOST_TEST(contains(
      script, "INSERT INTO \"alembic_version\" (version_num) VALUES ('002_refresh_tokens');"));
  BOOST_TEST(contains(script, "(offline --sql)"));

  TestDatabase offline;
  std::string psql_out;
  BOOST_TEST_REQUIRE(psql_file(offline.url(), script, psql_out) == 0, psql_out);

  TestDatabase online;
  BOOST_TEST_REQUIRE(run_migctl(modules({"upgrade", "heads"}), online.url()).exit_code == 0);

  BOOST_TEST(offline.schema_snapshot() == online.schema_snapshot());
  BOOST_TEST(offline.version_rows() == online.version_rows(), boost::test_tools::per_element());
  BOOST_TEST(audit_rows_text(offline) == audit_rows_text(online));

  // The offline-applied database is one migctl adopts: checksums verify, nothing pending.
  r = run_migctl(modules({"check"}), offline.url());
  BOOST_TEST(r.exit_code == 0, r.all());

  // Downgrading one module offline, then online: same again.
  r = run_migctl(modules({"downgrade", "heads:notifications@base", "--sql"}), "");
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.all());
  BOOST_TEST(!contains(r.out, "DROP TABLE refresh_tokens"), r.out);
  BOOST_TEST_REQUIRE(psql_file(offline.url(), r.out, psql_out) == 0, psql_out);
  BOOST_TEST_REQUIRE(
      run_migctl(modules({"downgrade", "notifications@base"}), online.url()).exit_code == 0);
  BOOST_TEST(offline.schema_snapshot() == online.schema_snapshot());
  BOOST_TEST(offline.version_rows() == std::vector<std::string>{"002_refresh_tokens"});
  BOOST_TEST(audit_rows_text(offline) == audit_rows_text(online));
}

BOOST_AUTO_TEST_CASE(downgrade_range_to_base) {
  RunResult r = run_migctl(aksara({"downgrade", "002_refresh_tokens:base", "--sql"}), "");
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.all());
  const auto tokens = r.out.find("DROP TABLE refresh_tokens;");
  const auto user = r.out.find("DROP TABLE \"user\";");
  BOOST_TEST((tokens != std::string::npos && user != std::string::npos && tokens < user), r.out);
  BOOST_TEST(contains(r.out, "DELETE FROM \"alembic_version\" WHERE version_num = '001_initial';"));

  TestDatabase db;
  BOOST_TEST_REQUIRE(run_migctl(aksara({"upgrade"}), db.url()).exit_code == 0);
  std::string psql_out;
  BOOST_TEST_REQUIRE(psql_file(db.url(), r.out, psql_out) == 0, psql_out);
  BOOST_TEST(db.version_rows().empty());
  BOOST_TEST(db.probe().scalar("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'") ==
             "2");
}

BOOST_AUTO_TEST_CASE(without_a_range_it_reads_the_current_rows_and_writes_nothing) {
  TestDatabase db;
  BOOST_TEST_REQUIRE(run_migctl(aksara({"upgrade", "001_initial"}), db.url()).exit_code == 0);
  const std::string before = db.full_snapshot();
  RunResult r = run_migctl(aksara({"upgrade", "--sql"}), db.url());
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.all());
  BOOST_TEST(contains(r.out, "CREATE TABLE refresh_tokens"), r.out);
  BOOST_TEST(!contains(r.out, "CREATE TABLE \"user\""), r.out);
  BOOST_TEST(db.full_snapshot() == before);
  // The script names no database: nothing of DATABASE_CONN appears (the harness also
  // checks the password).
  BOOST_TEST(!contains(r.out, db.name()), r.out);

  std::string psql_out;
  BOOST_TEST_REQUIRE(psql_file(db.url(), r.out, psql_out) == 0, psql_out);
  BOOST_TEST(db.version_rows() == std::vector<std::string>{"002_refresh_tokens"});
}

// stamp --sql: the statements an online stamp writes (version rows and stamp audit rows),
// printed; a FROM:TO range needs no database, a plain target reads the rows and writes nothing.
BOOST_AUTO_TEST_CASE(stamp_prints_what_an_online_stamp_writes) {
  RunResult r = run_migctl(modules({"stamp", "base:heads", "--sql"}), "");
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.all());
  BOOST_TEST(!contains(r.out, "CREATE TABLE \"user\""), r.out);  // no revision SQL
  TestDatabase offline;
  std::string psql_out;
  BOOST_TEST_REQUIRE(psql_file(offline.url(), r.out, psql_out) == 0, psql_out);
  TestDatabase online;
  BOOST_TEST_REQUIRE(run_migctl(modules({"stamp", "heads"}), online.url()).exit_code == 0);
  BOOST_TEST(offline.version_rows() == online.version_rows(), boost::test_tools::per_element());
  BOOST_TEST(offline.version_rows().size() == 2u);
  BOOST_TEST(audit_rows_text(offline) == audit_rows_text(online));

  // A plain target starts from the database's rows, and leaves the database as it was.
  const std::string before = offline.full_snapshot();
  r = run_migctl(modules({"stamp", "001_initial", "--sql"}), offline.url());
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.all());
  BOOST_TEST(offline.full_snapshot() == before);
  BOOST_TEST_REQUIRE(psql_file(offline.url(), r.out, psql_out) == 0, psql_out);
  BOOST_TEST_REQUIRE(run_migctl(modules({"stamp", "001_initial"}), online.url()).exit_code == 0);
  BOOST_TEST(offline.version_rows() == online.version_rows(), boost::test_tools::per_element());
  BOOST_TEST(audit_rows_text(offline) == audit_rows_text(online));
}

BOOST_AUTO_TEST_CASE(single_transaction_and_bad_ranges) {
  RunResult r = run_migctl(aksara({"upgrade", "base:head", "--sql", "--single-transaction"}), "");
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.all());
  std::size_t begins = 0;
  for (auto at = r.out.find("BEGIN;"); at != std::string::npos; at = r.out.find("BEGIN;", at + 1))
    ++begins;
  BOOST_TEST(begins == 1u, r.out);

  r = run_migctl(aksara({"upgrade", "base:002_refresh_tokens"}), "");
  BOOST_TEST(r.exit_code == 64, r.all());
  BOOST_TEST(contains(r.err, "only for offline SQL"), r.err);
  r = run_migctl(aksara({"upgrade", "base:", "--sql"}), "");
  BOOST_TEST(r.exit_code == 64, r.all());
  r = run_migctl(aksara({"upgrade", "zzz:002_refresh_tokens", "--sql"}), "");
  BOOST_TEST(r.exit_code == 65, r.all());
  // Without a range it needs the database.
  r = run_migctl(aksara({"upgrade", "--sql"}), "");
  BOOST_TEST(r.exit_code == 78, r.all());
  BOOST_TEST(contains(r.err, "DATABASE_CONN"), r.err);
}

BOOST_AUTO_TEST_SUITE_END()
