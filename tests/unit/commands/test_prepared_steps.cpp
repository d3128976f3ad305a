// Prepared steps (commands/prepared_steps.hpp) on the stub driver: every script parsed and
// every step's transaction mode decided before anything runs, the same for an online run,
// its --sql script and `check`. In the stub language, `CONCURRENTLY <statement>` is refused
// inside a transaction (25001) as PostgreSQL refuses CREATE INDEX CONCURRENTLY, and the stub
// dialect marks it TransactionUse::refuses; SET is neutral.
#include <algorithm>

#include "commands/check.hpp"
#include "commands/migrate.hpp"
#include "stub_run.hpp"

using namespace migctl;
using namespace migctl::test;

namespace {

// Nothing of the run reached the database: no table, no audit row, no revision statement.
void expect_untouched(const StubDatabase& db, const std::vector<std::string>& hook_log) {
  BOOST_TEST(!db.has_table("alembic_version"));
  BOOST_TEST(!db.has_table("migctl_history"));
  BOOST_TEST(!db.has_table("users"));
  BOOST_TEST(db.count("BEGIN") == 0u);
  BOOST_TEST(db.count("CREATE") == 0u);
  BOOST_TEST(hook_log.empty());
}

// A revision's statements as the database received them: what each does (the script's
// comment lines, which a client sends with the next statement, left out) and whether a
// transaction was open. The version and audit tables' statements and transaction control
// are left out.
using Sent = std::vector<std::string>;
Sent revision_statements(const StubDatabase& db) {
  const stub::StubDialect dialect;
  Sent out;
  for (const auto& r : db.requests()) {
    if (r.control || contains(r.sql, "VERSION") || contains(r.sql, "AUDIT") ||
        contains(r.sql, "CHECKSUMS"))
      continue;
    out.push_back((r.in_transaction ? "in transaction: " : "outside: ") +
                  dialect.canonical_script(r.sql));
  }
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(prepared_steps)

BOOST_FIXTURE_TEST_CASE(a_script_that_does_not_parse_stops_the_run_before_anything, StubRun) {
  add_hook("backup");
  // 003 comes from a file in which its upgrade starts on line 5; line 2 of it is broken.
  revisions[2].source = "db/003_tags.sql";
  revisions[2].upgrade_line = 5;
  revisions[2].upgrade = {"CREATE TABLE tags;\nINSERT ROW tags 'open"};
  const Thrown t = thrown_by([&] { upgrade(*session(), "head", observer); });
  BOOST_TEST(t.code == 65);
  BOOST_TEST(contains(t.message, "db/003_tags.sql:6: unterminated quoted string"), t.message);
  BOOST_TEST(contains(t.message, "(column 17)"), t.message);
  BOOST_TEST(contains(t.message, "revision 003"), t.message);
  // 001 and 002 did not run either: the whole plan is parsed first.
  expect_untouched(*db, *hook_log);
  BOOST_TEST(observer.events.empty());
}

BOOST_FIXTURE_TEST_CASE(without_a_file_line_the_script_and_its_line_are_named, StubRun) {
  revisions[1].upgrade = {"CREATE TABLE posts", "\n\nINSERT ROW posts \"open"};
  const Thrown t = thrown_by([&] { upgrade(*session(), "head", observer); });
  BOOST_TEST(t.code == 65);
  BOOST_TEST(contains(t.message, "line 3 of upgrade script 2 of app/002.cpp"), t.message);
  BOOST_TEST(contains(t.message, "unterminated quoted name"), t.message);
  expect_untouched(*db, *hook_log);
}

BOOST_FIXTURE_TEST_CASE(a_downgrade_that_does_not_parse_is_refused_before_anything, StubRun) {
  upgrade(*session(), "head", observer);
  revisions[2].source = "db/003_tags.sql";
  revisions[2].downgrade_line = 9;
  revisions[2].downgrade = {"DROP TABLE tags;\n'"};
  db->clear_requests();
  const Thrown t = thrown_by([&] { downgrade(*session(), "base", observer); });
  BOOST_TEST(t.code == 65);
  BOOST_TEST(contains(t.message, "the downgrade of revision 003"), t.message);
  BOOST_TEST(contains(t.message, "db/003_tags.sql:10"), t.message);
  BOOST_TEST(db->versions() == Rows{"003"});
  BOOST_TEST(db->count("BEGIN") == 0u);
  BOOST_TEST(db->has_table("tags"));
}

BOOST_FIXTURE_TEST_CASE(statements_that_refuse_a_transaction_run_outside_one_and_say_so, StubRun) {
  // Declared transactional (the default); nothing in it needs a transaction.
  revisions[2].upgrade = {"SET lock_timeout '1s';\nCONCURRENTLY CREATE TABLE tags"};
  upgrade(*session(), "head", observer);
  BOOST_TEST(db->versions() == Rows{"003"});
  BOOST_TEST(db->has_table("tags"));  // the stub refuses it inside a transaction (25001)
  bool found = false;
  for (const auto& r : db->requests()) {
    if (contains(r.sql, "CONCURRENTLY")) {
      found = true;
      BOOST_TEST(!r.in_transaction);
    }
    if (contains(r.sql, "INSERT AUDIT") || contains(r.sql, "UPDATE VERSION"))
      BOOST_TEST(r.in_transaction);  // the version row still commits with its audit row
  }
  BOOST_TEST(found);
  // 001 and 002 kept their own transactions.
  BOOST_TEST(db->count("BEGIN") == 3u);
  const auto message = std::find_if(observer.events.begin(), observer.events.end(),
                                    [](const std::string& e) { return contains(e, "message"); });
  BOOST_REQUIRE(message != observer.events.end());
  BOOST_TEST(contains(*message, "003 runs outside a transaction"), *message);
  BOOST_TEST(contains(*message, "`CONCURRENTLY CREATE TABLE tags` at line 2 of upgrade script 1"),
             *message);
  // Said once the step started, before it finished.
  BOOST_TEST(*(message - 1) == "start 003");
}

BOOST_FIXTURE_TEST_CASE(a_revision_mixing_both_kinds_is_refused_before_anything, StubRun) {
  add_hook("backup");
  revisions[2].source = "db/003_tags.sql";
  revisions[2].upgrade_line = 3;
  revisions[2].upgrade = {"CREATE TABLE tags;\n-- an index\nCONCURRENTLY CREATE TABLE tag_index"};
  const Thrown t = thrown_by([&] { upgrade(*session(), "head", observer); });
  BOOST_TEST(t.code == 65);
  BOOST_TEST(contains(t.message, "revision 003 (db/003_tags.sql)"), t.message);
  BOOST_TEST(contains(t.message, "`CONCURRENTLY CREATE TABLE tag_index` at db/003_tags.sql:5"),
             t.message);
  BOOST_TEST(contains(t.message, "`CREATE TABLE tags` at db/003_tags.sql:3"), t.message);
  expect_untouched(*db, *hook_log);

  // What the refusal suggests works: declared non-transactional, it runs.
  revisions[2].transactional = false;
  upgrade(*session(), "head", observer);
  BOOST_TEST(db->versions() == Rows{"003"});
  BOOST_TEST(db->has_table("tag_index"));
}

BOOST_FIXTURE_TEST_CASE(single_transaction_refuses_a_step_that_runs_outside_one, StubRun) {
  revisions[2].upgrade = {"CONCURRENTLY CREATE TABLE tags"};
  config.single_transaction = true;
  const Thrown t = thrown_by([&] { upgrade(*session(), "head", observer); });
  BOOST_TEST(t.code == 65);
  BOOST_TEST(contains(t.message, "003"), t.message);
  BOOST_TEST(contains(t.message, "runs outside a transaction"), t.message);
  BOOST_TEST(contains(t.message, "--single-transaction"), t.message);
  expect_untouched(*db, *hook_log);

  config.offline_sql = true;  // the script refuses it the same way
  const Thrown offline = thrown_by([&] { upgrade(*session(), "base:head", observer); });
  BOOST_TEST(offline.code == 65);
  BOOST_TEST(offline.message == t.message);
}

BOOST_FIXTURE_TEST_CASE(the_sql_script_sends_what_an_online_run_sends, StubRun) {
  revisions[1].upgrade = {"-- posts\nINSERT ROW users 'alice';\n\nCREATE TABLE posts ;"};
  revisions[2].upgrade = {"SET x '1';\nCONCURRENTLY CREATE TABLE tags; -- big"};
  revisions[2].downgrade = {"CONCURRENTLY DROP TABLE tags"};
  upgrade(*session(), "head", observer);
  downgrade(*session(), "001", observer);
  const Sent online = revision_statements(*db);

  config.offline_sql = true;
  const std::string up = upgrade(*session(), "base:head", observer).offline_script;
  const std::string down = downgrade(*session(), "head:001", observer).offline_script;
  BOOST_TEST(contains(up, "-- outside a transaction: `CONCURRENTLY CREATE TABLE tags`"), up);
  stub::StubDriver driver;
  auto offline_db = driver.database("offline");
  auto conn = driver.connect("stub://offline", {});
  for (const auto& script : {up, down})
    for (const auto& statement : driver.dialect().split_statements(script))
      conn->execute(statement);  // CONCURRENTLY fails (25001) inside a BEGIN

  BOOST_TEST(offline_db->versions() == db->versions());
  BOOST_TEST(revision_statements(*offline_db) == online, boost::test_tools::per_element());
  BOOST_TEST(online.size() == 8u);  // 001, 002 (2), 003 (2), then 003 and 002 (2) down
  BOOST_TEST(
      std::count(online.begin(), online.end(), "outside: CONCURRENTLY CREATE TABLE tags;\n") == 1);
  BOOST_TEST(std::count(online.begin(), online.end(), "outside: SET x '1';\n") == 1);
}

BOOST_FIXTURE_TEST_CASE(check_reports_a_pending_script_that_would_be_refused, StubRun) {
  upgrade(*session(), "002", observer);
  revisions[1].upgrade = {"INSERT ROW users 'broken"};  // applied: its checksum's business
  revisions[2].source = "db/003_tags.sql";
  revisions[2].upgrade_line = 2;
  revisions[2].upgrade = {"CREATE TABLE tags;\nCONCURRENTLY CREATE TABLE tag_index"};
  revisions[2].downgrade = {"DROP TABLE 'tags"};
  const CheckReport report = check(*session());
  std::vector<std::string> scripts;
  for (const auto& p : report.problems)
    if (p.kind == "script") scripts.push_back(p.message);
  BOOST_REQUIRE(scripts.size() == 2u);
  BOOST_TEST(contains(scripts[0], "mixes"), scripts[0]);
  BOOST_TEST(contains(scripts[0], "db/003_tags.sql:3"), scripts[0]);
  BOOST_TEST(contains(scripts[1], "the downgrade of revision 003"), scripts[1]);
  BOOST_TEST(contains(scripts[1], "does not parse"), scripts[1]);
  BOOST_TEST(db->versions() == Rows{"002"});  // check writes nothing

  revisions[2] = app_revisions()[2];
  revisions[1] = app_revisions()[1];
  for (const auto& p : check(*session()).problems) BOOST_TEST(p.kind != "script", p.message);
}

BOOST_AUTO_TEST_SUITE_END()
