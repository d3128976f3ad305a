// The run loop (commands/migrate.cpp) and MigrationContext's step transaction, on the stub
// driver: what is applied, in which order, what commits together, and what a failure, a
// lost lock or a lost connection leaves behind.
#include <algorithm>
#include <optional>

#include "commands/migrate.hpp"
#include "context/checksum.hpp"
#include "stub_run.hpp"

using namespace migctl;
using namespace migctl::test;

namespace {

// Position of the first statement containing `text` (npos: never sent).
std::size_t position(const std::vector<std::string>& statements, const std::string& text) {
  for (std::size_t i = 0; i < statements.size(); ++i)
    if (contains(statements[i], text)) return i;
  return std::string::npos;
}

// The audit row of `revision` with that outcome (a copy: db->audit_rows() is a temporary).
std::optional<AuditRow> audit_of(const std::vector<AuditRow>& rows, const std::string& revision,
                                 bool success) {
  for (const auto& r : rows)
    if (r.revision == revision && r.success == success) return r;
  return std::nullopt;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(run_loop)

BOOST_FIXTURE_TEST_CASE(upgrade_applies_the_plan_in_order_one_transaction_each, StubRun) {
  auto session = this->session();
  MigrateResult result = upgrade(*session, "head", observer);

  BOOST_TEST(db->versions() == Rows{"003"});
  BOOST_TEST(result.rows_before.empty());
  BOOST_TEST(result.rows_after == Rows{"003"});
  BOOST_TEST(result.steps.size() == 3u);
  BOOST_TEST(db->has_table("users"));
  BOOST_TEST(db->has_table("posts"));
  BOOST_TEST(db->has_table("tags"));
  BOOST_TEST((db->rows("users") == std::vector<Rows>{{"alice"}}));

  const auto statements = db->statements();
  const auto users = position(statements, "CREATE TABLE users");
  const auto alice = position(statements, "INSERT ROW users 'alice'");
  const auto posts = position(statements, "CREATE TABLE posts");
  const auto tags = position(statements, "CREATE TABLE tags");
  BOOST_TEST(users < alice);
  BOOST_TEST(alice < posts);
  BOOST_TEST(posts < tags);
  BOOST_TEST(tags != std::string::npos);

  // Each revision's statements, its version-row change and its audit row commit together.
  BOOST_TEST(db->count("BEGIN") == 3u);
  BOOST_TEST(db->count("COMMIT") == 3u);
  for (const auto& request : db->requests()) {
    if (contains(request.sql, "CREATE TABLE") || contains(request.sql, "INSERT ROW") ||
        contains(request.sql, "INSERT AUDIT") || contains(request.sql, "VERSION \""))
      BOOST_TEST(request.in_transaction, request.sql);
  }

  const auto audit = db->audit_rows();
  BOOST_TEST(audit.size() == 3u);
  for (std::size_t i = 0; i < audit.size(); ++i) {
    BOOST_TEST(audit[i].revision == revisions[i].id);
    BOOST_TEST(audit[i].direction == "upgrade");
    BOOST_TEST(audit[i].success);
    BOOST_TEST(audit[i].checksum == revision_checksum(revisions[i], stub::StubDialect()));
    BOOST_TEST(audit[i].db_user == "tester");
  }
  BOOST_TEST(audit[1].versions_before == "001");
  BOOST_TEST(audit[1].versions_after == "002");
  BOOST_TEST((observer.events == Rows{"start 001", "finish 001", "start 002", "finish 002",
                                      "start 003", "finish 003"}));
}

BOOST_FIXTURE_TEST_CASE(at_the_target_already_nothing_is_written, StubRun) {
  upgrade(*session(), "head", observer);
  db->clear_requests();
  const auto audit_before = db->audit_rows().size();
  MigrateResult again = upgrade(*session(), "head", observer);
  BOOST_TEST(again.steps.empty());
  BOOST_TEST(db->count("BEGIN") == 0u);
  BOOST_TEST(db->count("INSERT") == 0u);
  BOOST_TEST(db->count("CREATE") == 0u);
  BOOST_TEST(db->audit_rows().size() == audit_before);
}

BOOST_FIXTURE_TEST_CASE(a_failing_statement_stops_the_run_and_rolls_its_revision_back, StubRun) {
  db->fail_at(StubMatch::text("CREATE TABLE posts"), "42P07", "relation \"posts\" exists");
  const Thrown t = thrown_by([&] { upgrade(*session(), "head", observer); });

  BOOST_TEST(t.code == 1);
  BOOST_TEST(contains(t.message, "002"));
  BOOST_TEST(db->versions() == Rows{"001"});  // 001 committed, 002 did not
  BOOST_TEST(db->rows("users").empty());      // 002's first statement was rolled back
  BOOST_TEST(!db->has_table("posts"));
  BOOST_TEST(db->count("CREATE TABLE tags") == 0u);  // 003 never started

  const auto audit = db->audit_rows();
  BOOST_TEST(audit.size() == 2u);
  BOOST_TEST(audit_of(audit, "001", true).has_value());
  const auto failure = audit_of(audit, "002", false);
  BOOST_REQUIRE(failure.has_value());
  BOOST_TEST(failure->failing_statement == "CREATE TABLE posts");
  BOOST_TEST(contains(failure->error, "posts"));
  BOOST_TEST(failure->versions_before == "001");
  BOOST_TEST(failure->versions_after == "001");
  BOOST_TEST(observer.events.back() == "failed 002");
}

BOOST_FIXTURE_TEST_CASE(single_transaction_is_all_or_nothing, StubRun) {
  config.single_transaction = true;
  db->fail_at(StubMatch::text("CREATE TABLE tags"));
  const Thrown t = thrown_by([&] { upgrade(*session(), "head", observer); });

  BOOST_TEST(t.code == 1);
  BOOST_TEST(db->versions().empty());
  BOOST_TEST(!db->has_table("users"));
  BOOST_TEST(!db->has_table("posts"));
  BOOST_TEST(db->count("BEGIN") == 1u);
  BOOST_TEST(db->count("COMMIT") == 0u);
  // Only the failure is left in the audit table: 001's and 002's rows went with the rollback.
  const auto audit = db->audit_rows();
  BOOST_TEST(audit.size() == 1u);
  BOOST_TEST(audit_of(audit, "003", false).has_value());
}

BOOST_FIXTURE_TEST_CASE(single_transaction_commits_once, StubRun) {
  config.single_transaction = true;
  upgrade(*session(), "head", observer);
  BOOST_TEST(db->versions() == Rows{"003"});
  BOOST_TEST(db->count("BEGIN") == 1u);
  BOOST_TEST(db->count("COMMIT") == 1u);
  BOOST_TEST(db->audit_rows().size() == 3u);
}

BOOST_FIXTURE_TEST_CASE(single_transaction_refuses_a_non_transactional_revision_first, StubRun) {
  revisions[2].transactional = false;
  config.single_transaction = true;
  const Thrown t = thrown_by([&] { upgrade(*session(), "head", observer); });
  BOOST_TEST(t.code == 65);
  BOOST_TEST(contains(t.message, "revision 003 (app/003.cpp) is non-transactional"));
  BOOST_TEST(db->count("CREATE TABLE users") == 0u);  // refused before 001 ran
  BOOST_TEST(db->versions().empty());
}

BOOST_FIXTURE_TEST_CASE(a_non_transactional_revision_runs_outside_a_transaction, StubRun) {
  revisions[2].transactional = false;
  upgrade(*session(), "head", observer);
  BOOST_TEST(db->versions() == Rows{"003"});
  bool found = false;
  for (const auto& request : db->requests()) {
    if (request.sql == "CREATE TABLE tags") {
      found = true;
      BOOST_TEST(!request.in_transaction);
    }
    if (contains(request.sql, "INSERT VERSION") || contains(request.sql, "UPDATE VERSION"))
      BOOST_TEST(request.in_transaction);  // its version row still commits with its audit row
  }
  BOOST_TEST(found);
}

BOOST_FIXTURE_TEST_CASE(downgrade_reverts_newest_first, StubRun) {
  upgrade(*session(), "head", observer);
  db->clear_requests();
  MigrateResult result = downgrade(*session(), "base", observer);
  BOOST_TEST(db->versions().empty());
  BOOST_TEST(result.steps.size() == 3u);
  const auto statements = db->statements();
  BOOST_TEST(position(statements, "DROP TABLE tags") < position(statements, "DROP TABLE posts"));
  BOOST_TEST(position(statements, "DROP TABLE posts") < position(statements, "DROP TABLE users"));
  BOOST_TEST(!db->has_table("users"));
  const auto audit = db->audit_rows();
  BOOST_TEST(audit.back().direction == "downgrade");
  BOOST_TEST(audit.back().revision == "001");
}

BOOST_FIXTURE_TEST_CASE(a_changed_applied_revision_stops_the_run_before_any_write, StubRun) {
  upgrade(*session(), "002", observer);
  revisions[0].upgrade = {"CREATE TABLE users (id int)"};  // edited since
  db->clear_requests();
  const Thrown t = thrown_by([&] { upgrade(*session(), "head", observer); });
  BOOST_TEST(t.code == 65);
  BOOST_TEST(contains(t.message, "001"));
  BOOST_TEST(db->count("BEGIN") == 0u);
  BOOST_TEST(db->versions() == Rows{"002"});

  config.verify_checksums = false;  // --ignore-checksums
  upgrade(*session(), "head", observer);
  BOOST_TEST(db->versions() == Rows{"003"});
}

BOOST_FIXTURE_TEST_CASE(a_lock_lost_before_commit_rolls_the_step_back_with_exit_75, StubRun) {
  // 002's second statement releases the lock (as pg_advisory_unlock_all() would).
  db->lose_lock_at(StubMatch::text("CREATE TABLE posts"));
  const Thrown t = thrown_by([&] { upgrade(*session(), "head", observer); });

  BOOST_TEST(t.code == 75);
  BOOST_TEST(contains(t.message, "lost the migration lock"));
  BOOST_TEST(db->versions() == Rows{"001"});
  BOOST_TEST(!db->has_table("posts"));
  BOOST_TEST(db->rows("users").empty());
  BOOST_TEST(db->count("CREATE TABLE tags") == 0u);
  BOOST_TEST(!audit_of(db->audit_rows(), "002", true).has_value());
  BOOST_TEST(audit_of(db->audit_rows(), "002", false).has_value());  // the attempt is recorded
}

BOOST_FIXTURE_TEST_CASE(a_connection_lost_mid_step_is_recorded_after_reconnecting, StubRun) {
  db->lose_connection_at(StubMatch::text("CREATE TABLE posts"));
  const Thrown t = thrown_by([&] { upgrade(*session(), "head", observer); });

  BOOST_TEST(t.code == 69);
  BOOST_TEST(contains(t.message, "rolled the revision back"));
  BOOST_TEST(db->versions() == Rows{"001"});
  BOOST_TEST(db->rows("users").empty());
  BOOST_TEST(db->count("CREATE TABLE tags") == 0u);
  // The failure row is written on a new connection, not the lost one.
  const auto failure = audit_of(db->audit_rows(), "002", false);
  BOOST_REQUIRE(failure.has_value());
  BOOST_TEST(contains(failure->error, "connection lost"));
  const auto requests = db->requests();
  int lost_session = 0, recorded_session = 0;
  for (const auto& r : requests) {
    if (r.outcome == stub::StubRequest::Outcome::connection_lost) lost_session = r.session;
    if (contains(r.sql, "INSERT AUDIT") && contains(r.sql, "success=false"))
      recorded_session = r.session;
  }
  BOOST_TEST(lost_session != 0);
  BOOST_TEST(recorded_session != 0);
  BOOST_TEST(recorded_session != lost_session);
}

BOOST_FIXTURE_TEST_CASE(a_connection_lost_after_the_commit_reports_the_commit, StubRun) {
  // The second COMMIT (002's) reaches the database, its reply does not.
  db->lose_connection_at(StubMatch::text("COMMIT", 2), /*after=*/true);
  const Thrown t = thrown_by([&] { upgrade(*session(), "head", observer); });

  BOOST_TEST(t.code == 69);
  BOOST_TEST(contains(t.message, "had committed"));
  BOOST_TEST(db->versions() == Rows{"002"});
  BOOST_TEST(audit_of(db->audit_rows(), "002", true).has_value());
  BOOST_TEST(!audit_of(db->audit_rows(), "002", false).has_value());  // nothing to record
}

BOOST_FIXTURE_TEST_CASE(a_lock_held_by_another_run_times_out_with_exit_75, StubRun) {
  stub::StubDriver other;
  other.attach(db);
  auto holder = other.connect("stub://someone@main", {});
  auto lock = holder->migration_lock("alembic_version");
  BOOST_REQUIRE(lock->try_acquire());

  const Thrown t = thrown_by([&] { upgrade(*session(), "head", observer); });
  BOOST_TEST(t.code == 75);
  BOOST_TEST(contains(t.message, "user someone"));  // the holder is described
  BOOST_REQUIRE(!observer.events.empty());
  BOOST_TEST(contains(observer.events.front(), "wait "));
  BOOST_TEST(db->versions().empty());
  BOOST_TEST(!db->has_table("alembic_version"));
}

BOOST_AUTO_TEST_SUITE_END()
