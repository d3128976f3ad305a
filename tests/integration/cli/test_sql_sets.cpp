// SQL-file migration sets (--migrations-dir) end to end on the real server: each format's
// sample set (tests/data/sql_sets/) up and down, a migctl-format set depending on a
// plugin's revision, two directories at once, MIGCTL_MIGRATIONS_DIR from the environment
// and .env, --sql, check after an edit, a bad file leaving the database as it was, and the
// golang-migrate set on SQLite. The database is read with libpq / SQLite's C API.
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "harness.hpp"
#include "hook_support.hpp"
#include "sqlite_support.hpp"

using namespace migctl::test;
using migctl::test::sqlite_files::contains;
using migctl::test::sqlite_files::run_in;
using migctl::test::sqlite_files::SqliteFile;

namespace {

namespace fs = std::filesystem;
using Strings = std::vector<std::string>;

std::string sample(const std::string& format) {
  return (fs::path(MIGCTL_SQL_SETS_DIR) / format).string();
}

// A copy of a sample set in a scratch directory, to edit.
std::string copy_of(const std::string& format) {
  const fs::path dir = fs::path(scratch_dir()) / format;
  fs::copy(sample(format), dir, fs::copy_options::recursive);
  return dir.string();
}

// What the sets leave in the public schema besides migctl's own two tables: tables,
// views, functions, sequences, indexes.
std::string leftovers(TestDatabase& db) {
  return db.probe().scalar(
      "SELECT coalesce(string_agg(kind || ' ' || name, ', ' ORDER BY kind, name), '') FROM ("
      " SELECT CASE c.relkind WHEN 'v' THEN 'view' WHEN 'S' THEN 'sequence' WHEN 'i' THEN "
      "  'index' ELSE 'table' END AS kind, c.relname::text AS name FROM pg_class c"
      "  WHERE c.relnamespace = 'public'::regnamespace AND c.relname NOT IN ('alembic_version',"
      "  'migctl_history') AND c.relname NOT LIKE 'migctl_history%' AND c.relname NOT LIKE "
      "  'alembic_version%'"
      " UNION ALL SELECT 'function', p.proname::text FROM pg_proc p"
      "  WHERE p.pronamespace = 'public'::regnamespace) AS objects");
}

std::string table_list(TestDatabase& db) {
  return db.probe().scalar(
      "SELECT string_agg(table_name, ',' ORDER BY table_name) FROM information_schema.tables "
      "WHERE table_schema = 'public' AND table_name NOT IN ('alembic_version', "
      "'migctl_history')");
}

struct FormatCase {
  std::string format;
  std::string head;
  std::string tables;  // tables and views after upgrade
  std::string seeded;  // a query returning 1 once the seed row is there
  int revisions;
};

const std::vector<FormatCase> kFormats = {
    {"golang-migrate", "3", "loan,member,open_loan",
     "SELECT count(*) FROM member WHERE email = 'librarian@example.org'", 3},
    {"dbmate", "20240104070000", "customer,customer_total,purchase",
     "SELECT count(*) FROM customer WHERE email = 'house@example.com'", 4},
    {"flyway", "3", "post,post_comment,post_summary",
     "SELECT comment_count(id) + 1 FROM post WHERE slug = 'welcome'", 6},
    {"diesel", "20240103080000", "task", "SELECT count(*) FROM task WHERE title = 'Read the inbox'",
     4},
};

// dbmate itself (npm's @dbmate/linux-x64): MIGCTL_TEST_DBMATE, else on PATH; empty if
// neither, and the test that needs it is skipped.
std::string dbmate_binary() {
  if (const char* given = std::getenv("MIGCTL_TEST_DBMATE"); given && *given) return given;
  const char* path = std::getenv("PATH");
  std::stringstream dirs(path ? path : "");
  std::string dir;
  while (std::getline(dirs, dir, ':')) {
    const fs::path candidate = fs::path(dir) / "dbmate";
    if (!dir.empty() && ::access(candidate.c_str(), X_OK) == 0) return candidate.string();
  }
  return {};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(sql_sets)

BOOST_AUTO_TEST_CASE(each_format_upgrades_reports_and_downgrades_to_an_empty_database) {
  for (const auto& c : kFormats) {
    BOOST_TEST_CONTEXT(c.format) {
      TestDatabase db;
      const Strings dir = {"--migrations-dir", sample(c.format)};
      auto with = [&dir](Strings args) {
        args.insert(args.begin(), dir.begin(), dir.end());
        return args;
      };
      RunResult r = run_migctl(with({"upgrade"}), db.url());
      BOOST_TEST_REQUIRE(r.exit_code == 0, r.all());
      BOOST_TEST(db.version_rows() == Strings{c.head});
      BOOST_TEST(table_list(db) == c.tables);
      BOOST_TEST(db.probe().scalar(c.seeded) == "1");
      // One successful audit row per file, with a checksum.
      BOOST_TEST(db.probe().scalar("SELECT count(*) FROM migctl_history WHERE direction = "
                                   "'upgrade' AND success AND length(checksum) = 64") ==
                 std::to_string(c.revisions));

      r = run_migctl(with({"current"}), db.url());
      BOOST_TEST(r.exit_code == 0, r.all());
      BOOST_TEST(contains(r.out, c.head + " (head)"), r.out);
      r = run_migctl(with({"history"}), db.url());
      BOOST_TEST(r.exit_code == 0, r.all());
      BOOST_TEST(contains(r.out, "-> " + c.head + " (head)"), r.out);
      r = run_migctl(with({"check"}), db.url());
      BOOST_TEST(r.exit_code == 0, r.all());

      r = run_migctl(with({"downgrade", "base"}), db.url());
      BOOST_TEST_REQUIRE(r.exit_code == 0, r.all());
      BOOST_TEST(db.version_rows().empty());
      BOOST_TEST(leftovers(db) == "");
    }
  }
}

BOOST_AUTO_TEST_CASE(concurrent_index_of_dbmate_and_diesel_runs_outside_a_transaction) {
  TestDatabase db;
  RunResult r = run_migctl({"--migrations-dir", sample("dbmate"), "upgrade"}, db.url());
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.all());
  BOOST_TEST(db.probe().scalar("SELECT indexdef FROM pg_indexes WHERE indexname = "
                               "'ix_purchase_customer_id'") ==
             "CREATE INDEX ix_purchase_customer_id ON public.purchase USING btree (customer_id)");
  // A valid index: CONCURRENTLY finished (an invalid one would be left by a failed build).
  BOOST_TEST(db.probe().scalar("SELECT indisvalid FROM pg_index WHERE indexrelid = "
                               "'ix_purchase_customer_id'::regclass") == "t");
}

BOOST_AUTO_TEST_CASE(a_migctl_set_depends_on_a_plugin_revision) {
  TestDatabase db;
  const Strings both = {"--plugin", "example_portable.so", "--migrations-dir", sample("migctl")};
  auto with = [&both](Strings args) {
    args.insert(args.begin(), both.begin(), both.end());
    return args;
  };
  // The reviews branch alone pulls in the plugin's books (depends_on), not its later isbn.
  RunResult r = run_migctl(with({"upgrade", "reviews@head"}), db.url());
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.all());
  // As in Alembic, the dependency's row is absorbed by the revision depending on it.
  BOOST_TEST(db.version_rows() == Strings{"c4b3a2918e7f"});
  BOOST_TEST(db.probe().scalar("SELECT count(*) FROM migctl_history WHERE revision = "
                               "'e003_book_isbn'") == "0");
  Rows order = db.probe().query("SELECT revision FROM migctl_history ORDER BY id");
  BOOST_TEST_REQUIRE(order.size() == 7u);
  BOOST_TEST(order[0][0] == "e001_authors");
  BOOST_TEST(order[1][0] == "e002_books");
  BOOST_TEST(order[2][0] == "3a7c1e9b2d40");
  BOOST_TEST(order[6][0] == "c4b3a2918e7f");  // after the merge of both branches
  BOOST_TEST(db.probe().scalar("SELECT code FROM flag_reason") == "spam");
  BOOST_TEST(db.probe().scalar("SELECT to_regclass('top_review') IS NOT NULL") == "t");

  r = run_migctl(with({"upgrade"}), db.url());  // every set's head
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.all());
  BOOST_TEST(db.version_rows() == (Strings{"c4b3a2918e7f", "e003_book_isbn"}));
  r = run_migctl(with({"history"}), db.url());
  BOOST_TEST(contains(r.out, "5be04f6a1c93, 8d21c7f05e6b -> 0f9e8d7c6b5a (reviews) (mergepoint)"),
             r.out);
  r = run_migctl(with({"check"}), db.url());
  BOOST_TEST(r.exit_code == 0, r.all());

  // Without the plugin the dependency is missing: an error before anything runs.
  r = run_migctl({"--migrations-dir", sample("migctl"), "downgrade", "base"}, db.url());
  BOOST_TEST(r.exit_code == 65, r.all());
  BOOST_TEST(contains(r.err, "e002_books"), r.err);

  r = run_migctl(with({"downgrade", "base"}), db.url());
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.all());
  BOOST_TEST(db.version_rows().empty());
  BOOST_TEST(leftovers(db) == "");
}

BOOST_AUTO_TEST_CASE(two_directories_at_once_by_flags_and_by_the_environment) {
  TestDatabase db;
  RunResult r = run_migctl({"--migrations-dir", sample("golang-migrate"), "--migrations-dir",
                            "shop=" + sample("dbmate"), "upgrade"},
                           db.url());
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.all());
  BOOST_TEST(db.version_rows() == (Strings{"20240104070000", "3"}));
  r = run_migctl({"--migrations-dir", sample("golang-migrate"), "--migrations-dir",
                  "shop=" + sample("dbmate"), "doctor"},
                 db.url());
  BOOST_TEST(contains(r.out, "golang-migrate (" + sample("golang-migrate") + "/: 3 revision(s)"),
             r.out);
  BOOST_TEST(contains(r.out, "shop (" + sample("dbmate") + "/: 4 revision(s)"), r.out);
  r = run_migctl(
      {"downgrade", "shop@base"}, db.url(),
      {{"MIGCTL_MIGRATIONS_DIR", sample("golang-migrate") + ":shop=" + sample("dbmate")}});
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.all());
  BOOST_TEST(db.version_rows() == Strings{"3"});
  BOOST_TEST(table_list(db) == "loan,member,open_loan");

  // Sets whose versions collide cannot be loaded together: both files named, nothing run.
  r = run_migctl({"--migrations-dir", sample("golang-migrate"), "--migrations-dir",
                  sample("flyway"), "upgrade"},
                 db.url());
  BOOST_TEST(r.exit_code == 78, r.all());
  BOOST_TEST(contains(r.err, "000001_create_member.up.sql"), r.err);
  BOOST_TEST(contains(r.err, "V1__Create_post.sql"), r.err);
  BOOST_TEST(db.version_rows() == Strings{"3"});
}

BOOST_AUTO_TEST_CASE(migrations_dir_from_dotenv_relative_to_the_working_directory) {
  TestDatabase db;
  const fs::path work = scratch_dir();
  fs::create_directories(work / "db");
  fs::copy(sample("flyway"), work / "db" / "migrations", fs::copy_options::recursive);
  std::ofstream(work / ".env") << "MIGCTL_MIGRATIONS_DIR=db/migrations\n"
                               << "MIGCTL_MIGRATIONS_FORMAT=flyway\n";
  RunResult r = run_in(work.string(), {"upgrade", "1.10"}, db.url());
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.all());
  BOOST_TEST(db.version_rows() == Strings{"1.10"});
  r = run_in(work.string(), {"history"}, db.url());
  BOOST_TEST(contains(r.out, "1.2 -> 1.10, Post summary view"), r.out);
  fs::remove_all(work);
}

BOOST_AUTO_TEST_CASE(offline_sql_of_a_sql_set_changes_nothing) {
  TestDatabase db;
  const std::string before = db.full_snapshot();
  RunResult r =
      run_migctl({"--migrations-dir", sample("golang-migrate"), "upgrade", "--sql"}, db.url());
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.all());
  BOOST_TEST(contains(r.out, "CREATE TABLE member"), r.out);
  BOOST_TEST(contains(r.out, "CREATE VIEW open_loan"), r.out);
  BOOST_TEST(contains(r.out, "'3'"), r.out);  // the version row written
  BOOST_TEST(db.full_snapshot() == before);
  // The script runs under psql as it stands.
  const fs::path script = fs::path(scratch_dir()) / "up.sql";
  std::ofstream(script) << r.out;
  const std::string command = "psql -X -q -v ON_ERROR_STOP=1 -d '" + db.url() + "' -f '" +
                              script.string() + "' > /dev/null 2>&1";
  BOOST_TEST(std::system(command.c_str()) == 0);
  BOOST_TEST(db.version_rows() == Strings{"3"});
  BOOST_TEST(table_list(db) == "loan,member,open_loan");
}

BOOST_AUTO_TEST_CASE(check_finds_an_applied_file_changed) {
  TestDatabase db;
  const std::string dir = copy_of("dbmate");
  RunResult r = run_migctl({"--migrations-dir", dir, "upgrade"}, db.url());
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.all());
  const fs::path file = fs::path(dir) / "20240104070000_seed_house_account.sql";
  std::ofstream(file) << "-- migrate:up\nINSERT INTO customer (email) VALUES "
                         "('other@example.com');\n\n-- migrate:down\nDELETE FROM customer;\n";
  r = run_migctl({"--migrations-dir", dir, "check"}, db.url());
  BOOST_TEST(r.exit_code == 65, r.all());
  BOOST_TEST(contains(r.all(), "20240104070000"), r.all());
}

// Timestamps from two branches merged out of order: the late file lands below the applied
// head, counts as applied and would never run. check says so (inserted_revisions).
BOOST_AUTO_TEST_CASE(check_finds_a_file_added_below_the_applied_head) {
  TestDatabase db;
  const std::string dir = copy_of("dbmate");
  RunResult r = run_migctl({"--migrations-dir", dir, "upgrade"}, db.url());
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.all());
  r = run_migctl({"--migrations-dir", dir, "check"}, db.url());
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.all());
  std::ofstream(fs::path(dir) / "20240101130000_late_branch.sql")
      << "-- migrate:up\nCREATE TABLE late (id int);\n-- migrate:down\nDROP TABLE late;\n";
  r = run_migctl({"--migrations-dir", dir, "upgrade"}, db.url());
  BOOST_TEST(r.exit_code == 0, r.all());
  BOOST_TEST(db.probe().scalar("SELECT to_regclass('late') IS NULL") == "t");  // never ran
  r = run_migctl({"--migrations-dir", dir, "check"}, db.url());
  BOOST_TEST(r.exit_code == 65, r.all());
  BOOST_TEST(contains(r.all(), "20240101130000"), r.all());
  BOOST_TEST(contains(r.all(), "sits below 20240102093000, which was applied before it existed"),
             r.all());
  // Renamed above the head, it runs and check is content.
  fs::rename(fs::path(dir) / "20240101130000_late_branch.sql",
             fs::path(dir) / "20240105000000_late_branch.sql");
  r = run_migctl({"--migrations-dir", dir, "upgrade"}, db.url());
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.all());
  BOOST_TEST(db.probe().scalar("SELECT to_regclass('late') IS NOT NULL") == "t");
  r = run_migctl({"--migrations-dir", dir, "check"}, db.url());
  BOOST_TEST(r.exit_code == 0, r.all());
}

// Stamped revisions never ran under migctl and are not judged by inserted_revisions: a
// takeover (stamp, then upgrade the rest) passes check.
BOOST_AUTO_TEST_CASE(stamped_then_upgraded_passes_check) {
  TestDatabase db;
  db.probe().exec(
      "CREATE TABLE member (id integer PRIMARY KEY, name varchar(100) NOT NULL, email "
      "varchar(200) NOT NULL UNIQUE, joined_at timestamp DEFAULT CURRENT_TIMESTAMP)");
  const Strings dir = {"--migrations-dir", sample("golang-migrate")};
  auto with = [&dir](Strings args) {
    args.insert(args.begin(), dir.begin(), dir.end());
    return args;
  };
  RunResult r = run_migctl(with({"stamp", "1"}), db.url());
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.all());
  r = run_migctl(with({"upgrade"}), db.url());
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.all());
  BOOST_TEST(db.version_rows() == Strings{"3"});
  r = run_migctl(with({"check"}), db.url());
  BOOST_TEST(r.exit_code == 0, r.all());
}

BOOST_AUTO_TEST_CASE(a_bad_file_is_reported_before_anything_runs) {
  TestDatabase db;
  const std::string dir = copy_of("golang-migrate");
  fs::remove(fs::path(dir) / "000002_create_loan.down.sql");
  const std::string before = db.full_snapshot();
  RunResult r = run_migctl({"--migrations-dir", dir, "upgrade"}, db.url());
  BOOST_TEST(r.exit_code == 65, r.all());
  BOOST_TEST(
      contains(r.err, (fs::path(dir) / "000002_create_loan.up.sql").string() + " has no down file"),
      r.err);
  BOOST_TEST(db.full_snapshot() == before);

  r = run_migctl({"--migrations-dir", dir + "/nope", "upgrade"}, db.url());
  BOOST_TEST(r.exit_code == 78, r.all());
  BOOST_TEST(contains(r.err, dir + "/nope does not exist"), r.err);
  r = run_migctl({"--migrations-format", "liquibase", "--migrations-dir", dir, "upgrade"},
                 db.url());
  BOOST_TEST(r.exit_code == 64, r.all());
  BOOST_TEST(db.full_snapshot() == before);
}

BOOST_AUTO_TEST_CASE(hooks_run_around_a_sql_set) {
  TestDatabase db;
  const std::string root = scratch_dir();
  RunResult r = run_migctl({"--migrations-dir", sample("diesel"), "--hook", "pg_dump_backup",
                            "--hook", "monitor", "upgrade"},
                           db.url(),
                           {{"MIGCTL_HOOK_PG_DUMP_BACKUP_DIR", root + "/backups"},
                            {"MIGCTL_HOOK_MONITOR_REPORT_DIR", root + "/reports"}});
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.all());
  BOOST_TEST(files_in(root + "/backups", ".dump").size() == 1u);
  BOOST_TEST(files_in(root + "/reports", ".json").size() == 1u);
  BOOST_TEST(contains(r.out, "+ public.task"), r.out);
}

// The ids are dbmate's own versions: a database dbmate migrated is taken over by stamping
// the latest one (README "Taking over a database the tool migrated").
BOOST_AUTO_TEST_CASE(a_database_dbmate_migrated_is_taken_over_by_stamping,
                     *boost::unit_test::precondition([](boost::unit_test::test_unit_id) {
                       return !dbmate_binary().empty();
                     })) {
  TestDatabase db;
  const std::string dir = copy_of("dbmate");
  Poco::Process::Env env;  // the URL in the environment, never in a child's argv
  env["DATABASE_URL"] = db.url() + (contains(db.url(), "?") ? "&" : "?") + "sslmode=disable";
  Poco::Pipe out;
  Poco::ProcessHandle handle =
      Poco::Process::launch(dbmate_binary(), {"--migrations-dir", dir, "--no-dump-schema", "up"},
                            ".", nullptr, &out, &out, env);
  std::string output = migctl::test::sqlite_files::read_all(out);
  for (std::size_t at; (at = output.find(test_password())) != std::string::npos;)
    output.replace(at, test_password().size(), "***");
  BOOST_TEST_REQUIRE(handle.wait() == 0, output);
  const std::string latest = db.probe().scalar("SELECT max(version) FROM schema_migrations");
  BOOST_TEST_REQUIRE(latest == "20240104070000");

  const Strings with = {"--migrations-dir", dir};
  auto run = [&](Strings args) {
    args.insert(args.begin(), with.begin(), with.end());
    return run_migctl(args, db.url());
  };
  RunResult r = run({"stamp", latest});
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.all());
  r = run({"check"});
  BOOST_TEST(r.exit_code == 0, r.all());
  r = run({"upgrade"});
  BOOST_TEST(r.exit_code == 0, r.all());
  BOOST_TEST(!contains(r.out, "Running upgrade"), r.out);
  r = run({"downgrade", "base"});  // migctl reverts what dbmate applied
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.all());
  BOOST_TEST(table_list(db) == "schema_migrations");  // dbmate's own table, left alone
}

BOOST_AUTO_TEST_CASE(golang_migrate_set_on_sqlite) {
  SqliteFile file;
  const Strings dir = {"--migrations-dir", sample("golang-migrate")};
  auto with = [&dir](Strings args) {
    args.insert(args.begin(), dir.begin(), dir.end());
    return args;
  };
  RunResult r = run_migctl(with({"upgrade"}), file.url());
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.all());
  BOOST_TEST(file.version_rows() == Strings{"3"});
  BOOST_TEST(file.scalar("SELECT name FROM open_loan") == "<none>");
  BOOST_TEST(file.scalar("SELECT name FROM member") == "Librarian");
  r = run_migctl(with({"current"}), file.url());
  BOOST_TEST(contains(r.out, "3 (head)"), r.out);
  r = run_migctl(with({"downgrade", "base"}), file.url());
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.all());
  BOOST_TEST(file.version_rows().empty());
  BOOST_TEST(!file.has_table("member"));
  BOOST_TEST(file.scalar("SELECT count(*) FROM sqlite_schema WHERE name NOT LIKE 'migctl_%' AND "
                         "name NOT LIKE 'sqlite_%' AND name <> 'alembic_version'") == "0");
}

BOOST_AUTO_TEST_CASE(migctl_set_with_the_portable_plugin_on_sqlite) {
  SqliteFile file;
  const Strings both = {"--plugin", "example_portable.so", "--migrations-dir", sample("migctl")};
  Strings up = both;
  up.push_back("upgrade");
  RunResult r = run_migctl(up, file.url());
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.all());
  BOOST_TEST(file.version_rows() == (Strings{"c4b3a2918e7f", "e003_book_isbn"}));
  BOOST_TEST(file.scalar("SELECT code FROM flag_reason") == "spam");
  Strings down = both;
  down.insert(down.end(), {"downgrade", "base"});
  r = run_migctl(down, file.url());
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.all());
  BOOST_TEST(!file.has_table("review"));
  BOOST_TEST(!file.has_table("author"));
}

BOOST_AUTO_TEST_SUITE_END()
