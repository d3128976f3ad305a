// upgrade / downgrade against the real server: schema, version table and audit rows.
#include <boost/test/unit_test.hpp>

#include "harness.hpp"

using namespace migctl::test;

namespace {

const char* kAksaraTables =
    "SELECT string_agg(table_name, ',' ORDER BY table_name) FROM information_schema.tables "
    "WHERE table_schema = 'public'";

std::vector<std::string> v(std::initializer_list<std::string> items) {
  return items;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(migrate)

BOOST_AUTO_TEST_CASE(upgrade_to_head_creates_schema_version_and_audit_rows) {
  TestDatabase db;
  RunResult r = run_migctl(aksara({"upgrade"}), db.url());
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.all());
  BOOST_TEST(r.out.find("<base> -> 001, Initial migration") != std::string::npos, r.out);
  BOOST_TEST(r.out.find("001 -> 002, Refresh tokens") != std::string::npos, r.out);
  BOOST_TEST(db.probe().scalar(kAksaraTables) ==
             "alembic_version,migctl_history,refresh_tokens,user,user_profile");
  BOOST_TEST(db.version_rows() == v({"002"}));
  Rows audit = db.probe().query(
      "SELECT revision, direction, success::text, length(checksum)::text, versions_before,"
      " versions_after, db_user, (finished_at >= started_at)::text, migctl_version"
      " FROM migctl_history ORDER BY id");
  BOOST_TEST_REQUIRE(audit.size() == 2u);
  BOOST_TEST(audit[0][0] == "001");
  BOOST_TEST(audit[0][1] == "upgrade");
  BOOST_TEST(audit[0][2] == "true");
  BOOST_TEST(audit[0][3] == "64");
  BOOST_TEST(audit[0][4] == "");
  BOOST_TEST(audit[0][5] == "001");
  BOOST_TEST(audit[0][6] == "postgres");
  BOOST_TEST(audit[0][7] == "true");
  BOOST_TEST(audit[1][0] == "002");
  BOOST_TEST(audit[1][4] == "001");
  BOOST_TEST(audit[1][5] == "002");
  // "user" is really the table, not the session user.
  BOOST_TEST(db.probe().scalar("SELECT count(*) FROM \"user\"") == "0");
}

BOOST_AUTO_TEST_CASE(aksara_schema_has_its_keys_indexes_and_cascades) {
  TestDatabase db;
  BOOST_TEST_REQUIRE(run_migctl(aksara({"upgrade"}), db.url()).exit_code == 0);
  std::string indexes = db.probe().scalar(
      "SELECT string_agg(indexname, ',' ORDER BY indexname) FROM pg_indexes "
      "WHERE schemaname = 'public' AND tablename IN ('user', 'user_profile', 'refresh_tokens')");
  BOOST_TEST(indexes ==
             "ix_refresh_tokens_expires_at,ix_refresh_tokens_token_hash,ix_refresh_tokens_user_id,"
             "ix_user_email,ix_user_username,pk_refresh_tokens,pk_user,pk_user_profile,"
             "uq_user_profile_user_id");
  auto& p = db.probe();
  p.exec("INSERT INTO \"user\" (username, email, hashed_password) VALUES ('a', 'A@x.io', 'h')");
  p.exec("INSERT INTO user_profile (user_id) SELECT id FROM \"user\"");
  p.exec(
      "INSERT INTO refresh_tokens (user_id, token_hash, expires_at)"
      " SELECT id, 'hash1', now() + interval '1 day' FROM \"user\"");
  // Unique email regardless of case.
  BOOST_CHECK_THROW(p.exec("INSERT INTO \"user\" (username, email, hashed_password)"
                           " VALUES ('b', 'a@X.IO', 'h')"),
                    std::runtime_error);
  // One profile per user.
  BOOST_CHECK_THROW(p.exec("INSERT INTO user_profile (user_id) SELECT id FROM \"user\""),
                    std::runtime_error);
  // Tokens and profile go with their user.
  p.exec("DELETE FROM \"user\"");
  BOOST_TEST(p.scalar("SELECT count(*) FROM refresh_tokens") == "0");
  BOOST_TEST(p.scalar("SELECT count(*) FROM user_profile") == "0");
}

BOOST_AUTO_TEST_CASE(downgrade_to_base_then_upgrade_gives_the_identical_schema) {
  TestDatabase db;
  BOOST_TEST_REQUIRE(run_migctl(aksara({"upgrade"}), db.url()).exit_code == 0);
  std::string first = db.schema_snapshot();

  RunResult down = run_migctl(aksara({"downgrade", "base"}), db.url());
  BOOST_TEST_REQUIRE(down.exit_code == 0, down.all());
  BOOST_TEST(down.out.find("002 -> 001, Refresh tokens") != std::string::npos, down.out);
  BOOST_TEST(down.out.find("001 -> <base>, Initial migration") != std::string::npos, down.out);
  BOOST_TEST(db.probe().scalar(kAksaraTables) == "alembic_version,migctl_history");
  BOOST_TEST(db.version_rows().empty());

  BOOST_TEST_REQUIRE(run_migctl(aksara({"upgrade"}), db.url()).exit_code == 0);
  BOOST_TEST(db.schema_snapshot() == first);
  BOOST_TEST(db.probe().scalar("SELECT count(*) FROM migctl_history WHERE success") == "6");
  BOOST_TEST(
      db.probe().scalar("SELECT string_agg(direction, ',' ORDER BY id) FROM migctl_history") ==
      "upgrade,upgrade,downgrade,downgrade,upgrade,upgrade");
}

BOOST_AUTO_TEST_CASE(upgrade_to_a_revision_then_plus_one) {
  TestDatabase db;
  RunResult r = run_migctl(aksara({"upgrade", "001"}), db.url());
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.all());
  BOOST_TEST(db.version_rows() == v({"001"}));
  BOOST_TEST(db.probe().scalar("SELECT to_regclass('refresh_tokens') IS NULL") == "t");

  r = run_migctl(aksara({"upgrade", "+1"}), db.url());
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.all());
  BOOST_TEST(db.version_rows() == v({"002"}));

  // A prefix that is unique is accepted.
  r = run_migctl(aksara({"downgrade",
                         "00"
                         "1"}),
                 db.url());
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.all());
  BOOST_TEST(db.version_rows() == v({"001"}));
}

BOOST_AUTO_TEST_CASE(downgrade_minus_one_works_as_typed) {
  TestDatabase db;
  BOOST_TEST_REQUIRE(run_migctl(aksara({"upgrade"}), db.url()).exit_code == 0);
  RunResult r = run_migctl({"--plugin", "aksara.so", "downgrade", "-1"}, db.url());
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.all());
  BOOST_TEST(db.version_rows() == v({"001"}));
  // Options after the command and the relative target still parse.
  r = run_migctl({"downgrade", "-1", "--plugin", "aksara.so"}, db.url());
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.all());
  BOOST_TEST(db.version_rows().empty());
}

BOOST_AUTO_TEST_CASE(upgrade_at_head_says_so_and_changes_nothing) {
  TestDatabase db;
  BOOST_TEST_REQUIRE(run_migctl(aksara({"upgrade"}), db.url()).exit_code == 0);
  std::string before = db.full_snapshot();
  RunResult r = run_migctl(aksara({"upgrade"}), db.url());
  BOOST_TEST(r.exit_code == 0);
  BOOST_TEST(r.out.find("Already at head (002)") != std::string::npos, r.out);
  BOOST_TEST(db.full_snapshot() == before);
}

BOOST_AUTO_TEST_CASE(database_upgraded_by_alembic_is_recognised) {
  TestDatabase db;
  BOOST_TEST_REQUIRE(run_migctl(aksara({"upgrade"}), db.url()).exit_code == 0);
  // What Alembic leaves behind: the schema and alembic_version, no migctl audit table.
  db.probe().exec("DROP TABLE migctl_history");
  RunResult r = run_migctl(aksara({"current"}), db.url());
  BOOST_TEST(r.exit_code == 0);
  BOOST_TEST(r.out == "002 (head)\n");
  r = run_migctl(aksara({"upgrade"}), db.url());
  BOOST_TEST(r.exit_code == 0);
  BOOST_TEST(r.out.find("Already at head") != std::string::npos, r.out);
  r = run_migctl(aksara({"downgrade", "-1"}), db.url());
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.all());
  BOOST_TEST(db.version_rows() == v({"001"}));
}

BOOST_AUTO_TEST_CASE(single_transaction_rolls_back_the_whole_run) {
  TestDatabase db;
  RunResult r = run_migctl({"--plugin", "aksara.so", "--plugin", fixture("failing_revision"),
                            "--single-transaction", "upgrade"},
                           db.url());
  BOOST_TEST(r.exit_code == 1, r.all());
  BOOST_TEST(r.err.find("whole run was rolled back") != std::string::npos, r.err);
  BOOST_TEST(db.probe().scalar("SELECT to_regclass('\"user\"') IS NULL") == "t");
  BOOST_TEST(db.version_rows().empty());
}

BOOST_AUTO_TEST_SUITE_END()
