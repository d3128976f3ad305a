// Concurrent runs serialize on the advisory lock: every revision is applied exactly once.
#include <boost/test/unit_test.hpp>
#include <thread>

#include "harness.hpp"

using namespace migctl::test;

BOOST_AUTO_TEST_SUITE(concurrency)

BOOST_AUTO_TEST_CASE(four_concurrent_upgrades_apply_each_revision_once) {
  TestDatabase db;
  constexpr int kRuns = 4;
  std::vector<RunResult> results(kRuns);
  std::vector<std::thread> threads;
  for (int i = 0; i < kRuns; ++i) {
    threads.emplace_back(
        [&, i] { results[i] = run_migctl_unchecked(aksara({"upgrade"}), db.url()); });
  }
  for (auto& t : threads) t.join();

  int applied_by = 0;
  for (const auto& r : results) {
    check_no_password(r, "concurrent upgrade");
    BOOST_TEST(r.exit_code == 0, r.all());
    if (r.out.find("Upgraded to 002_refresh_tokens") != std::string::npos) ++applied_by;
  }
  BOOST_TEST(applied_by == 1);
  BOOST_TEST(db.version_rows() == std::vector<std::string>{"002_refresh_tokens"});
  Rows counts = db.probe().query(
      "SELECT revision, count(*)::text FROM migctl_history WHERE success AND direction = "
      "'upgrade' GROUP BY revision ORDER BY revision");
  BOOST_TEST_REQUIRE(counts.size() == 2u);
  BOOST_TEST(counts[0][1] == "1");
  BOOST_TEST(counts[1][1] == "1");
  BOOST_TEST(db.probe().scalar("SELECT count(*) FROM migctl_history WHERE NOT success") == "0");
}

BOOST_AUTO_TEST_CASE(lock_timeout_names_the_holder_and_changes_nothing) {
  TestDatabase db;
  BOOST_TEST_REQUIRE(run_migctl(aksara({"upgrade"}), db.url()).exit_code == 0);
  RunResult slow;
  std::thread first([&] {
    slow = run_migctl_unchecked(
        {"--plugin", "aksara.so", "--plugin", fixture("slow_revision"), "upgrade"}, db.url());
  });
  // Wait until the slow revision is running, i.e. the first run holds the lock.
  bool running = false;
  for (int i = 0; i < 100 && !running; ++i) {
    running = db.probe().scalar(
                  "SELECT count(*) FROM pg_stat_activity WHERE query LIKE "
                  "'%pg_sleep(3)%' AND pid <> pg_backend_pid()") != "0";
    if (!running) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  BOOST_TEST_REQUIRE(running);

  RunResult blocked = run_migctl({"--plugin", "aksara.so", "--plugin", fixture("slow_revision"),
                                  "--lock-timeout", "1", "upgrade"},
                                 db.url());
  first.join();
  check_no_password(slow, "slow upgrade");
  BOOST_TEST(blocked.exit_code == 75, blocked.all());
  BOOST_TEST(blocked.err.find("another migration holds the lock") != std::string::npos,
             blocked.err);
  BOOST_TEST(blocked.err.find("application 'migctl'") != std::string::npos, blocked.err);
  BOOST_TEST(blocked.out.find("Waiting for the migration lock") != std::string::npos, blocked.out);
  BOOST_TEST(slow.exit_code == 0, slow.all());
  BOOST_TEST(db.version_rows() == std::vector<std::string>{"s001"});
  BOOST_TEST(db.probe().scalar("SELECT count(*) FROM migctl_history WHERE revision = 's001'") ==
             "1");
  BOOST_TEST(db.probe().scalar("SELECT count(*) FROM migctl_history WHERE NOT success") == "0");
}

BOOST_AUTO_TEST_SUITE_END()
