// The monitor hook: sizes before/after a run and lock waits during a revision.
#include <Poco/JSON/Parser.h>

#include <boost/test/unit_test.hpp>
#include <thread>

#include "harness.hpp"
#include "hook_support.hpp"

using namespace migctl::test;

BOOST_AUTO_TEST_SUITE(monitor)

BOOST_AUTO_TEST_CASE(sizes_before_and_after_are_printed_and_reported_with_warnings) {
  TestDatabase db;
  BOOST_TEST_REQUIRE(run_migctl(aksara({"upgrade", "001_initial"}), db.url()).exit_code == 0);
  std::string reports = scratch_dir() + "/reports";
  RunResult r = run_migctl(aksara({"--hook", "monitor", "upgrade"}), db.url(),
                           {{"MIGCTL_HOOK_MONITOR_REPORT_DIR", reports},
                            {"MIGCTL_HOOK_MONITOR_MAX_GROWTH_PERCENT", "0"},
                            {"MIGCTL_HOOK_MONITOR_PG_STATS", "on"}});
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.all());
  BOOST_TEST(r.out.find("monitor: database " + db.name()) != std::string::npos, r.out);
  BOOST_TEST(r.out.find("+ public.refresh_tokens") != std::string::npos, r.out);
  BOOST_TEST(r.out.find("public.user ") == std::string::npos, r.out);  // unchanged: not listed
  BOOST_TEST(
      r.out.find("warning: monitor: database " + db.name() + " grew by") != std::string::npos,
      r.out);
  BOOST_TEST(r.out.find("monitor: pg_stats public.refresh_tokens") != std::string::npos, r.out);

  auto files = files_in(reports, ".json");
  BOOST_TEST_REQUIRE(files.size() == 1u);
  BOOST_TEST(mode_of(reports) == 0700u);
  BOOST_TEST(mode_of(files[0]) == 0600u);
  auto report = Poco::JSON::Parser().parse(slurp(files[0])).extract<Poco::JSON::Object::Ptr>();
  auto size = report->getObject("database_size");
  const auto before = size->getValue<long long>("before_bytes");
  const auto after = size->getValue<long long>("after_bytes");
  BOOST_TEST(after > before);
  BOOST_TEST(std::to_string(after) ==
             db.probe().scalar("SELECT pg_database_size(current_database())"));
  auto tables = report->getArray("tables");
  bool refresh_added = false, user_unchanged = false;
  for (std::size_t i = 0; i < tables->size(); ++i) {
    auto t = tables->getObject(i);
    const auto name = t->getValue<std::string>("table");
    const auto change = t->getValue<std::string>("change");
    if (name == "public.refresh_tokens") {
      refresh_added = change == "added" && t->isNull("before") &&
                      t->getObject("after")->getValue<long long>("index_bytes") > 0;
    }
    if (name == "public.user") user_unchanged = change == "unchanged";
  }
  BOOST_TEST(refresh_added);
  BOOST_TEST(user_unchanged);
  BOOST_TEST(report->getArray("warnings")->size() == 1u);
  BOOST_TEST(report->getArray("pg_stats")->size() >= 1u);
  BOOST_TEST(report->getArray("revisions")->getObject(0)->getValue<std::string>("revision") ==
             "002_refresh_tokens");
  BOOST_TEST(slurp(files[0]).find(test_password()) == std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_lock_wait_names_the_blocker_and_how_long) {
  TestDatabase db;
  BOOST_TEST_REQUIRE(run_migctl(aksara({"upgrade"}), db.url()).exit_code == 0);
  Probe blocker(db.url() + "?application_name=blocking_test");
  blocker.exec("BEGIN");
  blocker.exec("LOCK TABLE user_profile IN ACCESS SHARE MODE");
  const std::string blocker_pid = blocker.scalar("SELECT pg_backend_pid()");

  std::thread release([&] {
    // Release once the migration is seen waiting (or after 5 s), holding ~1 s more.
    for (int i = 0; i < 100; ++i) {
      if (db.probe().scalar("SELECT count(*) FROM pg_locks WHERE NOT granted AND relation = "
                            "'user_profile'::regclass") != "0")
        break;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(1000));
    blocker.exec("COMMIT");
  });
  std::string reports = scratch_dir();
  RunResult r = run_migctl_unchecked({"--plugin", "aksara.so", "--plugin", fixture("lock_revision"),
                                      "--hook", "monitor", "upgrade"},
                                     db.url(),
                                     {{"MIGCTL_HOOK_MONITOR_REPORT_DIR", reports},
                                      {"MIGCTL_HOOK_MONITOR_LOCK_WAIT_WARN_MS", "500"}});
  release.join();
  check_no_password(r, "upgrade with a lock wait");
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.all());
  BOOST_TEST(db.version_rows() == std::vector<std::string>{"l001"});
  BOOST_TEST(r.out.find("warning: monitor: revision l001 waited") != std::string::npos, r.out);
  BOOST_TEST(r.out.find("held by pid " + blocker_pid + " (application 'blocking_test'") !=
                 std::string::npos,
             r.out);
  BOOST_TEST(r.out.find("relation user_profile (AccessExclusiveLock)") != std::string::npos, r.out);

  auto files = files_in(reports, ".json");
  BOOST_TEST_REQUIRE(files.size() == 1u);
  auto report = Poco::JSON::Parser().parse(slurp(files[0])).extract<Poco::JSON::Object::Ptr>();
  auto rev = report->getArray("revisions")->getObject(0);
  BOOST_TEST(rev->getValue<std::string>("revision") == "l001");
  const double waited = rev->getValue<double>("lock_wait_ms");
  BOOST_TEST(waited >= 800.0, "waited " << waited << " ms");
  BOOST_TEST(waited <= rev->getValue<double>("duration_ms"));
  auto blockers = rev->getArray("blockers");
  BOOST_TEST_REQUIRE(blockers->size() == 1u);
  BOOST_TEST(std::to_string(blockers->getObject(0)->getValue<long long>("pid")) == blocker_pid);
  BOOST_TEST(blockers->getObject(0)->getValue<std::string>("application") == "blocking_test");
  BOOST_TEST(blockers->getObject(0)->getValue<std::string>("state") == "idle in transaction");
}

BOOST_AUTO_TEST_SUITE_END()
