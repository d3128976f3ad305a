// The SQLite driver's pure parts: SQLAlchemy's URL forms, redaction, statement splitting
// with SQLite's tokenizer, error classification. No database file.
#include <boost/test/unit_test.hpp>

#include "diagnostics.hpp"
#include "migctl/error.hpp"
#include "sqlite_dialect.hpp"
#include "sqlite_url.hpp"
#include "statement_split.hpp"

using migctl::ExitCode;
namespace sq = migctl::sqlite;

namespace {

int code(ExitCode c) {
  return static_cast<int>(c);
}

std::string refused(const std::string& url) {
  try {
    sq::parse_url(url);
  } catch (const migctl::Error& e) {
    BOOST_TEST(code(e.code()) == code(ExitCode::config), url);
    BOOST_TEST(!e.hint().empty(), url);
    return e.what();
  }
  BOOST_ERROR(url << " was accepted");
  return {};
}

std::vector<std::string> split(const std::string& script) {
  std::vector<std::string> out;
  for (auto& statement : sq::split_statements(script)) out.push_back(std::move(statement.sql));
  return out;
}

migctl::TransactionUse use_of(const std::string& sql) {
  const auto statements = sq::SqliteDialect().parse_script(sql);
  BOOST_REQUIRE_EQUAL(statements.size(), 1u);
  return statements.front().transaction;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(sqlite_url)

BOOST_AUTO_TEST_CASE(sqlalchemy_forms) {
  BOOST_TEST(sq::parse_url("sqlite:///app.db").path == "app.db");
  BOOST_TEST(sq::parse_url("sqlite:///data/app.db").path == "data/app.db");
  BOOST_TEST(sq::parse_url("sqlite:////var/lib/app.db").path == "/var/lib/app.db");
  BOOST_TEST(sq::parse_url("SQLite:////x.db").path == "/x.db");
  BOOST_TEST(sq::parse_url("sqlite:///a%20b%25.db").path == "a b%.db");
  BOOST_TEST(!sq::parse_url("sqlite:///a.db").timeout_seconds.has_value());
  BOOST_TEST(*sq::parse_url("sqlite:///a.db?timeout=30").timeout_seconds == 30);
}

BOOST_AUTO_TEST_CASE(what_is_refused_and_why) {
  BOOST_TEST(refused("sqlite://host/x.db").find("host") != std::string::npos);
  BOOST_TEST(refused("sqlite://u:Secret99@host/x.db").find("Secret99") == std::string::npos);
  BOOST_TEST(refused("sqlite://").find("in-memory") != std::string::npos);
  refused("sqlite:///");
  refused("sqlite:////");
  refused("sqlite:///:memory:");
  refused("sqlite:///file:x.db?mode=ro");
  refused("sqlite:///x.db?mode=ro");
  refused("sqlite:///x.db?timeout=");
  refused("sqlite:///x.db?timeout=-1");
  refused("sqlite:///x.db#fragment");
  refused("sqlite:///x%zz.db");
  refused("sqlite:///x%00.db");
  refused("sqlite:///dir/");
  refused("postgresql://h/db");
  refused("sqlite:/x.db");
}

BOOST_AUTO_TEST_CASE(redaction_hides_what_may_be_secret) {
  BOOST_TEST(sq::redact_url("sqlite:////srv/a.db?timeout=3") == "sqlite:////srv/a.db?timeout=3");
  BOOST_TEST(sq::redact_url("sqlite:///a.db?key=hunter22") == "sqlite:///a.db?key=***");
  BOOST_TEST(sq::redact_url("sqlite://u:hunter22@h/a.db") == "sqlite://***");
  BOOST_TEST(sq::redact_url("sqlite:///a.db#hunter22") == "sqlite://***");
  BOOST_TEST(sq::redact_url("") == "sqlite://***");
}

BOOST_AUTO_TEST_CASE(secrets_of_unreadable_urls) {
  BOOST_TEST(sq::url_secrets("sqlite:////srv/a.db?timeout=3").empty());
  const auto query = sq::url_secrets("sqlite:///a.db?key=hunter%2122&timeout=3");
  BOOST_TEST((query == std::vector<std::string>{"hunter%2122", "hunter!22"}));
  const auto userinfo = sq::url_secrets("sqlite://u:hunter22@h/a.db");
  BOOST_TEST((userinfo == std::vector<std::string>{"u:hunter22", "hunter22"}));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(sqlite_split)

BOOST_AUTO_TEST_CASE(semicolons_in_strings_names_comments_and_triggers) {
  const auto s = split(
      "CREATE TABLE \"a;b\" (x text DEFAULT ';');\n"
      "/* block; comment */ INSERT INTO \"a;b\" VALUES ('it''s; ok');\n"
      "CREATE TRIGGER t AFTER INSERT ON \"a;b\" BEGIN\n"
      "  UPDATE \"a;b\" SET x = 'y;';\n"
      "  DELETE FROM \"a;b\" WHERE x = '';\n"
      "END;\n"
      "-- the end; nothing more\n");
  BOOST_REQUIRE(s.size() == 3u);
  BOOST_TEST(s[0] == "CREATE TABLE \"a;b\" (x text DEFAULT ';')");
  BOOST_TEST(s[1] == "INSERT INTO \"a;b\" VALUES ('it''s; ok')");  // from its first token
  BOOST_TEST(s[2].rfind("CREATE TRIGGER", 0) == 0u);
  BOOST_TEST(s[2].substr(s[2].size() - 3) == "END");
}

BOOST_AUTO_TEST_CASE(trailing_comments_never_swallow_the_terminator) {
  // Printed with ";" after it, "SELECT 1 -- note" would comment its own ';' out.
  BOOST_TEST((split("SELECT 1 -- note") == std::vector<std::string>{"SELECT 1"}));
  BOOST_TEST((split("SELECT 1 /* a */ -- b\n;SELECT '--'") ==
              std::vector<std::string>{"SELECT 1", "SELECT '--'"}));
  BOOST_TEST((split("SELECT 1 -- a\n + 2;") == std::vector<std::string>{"SELECT 1 -- a\n + 2"}));
  BOOST_TEST((split("SELECT '/*' -- x") == std::vector<std::string>{"SELECT '/*'"}));
}

BOOST_AUTO_TEST_CASE(empty_pieces_are_dropped) {
  BOOST_TEST(split("").empty());
  BOOST_TEST(split(" ;; -- x\n ; /* y */").empty());
  BOOST_TEST((split(";SELECT 1;;") == std::vector<std::string>{"SELECT 1"}));
}

BOOST_AUTO_TEST_CASE(unterminated_text_is_a_script_error_at_the_statements_start) {
  for (const std::string script :
       {"SELECT 1;\n\n  SELECT 'open", "SELECT 1;\n\n  /* open", "SELECT 1;\n\n  SELECT \"open",
        "SELECT 1;\n\n  CREATE TRIGGER t AFTER INSERT ON a BEGIN SELECT 1;",
        "SELECT 1;\n-- note\n  SELECT 'open"}) {
    try {
      split(script);
      BOOST_ERROR("accepted: " << script);
    } catch (const migctl::ScriptError& e) {
      BOOST_TEST(code(e.code()) == code(ExitCode::data));
      BOOST_TEST(e.line() == 3u, script);
      BOOST_TEST(e.column() == 3u, script);
      BOOST_TEST(std::string(e.what()).find("line 3, column 3: ") == 0u, e.what());
    }
  }
  try {
    split(std::string("SELECT 1;\nSELECT 'é\0';", 23));
    BOOST_ERROR("a NUL byte was accepted");
  } catch (const migctl::ScriptError& e) {
    BOOST_TEST(e.line() == 2u);
    BOOST_TEST(e.column() == 10u);  // characters, not bytes
  }
}

BOOST_AUTO_TEST_CASE(each_statement_has_the_line_of_its_first_token) {
  const auto statements = sq::split_statements(
      "-- header\n\nCREATE TABLE a (\n  x int\n);\n/* block\n comment */ INSERT INTO a\n"
      "VALUES ('x\ny'); SELECT 1;\n\n\n  SELECT 2");
  BOOST_REQUIRE_EQUAL(statements.size(), 4u);
  BOOST_TEST(statements[0].line == 3u);
  BOOST_TEST(statements[1].line == 7u);
  BOOST_TEST(statements[1].sql == "INSERT INTO a\nVALUES ('x\ny')");
  BOOST_TEST(statements[2].line == 9u);  // after a string holding a newline
  BOOST_TEST(statements[3].line == 12u);
}

BOOST_AUTO_TEST_CASE(vacuum_and_pragmas_sqlite_ignores_in_a_transaction_refuse_one) {
  using migctl::TransactionUse;
  for (const char* sql : {"VACUUM", "vacuum main", "VACUUM INTO '/tmp/x.db'",
                          "PRAGMA foreign_keys = OFF", "pragma main.foreign_keys=on",
                          "PRAGMA journal_mode = WAL", "PRAGMA journal_mode(DELETE)"}) {
    BOOST_TEST((use_of(sql) == TransactionUse::refuses), sql);
  }
  for (const char* sql :
       {"CREATE TABLE vacuum_log (x)", "PRAGMA foreign_keys", "PRAGMA table_info('a')",
        "PRAGMA user_version = 3", "EXPLAIN VACUUM", "SAVEPOINT a", "RELEASE a", "ROLLBACK TO a",
        "ROLLBACK TRANSACTION TO a", "INSERT INTO a VALUES (1)"}) {
    BOOST_TEST((use_of(sql) == TransactionUse::needs), sql);
  }
}

BOOST_AUTO_TEST_CASE(a_script_with_its_own_transaction_is_refused) {
  const sq::SqliteDialect d;
  for (const char* sql : {"BEGIN", "BEGIN IMMEDIATE TRANSACTION", "COMMIT", "END", "ROLLBACK",
                          "rollback transaction"}) {
    try {
      d.parse_script(std::string("CREATE TABLE a (x);\n") + sql + ";");
      BOOST_ERROR("accepted: " << sql);
    } catch (const migctl::ScriptError& e) {
      BOOST_TEST(e.line() == 2u, sql);
      BOOST_TEST(e.parser_message().find("remove BEGIN, COMMIT and ROLLBACK") != std::string::npos,
                 e.parser_message());
    }
  }
  // An applied revision's checksum stays computable.
  BOOST_TEST(d.canonical_script("BEGIN; SELECT 1; COMMIT;") == "BEGIN;\nSELECT 1;\nCOMMIT;\n");
}

BOOST_AUTO_TEST_CASE(canonical_script_ignores_what_lies_between_statements) {
  const sq::SqliteDialect d;
  const std::string base = "CREATE TABLE a (x text);\nINSERT INTO a VALUES ('y');";
  const std::string canonical = d.canonical_script(base);
  BOOST_TEST(canonical == "CREATE TABLE a (x text);\nINSERT INTO a VALUES ('y');\n");
  BOOST_TEST(canonical == d.canonical_script("-- a\nCREATE TABLE a (x text) -- b\n;\n\n/* c */"
                                             "  INSERT INTO a VALUES ('y')  ;;\n-- end\n"));
  BOOST_TEST(canonical !=
             d.canonical_script("CREATE TABLE a (x text);\nINSERT INTO a VALUES ('z');"));
  // Inside a statement SQLite gives no tree to compare: formatting there counts (a limit).
  BOOST_TEST(canonical !=
             d.canonical_script("CREATE TABLE a (x  text);\nINSERT INTO a VALUES ('y');"));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(sqlite_dialect)

BOOST_AUTO_TEST_CASE(alembic_version_layout_and_quoting) {
  const sq::SqliteDialect d;
  BOOST_TEST((d.create_version_table("alembic_version") ==
              std::vector<std::string>{
                  "CREATE TABLE IF NOT EXISTS \"alembic_version\" (version_num VARCHAR(32) NOT "
                  "NULL, CONSTRAINT \"alembic_version_pkc\" PRIMARY KEY (version_num))"}));
  BOOST_TEST(d.quote_identifier("a\"b") == "\"a\"\"b\"");
  BOOST_TEST(d.quote_literal("it's \\n") == "'it''s \\n'");
  BOOST_CHECK_THROW(d.quote_literal(std::string("a\0b", 3)), migctl::Error);
  BOOST_TEST(d.update_version("v", "a", "b").expect_one_row);
  BOOST_TEST(!d.delete_all_versions("v").expect_one_row);
  BOOST_TEST(d.begin_transaction() == "BEGIN IMMEDIATE");
  BOOST_TEST(d.apply_script_hint().find("sqlite3 -bail") == 0u);
}

BOOST_AUTO_TEST_CASE(missing_table_and_column_by_sqlstate) {
  const sq::SqliteDialect d;
  const auto table = sq::statement_error(1, "no such table: x", "SELECT * FROM x", -1);
  const auto column = sq::statement_error(1, "no such column: y", "SELECT y FROM x", -1);
  const auto other = sq::statement_error(1, "near \"x\": syntax error", "x", 0);
  BOOST_TEST(table.sqlstate() == "42S02");
  BOOST_TEST(d.is_missing_table(table));
  BOOST_TEST(!d.is_missing_column(table));
  BOOST_TEST(column.sqlstate() == "42S22");
  BOOST_TEST(d.is_missing_column(column));
  BOOST_TEST(!d.is_missing_table(other));
  BOOST_TEST(other.sqlstate() == "42000");
  // Extended codes keep their primary code's class.
  BOOST_TEST(
      sq::classify(2067 /* SQLITE_CONSTRAINT_UNIQUE */, "UNIQUE constraint failed").sqlstate ==
      "23000");
  BOOST_TEST(code(sq::classify(5 /* SQLITE_BUSY */, "database is locked").code) ==
             code(ExitCode::temporary));
  BOOST_TEST(code(sq::classify(26 /* SQLITE_NOTADB */, "file is not a database").code) ==
             code(ExitCode::config));
}

BOOST_AUTO_TEST_SUITE_END()
