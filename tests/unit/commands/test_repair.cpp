// Checksums across edits of applied revisions, on the stub driver: formatting does not count,
// a checksum recorded by an earlier migctl (v1) still verifies, a real edit stops the run,
// and `repair` re-records it (one audit row each, seen by `log`), online or as --sql.
#include "commands/audit_log.hpp"
#include "commands/migrate.hpp"
#include "commands/repair.hpp"
#include "context/checksum.hpp"
#include "stub_run.hpp"

using namespace migctl;
using namespace migctl::test;

namespace {

const stub::StubDialect dialect;

std::size_t repair_rows(const StubDatabase& db) {
  std::size_t n = 0;
  for (const auto& row : db.audit_rows()) n += row.direction == "repair";
  return n;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(checksums_and_repair)

BOOST_FIXTURE_TEST_CASE(a_comment_edit_verifies_a_real_edit_does_not, StubRun) {
  upgrade(*session(), "002", observer);
  revisions[1].upgrade = {"-- alice first\nINSERT ROW users   'alice';\n\n  CREATE TABLE posts\n"};
  upgrade(*session(), "head", observer);  // verifies 001 and 002: no throw
  BOOST_TEST(db->versions() == Rows{"003"});

  revisions[1].upgrade = {"INSERT ROW users 'bob';\nCREATE TABLE posts"};
  db->clear_requests();
  const Thrown t = thrown_by([&] { downgrade(*session(), "001", observer); });
  BOOST_TEST(t.code == 65);
  BOOST_TEST(contains(t.message, "002 (app/002.cpp"), t.message);
  BOOST_TEST(db->count("BEGIN") == 0u);
  BOOST_TEST(db->versions() == Rows{"003"});
}

BOOST_FIXTURE_TEST_CASE(a_checksum_recorded_by_an_earlier_migctl_still_verifies, StubRun) {
  upgrade(*session(), "002", observer);
  // What migctl with plugin SDK 2.0 recorded: v1 (script bytes), as the latest upgrade row of each.
  for (const auto& r : {revisions[0], revisions[1]}) {
    AuditRow row = db->audit_rows().front();
    row.revision = r.id;
    row.checksum = revision_checksum_v1(r);
    db->add_audit_row(row);
  }
  BOOST_CHECK_NO_THROW(upgrade(*session(), "head", observer));
  BOOST_TEST(db->versions() == Rows{"003"});

  // v1 is bytes: the same comment edit that v2 ignores is a change against a v1 record,
  // which repair turns into a v2 record.
  revisions[0].upgrade = {"CREATE TABLE users -- the accounts"};
  const Thrown t = thrown_by([&] { upgrade(*session(), "head", observer); });
  BOOST_TEST(t.code == 65);
  BOOST_TEST(contains(t.message, "001 (app/001.cpp"), t.message);
  const RepairResult repaired = repair(*session());
  BOOST_REQUIRE(repaired.repaired.size() == 1u);
  BOOST_TEST(repaired.repaired[0].id == "001");
}

BOOST_FIXTURE_TEST_CASE(repair_records_the_edit_and_the_run_verifies_again, StubRun) {
  upgrade(*session(), "head", observer);
  const std::string before = db->audit_rows()[1].checksum;  // 002's
  revisions[1].upgrade = {"INSERT ROW users 'bob';\nCREATE TABLE posts"};
  const Thrown t = thrown_by([&] { upgrade(*session(), "head", observer); });
  BOOST_TEST(t.code == 65);
  BOOST_TEST(contains(t.message, "002 (app/002.cpp"), t.message);

  db->clear_requests();
  const RepairResult result = repair(*session());
  BOOST_REQUIRE(result.repaired.size() == 1u);
  BOOST_TEST(result.repaired[0].id == "002");
  BOOST_TEST(result.repaired[0].source == "app/002.cpp");
  BOOST_TEST(result.repaired[0].recorded == before);
  BOOST_TEST(result.repaired[0].now == revision_checksum(revisions[1], dialect));
  BOOST_TEST(result.rows == Rows{"003"});
  // One audit row, in one transaction under the lock; no version row, no revision SQL.
  BOOST_TEST(repair_rows(*db) == 1u);
  const AuditRow row = db->audit_rows().back();
  BOOST_TEST(row.revision == "002");
  BOOST_TEST(row.direction == "repair");
  BOOST_TEST(row.checksum == result.repaired[0].now);
  BOOST_TEST(row.success);
  BOOST_TEST(row.versions_before == "003");
  BOOST_TEST(row.versions_after == "003");
  BOOST_TEST(db->count("BEGIN") == 1u);
  BOOST_TEST(db->count("COMMIT") == 1u);
  BOOST_TEST(db->count("LOCK ACQUIRE") == 1u);
  BOOST_TEST(db->count("LOCK VERIFY") == 1u);
  BOOST_TEST(db->count("VERSION \"") == 0u);
  BOOST_TEST(db->count("INSERT ROW") == 0u);
  BOOST_TEST(db->versions() == Rows{"003"});

  BOOST_CHECK_NO_THROW(upgrade(*session(), "head", observer));
  // `log` shows it.
  LogOptions options;
  options.revision = "002";
  const LogResult log = audit_log(*session(), options);
  BOOST_REQUIRE(!log.entries.empty());
  BOOST_TEST(log.entries.front().direction == "repair");

  // A later downgrade and upgrade record the new source's checksum as usual.
  downgrade(*session(), "001", observer);
  upgrade(*session(), "head", observer);
  BOOST_TEST(repair(*session()).repaired.empty());
}

BOOST_FIXTURE_TEST_CASE(repair_with_nothing_to_do_writes_nothing, StubRun) {
  upgrade(*session(), "head", observer);
  revisions[2].upgrade = {"CREATE TABLE tags -- formatting only"};
  const std::size_t rows = db->audit_rows().size();
  db->clear_requests();
  const RepairResult result = repair(*session());
  BOOST_TEST(result.repaired.empty());
  BOOST_TEST(db->audit_rows().size() == rows);
  BOOST_TEST(db->count("BEGIN") == 0u);
}

BOOST_FIXTURE_TEST_CASE(repair_leaves_revisions_without_a_recorded_checksum, StubRun) {
  db->set_versions({"002"});  // applied by Alembic: no audit rows at all
  revisions[1].upgrade = {"INSERT ROW users 'bob'"};
  const RepairResult result = repair(*session());
  BOOST_TEST(result.repaired.empty());
  BOOST_TEST(db->audit_rows().empty());
}

BOOST_FIXTURE_TEST_CASE(repair_refuses_a_revision_that_does_not_parse, StubRun) {
  upgrade(*session(), "head", observer);
  revisions[0].upgrade = {"CREATE TABLE 'users"};
  revisions[1].upgrade = {"INSERT ROW users 'bob';\nCREATE TABLE posts"};
  const std::size_t rows = db->audit_rows().size();
  const Thrown t = thrown_by([&] { repair(*session()); });
  BOOST_TEST(t.code == 65);
  BOOST_TEST(contains(t.message, "001 (app/001.cpp"), t.message);
  BOOST_TEST(contains(t.message, "unterminated"), t.message);
  BOOST_TEST(db->audit_rows().size() == rows);  // not even 002's
}

BOOST_FIXTURE_TEST_CASE(an_applied_upgrade_that_no_longer_parses_is_a_change_but_can_be_reverted,
                        StubRun) {
  upgrade(*session(), "head", observer);
  revisions[2].upgrade = {"CREATE TABLE 'tags"};
  const Thrown t = thrown_by([&] { downgrade(*session(), "002", observer); });
  BOOST_TEST(t.code == 65);
  BOOST_TEST(contains(t.message, "003 (app/003.cpp: applied as"), t.message);
  BOOST_TEST(contains(t.message, "now it does not parse"), t.message);
  BOOST_TEST(db->versions() == Rows{"003"});

  // Reverting it does not need its upgrade: the downgrade row records the bytes' checksum.
  config.verify_checksums = false;
  downgrade(*session(), "002", observer);
  BOOST_TEST(db->versions() == Rows{"002"});
  BOOST_TEST(db->audit_rows().back().direction == "downgrade");
  BOOST_TEST(db->audit_rows().back().checksum == revision_checksum_v1(revisions[2]));
}

BOOST_FIXTURE_TEST_CASE(repair_sql_prints_the_rows_and_writes_nothing, StubRun) {
  upgrade(*session(), "head", observer);
  revisions[1].upgrade = {"INSERT ROW users 'bob';\nCREATE TABLE posts"};
  revisions[2].upgrade = {"CREATE TABLE labels"};
  const std::size_t rows = db->audit_rows().size();
  config.offline_sql = true;
  db->clear_requests();
  const RepairResult result = repair(*session());
  BOOST_TEST(result.offline);
  BOOST_TEST(result.repaired.size() == 2u);
  BOOST_TEST(db->audit_rows().size() == rows);
  BOOST_TEST(db->count("LOCK ACQUIRE") == 0u);
  BOOST_TEST(contains(result.offline_script, "direction='repair'"), result.offline_script);

  // Applied by the database's client, the script does what the online repair does.
  stub::StubDriver driver;
  driver.attach(db);
  auto conn = driver.connect("stub://main", {});
  for (const auto& statement : dialect.split_statements(result.offline_script))
    conn->execute(statement);
  BOOST_TEST(repair_rows(*db) == 2u);
  for (const auto& row : db->audit_rows())
    if (row.direction == "repair") BOOST_TEST(row.versions_after == "003");
  config.offline_sql = false;
  BOOST_CHECK_NO_THROW(upgrade(*session(), "head", observer));
  BOOST_TEST(repair(*session()).repaired.empty());
}

BOOST_AUTO_TEST_SUITE_END()
