// migctl on SQLite (sqlite.so), end to end: the portable example set and the benchmark's
// generated revisions through upgrade / downgrade / current / history / stamp / log, --sql
// scripts applied by the sqlite3 shell, Alembic reading the version table, a run killed
// with SIGKILL while it holds the lock, a failing revision. The database is checked with
// SQLite's own C API, never through migctl's driver. (Concurrent runs: sqlite_concurrency.)
#include <signal.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>

#include "sqlite_support.hpp"

using namespace migctl::test;
using namespace migctl::test::sqlite_files;

BOOST_AUTO_TEST_SUITE(sqlite)

BOOST_AUTO_TEST_CASE(portable_set_up_and_down_with_current_history_and_log) {
  SqliteFile db;
  RunResult r = run_migctl(portable({"upgrade"}), db.url());
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.all());
  BOOST_TEST(contains(r.out, "Running upgrade  -> e001_authors, Authors"), r.out);
  BOOST_TEST(contains(r.out, "Running upgrade e002_books -> e003_book_isbn"), r.out);
  BOOST_TEST(db.version_rows() == std::vector<std::string>{"e003_book_isbn"});
  BOOST_TEST(db.has_table("author"));
  BOOST_TEST(db.scalar("SELECT count(*) FROM pragma_table_info('book') WHERE name = 'isbn'") ==
             "1");
  BOOST_TEST(db.scalar("SELECT name FROM author") == "Anonymous");
  // One audit row per revision, committed with it, with the checksum of what ran.
  BOOST_TEST(
      (db.query("SELECT revision || ' ' || direction || ' ' || success || ' ' ||"
                " length(checksum) || ' ' || (db_user <> '') FROM migctl_history ORDER BY id") ==
       std::vector<std::string>{"e001_authors upgrade 1 64 1", "e002_books upgrade 1 64 1",
                                "e003_book_isbn upgrade 1 64 1"}));
  BOOST_TEST(db.scalar("SELECT count(*) FROM migctl_history WHERE started_at GLOB "
                       "'[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T*Z' AND finished_at >= "
                       "started_at") == "3");

  r = run_migctl(portable({"current"}), db.url());
  BOOST_TEST(r.exit_code == 0, r.all());
  BOOST_TEST(contains(r.out, "e003_book_isbn (head)"), r.out);
  r = run_migctl(portable({"history", "-i"}), db.url());
  BOOST_TEST(r.exit_code == 0, r.all());
  BOOST_TEST(contains(r.out, "e002_books -> e003_book_isbn (head) (current)"), r.out);
  r = run_migctl(portable({"upgrade"}), db.url());
  BOOST_TEST(r.exit_code == 0, r.all());
  BOOST_TEST(contains(r.out, "Already at"), r.out);
  r = run_migctl({"log", "--revision", "e002"}, db.url());
  BOOST_TEST(r.exit_code == 0, r.all());
  BOOST_TEST(contains(r.all(), "e002_books"), r.all());
  BOOST_TEST(!contains(r.all(), "e003_book_isbn"), r.all());

  r = run_migctl(portable({"downgrade", "e001_authors"}), db.url());
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.all());
  BOOST_TEST(db.version_rows() == std::vector<std::string>{"e001_authors"});
  BOOST_TEST(!db.has_table("book"));
  BOOST_TEST(db.scalar("SELECT count(*) FROM author") == "0");
  r = run_migctl(portable({"downgrade", "base"}), db.url());
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.all());
  BOOST_TEST(db.version_rows().empty());
  BOOST_TEST(!db.has_table("author"));
  BOOST_TEST(db.scalar("SELECT count(*) FROM migctl_history WHERE direction = 'downgrade' AND "
                       "success") == "3");
}

// bench_revisions.so is built unless -DMIGCTL_BUILD_BENCH=OFF (the sanitizer build).
BOOST_AUTO_TEST_CASE(bench_revisions_are_valid_sqlite,
                     *boost::unit_test::precondition([](boost::unit_test::test_unit_id) {
                       return fs::exists(std::string(MIGCTL_PLUGIN_DIR) + "/bench_revisions.so");
                     })) {
  SqliteFile db;
  const std::map<std::string, std::string> env{{"MIGCTL_BENCH_REVISIONS", "60"}};
  RunResult r = run_migctl(bench({"upgrade", "r000040"}), db.url(), env);
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.all());
  BOOST_TEST(db.version_rows() == std::vector<std::string>{"r000040"});
  r = run_migctl(bench({"upgrade"}), db.url(), env);
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.all());
  BOOST_TEST(db.scalar("SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name GLOB "
                       "'bench_*'") == "60");
  BOOST_TEST(db.scalar("SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND name GLOB "
                       "'bench_*_name_idx'") == "60");
  r = run_migctl(bench({"current"}), db.url(), env);
  BOOST_TEST(contains(r.out, "r000060 (head)"), r.all());
  r = run_migctl(bench({"downgrade", "-10"}), db.url(), env);
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.all());
  BOOST_TEST(db.version_rows() == std::vector<std::string>{"r000050"});
  r = run_migctl(bench({"downgrade", "base"}), db.url(), env);
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.all());
  BOOST_TEST(db.scalar("SELECT count(*) FROM sqlite_schema WHERE name GLOB 'bench_*'") == "0");
  BOOST_TEST(db.scalar("SELECT count(*) FROM migctl_history WHERE success") == "120");
}

BOOST_AUTO_TEST_CASE(stamp_writes_only_the_version_table) {
  SqliteFile db;
  RunResult r = run_migctl(portable({"stamp", "e002_books"}), db.url());
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.all());
  BOOST_TEST(db.version_rows() == std::vector<std::string>{"e002_books"});
  BOOST_TEST(!db.has_table("author"));
  BOOST_TEST(
      db.scalar("SELECT direction || ' ' || coalesce(checksum, 'none') FROM migctl_history") ==
      "stamp none");
  r = run_migctl(portable({"stamp", "base", "--purge"}), db.url());
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.all());
  BOOST_TEST(db.version_rows().empty());
}

// An offline script applied by the sqlite3 shell leaves what an online run leaves.
BOOST_AUTO_TEST_CASE(sql_scripts_applied_by_the_sqlite3_shell) {
  SqliteFile online;
  SqliteFile offline;
  BOOST_TEST_REQUIRE(run_migctl(portable({"upgrade"}), online.url()).exit_code == 0);

  RunResult r = run_migctl(portable({"upgrade", "base:head", "--sql"}), offline.url());
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.all());
  BOOST_TEST(!fs::exists(offline.path()), "a --sql range opened the database");
  BOOST_TEST(contains(r.out, "sqlite3 -bail"), r.out);
  BOOST_TEST(contains(r.out, "BEGIN IMMEDIATE;"), r.out);
  std::string output;
  BOOST_TEST_REQUIRE(sqlite3_shell(offline.path(), r.out, output) == 0, output);
  BOOST_TEST(offline.schema() == online.schema());
  BOOST_TEST(offline.scalar("SELECT group_concat(revision || ':' || direction || ':' || checksum,"
                            " ',') FROM (SELECT * FROM migctl_history ORDER BY id)") ==
             online.scalar("SELECT group_concat(revision || ':' || direction || ':' || checksum,"
                           " ',') FROM (SELECT * FROM migctl_history ORDER BY id)"));
  BOOST_TEST(offline.scalar("SELECT count(*) FROM migctl_history WHERE length(started_at) = 27 "
                            "AND started_at GLOB '[0-9][0-9][0-9][0-9]-*T*.*Z'") == "3");
  // migctl reads what the shell wrote, and carries on from there.
  r = run_migctl(portable({"current"}), offline.url());
  BOOST_TEST(contains(r.out, "e003_book_isbn (head)"), r.all());

  r = run_migctl(portable({"downgrade", "e003_book_isbn:base", "--sql"}), offline.url());
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.all());
  BOOST_TEST_REQUIRE(sqlite3_shell(offline.path(), r.out, output) == 0, output);
  BOOST_TEST(offline.version_rows().empty());
  BOOST_TEST(!offline.has_table("author"));
}

BOOST_AUTO_TEST_CASE(urls_as_sqlalchemy_writes_them) {
  SqliteFile db;
  fs::create_directories(db.dir() / "data");
  // sqlite:///relative/path: from the current directory.
  RunResult r =
      run_in(db.dir().string(), portable({"upgrade", "e001_authors"}), "sqlite:///data/rel.db");
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.all());
  BOOST_TEST(fs::exists(db.dir() / "data/rel.db"));
  r = run_migctl(portable({"current", "-v"}), "sqlite:///" + (db.dir() / "data/rel.db").string());
  BOOST_TEST(r.exit_code == 0, r.all());
  BOOST_TEST(contains(r.out, "e001_authors"), r.out);
  // Anything else is a configuration error that creates nothing.
  for (const std::string& url : std::vector<std::string>{
           "sqlite://host/x.db", "sqlite://", "sqlite:///:memory:", "sqlite:///x.db?mode=ro",
           "sqlite:///" + (db.dir() / "missing/x.db").string()}) {
    r = run_in(db.dir().string(), portable({"upgrade"}), url);
    BOOST_TEST(r.exit_code == 78, url << ": " << r.all());
    BOOST_TEST(contains(r.err, "migctl: error:"), r.err);
  }
  BOOST_TEST(!fs::exists(db.dir() / "x.db"));
  BOOST_TEST(!fs::exists(db.dir() / "missing"));
}

// Alembic itself reads the version table migctl keeps in SQLite, through SQLAlchemy's
// reading of the same URL, and creates it with the same layout.
BOOST_AUTO_TEST_CASE(alembic_reads_the_version_table) {
  SqliteFile db;
  BOOST_TEST_REQUIRE(run_migctl(portable({"upgrade", "e002_books"}), db.url()).exit_code == 0);
  SqliteFile alembic_made;
  const std::string program =
      "import sys\n"
      "from sqlalchemy import create_engine\n"
      "from alembic.migration import MigrationContext\n"
      "with create_engine(sys.argv[1]).connect() as c:\n"
      "    print(','.join(MigrationContext.configure(c).get_current_heads()))\n"
      "with create_engine(sys.argv[2]).begin() as c:\n"
      "    MigrationContext.configure(c)._ensure_version_table()\n";
  Poco::Pipe out;
  Poco::ProcessHandle handle = Poco::Process::launch(
      "/usr/bin/python3", {"-c", program, db.url(), alembic_made.url()}, ".", nullptr, &out, &out);
  const std::string output = read_all(out);
  BOOST_TEST_REQUIRE(handle.wait() == 0, output);
  BOOST_TEST(output == "e002_books\n");
  const std::string layout =
      "SELECT group_concat(name || ' ' || type || ' ' || \"notnull\" || ' ' || pk) FROM "
      "pragma_table_info('alembic_version')";
  BOOST_TEST(db.scalar(layout) == alembic_made.scalar(layout));
  BOOST_TEST(db.scalar(layout) == "version_num VARCHAR(32) 1 1");
}

// kill -9 while the run holds the lock inside a revision's open write transaction: SQLite
// rolls the revision back from its journal, the kernel drops the lock, a new run goes
// ahead at once.
BOOST_AUTO_TEST_CASE(a_killed_run_leaves_no_lock_and_no_half_revision) {
  SqliteFile db;
  BOOST_TEST_REQUIRE(run_migctl(portable({"upgrade"}), db.url()).exit_code == 0);
  const std::string before = db.schema();
  const std::string history_before = db.scalar("SELECT count(*) FROM migctl_history");

  Poco::Process::Env env;
  env["MIGCTL_PLUGIN_PATH"] = std::string(MIGCTL_PLUGIN_DIR) + ":" + MIGCTL_FIXTURE_DIR;
  env["DATABASE_CONN"] = db.url();
  env["MIGCTL_TEST_SLOW_ROWS"] = "200000000";  // far longer than the test waits
  Poco::Pipe out;
  Poco::ProcessHandle run = Poco::Process::launch(
      MIGCTL_BIN, portable({"--plugin", fixture("sqlite_slow_revision"), "upgrade"}),
      db.dir().string(), nullptr, &out, &out, env);
  // Inside the slow revision: the lock names it and its transaction has written (journal).
  wait_until(
      [&] {
        return contains(file_text(db.lock_file()), "pid=" + std::to_string(run.id())) &&
               fs::exists(db.path() + "-journal");
      },
      "the slow revision to start");
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  BOOST_TEST_REQUIRE(::kill(run.id(), SIGKILL) == 0);
  run.wait();

  // Opening the file rolls the hot journal back: the file is as before the killed run.
  BOOST_TEST(db.schema() == before);
  BOOST_TEST(!db.has_table("slow_marker"));
  BOOST_TEST(db.scalar("PRAGMA integrity_check") == "ok");
  BOOST_TEST(db.scalar("SELECT count(*) FROM migctl_history") == history_before);

  const auto start = std::chrono::steady_clock::now();
  RunResult again = run_migctl(
      portable({"--plugin", fixture("sqlite_slow_revision"), "--lock-timeout", "0", "upgrade"}),
      db.url(), {{"MIGCTL_TEST_SLOW_ROWS", "10"}});
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  BOOST_TEST(again.exit_code == 0, again.all());
  BOOST_TEST(seconds < 5.0, seconds);
  BOOST_TEST(db.version_rows() == std::vector<std::string>{"ss001"});
  BOOST_TEST(db.scalar("SELECT count(*) FROM slow_marker") == "1");
  BOOST_TEST(db.scalar("SELECT count(*) || ' ' || sum(success) FROM migctl_history WHERE "
                       "revision = 'ss001'") == "1 1");
}

BOOST_AUTO_TEST_CASE(a_failing_revision_rolls_back_and_leaves_the_file_as_it_was) {
  SqliteFile db;
  BOOST_TEST_REQUIRE(run_migctl(portable({"upgrade"}), db.url()).exit_code == 0);
  const std::string before = db.schema();
  RunResult r =
      run_migctl(portable({"--plugin", fixture("portable_failing_revision"), "upgrade"}), db.url());
  BOOST_TEST(r.exit_code == 1, r.all());
  BOOST_TEST(contains(r.err, "upgrade of revision pf001"), r.err);
  BOOST_TEST(contains(r.err, "UNIQUE constraint failed"), r.err);
  BOOST_TEST(contains(r.err, "rolled back"), r.err);
  BOOST_TEST(db.schema() == before);
  BOOST_TEST(!db.has_table("fixture_half_done"));
  BOOST_TEST(db.version_rows() == std::vector<std::string>{"e003_book_isbn"});
  BOOST_TEST(db.scalar("SELECT success || '|' || failing_statement || '|' || versions_after FROM "
                       "migctl_history WHERE revision = 'pf001'") ==
             "0|INSERT INTO fixture_half_done VALUES (1)|e003_book_isbn");
  BOOST_TEST(!fs::exists(db.path() + "-journal"));
  BOOST_TEST(file_text(db.lock_file()).empty());
}

BOOST_AUTO_TEST_SUITE_END()
