// Faults on the connection that holds the migration lock and runs the revisions: an admin
// terminating it, a statement timeout, a revision releasing the lock, idle_session_timeout.
// Each run must stop cleanly (rolled back, a documented exit code, the audit row written
// when possible) and leave the lock free and the database rerunnable.
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <thread>

#include "harness.hpp"
#include "hook_support.hpp"
#include "text_contains.hpp"

using namespace migctl::test;

namespace {

using migctl_test::contains;

std::vector<std::string> slow_upgrade() {
  return {"--plugin", "aksara.so", "--plugin", fixture("slow_revision"), "upgrade"};
}

// Waits until a session of this test's database runs pg_sleep (the slow revision).
bool wait_for_sleep(TestDatabase& db) {
  for (int i = 0; i < 200; ++i) {
    if (db.probe().scalar("SELECT count(*) FROM pg_stat_activity WHERE datname = "
                          "current_database() AND query LIKE '%pg_sleep%' AND pid <> "
                          "pg_backend_pid()") != "0")
      return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return false;
}

std::string advisory_locks(TestDatabase& db) {
  return db.probe().scalar(
      "SELECT count(*) FROM pg_locks l JOIN pg_database d ON d.oid = l.database "
      "WHERE l.locktype = 'advisory' AND d.datname = current_database()");
}

// The lock is released by the server once the session is gone: allow it a moment.
bool lock_is_free(TestDatabase& db) {
  for (int i = 0; i < 100; ++i) {
    if (advisory_locks(db) == "0") return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return false;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(connection_faults)

// Defects 3 and 4: the session holding the lock is terminated mid-revision. Before, the
// lock lived on a second connection: the run went on and exited 0 without the lock; and a
// terminated work session was reported as a failed revision (exit 1, "recorded").
BOOST_AUTO_TEST_CASE(terminating_the_lock_holder_stops_the_run_with_69) {
  TestDatabase db;
  BOOST_TEST_REQUIRE(run_migctl(aksara({"upgrade"}), db.url()).exit_code == 0);
  RunResult run;
  std::thread first([&] { run = run_migctl_unchecked(slow_upgrade(), db.url()); });
  BOOST_TEST_REQUIRE(wait_for_sleep(db));
  // What an admin would do: end the session that holds the migration lock.
  BOOST_TEST(db.probe().scalar(
                 "SELECT count(pg_terminate_backend(l.pid)) FROM pg_locks l JOIN pg_database d "
                 "ON d.oid = l.database WHERE l.locktype = 'advisory' AND d.datname = "
                 "current_database()") == "1");
  first.join();
  check_no_password(run, "terminated run");
  BOOST_TEST(run.exit_code == 69, run.all());
  BOOST_TEST(contains(run.err,
                      "lost the connection to the database during the upgrade of "
                      "revision s001"),
             run.err);
  BOOST_TEST(contains(run.err, "the server rolled the revision back"), run.err);
  BOOST_TEST(contains(run.err, "recorded in migctl_history after reconnecting"), run.err);
  BOOST_TEST(!contains(run.err, "failed:"), run.err);
  BOOST_TEST(db.version_rows() == std::vector<std::string>{"002_refresh_tokens"});
  Rows audit = db.probe().query(
      "SELECT success::text, versions_after, error FROM migctl_history WHERE revision = 's001'");
  BOOST_TEST_REQUIRE(audit.size() == 1u);
  BOOST_TEST(audit[0][0] == "false");
  BOOST_TEST(audit[0][1] == "002_refresh_tokens");
  BOOST_TEST(contains(audit[0][2], "connection lost"), audit[0][2]);
  BOOST_TEST(lock_is_free(db));

  RunResult rerun = run_migctl(slow_upgrade(), db.url());
  BOOST_TEST(rerun.exit_code == 0, rerun.all());
  BOOST_TEST(db.version_rows() == std::vector<std::string>{"s001"});
}

// A statement timeout cancels the statement, not the session: a failed revision (exit 1),
// rolled back and recorded, not a lost connection.
BOOST_AUTO_TEST_CASE(statement_timeout_is_a_failed_revision_not_a_lost_connection) {
  TestDatabase db;
  BOOST_TEST_REQUIRE(run_migctl(aksara({"upgrade"}), db.url()).exit_code == 0);
  RunResult run = run_migctl(slow_upgrade(), db.url(), {{"PGOPTIONS", "-c statement_timeout=300"}});
  BOOST_TEST(run.exit_code == 1, run.all());
  BOOST_TEST(contains(run.err, "statement timeout"), run.err);
  BOOST_TEST(contains(run.err, "rolled back"), run.err);
  BOOST_TEST(db.version_rows() == std::vector<std::string>{"002_refresh_tokens"});
  BOOST_TEST(db.probe().scalar("SELECT count(*) FROM migctl_history WHERE revision = 's001' "
                               "AND NOT success") == "1");
  BOOST_TEST(lock_is_free(db));
}

// A revision that releases the session's advisory locks: the check before its commit finds
// the lock gone, rolls the revision back and exits 75. Before, the lock lived on another
// connection and nothing noticed.
BOOST_AUTO_TEST_CASE(a_revision_releasing_the_lock_is_rolled_back_with_75) {
  TestDatabase db;
  BOOST_TEST_REQUIRE(run_migctl(aksara({"upgrade"}), db.url()).exit_code == 0);
  RunResult run = run_migctl(
      {"--plugin", "aksara.so", "--plugin", fixture("unlocking_revision"), "upgrade"}, db.url());
  BOOST_TEST(run.exit_code == 75, run.all());
  BOOST_TEST(contains(run.err, "lost the migration lock"), run.err);
  BOOST_TEST(contains(run.err, "rolled back before its commit"), run.err);
  BOOST_TEST(db.version_rows() == std::vector<std::string>{"002_refresh_tokens"});
  BOOST_TEST(db.probe().scalar("SELECT count(*) FROM pg_tables WHERE tablename = "
                               "'unlock_marker'") == "0");
  BOOST_TEST(db.probe().scalar("SELECT count(*) FROM migctl_history WHERE revision = 'u001' "
                               "AND NOT success AND error LIKE '%lost the migration lock%'") ==
             "1");
  BOOST_TEST(lock_is_free(db));
}

// idle_session_timeout ends idle sessions; the lock used to sit on an idle connection for
// the whole run, so the server dropped it while the run went on and a second run got in.
// Now the lock lives on the busy session: the second run must still find it taken.
BOOST_AUTO_TEST_CASE(idle_session_timeout_does_not_drop_the_lock) {
  TestDatabase db;
  BOOST_TEST_REQUIRE(run_migctl(aksara({"upgrade"}), db.url()).exit_code == 0);
  const std::map<std::string, std::string> env{{"PGOPTIONS", "-c idle_session_timeout=500"}};
  RunResult run;
  std::thread first([&] { run = run_migctl_unchecked(slow_upgrade(), db.url(), env); });
  BOOST_TEST_REQUIRE(wait_for_sleep(db));
  std::this_thread::sleep_for(std::chrono::milliseconds(1200));  // well past the timeout
  RunResult second = run_migctl({"--plugin", "aksara.so", "--plugin", fixture("slow_revision"),
                                 "--lock-timeout", "0", "upgrade"},
                                db.url());
  first.join();
  check_no_password(run, "slow run");
  BOOST_TEST(second.exit_code == 75, second.all());
  BOOST_TEST(run.exit_code == 0, run.all());
  BOOST_TEST(db.version_rows() == std::vector<std::string>{"s001"});
  BOOST_TEST(db.probe().scalar("SELECT count(*) FROM migctl_history WHERE revision = 's001'") ==
             "1");
}

// The same setting while the lock's session waits for a production backup longer than the
// timeout: the server used to end the idle session (the lock free meanwhile), and the run
// failed at its first statement with "server closed the connection" (69). The run now
// turns the timeout off for its own session and completes.
BOOST_AUTO_TEST_CASE(idle_session_timeout_does_not_end_the_run_during_a_long_backup) {
  TestDatabase db;
  const std::string backups = scratch_dir();
  const std::map<std::string, std::string> env{
      {"PGOPTIONS", "-c idle_session_timeout=500"},
      {"ENVIRONMENT", "production"},
      {"MIGCTL_HOOK_PG_DUMP_BACKUP_DIR", backups},
      {"MIGCTL_HOOK_MONITOR_REPORT_DIR", scratch_dir()},
      {"MIGCTL_HOOK_PG_DUMP_BACKUP_BIN_DIR",
       fake_bin_dir("case \"$1\" in --version) exec \"$REAL/pg_dump\" --version;; esac\n"
                    "sleep 1.5\n"
                    "exec \"$REAL/pg_dump\" \"$@\"")}};
  RunResult run = run_migctl(aksara({"upgrade"}), db.url(), env);
  BOOST_TEST(run.exit_code == 0, run.all());
  BOOST_TEST(db.version_rows() == std::vector<std::string>{"002_refresh_tokens"});
  BOOST_TEST(files_in(backups, ".dump").size() == 1u);
  BOOST_TEST(lock_is_free(db));
}

BOOST_AUTO_TEST_SUITE_END()
