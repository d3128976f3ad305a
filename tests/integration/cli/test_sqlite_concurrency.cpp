// Several migctl processes on one SQLite file at once: the flock migration lock serializes
// them, each revision is applied exactly once, a run that cannot get the lock in time names
// the holder and changes nothing. Its own suite because it starts processes from several
// threads at once, which the sanitizer build leaves out (as integration.concurrency).
#include <boost/test/unit_test.hpp>
#include <thread>

#include "sqlite_support.hpp"

using namespace migctl::test;
using namespace migctl::test::sqlite_files;

BOOST_AUTO_TEST_SUITE(sqlite_concurrency)

BOOST_AUTO_TEST_CASE(concurrent_upgrades_of_one_file_apply_each_revision_once) {
  SqliteFile db;
  const std::map<std::string, std::string> env{{"MIGCTL_BENCH_REVISIONS", "40"}};
  constexpr int kRuns = 4;
  std::vector<RunResult> results(kRuns);
  std::vector<std::thread> threads;
  for (int i = 0; i < kRuns; ++i) {
    threads.emplace_back(
        [&, i] { results[i] = run_migctl_unchecked(bench({"upgrade"}), db.url(), env); });
  }
  for (auto& t : threads) t.join();
  int ran = 0;
  for (const auto& r : results) {
    BOOST_TEST(r.exit_code == 0, r.all());
    if (contains(r.out, "Running upgrade")) ++ran;
  }
  BOOST_TEST(ran >= 1);
  BOOST_TEST(db.version_rows() == std::vector<std::string>{"r000040"});
  BOOST_TEST(db.scalar("SELECT count(DISTINCT revision) || ' ' || count(*) FROM migctl_history "
                       "WHERE success AND direction = 'upgrade'") == "40 40");
  BOOST_TEST(db.scalar("SELECT count(*) FROM migctl_history WHERE NOT success") == "0");
}

BOOST_AUTO_TEST_CASE(lock_timeout_names_the_holder_and_changes_nothing) {
  SqliteFile db;
  BOOST_TEST_REQUIRE(run_migctl(portable({"upgrade"}), db.url()).exit_code == 0);
  const std::vector<std::string> slow =
      portable({"--plugin", fixture("sqlite_slow_revision"), "upgrade"});
  RunResult first;
  std::thread holder([&] { first = run_migctl_unchecked(slow, db.url()); });
  wait_until([&] { return contains(file_text(db.lock_file()), "pid="); }, "the first run's lock");
  RunResult blocked = run_migctl(
      portable({"--plugin", fixture("sqlite_slow_revision"), "--lock-timeout", "1", "upgrade"}),
      db.url());
  holder.join();
  BOOST_TEST(blocked.exit_code == 75, blocked.all());
  BOOST_TEST(contains(blocked.err, "another migration holds the lock"), blocked.err);
  BOOST_TEST(contains(blocked.err, "pid "), blocked.err);
  BOOST_TEST(contains(blocked.err, db.lock_file()), blocked.err);
  BOOST_TEST(first.exit_code == 0, first.all());
  BOOST_TEST(db.version_rows() == std::vector<std::string>{"ss001"});
  BOOST_TEST(db.scalar("SELECT count(*) FROM migctl_history WHERE revision = 'ss001'") == "1");
  BOOST_TEST(file_text(db.lock_file()).empty(), "the lock file still names a holder");
}

BOOST_AUTO_TEST_SUITE_END()
