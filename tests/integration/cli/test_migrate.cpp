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
  // Alembic's progress line: "Running upgrade <parents> -> <revision>, <message>".
  BOOST_TEST(
      r.out.find("Running upgrade  -> 001_initial, Initial migration - create user tables") !=
          std::string::npos,
      r.out);
  BOOST_TEST(
      r.out.find("Running upgrade 001_initial -> 002_refresh_tokens, Add refresh tokens table") !=
          std::string::npos,
      r.out);
  BOOST_TEST(db.probe().scalar(kAksaraTables) ==
             "alembic_version,migctl_history,refresh_tokens,user,user_profile");
  BOOST_TEST(db.version_rows() == v({"002_refresh_tokens"}));
  Rows audit = db.probe().query(
      "SELECT revision, direction, success::text, length(checksum)::text, versions_before,"
      " versions_after, db_user, (finished_at >= started_at)::text, migctl_version"
      " FROM migctl_history ORDER BY id");
  BOOST_TEST_REQUIRE(audit.size() == 2u);
  BOOST_TEST(audit[0][0] == "001_initial");
  BOOST_TEST(audit[0][1] == "upgrade");
  BOOST_TEST(audit[0][2] == "true");
  BOOST_TEST(audit[0][3] == "64");
  BOOST_TEST(audit[0][4] == "");
  BOOST_TEST(audit[0][5] == "001_initial");
  BOOST_TEST(audit[0][6] == "postgres");
  BOOST_TEST(audit[0][7] == "true");
  BOOST_TEST(audit[1][0] == "002_refresh_tokens");
  BOOST_TEST(audit[1][4] == "001_initial");
  BOOST_TEST(audit[1][5] == "002_refresh_tokens");
  // "user" is really the table, not the session user.
  BOOST_TEST(db.probe().scalar("SELECT count(*) FROM \"user\"") == "0");
}

BOOST_AUTO_TEST_CASE(aksara_schema_has_the_backends_keys_and_indexes_and_no_defaults) {
  TestDatabase db;
  BOOST_TEST_REQUIRE(run_migctl(aksara({"upgrade"}), db.url()).exit_code == 0);
  auto& p = db.probe();
  BOOST_TEST(p.scalar("SELECT string_agg(indexname, ',' ORDER BY indexname) FROM pg_indexes "
                      "WHERE schemaname = 'public' AND tablename IN ('user', 'user_profile', "
                      "'refresh_tokens')") ==
             "ix_refresh_tokens_id,ix_refresh_tokens_token,ix_refresh_tokens_user_id,ix_user_id,"
             "ix_user_profile_id,ix_user_profile_id_user,ix_user_username,refresh_tokens_pkey,"
             "user_pkey,user_profile_pkey");
  BOOST_TEST(p.scalar("SELECT string_agg(conname || ' ' || pg_get_constraintdef(oid), '; ' "
                      "ORDER BY conname) FROM pg_constraint WHERE contype = 'f'") ==
             "refresh_tokens_user_id_fkey FOREIGN KEY (user_id) REFERENCES \"user\"(id); "
             "user_profile_id_user_fkey FOREIGN KEY (id_user) REFERENCES \"user\"(id)");
  // The backend fills every value: no column has a server default.
  BOOST_TEST(p.scalar("SELECT count(*) FROM information_schema.columns WHERE table_schema = "
                      "'public' AND table_name IN ('user', 'user_profile', 'refresh_tokens') "
                      "AND column_default IS NOT NULL") == "0");
  BOOST_CHECK_THROW(p.exec("INSERT INTO \"user\" (id, username, password, is_active, created_by,"
                           " updated_by) VALUES ('x', 'x', 'h', true, 's', 's')"),
                    std::runtime_error);  // deleted is NOT NULL and has no default

  const char* user =
      "INSERT INTO \"user\" (id, username, password, is_active, deleted, created_by, updated_by)"
      " VALUES ('%s', '%s', 'h', true, false, 's', 's')";
  auto insert_user = [&](const std::string& id, const std::string& name) {
    std::string sql = user;
    sql.replace(sql.find("%s"), 2, id);
    sql.replace(sql.find("%s"), 2, name);
    p.exec(sql);
  };
  auto insert_profile = [&](const std::string& id, const std::string& user_id) {
    p.exec(
        "INSERT INTO user_profile (id, id_user, nama_lengkap, email, tipe_akun, role, deleted,"
        " created_by, updated_by) VALUES ('" +
        id + "', '" + user_id + "', 'A', 'a@x.io', 'USER', 'USER', false, 's', 's')");
  };
  insert_user("u1", "a");
  insert_profile("p1", "u1");
  p.exec(
      "INSERT INTO refresh_tokens (id, token, user_id, expires_at, is_revoked)"
      " VALUES ('t1', 'tok', 'u1', LOCALTIMESTAMP + interval '1 day', false)");
  BOOST_CHECK_THROW(insert_user("u2", "a"), std::runtime_error);          // username is unique
  BOOST_CHECK_THROW(insert_profile("p2", "u1"), std::runtime_error);      // one profile per user
  BOOST_CHECK_THROW(insert_profile("p3", "nobody"), std::runtime_error);  // foreign key
  BOOST_CHECK_THROW(p.exec("INSERT INTO refresh_tokens (id, token, user_id, expires_at, is_revoked)"
                           " VALUES ('t2', 'tok', 'u1', LOCALTIMESTAMP, false)"),
                    std::runtime_error);  // token is unique
  // No ON DELETE action: a user with a profile or tokens cannot be removed (the backend
  // soft-deletes instead).
  BOOST_CHECK_THROW(p.exec("DELETE FROM \"user\""), std::runtime_error);
  BOOST_TEST(p.scalar("SELECT count(*) FROM user_profile") == "1");
}

BOOST_AUTO_TEST_CASE(downgrade_to_base_then_upgrade_gives_the_identical_schema) {
  TestDatabase db;
  BOOST_TEST_REQUIRE(run_migctl(aksara({"upgrade"}), db.url()).exit_code == 0);
  std::string first = db.schema_snapshot();

  RunResult down = run_migctl(aksara({"downgrade", "base"}), db.url());
  BOOST_TEST_REQUIRE(down.exit_code == 0, down.all());
  BOOST_TEST(down.out.find(
                 "Running downgrade 002_refresh_tokens -> 001_initial, Add refresh tokens table") !=
                 std::string::npos,
             down.out);
  BOOST_TEST(
      down.out.find("Running downgrade 001_initial -> , Initial migration - create user tables") !=
          std::string::npos,
      down.out);
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
  RunResult r = run_migctl(aksara({"upgrade", "001_initial"}), db.url());
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.all());
  BOOST_TEST(db.version_rows() == v({"001_initial"}));
  BOOST_TEST(db.probe().scalar("SELECT to_regclass('refresh_tokens') IS NULL") == "t");

  r = run_migctl(aksara({"upgrade", "+1"}), db.url());
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.all());
  BOOST_TEST(db.version_rows() == v({"002_refresh_tokens"}));

  // A prefix that is unique is accepted.
  r = run_migctl(aksara({"downgrade",
                         "00"
                         "1"}),
                 db.url());
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.all());
  BOOST_TEST(db.version_rows() == v({"001_initial"}));
}

BOOST_AUTO_TEST_CASE(downgrade_minus_one_works_as_typed) {
  TestDatabase db;
  BOOST_TEST_REQUIRE(run_migctl(aksara({"upgrade"}), db.url()).exit_code == 0);
  RunResult r = run_migctl({"--plugin", "aksara.so", "downgrade", "-1"}, db.url());
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.all());
  BOOST_TEST(db.version_rows() == v({"001_initial"}));
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
  BOOST_TEST(r.out.find("Already at head (002_refresh_tokens)") != std::string::npos, r.out);
  BOOST_TEST(db.full_snapshot() == before);
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
