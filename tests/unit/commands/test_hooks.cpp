// The hook runner and the events of a run, with recording hooks given to the Session
// in-process, on the stub driver.
#include "commands/hook_runner.hpp"
#include "commands/migrate.hpp"
#include "commands/stamp.hpp"
#include "stub_run.hpp"

using namespace migctl;
using namespace migctl::test;

BOOST_AUTO_TEST_SUITE(hooks)

BOOST_FIXTURE_TEST_CASE(events_come_in_run_order_and_hook_order, StubRun) {
  add_hook("first");
  add_hook("second");
  upgrade(*session(), "002", observer);
  BOOST_TEST(
      (*hook_log == Rows{"first before_run", "second before_run", "first before_revision 001",
                         "second before_revision 001", "first after_revision 001",
                         "second after_revision 001", "first before_revision 002",
                         "second before_revision 002", "first after_revision 002",
                         "second after_revision 002", "first after_run", "second after_run"}));
}

BOOST_FIXTURE_TEST_CASE(a_failing_before_run_changes_nothing, StubRun) {
  add_hook("backup", HookEvent::before_run);
  add_hook("later");
  const Thrown t = thrown_by([&] { upgrade(*session(), "head", observer); });
  BOOST_TEST(t.code == 3);
  BOOST_TEST(contains(t.message, "hook 'backup' failed at before_run"));
  BOOST_TEST(db->versions().empty());
  BOOST_TEST(!db->has_table("alembic_version"));  // not even the tables were created
  BOOST_TEST(!db->has_table("users"));
  BOOST_TEST(db->count("BEGIN") == 0u);
  // The hooks after it did not run, and the failure was not reported as a run failure.
  BOOST_TEST((*hook_log == Rows{"backup before_run"}));
}

BOOST_FIXTURE_TEST_CASE(a_failing_revision_calls_on_failure_not_after_run, StubRun) {
  add_hook("watch");
  db->fail_at(StubMatch::text("CREATE TABLE tags"));
  const Thrown t = thrown_by([&] { upgrade(*session(), "head", observer); });
  BOOST_TEST(t.code == 1);
  BOOST_REQUIRE(!hook_log->empty());
  BOOST_TEST(contains(hook_log->back(), "watch on_failure ("));
  BOOST_TEST(contains(hook_log->back(), "003"));
  for (const auto& line : *hook_log) BOOST_TEST(!contains(line, "after_run"));
  BOOST_TEST(db->versions() == Rows{"002"});
}

BOOST_FIXTURE_TEST_CASE(a_failing_after_revision_hook_stops_the_run_after_that_commit, StubRun) {
  add_hook("strict", HookEvent::after_revision);
  const Thrown t = thrown_by([&] { upgrade(*session(), "head", observer); });
  BOOST_TEST(t.code == 3);
  BOOST_TEST(db->versions() == Rows{"001"});  // 001 had committed; 002 never started
  BOOST_TEST(db->count("CREATE TABLE posts") == 0u);
}

BOOST_AUTO_TEST_CASE(runner_turns_any_exception_into_hook_failed_naming_the_hook) {
  auto log = std::make_shared<std::vector<std::string>>();
  std::vector<std::shared_ptr<Hook>> hooks{
      std::make_shared<RecordingHook>("one", log, HookEvent::after_run),
      std::make_shared<RecordingHook>("two", log)};
  HookRunner runner(hooks, {{{"dir", "/tmp/x"}}, {}}, HookContext{});
  runner.dispatch(HookEvent::before_run);
  BOOST_TEST((*log == Rows{"one before_run", "two before_run"}));
  const Thrown t = thrown_by([&] { runner.dispatch(HookEvent::after_run); });
  BOOST_TEST(t.code == 3);
  BOOST_TEST(contains(t.message, "hook 'one' failed at after_run"));
  // dispatch_noexcept reports instead of throwing, and still runs every hook.
  log->clear();
  auto failures = runner.dispatch_noexcept(HookEvent::after_run);
  BOOST_TEST(failures.size() == 1u);
  BOOST_TEST((*log == Rows{"one after_run", "two after_run"}));
}

BOOST_FIXTURE_TEST_CASE(stamp_runs_the_hooks_around_its_write, StubRun) {
  add_hook("audit");
  stamp(*session(), "002", false, observer);
  BOOST_TEST((*hook_log == Rows{"audit before_run", "audit after_run"}));
}

BOOST_AUTO_TEST_SUITE_END()
