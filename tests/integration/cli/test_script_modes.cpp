// Scripts as PostgreSQL's parser reads them, end to end on the real server: statements
// PostgreSQL refuses inside a transaction run outside one on their own and are refused
// when mixed with ones that need one; a BEGIN ATOMIC function body is one statement online
// and through --sql + psql; checksums ignore formatting, and `repair` records a deliberate
// edit. The revisions are SQL files (a migrations directory) the tests edit between runs.
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <fstream>

#include "harness.hpp"
#include "sqlite_support.hpp"
#include "text_contains.hpp"

using namespace migctl::test;
namespace fs = std::filesystem;

namespace {

using migctl_test::contains;

// A directory of golang-migrate files (<version>_<title>.up.sql / .down.sql), loaded with
// --migrations-dir.
struct SqlDir {
  std::string dir = scratch_dir();

  void write(const std::string& name, const std::string& text) const {
    std::ofstream(fs::path(dir) / name) << text;
  }
  std::string path(const std::string& name) const { return (fs::path(dir) / name).string(); }

  RunResult run(std::vector<std::string> args, const std::string& url) const {
    args.insert(args.begin(), {"--migrations-dir", dir});
    return run_migctl(args, url);
  }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(script_modes)

BOOST_AUTO_TEST_CASE(a_concurrent_index_runs_outside_a_transaction_without_a_declaration) {
  TestDatabase db;
  SqlDir sql;
  sql.write("1_items.up.sql",
            "CREATE TABLE items (id int PRIMARY KEY, name text);\n"
            "INSERT INTO items SELECT g, 'n' || g FROM generate_series(1, 1000) g;\n");
  sql.write("1_items.down.sql", "DROP TABLE items;\n");
  sql.write("2_items_name.up.sql",
            "-- built without blocking writes\n"
            "SET lock_timeout = '5s';\n"
            "CREATE INDEX CONCURRENTLY items_name_idx ON items (name);\n");
  sql.write("2_items_name.down.sql", "DROP INDEX CONCURRENTLY items_name_idx;\n");

  RunResult r = sql.run({"upgrade"}, db.url());
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.all());
  BOOST_TEST(contains(r.out, "2 runs outside a transaction"), r.out);
  BOOST_TEST(contains(r.out, sql.path("2_items_name.up.sql") + ":3"), r.out);
  BOOST_TEST(db.probe().scalar("SELECT indisvalid FROM pg_index"
                               " WHERE indexrelid = 'items_name_idx'::regclass") == "t");
  BOOST_TEST(db.version_rows() == std::vector<std::string>{"2"});
  BOOST_TEST(db.probe().scalar("SELECT count(*) FROM migctl_history WHERE success") == "2");

  // The --sql script frames it the same way, so psql can apply it.
  TestDatabase offline;
  r = sql.run({"upgrade", "base:head", "--sql"}, offline.url());
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.all());
  std::string psql_out;
  BOOST_TEST_REQUIRE(psql_file(offline.url(), r.out, psql_out) == 0, psql_out);
  BOOST_TEST(offline.schema_snapshot() == db.schema_snapshot());
  BOOST_TEST(offline.probe().scalar("SELECT indisvalid FROM pg_index"
                                    " WHERE indexrelid = 'items_name_idx'::regclass") == "t");
  BOOST_TEST(audit_rows_text(offline) == audit_rows_text(db));

  r = sql.run({"downgrade", "1"}, db.url());
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.all());
  BOOST_TEST(db.probe().scalar("SELECT to_regclass('items_name_idx') IS NULL") == "t");
  BOOST_TEST(db.version_rows() == std::vector<std::string>{"1"});
}

BOOST_AUTO_TEST_CASE(a_revision_mixing_both_kinds_is_refused_with_the_database_unchanged) {
  TestDatabase db;
  SqlDir sql;
  sql.write("1_ok.up.sql", "CREATE TABLE ok (a int);\n");
  sql.write("1_ok.down.sql", "DROP TABLE ok;\n");
  sql.write("2_mixed.up.sql",
            "CREATE TABLE t (a int);\n"
            "\n"
            "CREATE INDEX CONCURRENTLY t_a ON t (a);\n");
  sql.write("2_mixed.down.sql", "DROP TABLE t;\n");
  const std::string before = db.full_snapshot();

  RunResult r = sql.run({"upgrade"}, db.url());
  BOOST_TEST(r.exit_code == 65, r.all());
  BOOST_TEST(contains(r.err, "mixes"), r.err);
  BOOST_TEST(contains(r.err, sql.path("2_mixed.up.sql") + ":1"), r.err);
  BOOST_TEST(contains(r.err, sql.path("2_mixed.up.sql") + ":3"), r.err);
  BOOST_TEST(contains(r.err, "split the revision in two"), r.err);
  // Not even 1 ran, and migctl created nothing.
  BOOST_TEST(db.full_snapshot() == before);
  BOOST_TEST(db.probe().scalar("SELECT to_regclass('migctl_history') IS NULL") == "t");

  // `check` finds it before anyone runs upgrade.
  r = sql.run({"check"}, db.url());
  BOOST_TEST(r.exit_code == 65, r.all());
  BOOST_TEST(contains(r.all(), "mixes"), r.all());
}

BOOST_AUTO_TEST_CASE(declared_non_transactional_a_mixed_revision_runs_statement_by_statement) {
  TestDatabase db;
  SqlDir sql;  // dbmate's transaction:false
  sql.write("20240101000000_t.sql",
            "-- migrate:up transaction:false\n"
            "CREATE TABLE t (a int);\n"
            "CREATE INDEX CONCURRENTLY t_a ON t (a);\n"
            "\n"
            "-- migrate:down transaction:false\n"
            "DROP INDEX CONCURRENTLY t_a;\n"
            "DROP TABLE t;\n");
  RunResult r = sql.run({"upgrade", "base:head", "--sql"}, db.url());
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.all());
  BOOST_TEST(contains(r.out,
                      "-- non-transactional: statements run one by one\n"
                      "CREATE TABLE t (a int);\n"
                      "CREATE INDEX CONCURRENTLY t_a ON t (a);\n"),
             r.out);
  r = sql.run({"upgrade"}, db.url());
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.all());
  BOOST_TEST(db.probe().scalar(
                 "SELECT indisvalid FROM pg_index WHERE indexrelid = 't_a'::regclass") == "t");
  r = sql.run({"downgrade", "base"}, db.url());
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.all());
  BOOST_TEST(db.probe().scalar("SELECT to_regclass('t') IS NULL") == "t");
}

BOOST_AUTO_TEST_CASE(a_script_that_does_not_parse_is_reported_at_its_file_line_before_anything) {
  TestDatabase db;
  SqlDir sql;  // dbmate: the upgrade section starts below its marker
  sql.write("20240101000000_ok.sql",
            "-- migrate:up\nCREATE TABLE ok (a int);\n\n-- migrate:down\nDROP TABLE ok;\n");
  sql.write("20240102000000_broken.sql",
            "-- migrate:up\n"
            "CREATE TABLE a (x int);\n"
            "CREATE TABLE b (x int;\n"
            "\n"
            "-- migrate:down\n"
            "DROP TABLE a;\n");
  const std::string before = db.full_snapshot();
  RunResult r = sql.run({"upgrade"}, db.url());
  BOOST_TEST(r.exit_code == 65, r.all());
  BOOST_TEST(contains(r.err, sql.path("20240102000000_broken.sql") + ":3: syntax error"), r.err);
  BOOST_TEST(db.full_snapshot() == before);
  BOOST_TEST(db.probe().scalar("SELECT to_regclass('migctl_history') IS NULL") == "t");

  // --sql refuses it the same way, without a database.
  r = sql.run({"upgrade", "base:head", "--sql"}, db.url());
  BOOST_TEST(r.exit_code == 65, r.all());
  BOOST_TEST(contains(r.err, sql.path("20240102000000_broken.sql") + ":3"), r.err);
}

BOOST_AUTO_TEST_CASE(a_begin_atomic_body_upgrades_online_and_through_psql_alike) {
  TestDatabase online, offline;
  SqlDir sql;
  sql.write("1_add_one.up.sql",
            "CREATE FUNCTION add_one(i integer) RETURNS integer LANGUAGE SQL\n"
            "BEGIN ATOMIC\n"
            "  SELECT i + 1;\n"
            "END;\n"
            "\n"
            "CREATE TABLE counters (n integer DEFAULT add_one(41));\n");
  sql.write("1_add_one.down.sql", "DROP TABLE counters;\nDROP FUNCTION add_one(integer);\n");

  RunResult r = sql.run({"upgrade"}, online.url());
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.all());
  BOOST_TEST(online.probe().scalar("SELECT add_one(1)") == "2");

  r = sql.run({"upgrade", "base:head", "--sql"}, offline.url());
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.all());
  BOOST_TEST(contains(r.out, "BEGIN ATOMIC\n  SELECT i + 1;\nEND;"), r.out);
  std::string psql_out;
  BOOST_TEST_REQUIRE(psql_file(offline.url(), r.out, psql_out) == 0, psql_out);
  BOOST_TEST(offline.probe().scalar("SELECT add_one(1)") == "2");
  BOOST_TEST(offline.schema_snapshot() == online.schema_snapshot());
  BOOST_TEST(offline.version_rows() == online.version_rows());
  BOOST_TEST(audit_rows_text(offline) == audit_rows_text(online));

  r = sql.run({"downgrade", "base"}, online.url());
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.all());
  BOOST_TEST(online.probe().scalar("SELECT to_regproc('add_one') IS NULL") == "t");
}

BOOST_AUTO_TEST_CASE(a_comment_only_edit_verifies_a_real_edit_needs_repair) {
  TestDatabase db;
  SqlDir sql;
  sql.write("1_users.up.sql", "CREATE TABLE users (id int PRIMARY KEY, name text);\n");
  sql.write("1_users.down.sql", "DROP TABLE users;\n");
  sql.write("2_posts.up.sql", "CREATE TABLE posts (id int, user_id int REFERENCES users (id));\n");
  sql.write("2_posts.down.sql", "DROP TABLE posts;\n");
  BOOST_TEST_REQUIRE(sql.run({"upgrade"}, db.url()).exit_code == 0);

  // Formatting and comments: nothing to report.
  sql.write("1_users.up.sql",
            "-- the accounts\n"
            "CREATE TABLE users (\n"
            "  id   int PRIMARY KEY,  -- the key\n"
            "  name text\n"
            ");\n");
  RunResult r = sql.run({"check"}, db.url());
  BOOST_TEST(r.exit_code == 0, r.all());
  r = sql.run({"upgrade"}, db.url());
  BOOST_TEST(r.exit_code == 0, r.all());

  // What it does: refused, naming the file, suggesting repair; nothing written.
  sql.write("1_users.up.sql", "CREATE TABLE users (id int PRIMARY KEY, name varchar(80));\n");
  const std::string before = db.full_snapshot();
  r = sql.run({"upgrade"}, db.url());
  BOOST_TEST(r.exit_code == 65, r.all());
  BOOST_TEST(contains(r.err, sql.path("1_users.up.sql")), r.err);
  BOOST_TEST(contains(r.err, "migctl repair"), r.err);
  r = sql.run({"check"}, db.url());
  BOOST_TEST(r.exit_code == 65, r.all());
  BOOST_TEST(contains(r.all(), "1_users.up.sql"), r.all());
  BOOST_TEST(db.full_snapshot() == before);

  // --sql shows the repair and writes nothing.
  r = sql.run({"repair", "--sql"}, db.url());
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.all());
  BOOST_TEST(contains(r.out, "'repair'"), r.out);
  BOOST_TEST(db.full_snapshot() == before);

  // The deliberate edit (the column was changed by hand) is recorded.
  db.probe().exec("ALTER TABLE users ALTER COLUMN name TYPE varchar(80)");
  r = sql.run({"repair", "--json"}, db.url());
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.all());
  const auto doc = Poco::JSON::Parser().parse(r.out).extract<Poco::JSON::Object::Ptr>();
  const auto repaired = doc->getArray("repaired");
  BOOST_REQUIRE(repaired && repaired->size() == 1u);
  const auto first = repaired->getObject(0);
  BOOST_TEST(first->getValue<std::string>("revision") == "1");
  BOOST_TEST(first->getValue<std::string>("source") == sql.path("1_users.up.sql"));
  const std::string old_sum = first->getValue<std::string>("checksum_before");
  const std::string new_sum = first->getValue<std::string>("checksum_after");
  BOOST_TEST(old_sum.size() == 64u);
  BOOST_TEST(new_sum.size() == 64u);
  BOOST_TEST(old_sum != new_sum);
  BOOST_TEST(db.probe().scalar("SELECT checksum FROM migctl_history WHERE direction = 'repair'"
                               " AND revision = '1' AND success") == new_sum);
  r = sql.run({"log", "--revision", "1", "--limit", "1"}, db.url());
  BOOST_TEST(r.exit_code == 0, r.all());
  BOOST_TEST(contains(r.out, "repair"), r.out);
  BOOST_TEST(sql.run({"upgrade"}, db.url()).exit_code == 0);
  BOOST_TEST(sql.run({"check"}, db.url()).exit_code == 0);

  // The text form names each revision, its checksums and its file.
  sql.write("2_posts.up.sql",
            "CREATE TABLE posts (id int, user_id int REFERENCES users (id) ON DELETE CASCADE);\n");
  r = sql.run({"repair"}, db.url());
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.all());
  BOOST_TEST(contains(r.out, "Repaired 2: checksum "), r.out);
  BOOST_TEST(contains(r.out, sql.path("2_posts.up.sql")), r.out);
  BOOST_TEST(!contains(r.out, "Repaired 1"), r.out);
  r = sql.run({"repair"}, db.url());
  BOOST_TEST(r.exit_code == 0, r.all());
  BOOST_TEST(contains(r.out, "Nothing to repair"), r.out);
  BOOST_TEST(db.probe().scalar("SELECT count(*) FROM migctl_history WHERE direction = 'repair'") ==
             "2");
}

BOOST_AUTO_TEST_CASE(on_sqlite_vacuum_runs_on_its_own_and_a_real_edit_needs_repair) {
  sqlite_files::SqliteFile file;
  SqlDir sql;
  sql.write("1_t.up.sql", "CREATE TABLE t (x int);\n");
  sql.write("1_t.down.sql", "DROP TABLE t;\n");
  sql.write("2_vacuum.up.sql", "-- reclaim space\nVACUUM;\n");
  sql.write("2_vacuum.down.sql", "SELECT 1;\n");
  RunResult r = sql.run({"upgrade"}, file.url());
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.all());
  BOOST_TEST(contains(r.out, "2 runs outside a transaction: `VACUUM` at " +
                                 sql.path("2_vacuum.up.sql") + ":2"),
             r.out);
  BOOST_TEST(file.query("SELECT version_num FROM alembic_version") ==
             std::vector<std::string>{"2"});

  sql.write("3_mixed.up.sql", "CREATE TABLE u (x int);\nVACUUM;\n");
  sql.write("3_mixed.down.sql", "DROP TABLE u;\n");
  r = sql.run({"upgrade"}, file.url());
  BOOST_TEST(r.exit_code == 65, r.all());
  BOOST_TEST(contains(r.err, "mixes"), r.err);
  BOOST_TEST(file.query("SELECT count(*) FROM sqlite_master WHERE name = 'u'") ==
             std::vector<std::string>{"0"});
  fs::remove(sql.path("3_mixed.up.sql"));
  fs::remove(sql.path("3_mixed.down.sql"));

  // A comment above the statement does not count; what the statement does does.
  sql.write("1_t.up.sql", "-- the table\nCREATE TABLE t (x int);\n");
  BOOST_TEST(sql.run({"upgrade"}, file.url()).exit_code == 0);
  sql.write("1_t.up.sql", "CREATE TABLE t (x integer);\n");
  r = sql.run({"upgrade"}, file.url());
  BOOST_TEST(r.exit_code == 65, r.all());
  BOOST_TEST(contains(r.err, sql.path("1_t.up.sql")), r.err);
  r = sql.run({"repair"}, file.url());
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.all());
  BOOST_TEST(contains(r.out, "Repaired 1: checksum "), r.out);
  BOOST_TEST(file.query("SELECT count(*) FROM migctl_history WHERE direction = 'repair'") ==
             std::vector<std::string>{"1"});
  BOOST_TEST(sql.run({"upgrade"}, file.url()).exit_code == 0);
}

BOOST_AUTO_TEST_SUITE_END()
