// `stamp` on the stub driver: version rows rewritten with no revision SQL, audit rows with
// direction 'stamp', one transaction, and nothing written when nothing changes.
#include "commands/migrate.hpp"
#include "commands/stamp.hpp"
#include "stub_run.hpp"

using namespace migctl;
using namespace migctl::test;

BOOST_AUTO_TEST_SUITE(stamp_command)

BOOST_FIXTURE_TEST_CASE(stamp_sets_the_rows_without_running_revisions, StubRun) {
  StampResult r = stamp(*session(), "002", false, observer);
  BOOST_TEST(r.changed);
  BOOST_TEST(r.rows_before.empty());
  BOOST_TEST(r.rows_after == Rows{"002"});
  BOOST_TEST(db->versions() == Rows{"002"});
  BOOST_TEST(!db->has_table("users"));  // 001's SQL never ran
  BOOST_TEST(db->count("CREATE TABLE users") == 0u);
  const auto audit = db->audit_rows();
  BOOST_REQUIRE(audit.size() == 1u);
  BOOST_TEST(audit[0].revision == "002");
  BOOST_TEST(audit[0].direction == "stamp");
  BOOST_TEST(audit[0].checksum.empty());
  BOOST_TEST(audit[0].success);
  BOOST_TEST(audit[0].versions_after == "002");
  BOOST_TEST(db->count("BEGIN") == 1u);
  BOOST_TEST(db->count("COMMIT") == 1u);
}

BOOST_FIXTURE_TEST_CASE(stamp_below_the_current_row_moves_it_down, StubRun) {
  upgrade(*session(), "head", observer);
  stamp(*session(), "001", false, observer);
  BOOST_TEST(db->versions() == Rows{"001"});
  BOOST_TEST(db->has_table("tags"));  // stamping reverts nothing
  stamp(*session(), "base", false, observer);
  BOOST_TEST(db->versions().empty());
  BOOST_TEST(db->audit_rows().back().revision == "<base>");
}

BOOST_FIXTURE_TEST_CASE(stamp_to_the_same_rows_writes_nothing, StubRun) {
  stamp(*session(), "003", false, observer);
  db->clear_requests();
  StampResult r = stamp(*session(), "003", false, observer);
  BOOST_TEST(!r.changed);
  BOOST_TEST(db->count("BEGIN") == 0u);
  BOOST_TEST(db->count("INSERT") == 0u);
  BOOST_TEST(db->audit_rows().size() == 1u);
}

BOOST_FIXTURE_TEST_CASE(stamp_purge_replaces_rows_no_plugin_knows, StubRun) {
  db->set_versions({"abandoned_branch"});
  const Thrown refused = thrown_by([&] { stamp(*session(), "001", false, observer); });
  BOOST_TEST(refused.code == 65);
  BOOST_TEST(db->versions() == Rows{"abandoned_branch"});
  stamp(*session(), "001", true, observer);
  BOOST_TEST(db->versions() == Rows{"001"});
}

BOOST_FIXTURE_TEST_CASE(stamp_of_an_unknown_revision_touches_nothing, StubRun) {
  const Thrown t = thrown_by([&] { stamp(*session(), "nope", false, observer); });
  BOOST_TEST(t.code == 65);
  BOOST_TEST(db->requests().empty());  // resolved before connecting
}

BOOST_FIXTURE_TEST_CASE(stamp_that_loses_the_lock_rolls_back, StubRun) {
  stamp(*session(), "001", false, observer);
  db->lose_lock_at(StubMatch::text("INSERT AUDIT"));
  const Thrown t = thrown_by([&] { stamp(*session(), "003", false, observer); });
  BOOST_TEST(t.code == 75);
  BOOST_TEST(db->versions() == Rows{"001"});
  BOOST_TEST(db->audit_rows().size() == 1u);
}

BOOST_FIXTURE_TEST_CASE(stamp_that_fails_writes_nothing, StubRun) {
  db->fail_at(StubMatch::text("INSERT AUDIT"), "53100", "disk full");
  const Thrown t = thrown_by([&] { stamp(*session(), "002", false, observer); });
  BOOST_TEST(t.code != 0);
  BOOST_TEST(db->versions().empty());
  BOOST_TEST(db->audit_rows().empty());
}

BOOST_AUTO_TEST_SUITE_END()
