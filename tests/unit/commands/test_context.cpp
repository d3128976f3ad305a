// MigrationContext on the stub driver, without a Session: what one step commits together,
// what a failure, a lost lock or a lost connection leaves, stamp, recorded checksums and
// the audit filters.
#include "context/migration_context.hpp"
#include "stub_run.hpp"

using namespace migctl;
using namespace migctl::test;

namespace {

struct ContextFixture {
  std::shared_ptr<StubDatabase> db = std::make_shared<StubDatabase>("main");
  stub::StubDriver driver;
  std::shared_ptr<Connection> conn;
  std::unique_ptr<MigrationContext> ctx;
  Revision rev = revision("001", {}, "", "");

  ContextFixture() {
    driver.attach(db);
    conn = open();
    ContextOptions options;
    options.lock_timeout = std::chrono::milliseconds(200);
    ctx = std::make_unique<MigrationContext>(
        conn, [this] { return open(); }, driver.dialect(), options);
    ctx->lock();
    ctx->ensure_tables();
    db->clear_requests();
  }
  std::shared_ptr<Connection> open() { return driver.connect("stub://tester@main", {}); }

  static StepChange up(const std::string& id, Rows before, Rows after) {
    return StepChange{id, "upgrade", VersionChange{std::move(before), std::move(after)}};
  }
  // The requests of the work session, as text, in order.
  Rows work_requests() const {
    Rows out;
    const int work = db->requests().empty() ? 0 : db->requests().front().session;
    for (const auto& r : db->requests())
      if (r.session == work) out.push_back(r.sql);
    return out;
  }
};

std::size_t index_of(const Rows& rows, const std::string& part) {
  for (std::size_t i = 0; i < rows.size(); ++i)
    if (contains(rows[i], part)) return i;
  return std::string::npos;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(migration_context)

BOOST_FIXTURE_TEST_CASE(apply_commits_statements_version_row_and_audit_row_together,
                        ContextFixture) {
  ctx->apply(up("001", {}, {"001"}), rev, {"CREATE TABLE users", "INSERT ROW users 'a'"}, "c1",
             StepTransaction::own);
  BOOST_TEST(db->versions() == Rows{"001"});
  BOOST_TEST((db->rows("users") == std::vector<Rows>{{"a"}}));
  const auto audit = db->audit_rows();
  BOOST_REQUIRE(audit.size() == 1u);
  BOOST_TEST(audit[0].checksum == "c1");
  BOOST_TEST(audit[0].success);
  BOOST_TEST(audit[0].versions_before == "");
  BOOST_TEST(audit[0].versions_after == "001");

  // One transaction: BEGIN, the statements, the version row, the audit row, the lock check,
  // COMMIT.
  const Rows w = work_requests();
  const auto begin = index_of(w, "BEGIN"), users = index_of(w, "CREATE TABLE users"),
             version = index_of(w, "INSERT VERSION"), row = index_of(w, "INSERT AUDIT"),
             verify = index_of(w, "LOCK VERIFY"), commit = index_of(w, "COMMIT");
  BOOST_TEST(begin < users);
  BOOST_TEST(users < version);
  BOOST_TEST(version < row);
  BOOST_TEST(row < verify);
  BOOST_TEST(verify < commit);
  BOOST_TEST(commit != std::string::npos);
  BOOST_TEST(db->count("COMMIT") == 1u);
}

BOOST_FIXTURE_TEST_CASE(a_one_row_step_becomes_an_update, ContextFixture) {
  db->set_versions({"001"});
  ctx->apply(up("002", {"001"}, {"002"}), revision("002", {"001"}, "", ""), {}, "c2",
             StepTransaction::own);
  BOOST_TEST(db->versions() == Rows{"002"});
  BOOST_TEST(db->count("UPDATE VERSION \"alembic_version\" '001' '002'") == 1u);
}

BOOST_FIXTURE_TEST_CASE(a_failing_nth_statement_rolls_everything_back_and_is_recorded,
                        ContextFixture) {
  db->fail_at(StubMatch::statement(2), "23505", "duplicate key");
  const Thrown t = thrown_by([&] {
    ctx->apply(up("001", {}, {"001"}), rev, {"CREATE TABLE users", "INSERT ROW users 'a'"}, "c1",
               StepTransaction::own);
  });
  BOOST_TEST(t.code == 1);
  BOOST_TEST(contains(t.message, "001"));
  BOOST_TEST(contains(t.message, "duplicate key"));
  BOOST_TEST(db->versions().empty());
  BOOST_TEST(!db->has_table("users"));
  const auto audit = db->audit_rows();
  BOOST_REQUIRE(audit.size() == 1u);  // the failure row, written after the rollback
  BOOST_TEST(!audit[0].success);
  BOOST_TEST(audit[0].failing_statement == "INSERT ROW users 'a'");
  BOOST_TEST(contains(audit[0].error, "duplicate key"));
  BOOST_TEST(audit[0].versions_after == "");
  BOOST_TEST(audit[0].checksum == "c1");
}

BOOST_FIXTURE_TEST_CASE(a_version_table_changed_behind_the_lock_is_refused, ContextFixture) {
  db->set_versions({"someone_else"});  // another tool wrote it: 001 is not there
  const Thrown t = thrown_by([&] {
    ctx->apply(up("002", {"001"}, {"002"}), revision("002", {"001"}, "", ""),
               {"CREATE TABLE posts"}, "c2", StepTransaction::own);
  });
  BOOST_TEST(t.code != 0);
  BOOST_TEST(db->versions() == Rows{"someone_else"});
  BOOST_TEST(!db->has_table("posts"));
}

BOOST_FIXTURE_TEST_CASE(a_non_transactional_failure_keeps_earlier_statements, ContextFixture) {
  // The mode the caller decided counts, not Revision::transactional (statements that refuse
  // a transaction take a transactional revision outside one).
  db->fail_at(StubMatch::text("INSERT ROW"));
  const Thrown t = thrown_by([&] {
    ctx->apply(up("001", {}, {"001"}), rev, {"CREATE TABLE users", "INSERT ROW users 'a'"}, "c1",
               StepTransaction::none);
  });
  BOOST_TEST(t.code == 1);
  BOOST_TEST(db->has_table("users"));  // ran on its own: stays
  BOOST_TEST(db->versions().empty());
  BOOST_REQUIRE(db->audit_rows().size() == 1u);
  BOOST_TEST(!db->audit_rows()[0].success);
}

BOOST_FIXTURE_TEST_CASE(a_lock_lost_before_commit_rolls_back_with_exit_75, ContextFixture) {
  db->lose_lock();
  const Thrown t = thrown_by([&] {
    ctx->apply(up("001", {}, {"001"}), rev, {"CREATE TABLE users"}, "c1", StepTransaction::own);
  });
  BOOST_TEST(t.code == 75);
  BOOST_TEST(contains(t.message, "lost the migration lock"));
  BOOST_TEST(db->versions().empty());
  BOOST_TEST(!db->has_table("users"));
  BOOST_TEST(db->count("COMMIT") == 0u);
}

BOOST_FIXTURE_TEST_CASE(a_lost_connection_is_exit_69_and_recorded_on_a_new_one, ContextFixture) {
  db->lose_connection_at(StubMatch::text("INSERT VERSION"));
  db->refuse_connections(2);  // the server is restarting: the reconnect retries
  const Thrown t = thrown_by([&] {
    ctx->apply(up("001", {}, {"001"}), rev, {"CREATE TABLE users"}, "c1", StepTransaction::own);
  });
  BOOST_TEST(t.code == 69);
  BOOST_TEST(contains(t.message, "rolled the revision back"));
  BOOST_TEST(contains(t.message, "recorded"));
  BOOST_TEST(db->versions().empty());
  BOOST_TEST(!db->has_table("users"));
  BOOST_REQUIRE(db->audit_rows().size() == 1u);
  BOOST_TEST(!db->audit_rows()[0].success);
  BOOST_TEST(contains(db->audit_rows()[0].error, "connection lost"));
}

BOOST_FIXTURE_TEST_CASE(stamp_writes_rows_and_stamp_audit_rows_in_one_transaction, ContextFixture) {
  db->set_versions({"x", "y"});
  ctx->stamp({"x", "y"}, {"003"}, {"003"}, /*purge=*/false);
  BOOST_TEST(db->versions() == Rows{"003"});
  BOOST_REQUIRE(db->audit_rows().size() == 1u);
  BOOST_TEST(db->audit_rows()[0].direction == "stamp");
  BOOST_TEST(db->audit_rows()[0].versions_before == "x,y");
  BOOST_TEST(db->count("BEGIN") == 1u);
  BOOST_TEST(db->count("COMMIT") == 1u);

  db->set_versions({"003", "stray"});
  ctx->stamp({"003"}, {"001"}, {"001"}, /*purge=*/true);
  BOOST_TEST(db->versions() == Rows{"001"});
}

BOOST_FIXTURE_TEST_CASE(recorded_checksums_follow_the_latest_successful_step, ContextFixture) {
  BOOST_TEST(ctx->recorded_checksums().empty());
  ctx->apply(up("001", {}, {"001"}), rev, {}, "sum-001", StepTransaction::own);
  Revision r2 = revision("002", {"001"}, "", "");
  ctx->apply(up("002", {"001"}, {"002"}), r2, {}, "sum-002", StepTransaction::own);
  auto sums = ctx->recorded_checksums();
  BOOST_TEST(sums.size() == 2u);
  BOOST_TEST(sums["001"] == "sum-001");
  ctx->apply(StepChange{"002", "downgrade", VersionChange{{"002"}, {"001"}}}, r2, {}, "sum-002",
             StepTransaction::own);
  sums = ctx->recorded_checksums();
  BOOST_TEST(sums.size() == 1u);  // 002 is no longer applied
  BOOST_TEST(sums.count("002") == 0u);

  // A repair row re-records a checksum, changes no version row, commits once.
  db->clear_requests();
  ctx->record_repairs({{"001", "sum-001-edited"}}, {"001"});
  BOOST_TEST(ctx->recorded_checksums()["001"] == "sum-001-edited");
  BOOST_TEST(db->versions() == Rows{"001"});
  BOOST_TEST(db->count("COMMIT") == 1u);
  BOOST_TEST(db->count("VERSION \"") == 0u);
  const AuditRow repair = db->audit_rows().back();
  BOOST_TEST(repair.direction == "repair");
  BOOST_TEST(repair.success);
  BOOST_TEST(repair.versions_before == "001");
  BOOST_TEST(repair.versions_after == "001");
}

BOOST_FIXTURE_TEST_CASE(history_passes_the_filter_to_the_audit_table, ContextFixture) {
  for (const char* id : {"001", "002", "0021"})
    ctx->apply(up(id, {}, {id}), rev, {}, "s", StepTransaction::own);
  BOOST_TEST(ctx->has_history_table());
  BOOST_TEST(ctx->history().size() == 3u);
  AuditFilter f;
  f.revision = "002";
  auto rows = ctx->history(f);
  BOOST_REQUIRE(rows.size() == 2u);
  BOOST_TEST(rows[0].revision == "0021");
  f = {};
  f.limit = 1;
  BOOST_TEST(ctx->history(f).size() == 1u);
  f = {};
  f.since = "2999-01-01T00:00:00.000000Z";
  BOOST_TEST(ctx->history(f).empty());
}

BOOST_FIXTURE_TEST_CASE(lock_waits_describes_the_holder_and_times_out, ContextFixture) {
  auto other_conn = open();
  ContextOptions options;
  options.lock_timeout = std::chrono::milliseconds(150);
  MigrationContext other(other_conn, {}, driver.dialect(), options);
  std::string holder;
  const Thrown t = thrown_by([&] { other.lock([&](const std::string& h) { holder = h; }); });
  BOOST_TEST(t.code == 75);
  BOOST_TEST(contains(holder, "user tester"));
  ctx->unlock();
  other.lock();
  BOOST_TEST(other.locked());
}

BOOST_FIXTURE_TEST_CASE(a_connection_that_cannot_keep_a_lock_is_refused, ContextFixture) {
  ctx->unlock();
  db->refuse_locks("a pooler in transaction mode");
  const Thrown t = thrown_by([&] { ctx->lock(); });
  BOOST_TEST(t.code == 78);
}

BOOST_FIXTURE_TEST_CASE(a_version_table_name_of_another_shape_is_a_config_error, ContextFixture) {
  auto c = open();
  ContextOptions options;
  options.version_table = "migctl_history";  // the audit table: no version_num column
  options.history_table = "other_history";
  MigrationContext wrong(c, {}, driver.dialect(), options);
  const Thrown t = thrown_by([&] { wrong.version_rows(); });
  BOOST_TEST(t.code == 78);
}

BOOST_AUTO_TEST_SUITE_END()
