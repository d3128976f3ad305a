#include "driver_conformance.hpp"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <regex>
#include <thread>

#include "expect_database_error.hpp"
#include "migctl/error.hpp"

namespace migctl::conformance {
namespace {

int code(ExitCode c) {
  return static_cast<int>(c);
}

struct Fixture {
  const Target& target;
  Driver& driver;
  const Dialect& dialect;
  std::string prefix;  // of every table name
  std::unique_ptr<Connection> connection;
  std::vector<std::string> tables;  // unquoted, dropped at the end

  explicit Fixture(const Target& t)
      : target(t),
        driver(*t.driver),
        dialect(t.driver->dialect()),
        prefix("conformance_" + std::to_string(::getpid()) + "_") {
    ConnectOptions options;
    options.application_name = "migctl conformance";
    connection = driver.connect(target.url, options);
  }
  ~Fixture() {
    connection->rollback();
    for (const auto& table : tables) {
      try {
        connection->execute("DROP TABLE " + dialect.quote_identifier(table));
      } catch (const std::exception& e) {
        if (exists(table)) BOOST_TEST_MESSAGE("cleanup of " << table << " failed: " << e.what());
      }
    }
  }
  // A table name of this run (unquoted), dropped at the end.
  std::string name(const std::string& suffix) {
    tables.push_back(prefix + suffix);
    return tables.back();
  }
  std::string quoted(const std::string& table) const { return dialect.quote_identifier(table); }

  // Through the dialect's missing-table classification: no catalog of any one database.
  // Outside a transaction only (PostgreSQL aborts a transaction on any error).
  bool exists(const std::string& table) {
    try {
      connection->query("SELECT 1 FROM " + quoted(table) + " WHERE 1 = 0");
      return true;
    } catch (const DatabaseError& e) {
      if (dialect.is_missing_table(e)) return false;
      throw;
    }
  }
  std::string scalar(const std::string& sql) {
    const ResultSet r = connection->query(sql);
    BOOST_REQUIRE(!r.rows.empty());
    return r.rows.at(0).at(0).value_or("<NULL>");
  }
};

void check_identity(Fixture& f) {
  BOOST_TEST_CHECKPOINT("identity");
  BOOST_TEST(!f.driver.name().empty());
  const auto schemes = f.driver.schemes();
  const std::string scheme = f.target.url.substr(0, f.target.url.find("://"));
  BOOST_TEST((std::find(schemes.begin(), schemes.end(), scheme) != schemes.end()),
             "the driver does not claim the test URL's scheme " << scheme);
  const std::string redacted = f.driver.redact_url(f.target.url);
  BOOST_TEST(redacted.rfind(scheme + "://", 0) == 0u, redacted);
  BOOST_TEST(f.driver.redact_url("nonsense").find("nonsense") == std::string::npos);
}

void check_server_info(Fixture& f) {
  BOOST_TEST_CHECKPOINT("server_info");
  const ServerInfo info = f.connection->server_info();
  BOOST_TEST(!info.database.empty());
  BOOST_TEST(!info.user.empty());
  BOOST_TEST(!info.product.empty());
  BOOST_TEST(std::regex_match(info.server_version, std::regex(R"(\d+(\.\d+)*)")),
             "server_version " << info.server_version);
}

void check_quoting(Fixture& f) {
  BOOST_TEST_CHECKPOINT("quoting");
  const std::string tricky = "it's \"quoted\" \\ $1 ; -- /* ? :x";
  BOOST_TEST(f.scalar("SELECT " + f.dialect.quote_literal(tricky)) == tricky);
  BOOST_TEST(f.scalar("SELECT " + f.dialect.quote_literal("")) == "");
  const std::string odd = f.name("Odd \"name\" ;");
  f.connection->execute("CREATE TABLE " + f.quoted(odd) + " (x integer)");
  BOOST_TEST(f.exists(odd));
  BOOST_TEST(!f.exists(f.prefix + "odd \"name\" ;x"));
}

void check_execute_and_errors(Fixture& f) {
  BOOST_TEST_CHECKPOINT("execute");
  const std::string items = f.name("items");
  const std::string t = f.quoted(items);
  BOOST_TEST(f.connection->execute("CREATE TABLE " + t + " (id integer PRIMARY KEY, name text)") ==
             0u);
  BOOST_TEST(f.exists(items));
  BOOST_TEST(f.connection->execute("INSERT INTO " + t +
                                   " (id, name) VALUES (1, 'a'), (2, 'b'), "
                                   "(3, 'c')") == 3u);
  BOOST_TEST(f.connection->execute("UPDATE " + t + " SET name = 'x' WHERE id >= 2") == 2u);
  BOOST_TEST(f.connection->execute("UPDATE " + t + " SET name = 'x' WHERE id > 99") == 0u);
  // Statements that return rows are fine; the rows are discarded, nothing was changed.
  BOOST_TEST(f.connection->execute("SELECT * FROM " + t) == 0u);
  BOOST_TEST(f.connection->execute("DELETE FROM " + t + " WHERE id = 3") == 1u);
  BOOST_TEST(f.connection->execute("CREATE TABLE " + f.quoted(f.name("after_dml")) + " (x int)") ==
             0u);

  const std::string bad = "SELECT 1 FROM " + t + "\nWHERE WHERE";
  if (auto e = expect_database_error("syntax error", [&] { f.connection->execute(bad); })) {
    BOOST_TEST(e->statement() == bad);
    BOOST_TEST(code(e->code()) == code(ExitCode::migration_failed));
    BOOST_TEST(!e->sqlstate().empty());
    BOOST_TEST(!f.dialect.is_missing_table(*e));
    BOOST_TEST(!f.dialect.is_missing_column(*e));
  }
  const std::string missing = "SELECT * FROM " + f.quoted(f.prefix + "no_such_table");
  if (auto e = expect_database_error("missing table", [&] { f.connection->query(missing); })) {
    BOOST_TEST(f.dialect.is_missing_table(*e), e->sqlstate() << " " << e->what());
    BOOST_TEST(!f.dialect.is_missing_column(*e));
    BOOST_TEST(e->statement() == missing);
  }
  if (auto e = expect_database_error(
          "missing column", [&] { f.connection->query("SELECT no_such_column FROM " + t); })) {
    BOOST_TEST(f.dialect.is_missing_column(*e), e->sqlstate() << " " << e->what());
    BOOST_TEST(!f.dialect.is_missing_table(*e));
  }
  // The connection stays usable after errors outside a transaction.
  BOOST_TEST(f.scalar("SELECT count(*) FROM " + t) == "2");
}

void check_query_parameters(Fixture& f) {
  BOOST_TEST_CHECKPOINT("query");
  const std::string t = f.quoted(f.name("params"));
  f.connection->execute("CREATE TABLE " + t + " (id integer PRIMARY KEY, name text)");
  const std::string tricky = "it's \"quoted\" \\ $1 ; --";
  const ResultSet inserted =
      f.connection->query("INSERT INTO " + t + " (id, name) VALUES ($1, $2), ($3, $4)",
                          {Value("1"), Value(tricky), Value("2"), std::nullopt});
  BOOST_TEST(inserted.rows.empty());
  const ResultSet rows =
      f.connection->query("SELECT id, name FROM " + t + " WHERE id >= $1 ORDER BY id", {"1"});
  BOOST_TEST((rows.columns == std::vector<std::string>{"id", "name"}));
  BOOST_REQUIRE(rows.rows.size() == 2u);
  BOOST_TEST(rows.rows[0][0] == Value("1"));
  BOOST_TEST(rows.rows[0][1] == Value(tricky));
  BOOST_TEST(rows.rows[1][0] == Value("2"));
  BOOST_TEST(!rows.rows[1][1].has_value(), "NULL came back as a value");
  const ResultSet reused =
      f.connection->query("SELECT count(*) FROM " + t + " WHERE name = $1 OR id = $2 OR name = $1",
                          {Value(tricky), Value("2")});
  BOOST_TEST(reused.rows.at(0).at(0) == Value("2"));
  const ResultSet empty = f.connection->query("SELECT '' AS e, NULL AS n");
  BOOST_TEST(empty.rows.at(0).at(0) == Value(""));
  BOOST_TEST(!empty.rows.at(0).at(1).has_value());
}

void check_transactions(Fixture& f) {
  BOOST_TEST_CHECKPOINT("transactions");
  Connection& c = *f.connection;
  BOOST_TEST(!c.in_transaction());
  c.rollback();  // none open: does nothing, does not throw
  BOOST_TEST(!c.in_transaction());

  const std::string rolled = f.name("rolled_back");
  c.begin();
  BOOST_TEST(c.in_transaction());
  expect_database_error("begin while open", [&] { c.begin(); });
  c.rollback();
  c.begin();
  c.execute("CREATE TABLE " + f.quoted(rolled) + " (x int)");
  c.execute("INSERT INTO " + f.quoted(rolled) + " VALUES (1)");
  c.rollback();
  BOOST_TEST(!c.in_transaction());
  BOOST_TEST(!f.exists(rolled), "rollback did not undo DDL");

  const std::string kept = f.name("committed");
  c.begin();
  c.execute("CREATE TABLE " + f.quoted(kept) + " (x int)");
  c.execute("INSERT INTO " + f.quoted(kept) + " VALUES (1)");
  c.commit();
  BOOST_TEST(!c.in_transaction());
  BOOST_TEST(f.exists(kept), "commit lost DDL");
  BOOST_TEST(f.scalar("SELECT count(*) FROM " + f.quoted(kept)) == "1");

  // A failed statement, then rollback: nothing of the transaction stays.
  const std::string doomed = f.name("doomed");
  c.begin();
  c.execute("CREATE TABLE " + f.quoted(doomed) + " (x int PRIMARY KEY)");
  c.execute("INSERT INTO " + f.quoted(doomed) + " VALUES (1)");
  expect_database_error("failing statement",
                        [&] { c.execute("INSERT INTO " + f.quoted(doomed) + " VALUES (1)"); });
  c.rollback();
  BOOST_TEST(!c.in_transaction());
  BOOST_TEST(!f.exists(doomed));

  // The dialect's own transaction statements, as an offline script runs them.
  c.execute(f.dialect.begin_transaction());
  BOOST_TEST(c.in_transaction(), "the dialect's BEGIN did not open a transaction");
  c.execute("INSERT INTO " + f.quoted(kept) + " VALUES (2)");
  c.execute(f.dialect.commit_transaction());
  BOOST_TEST(!c.in_transaction());
  BOOST_TEST(f.scalar("SELECT count(*) FROM " + f.quoted(kept)) == "2");
  // A script may end the transaction itself; commit() afterwards settles without failing.
  c.begin();
  c.execute(f.dialect.commit_transaction());
  c.commit();
  BOOST_TEST(!c.in_transaction());
}

// parse_script / canonical_script: the database's own parser, its statements run as
// returned (SDK 2.1).
void check_script_parsing(Fixture& f) {
  BOOST_TEST_CHECKPOINT("parse_script");
  const std::string t = f.quoted(f.name("split"));
  const std::string create = "CREATE TABLE " + t + " (x text)";
  const std::string insert = "INSERT INTO " + t + " VALUES ('a;b'), ('it''s; fine')";
  const std::string last = "INSERT INTO " + t + " VALUES (';')";
  const std::string script = "-- a comment; with a semicolon\n" + create + ";\n" + insert +
                             ";  /* ; */\n\n/* a\n block */ " + last + "\n-- trailing comment;\n";
  const auto statements = f.dialect.parse_script(script);
  BOOST_REQUIRE_MESSAGE(statements.size() == 3u, statements.size() << " statements");
  BOOST_TEST(statements[0].sql == create);
  BOOST_TEST(statements[1].sql == insert);
  BOOST_TEST(statements[2].sql == last);
  BOOST_TEST(statements[0].line == 2u);
  BOOST_TEST(statements[1].line == 3u);
  BOOST_TEST(statements[2].line == 6u);  // the first token's line, after a block comment
  for (const auto& s : statements) {
    BOOST_TEST((s.transaction == TransactionUse::needs), s.sql);
    f.connection->execute(s.sql);
  }
  BOOST_TEST(f.scalar("SELECT count(*) FROM " + t + " WHERE x LIKE '%;%'") == "3");
  BOOST_TEST(f.dialect.split_statements(script) ==
             (std::vector<std::string>{create, insert, last}));
  BOOST_TEST(f.dialect.parse_script("  -- only a comment\n").empty());

  // What a checksum hashes: comments and whitespace between statements do not count, the
  // statements printed as an offline script prints them have the script's form, a changed
  // literal does count.
  const std::string canonical = f.dialect.canonical_script(script);
  BOOST_TEST(canonical ==
             f.dialect.canonical_script(create + ";\n" + insert + ";\n" + last + ";\n"));
  BOOST_TEST(canonical == f.dialect.canonical_script("/* new */ " + create + ";\n-- a note\n\n" +
                                                     insert + ";\n" + last));
  BOOST_TEST(canonical != f.dialect.canonical_script(create + ";\n" + insert + ";\n" +
                                                     "INSERT INTO " + t + " VALUES (',')"));

  // VACUUM: both databases refuse it inside a transaction (before taking any lock), and the
  // parser says so. (Not run outside one: a whole-database VACUUM could wait on other suites.)
  const auto vacuum = f.dialect.parse_script("VACUUM;");
  BOOST_REQUIRE(vacuum.size() == 1u);
  BOOST_TEST((vacuum[0].transaction == TransactionUse::refuses));
  f.connection->begin();
  expect_database_error("VACUUM in a transaction", [&] { f.connection->execute(vacuum[0].sql); });
  f.connection->rollback();

  // A script the parser rejects: ScriptError with the line, never a DatabaseError.
  for (const bool canonical_form : {false, true}) {
    const std::string bad = "SELECT 1;\nSELECT 'unterminated;\n";
    try {
      canonical_form ? (void)f.dialect.canonical_script(bad) : (void)f.dialect.parse_script(bad);
      BOOST_ERROR("an unterminated quote was accepted");
    } catch (const ScriptError& e) {
      BOOST_TEST(code(e.code()) == code(ExitCode::data), e.what());
      BOOST_TEST(e.line() == 2u, e.what());
      BOOST_TEST(!e.parser_message().empty());
    } catch (const std::exception& e) {
      BOOST_ERROR("not a ScriptError: " << e.what());
    }
  }
}

std::vector<std::string> versions(Fixture& f, const std::string& table) {
  std::vector<std::string> out;
  for (const auto& row : f.connection->query(f.dialect.select_versions(table)).rows)
    out.push_back(row.at(0).value_or("<NULL>"));
  std::sort(out.begin(), out.end());
  return out;
}

std::uint64_t run(Fixture& f, const SqlStatement& statement) {
  const std::uint64_t changed = f.connection->execute(statement.sql);
  if (statement.expect_one_row) BOOST_TEST(changed == 1u, statement.sql);
  return changed;
}

void check_version_table(Fixture& f) {
  BOOST_TEST_CHECKPOINT("version table");
  const std::string table = f.name("version");
  if (auto e = expect_database_error(
          "no version table yet", [&] { f.connection->query(f.dialect.select_versions(table)); })) {
    BOOST_TEST(f.dialect.is_missing_table(*e), e->what());
  }
  for (int i = 0; i < 2; ++i) {  // idempotent
    for (const auto& s : f.dialect.create_version_table(table)) f.connection->execute(s);
  }
  BOOST_TEST(versions(f, table).empty());
  run(f, f.dialect.insert_version(table, "a1"));
  run(f, f.dialect.insert_version(table, "b2"));
  if (auto e = expect_database_error("duplicate version row", [&] {
        f.connection->execute(f.dialect.insert_version(table, "a1").sql);
      })) {
    BOOST_TEST(code(e->code()) == code(ExitCode::migration_failed), e->what());
  }
  BOOST_TEST((versions(f, table) == std::vector<std::string>{"a1", "b2"}));
  run(f, f.dialect.update_version(table, "a1", "c3"));
  BOOST_TEST(f.connection->execute(f.dialect.update_version(table, "zz", "yy").sql) == 0u);
  BOOST_TEST(f.connection->execute(f.dialect.delete_version(table, "zz").sql) == 0u);
  BOOST_TEST((versions(f, table) == std::vector<std::string>{"b2", "c3"}));
  run(f, f.dialect.delete_version(table, "b2"));
  run(f, f.dialect.insert_version(table, std::string(32, 'x')));
  const SqlStatement purge = f.dialect.delete_all_versions(table);
  BOOST_TEST(!purge.expect_one_row);
  BOOST_TEST(f.connection->execute(purge.sql) == 2u);
  BOOST_TEST(versions(f, table).empty());

  // A name that is a table of another shape: the dialect says it is not a version table.
  const std::string other = f.name("not_a_version_table");
  f.connection->execute("CREATE TABLE " + f.quoted(other) + " (x integer)");
  if (auto e = expect_database_error("table without version_num", [&] {
        f.connection->query(f.dialect.select_versions(other));
      })) {
    BOOST_TEST(f.dialect.is_missing_column(*e), e->what());
  }
}

AuditRow audit(const std::string& revision, const std::string& direction, bool success,
               const std::string& checksum, const std::string& started) {
  AuditRow row;
  row.revision = revision;
  row.direction = direction;
  row.success = success;
  row.checksum = checksum;
  row.started_at = started;
  row.finished_at = started.empty() ? "" : started.substr(0, 20) + "999999Z";
  row.duration_ms = 12.5;
  row.versions_before = "a,b";
  row.versions_after = success ? revision : "a,b";
  row.error = success ? "" : "it's broken; really";
  row.failing_statement = success ? "" : "SELECT 1/0";
  row.os_user = "deploy";
  row.host = "web-1";
  row.migctl_version = "9.9.9";
  return row;
}

void check_audit_table(Fixture& f) {
  BOOST_TEST_CHECKPOINT("audit table");
  const std::string table = f.name("history");
  AuditFilter all;
  if (auto e = expect_database_error("no audit table yet", [&] {
        f.connection->query(f.dialect.select_audit_rows(table, all));
      })) {
    BOOST_TEST(f.dialect.is_missing_table(*e), e->what());
  }
  for (int i = 0; i < 2; ++i) {
    for (const auto& s : f.dialect.create_audit_table(table)) f.connection->execute(s);
  }
  const std::vector<AuditRow> rows = {
      audit("r1", "upgrade", true, std::string(64, 'a'), "2026-01-02T03:04:05.000001Z"),
      audit("r2", "upgrade", true, std::string(64, 'b'), "2026-01-02T03:04:06.000000Z"),
      audit("r2", "downgrade", true, "", "2026-01-03T00:00:00.000000Z"),
      audit("r3", "upgrade", false, std::string(64, 'c'), "2026-01-04T00:00:00.000000Z"),
      audit("r4", "upgrade", true, std::string(64, 'd'), "2026-01-05T00:00:00.000000Z"),
      audit("r4", "downgrade", false, "", "2026-01-06T00:00:00.000000Z"),
      audit("r6", "upgrade", true, std::string(64, 'e'), "2026-01-06T10:00:00.000000Z"),
      audit("r6", "repair", true, std::string(64, 'f'), "2026-01-06T11:00:00.000000Z"),
      audit("r5", "stamp", true, "", "2026-01-07T00:00:00.000000Z"),
      audit("R1_%", "upgrade", true, "", "2026-01-08T00:00:00.000000Z"),
  };
  for (const auto& row : rows) {
    BOOST_TEST(f.connection->execute(f.dialect.insert_audit_row(table, row)) == 1u);
  }
  const ResultSet read = f.connection->query(f.dialect.select_audit_rows(table, all));
  BOOST_REQUIRE(read.rows.size() == rows.size());
  BOOST_REQUIRE(read.rows[0].size() == 16u);
  // Newest first, ids increasing with each row written.
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto& got = read.rows[rows.size() - 1 - i];
    const AuditRow& want = rows[i];
    BOOST_TEST(got[1] == Value(want.revision));
    BOOST_TEST(got[2] == Value(want.direction));
    BOOST_TEST(got[3] == (want.checksum.empty() ? Value() : Value(want.checksum)));
    BOOST_TEST(got[4] == Value(want.started_at));
    BOOST_TEST(got[5] == Value(want.finished_at));
    BOOST_TEST(std::stod(got[6].value_or("0")) == 12.5);
    BOOST_TEST(got[7] == Value(want.success ? "true" : "false"));
    BOOST_TEST(got[8] == (want.error.empty() ? Value() : Value(want.error)));
    BOOST_TEST(got[9] ==
               (want.failing_statement.empty() ? Value() : Value(want.failing_statement)));
    BOOST_TEST(got[10] == Value(want.versions_before));
    BOOST_TEST(got[11] == Value(want.versions_after));
    BOOST_TEST(got[12].has_value());
    BOOST_TEST(got[13] == Value("deploy"));
    BOOST_TEST(got[14] == Value("web-1"));
    BOOST_TEST(got[15] == Value("9.9.9"));
    if (i > 0) {
      BOOST_TEST(std::stoll(got[0].value_or("0")) >
                 std::stoll(read.rows[rows.size() - i].at(0).value_or("0")));
    }
  }
  auto revisions = [&](const AuditFilter& filter) {
    std::string out;
    for (const auto& row : f.connection->query(f.dialect.select_audit_rows(table, filter)).rows)
      out += row.at(1).value_or("?") + "/" + row.at(2).value_or("?") + " ";
    return out;
  };
  AuditFilter by_revision;
  by_revision.revision = "r2";
  BOOST_TEST(revisions(by_revision) == "r2/downgrade r2/upgrade ");
  by_revision.revision = "R1_";  // literal: '_' is no wildcard; case matters
  BOOST_TEST(revisions(by_revision) == "R1_%/upgrade ");
  by_revision.revision = "r1_";
  BOOST_TEST(revisions(by_revision) == "");
  AuditFilter window;
  window.since = "2026-01-02T03:04:06.000000Z";
  window.until = "2026-01-05T00:00:00.000000Z";
  BOOST_TEST(revisions(window) == "r3/upgrade r2/downgrade r2/upgrade ");
  AuditFilter newest;
  newest.limit = 2;
  BOOST_TEST(revisions(newest) == "R1_%/upgrade r5/stamp ");

  // The latest successful upgrade/downgrade/repair of each revision, if it is an upgrade or a
  // repair (`migctl repair` re-records a checksum) with a checksum.
  std::map<std::string, std::string> checksums;
  for (const auto& row : f.connection->query(f.dialect.select_recorded_checksums(table)).rows)
    checksums[row.at(0).value_or("?")] = row.at(1).value_or("<NULL>");
  const std::map<std::string, std::string> expected = {
      {"r1", std::string(64, 'a')}, {"r4", std::string(64, 'd')}, {"r6", std::string(64, 'f')}};
  BOOST_TEST((checksums == expected));

  // More repair rows: one after an upgrade replaces its checksum; a failed one does not
  // count; a later downgrade still ends the record.
  for (const auto& row :
       {audit("r1", "repair", true, std::string(64, '1'), "2026-01-09T00:00:00.000000Z"),
        audit("r7", "upgrade", true, std::string(64, '2'), "2026-01-09T00:00:01.000000Z"),
        audit("r7", "repair", false, std::string(64, '3'), "2026-01-09T00:00:02.000000Z"),
        audit("r8", "upgrade", true, std::string(64, '4'), "2026-01-09T00:00:03.000000Z"),
        audit("r8", "repair", true, std::string(64, '5'), "2026-01-09T00:00:04.000000Z"),
        audit("r8", "downgrade", true, "", "2026-01-09T00:00:05.000000Z")})
    f.connection->execute(f.dialect.insert_audit_row(table, row));
  checksums.clear();
  for (const auto& row : f.connection->query(f.dialect.select_recorded_checksums(table)).rows)
    checksums[row.at(0).value_or("?")] = row.at(1).value_or("<NULL>");
  const std::map<std::string, std::string> repaired = {{"r1", std::string(64, '1')},
                                                       {"r4", std::string(64, 'd')},
                                                       {"r6", std::string(64, 'f')},
                                                       {"r7", std::string(64, '2')}};
  BOOST_TEST((checksums == repaired));

  // An empty started_at is the database's clock: AuditRow's format, not in the future.
  f.connection->execute(f.dialect.insert_audit_row(table, audit("clock", "upgrade", true, "", "")));
  AuditFilter clock;
  clock.revision = "clock";
  const ResultSet stamped = f.connection->query(f.dialect.select_audit_rows(table, clock));
  BOOST_REQUIRE(stamped.rows.size() == 1u);
  const std::regex iso(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z)");
  const std::string started = stamped.rows[0][4].value_or("");
  BOOST_TEST(std::regex_match(started, iso), started);
  BOOST_TEST(std::regex_match(stamped.rows[0][5].value_or(""), iso));
  BOOST_TEST(started > "2026-01-01T00:00:00.000000Z", started);
  BOOST_TEST(std::stod(stamped.rows[0][6].value_or("-1")) >= 0.0);
}

void check_locks(Fixture& f) {
  BOOST_TEST_CHECKPOINT("locks");
  const std::string table = f.prefix + "lock_version";
  auto first = f.driver.connect(f.target.url, {});
  auto second = f.driver.connect(f.target.url, {});
  {
    auto held = first->migration_lock(table);
    auto waiting = second->migration_lock(table);
    BOOST_TEST(held->try_acquire());
    BOOST_TEST(held->try_acquire(), "the holder could not take its own lock again");
    BOOST_TEST(!waiting->try_acquire(), "a second connection got a held lock");
    BOOST_TEST(!waiting->describe_holder().empty());
    first->begin();
    BOOST_CHECK_NO_THROW(held->verify());
    first->rollback();
    second->begin();
    try {
      waiting->verify();
      BOOST_ERROR("verify() passed on a connection that does not hold the lock");
    } catch (const Error& e) {
      BOOST_TEST(code(e.code()) == code(ExitCode::temporary), e.what());
    }
    second->rollback();
    held->release();
    held->release();  // not held: does nothing
    first->begin();
    try {
      held->verify();
      BOOST_ERROR("verify() passed after release()");
    } catch (const Error& e) {
      BOOST_TEST(code(e.code()) == code(ExitCode::temporary), e.what());
      BOOST_TEST(std::string(e.what()).find("lost the migration lock") != std::string::npos,
                 e.what());
    }
    first->rollback();
    BOOST_TEST(waiting->try_acquire(), "release() did not free the lock");
    BOOST_TEST(!held->try_acquire());
  }  // both locks destroyed: the destructor releases
  {
    auto again = first->migration_lock(table);
    BOOST_TEST(again->try_acquire(), "destroying the holder's lock object did not free it");
  }

  // A process that dies holding the lock (kill -9, no destructor runs) frees it.
  int ready[2];
  BOOST_REQUIRE(::pipe(ready) == 0);
  const pid_t child = ::fork();
  BOOST_REQUIRE(child >= 0);
  if (child == 0) {
    ::close(ready[0]);
    char result = 'n';
    try {
      auto connection = f.driver.connect(f.target.url, {});
      auto lock = connection->migration_lock(table);
      if (lock->try_acquire()) result = 'y';
      [[maybe_unused]] auto n = ::write(ready[1], &result, 1);
      for (;;) ::pause();  // until the parent's SIGKILL
    } catch (...) {
      [[maybe_unused]] auto n = ::write(ready[1], &result, 1);
    }
    ::_exit(1);
  }
  ::close(ready[1]);
  char result = '?';
  BOOST_TEST(::read(ready[0], &result, 1) == 1);
  ::close(ready[0]);
  BOOST_TEST(result == 'y', "the child process could not take the lock");
  auto after = second->migration_lock(table);
  BOOST_TEST(!after->try_acquire(), "the lock was free while the child held it");
  ::kill(child, SIGKILL);
  int status = 0;
  ::waitpid(child, &status, 0);
  bool acquired = false;
  for (int attempt = 0; attempt < 250 && !acquired; ++attempt) {
    acquired = after->try_acquire();
    if (!acquired) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  BOOST_TEST(acquired, "the lock of a killed process was not free within 5 s");
  after->release();

  if (f.target.lose_lock) {
    auto lock = first->migration_lock(table);
    BOOST_REQUIRE(lock->try_acquire());
    f.target.lose_lock(*first, table);
    first->begin();
    try {
      lock->verify();
      BOOST_ERROR("verify() did not notice the lost lock");
    } catch (const DatabaseError& e) {
      BOOST_ERROR("verify() threw a DatabaseError: " << e.what());
    } catch (const Error& e) {
      BOOST_TEST(code(e.code()) == code(ExitCode::temporary), e.what());
      BOOST_TEST(std::string(e.what()).find("lost the migration lock") != std::string::npos,
                 e.what());
    }
    first->rollback();
  }
}

void check_privileges(Fixture& f) {
  BOOST_TEST_CHECKPOINT("privileges");
  const CheckResult result = f.connection->check_privileges(f.prefix + "version");
  BOOST_TEST(result.name == "database_privileges");
  BOOST_TEST((result.status == CheckStatus::ok), result.message << " / " << result.fix);
  BOOST_TEST(!result.message.empty());
}

}  // namespace

void run_driver_conformance(const Target& target) {
  BOOST_REQUIRE(target.driver != nullptr);
  Fixture fixture(target);
  check_identity(fixture);
  check_server_info(fixture);
  check_quoting(fixture);
  check_execute_and_errors(fixture);
  check_query_parameters(fixture);
  check_transactions(fixture);
  check_script_parsing(fixture);
  check_version_table(fixture);
  check_audit_table(fixture);
  check_locks(fixture);
  check_privileges(fixture);
}

}  // namespace migctl::conformance
