// The stub driver itself, through the SDK interfaces only: what the core's unit tests rely
// on (the dialect's statements round-trip, rollback restores, faults fire where armed, the
// lock is shared by the sessions of one database).
#include <boost/test/unit_test.hpp>

#include "migctl/error.hpp"
#include "stub_connection.hpp"
#include "stub_driver.hpp"

using namespace migctl;
using migctl::stub::StubDatabase;
using migctl::stub::StubDriver;
using migctl::stub::StubMatch;

namespace {

struct Fixture {
  std::shared_ptr<StubDatabase> db = std::make_shared<StubDatabase>("main");
  StubDriver driver;
  const Dialect& sql = driver.dialect();
  Fixture() { driver.attach(db); }
  std::unique_ptr<Connection> connect() { return driver.connect("stub://app@main", {}); }
  void tables(Connection& c) {
    for (const auto& s : sql.create_version_table("alembic_version")) c.execute(s);
    for (const auto& s : sql.create_audit_table("migctl_history")) c.execute(s);
  }
};

// The exit code `f` throws (0: none), as an int so that Boost.Test prints it.
template <class F>
int code_of(F&& f) {
  try {
    f();
  } catch (const Error& e) {
    return static_cast<int>(e.code());
  }
  return 0;
}
constexpr int kUnavailable = 69, kTemporary = 75, kConfig = 78, kInternal = 70, kData = 65,
              kFailed = 1;

std::string sqlstate_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const DatabaseError& e) {
    return e.sqlstate();
  }
  return "none";
}

using Rows = std::vector<std::string>;

}  // namespace

BOOST_AUTO_TEST_SUITE(stub_driver)

BOOST_FIXTURE_TEST_CASE(version_statements_round_trip_with_row_counts, Fixture) {
  auto c = connect();
  BOOST_TEST(sqlstate_of([&] { c->query(sql.select_versions("alembic_version")); }) == "42P01");
  tables(*c);
  tables(*c);  // idempotent
  BOOST_TEST(c->execute(sql.insert_version("alembic_version", "a").sql) == 1u);
  BOOST_TEST(c->execute(sql.insert_version("alembic_version", "b").sql) == 1u);
  BOOST_TEST(sqlstate_of([&] { c->execute(sql.insert_version("alembic_version", "a").sql); }) ==
             "23505");
  BOOST_TEST(c->execute(sql.update_version("alembic_version", "a", "c").sql) == 1u);
  BOOST_TEST(c->execute(sql.update_version("alembic_version", "zz", "d").sql) == 0u);
  BOOST_TEST(c->execute(sql.delete_version("alembic_version", "b").sql) == 1u);
  BOOST_TEST(c->execute(sql.delete_version("alembic_version", "b").sql) == 0u);
  auto r = c->query(sql.select_versions("alembic_version"));
  BOOST_TEST(r.rows.size() == 1u);
  BOOST_TEST(*r.rows[0][0] == "c");
  BOOST_TEST(db->versions() == Rows{"c"});
  c->execute(sql.insert_version("alembic_version", "e").sql);
  BOOST_TEST(c->execute(sql.delete_all_versions("alembic_version").sql) == 2u);
  BOOST_TEST(db->versions().empty());
  // The version table's name on an audit table: a table of another shape.
  DatabaseError wrong_shape(ExitCode::migration_failed, "", "");
  try {
    c->query(sql.select_versions("migctl_history"));
  } catch (const DatabaseError& e) {
    wrong_shape = e;
  }
  BOOST_TEST(sql.is_missing_column(wrong_shape));
  BOOST_TEST(!sql.is_missing_table(wrong_shape));
}

BOOST_FIXTURE_TEST_CASE(audit_rows_round_trip_filters_and_checksums, Fixture) {
  auto c = connect();
  tables(*c);
  auto row = [](std::string rev, std::string dir, std::string checksum, bool ok,
                std::string started) {
    AuditRow a;
    a.revision = std::move(rev);
    a.direction = std::move(dir);
    a.checksum = std::move(checksum);
    a.success = ok;
    a.started_at = started;
    a.finished_at = started;
    a.duration_ms = 1.5;
    a.error = ok ? "" : "it's broken";  // a quote inside a literal
    a.versions_before = "x,y";
    a.os_user = "me";
    return a;
  };
  c->execute(sql.insert_audit_row(
      "migctl_history", row("001", "upgrade", "aaa", true, "2026-01-01T00:00:00.000000Z")));
  c->execute(sql.insert_audit_row(
      "migctl_history", row("002", "upgrade", "bbb", true, "2026-01-02T00:00:00.000000Z")));
  c->execute(sql.insert_audit_row(
      "migctl_history", row("002", "downgrade", "", true, "2026-01-03T00:00:00.000000Z")));
  c->execute(sql.insert_audit_row(
      "migctl_history", row("003", "upgrade", "ccc", false, "2026-01-04T00:00:00.000000Z")));
  c->execute(sql.insert_audit_row("migctl_history",
                                  row("0010", "stamp", "", true, "2026-01-05T00:00:00.000000Z")));

  auto all = c->query(sql.select_audit_rows("migctl_history", {}));
  BOOST_TEST(all.columns.size() == 16u);
  BOOST_TEST(all.rows.size() == 5u);
  BOOST_TEST(*all.rows[0][1] == "0010");  // newest first
  BOOST_TEST(*all.rows[1][8] == "it's broken");
  BOOST_TEST(!all.rows[0][3].has_value());  // no checksum: NULL
  BOOST_TEST(*all.rows[4][12] == "app");    // db_user from the connection
  BOOST_TEST(*all.rows[4][10] == "x,y");

  AuditFilter f;
  f.revision = "001";  // a prefix: 001 and 0010
  BOOST_TEST(c->query(sql.select_audit_rows("migctl_history", f)).rows.size() == 2u);
  f = {};
  f.since = "2026-01-02T00:00:00.000000Z";
  f.until = "2026-01-04T00:00:00.000000Z";
  auto window = c->query(sql.select_audit_rows("migctl_history", f));
  BOOST_TEST(window.rows.size() == 2u);
  BOOST_TEST(*window.rows[0][2] == "downgrade");
  f.since = "2026-01-02T00:00:00Z";  // the same instant without a fraction
  BOOST_TEST(c->query(sql.select_audit_rows("migctl_history", f)).rows.size() == 2u);
  f = {};
  f.limit = 1;
  BOOST_TEST(c->query(sql.select_audit_rows("migctl_history", f)).rows.size() == 1u);

  // 001 upgraded with a checksum; 002's latest is a downgrade; 003 failed.
  auto sums = c->query(sql.select_recorded_checksums("migctl_history"));
  BOOST_TEST(sums.rows.size() == 1u);
  BOOST_TEST(*sums.rows[0][0] == "001");
  BOOST_TEST(*sums.rows[0][1] == "aaa");
}

BOOST_FIXTURE_TEST_CASE(rollback_restores_every_table_and_commit_keeps_it, Fixture) {
  auto c = connect();
  tables(*c);
  c->execute(sql.insert_version("alembic_version", "a").sql);
  c->begin();
  BOOST_TEST(c->in_transaction());
  c->execute("CREATE TABLE users (id int)");
  c->execute("INSERT ROW users 'admin'");
  c->execute(sql.update_version("alembic_version", "a", "b").sql);
  BOOST_TEST(db->versions() == Rows{"b"});
  c->rollback();
  BOOST_TEST(!c->in_transaction());
  BOOST_TEST(db->versions() == Rows{"a"});
  BOOST_TEST(!db->has_table("users"));
  c->rollback();  // none open: nothing, no throw

  c->begin();
  c->execute("CREATE TABLE users (id int)");
  c->commit();
  BOOST_TEST(db->has_table("users"));
  BOOST_TEST(code_of([&] { c->commit(); }) == kInternal);
  c->begin();
  BOOST_TEST(code_of([&] { c->begin(); }) == kInternal);
}

BOOST_FIXTURE_TEST_CASE(the_dialects_transaction_statements_control_transactions, Fixture) {
  auto c = connect();
  c->execute(sql.begin_transaction());
  BOOST_TEST(c->in_transaction());
  c->execute("CREATE TABLE t");
  c->execute("ROLLBACK");
  BOOST_TEST(!db->has_table("t"));
  c->execute(sql.begin_transaction());
  c->execute("CREATE TABLE t");
  c->execute(sql.commit_transaction());
  BOOST_TEST(!c->in_transaction());
  BOOST_TEST(db->has_table("t"));
  c->commit();  // after a script's own COMMIT: settles without failing
  BOOST_TEST(code_of([&] { c->commit(); }) == kInternal);  // but only once
  BOOST_TEST(db->count("BEGIN") == 2u);
}

BOOST_FIXTURE_TEST_CASE(a_failed_statement_aborts_the_transaction, Fixture) {
  auto c = connect();
  tables(*c);
  c->begin();
  c->execute(sql.insert_version("alembic_version", "a").sql);
  BOOST_TEST(sqlstate_of([&] { c->execute("FAIL '23503' 'no such parent'"); }) == "23503");
  BOOST_TEST(sqlstate_of([&] { c->execute("SELECT 1"); }) == "25P02");
  BOOST_TEST(sqlstate_of([&] { c->commit(); }) == "25P02");
  BOOST_TEST(!c->in_transaction());
  BOOST_TEST(db->versions().empty());
}

BOOST_FIXTURE_TEST_CASE(other_sql_is_recorded_and_accepted_unless_rejected, Fixture) {
  auto c = connect();
  BOOST_TEST(c->execute("ALTER TABLE users ADD COLUMN x int") == 0u);
  BOOST_TEST(db->statements() == Rows{"ALTER TABLE users ADD COLUMN x int"});
  db->reject_other_sql("42601");
  BOOST_TEST(sqlstate_of([&] { c->execute("ALTER TABLE users ADD COLUMN y int"); }) == "42601");
  auto requests = db->requests();
  BOOST_CHECK(requests.back().outcome == stub::StubRequest::Outcome::failed);
}

BOOST_FIXTURE_TEST_CASE(query_binds_parameters_as_literals, Fixture) {
  auto c = connect();
  c->execute("CREATE TABLE t");
  c->query("INSERT ROW t $1 $2", {Value("it's"), Value("$1")});
  BOOST_TEST((db->rows("t") == std::vector<Rows>{{"it's", "$1"}}));
}

BOOST_FIXTURE_TEST_CASE(split_statements_respects_quotes_and_comments, Fixture) {
  auto parts = sql.split_statements("INSERT ROW t 'a;b'; -- c;d\nNOTICE 'x' ;; -- only\n");
  BOOST_TEST(parts.size() == 2u);
  BOOST_TEST(parts[0] == "INSERT ROW t 'a;b'");
  BOOST_TEST(code_of([&] { sql.split_statements("INSERT ROW t 'open"); }) == kData);
}

BOOST_FIXTURE_TEST_CASE(parse_script_gives_lines_transaction_use_and_positioned_errors, Fixture) {
  const auto parsed = sql.parse_script(
      "-- header\n\nCREATE TABLE t;\n  SET x '1'; CONCURRENTLY CREATE TABLE u\n;\n"
      "INSERT ROW t\n 'a;\nb'");
  BOOST_REQUIRE(parsed.size() == 4u);
  BOOST_TEST(parsed[0].line == 3u);
  BOOST_TEST(parsed[0].sql == "-- header\n\nCREATE TABLE t");
  BOOST_TEST((parsed[0].transaction == TransactionUse::needs));
  BOOST_TEST(parsed[1].line == 4u);
  BOOST_TEST((parsed[1].transaction == TransactionUse::neutral));
  BOOST_TEST(parsed[2].line == 4u);
  BOOST_TEST((parsed[2].transaction == TransactionUse::refuses));
  BOOST_TEST(parsed[3].line == 6u);
  try {
    sql.parse_script("CREATE TABLE t;\n  INSERT ROW t 'open\n\n");
    BOOST_FAIL("expected a ScriptError");
  } catch (const ScriptError& e) {
    BOOST_TEST(e.line() == 2u);
    BOOST_TEST(e.column() == 16u);
    BOOST_TEST(e.parser_message() == "unterminated quoted string");
  }
  // A refused statement is refused inside a transaction, as PostgreSQL does (25001).
  auto c = connect();
  c->begin();
  BOOST_TEST(sqlstate_of([&] { c->execute("CONCURRENTLY CREATE TABLE t"); }) == "25001");
  c->rollback();
  c->execute("CONCURRENTLY CREATE TABLE t");
  BOOST_TEST(db->has_table("t"));
}

BOOST_FIXTURE_TEST_CASE(canonical_script_ignores_formatting_only, Fixture) {
  const std::string base = sql.canonical_script("CREATE TABLE t;\nINSERT ROW t 'a  b'");
  BOOST_TEST(sql.canonical_script(
                 "-- why\n  CREATE   TABLE t ; -- done\n\nINSERT ROW t\n'a  b';") == base);
  BOOST_TEST(sql.canonical_script("CREATE TABLE t;\nINSERT ROW t 'a b'") != base);
  BOOST_TEST(sql.canonical_script("CREATE TABLE t2;\nINSERT ROW t 'a  b'") != base);
  BOOST_TEST(sql.canonical_script("CREATE TABLE t\nINSERT ROW t 'a  b'") != base);
}

BOOST_FIXTURE_TEST_CASE(fail_at_the_nth_statement_counts_from_arming, Fixture) {
  auto c = connect();
  c->execute("SELECT 1");
  db->fail_at(StubMatch::statement(2), "42P07", "boom");
  c->execute("SELECT 2");  // 1st after arming
  BOOST_TEST(sqlstate_of([&] { c->execute("SELECT 3"); }) == "42P07");
  c->execute("SELECT 4");  // fired once only
  db->fail_at(StubMatch::text("COMMIT"));
  c->begin();
  c->execute("CREATE TABLE t");
  BOOST_TEST(code_of([&] { c->commit(); }) == kFailed);
  BOOST_TEST(!db->has_table("t"));  // a failed commit rolls back
}

BOOST_FIXTURE_TEST_CASE(lost_connection_rolls_back_releases_and_stays_dead, Fixture) {
  auto c = connect();
  tables(*c);
  auto lock = c->migration_lock("alembic_version");
  BOOST_TEST(lock->try_acquire());
  db->lose_connection_at(StubMatch::statement(2));
  c->begin();
  c->execute(sql.insert_version("alembic_version", "a").sql);
  BOOST_TEST(code_of([&] { c->execute("SELECT 1"); }) == kUnavailable);
  BOOST_TEST(db->versions().empty());  // its transaction was rolled back
  BOOST_TEST(!c->in_transaction());
  BOOST_TEST(code_of([&] { c->execute("SELECT 1"); }) == kUnavailable);
  BOOST_TEST(code_of([&] { lock->verify(); }) == kUnavailable);
  c->rollback();  // does not throw on a dead connection
  auto other = connect();
  BOOST_TEST(other->migration_lock("alembic_version")->try_acquire());  // released
}

BOOST_FIXTURE_TEST_CASE(connection_lost_after_commit_keeps_the_commit, Fixture) {
  auto c = connect();
  tables(*c);
  db->lose_connection_at(StubMatch::text("COMMIT"), /*after=*/true);
  c->begin();
  c->execute(sql.insert_version("alembic_version", "a").sql);
  BOOST_TEST(code_of([&] { c->commit(); }) == kUnavailable);
  BOOST_TEST(db->versions() == Rows{"a"});
}

BOOST_FIXTURE_TEST_CASE(lock_is_shared_by_the_sessions_of_one_database, Fixture) {
  auto a = connect();
  auto b = driver.connect("stub://other_user@main", {});
  auto la = a->migration_lock("alembic_version");
  auto lb = b->migration_lock("alembic_version");
  BOOST_TEST(la->try_acquire());
  BOOST_TEST(la->try_acquire());  // already held: still true
  BOOST_TEST(!lb->try_acquire());
  BOOST_TEST(lb->describe_holder().find("user app") != std::string::npos);
  BOOST_TEST(b->migration_lock("other_table")->try_acquire());  // another version table
  la->verify();
  la->release();
  BOOST_TEST(lb->try_acquire());
  BOOST_TEST(code_of([&] { la->verify(); }) == kTemporary);
  lb.reset();  // the destructor releases
  BOOST_TEST(la->try_acquire());
  a.reset();  // closing the connection releases too
  auto c = connect();
  BOOST_TEST(c->migration_lock("alembic_version")->try_acquire());
}

BOOST_FIXTURE_TEST_CASE(lost_lock_makes_verify_fail, Fixture) {
  auto c = connect();
  auto lock = c->migration_lock("alembic_version");
  BOOST_TEST(lock->try_acquire());
  db->lose_lock_at(StubMatch::text("RELEASE ME"));
  c->execute("SELECT 1");
  lock->verify();
  c->execute("-- RELEASE ME\nSELECT 2");
  BOOST_TEST(code_of([&] { lock->verify(); }) == kTemporary);
  BOOST_TEST(lock->try_acquire());
  db->lose_lock();
  BOOST_TEST(code_of([&] { lock->verify(); }) == kTemporary);
  BOOST_TEST(lock->try_acquire());
  c->execute("RELEASE LOCKS");
  BOOST_TEST(code_of([&] { lock->verify(); }) == kTemporary);
  db->refuse_locks("a pooler in transaction mode");
  BOOST_TEST(code_of([&] { lock->try_acquire(); }) == kConfig);
}

BOOST_FIXTURE_TEST_CASE(refused_connections_and_urls, Fixture) {
  db->refuse_connections(1);
  BOOST_TEST(code_of([&] { connect(); }) == kUnavailable);
  BOOST_CHECK(connect() != nullptr);
  BOOST_TEST(code_of([&] { driver.connect("postgresql://x@y/z", {}); }) == kConfig);
  BOOST_TEST(driver.redact_url("stub://u:s3cret@main") == "stub://u:***@main");
  BOOST_TEST(driver.redact_url("stub://main") == "stub://main");
  BOOST_TEST(driver.url_secrets("stub://u:s3cret@main") == Rows{"s3cret"});
  BOOST_TEST(driver.url_secrets("stub://main").empty());
  auto c = driver.connect("stub://u:s3cret@main", {});
  BOOST_TEST(c->server_info().user == "u");
  BOOST_TEST(c->server_info().database == "main");
}

BOOST_FIXTURE_TEST_CASE(a_write_beside_an_open_transaction_is_refused, Fixture) {
  auto a = connect();
  auto b = connect();
  tables(*a);
  a->begin();
  a->execute(sql.insert_version("alembic_version", "a").sql);
  BOOST_CHECK_THROW(b->execute(sql.insert_version("alembic_version", "b").sql), std::logic_error);
  BOOST_TEST(b->query(sql.select_versions("alembic_version")).rows.size() == 1u);  // reads: fine
}

BOOST_FIXTURE_TEST_CASE(terminate_ends_a_session_as_the_server_would, Fixture) {
  auto c = connect();
  tables(*c);
  auto lock = c->migration_lock("alembic_version");
  BOOST_TEST(lock->try_acquire());
  c->begin();
  c->execute(sql.insert_version("alembic_version", "a").sql);
  db->terminate(db->requests().back().session);
  BOOST_TEST(db->versions().empty());
  BOOST_TEST(code_of([&] { c->commit(); }) == kUnavailable);
  BOOST_TEST(connect()->migration_lock("alembic_version")->try_acquire());
}

BOOST_FIXTURE_TEST_CASE(privileges_and_the_database_clock_are_set_by_the_test, Fixture) {
  auto c = connect();
  BOOST_CHECK(c->check_privileges("alembic_version").status == CheckStatus::ok);
  db->set_privileges(
      {"database_privileges", CheckStatus::error, "no CREATE", "grant it", ExitCode::permission});
  BOOST_TEST(c->check_privileges("alembic_version").message == "no CREATE");
  tables(*c);
  db->set_clock([] { return std::string("2026-11-30T02:00:00.000000Z"); });
  AuditRow row;  // no started_at: the database stamps it
  row.revision = "001";
  row.direction = "upgrade";
  c->execute(sql.insert_audit_row("migctl_history", row));
  BOOST_TEST(db->audit_rows().at(0).started_at == "2026-11-30T02:00:00.000000Z");
  BOOST_TEST(db->audit_rows().at(0).finished_at == "2026-11-30T02:00:00.000000Z");
}

BOOST_FIXTURE_TEST_CASE(notices_reach_the_connect_options, Fixture) {
  std::vector<std::string> seen;
  ConnectOptions options;
  options.on_notice = [&](const std::string& n) { seen.push_back(n); };
  auto c = driver.connect("stub://main", options);
  c->execute("NOTICE 'table exists, skipping'");
  BOOST_TEST(seen == Rows{"table exists, skipping"});
}

BOOST_AUTO_TEST_SUITE_END()
