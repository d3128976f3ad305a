// Session with an in-process driver (Registry::add_in_process) and `log`'s filters reaching
// the dialect, on the stub driver.
#include "commands/audit_log.hpp"
#include "commands/migrate.hpp"
#include "stub_run.hpp"

using namespace migctl;
using namespace migctl::test;

BOOST_AUTO_TEST_SUITE(session_on_stub)

BOOST_FIXTURE_TEST_CASE(session_uses_the_in_process_driver_for_its_scheme, StubRun) {
  auto s = session();
  BOOST_TEST(s->driver()->name() == "stub");
  BOOST_TEST(s->revisions().heads() == Rows{"003"});
  BOOST_TEST(s->set_of("002") == "app");
  BOOST_TEST(s->context(false).version_rows().empty());
  BOOST_TEST(db->requests().size() > 0u);  // it connected to the stub database
  BOOST_TEST(!contains(s->redacted_url(), "s3cret-pw"));
}

BOOST_FIXTURE_TEST_CASE(without_plugins_or_in_process_sets_revisions_is_a_usage_error, StubRun) {
  Session bare(config, &observer);
  const Thrown t = thrown_by([&] { bare.revisions(); });
  BOOST_TEST(t.code == 64);
}

BOOST_FIXTURE_TEST_CASE(an_unreachable_database_is_exit_69, StubRun) {
  db->refuse_connections(1);
  const Thrown t = thrown_by([&] { upgrade(*session(), "head", observer); });
  BOOST_TEST(t.code == 69);
  BOOST_TEST(!contains(t.message, "s3cret-pw"));
}

BOOST_FIXTURE_TEST_CASE(log_filters_reach_the_audit_table, StubRun) {
  auto row = [](std::string revision, std::string started) {
    AuditRow a;
    a.revision = std::move(revision);
    a.direction = "upgrade";
    a.success = true;
    a.started_at = started;
    a.finished_at = started;
    return a;
  };
  db->add_audit_row(row("001", "2026-11-01T10:00:00.000000Z"));
  db->add_audit_row(row("002", "2026-11-02T10:00:00.000000Z"));
  db->add_audit_row(row("0025", "2026-11-03T10:00:00.000000Z"));
  db->add_audit_row(row("003", "2026-11-04T10:00:00.000000Z"));

  LogOptions all;
  LogResult r = audit_log(*session(), all);
  BOOST_TEST(r.table_exists);
  BOOST_REQUIRE(r.entries.size() == 4u);
  BOOST_TEST(r.entries.front().revision == "003");  // newest first

  LogOptions prefix;
  prefix.revision = "002";
  r = audit_log(*session(), prefix);
  BOOST_REQUIRE(r.entries.size() == 2u);
  BOOST_TEST(r.entries[0].revision == "0025");
  BOOST_TEST(r.entries[1].revision == "002");

  LogOptions window;
  window.since = "2026-11-02 10:00";  // inclusive
  window.until = "2026-11-04";        // exclusive
  r = audit_log(*session(), window);
  BOOST_REQUIRE(r.entries.size() == 2u);
  BOOST_TEST(r.entries[0].revision == "0025");
  BOOST_TEST(r.entries[1].revision == "002");

  LogOptions limit;
  limit.limit = 1;
  r = audit_log(*session(), limit);
  BOOST_REQUIRE(r.entries.size() == 1u);
  BOOST_TEST(r.entries[0].revision == "003");
}

BOOST_FIXTURE_TEST_CASE(log_on_a_database_migctl_never_wrote, StubRun) {
  LogResult r = audit_log(*session(), {});
  BOOST_TEST(!r.table_exists);
  BOOST_TEST(r.entries.empty());
  BOOST_TEST(!db->has_table("migctl_history"));  // reading created nothing
}

BOOST_AUTO_TEST_SUITE_END()
