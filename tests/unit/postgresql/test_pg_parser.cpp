// PgDialect::parse_script and canonical_script: PostgreSQL's own parser (libpg_query)
// reading migration scripts (drivers/postgresql/pg_parser.hpp).
#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

#include "migctl/error.hpp"
#include "pg_dialect.hpp"
#include "text_contains.hpp"

using migctl::ScriptError;
using migctl::ScriptStatement;
using migctl::TransactionUse;
using Statements = std::vector<std::string>;

namespace {

const migctl::pg::PgDialect dialect;

Statements split(const std::string& sql) {
  return dialect.split_statements(sql);
}

void check_split(const std::string& sql, const Statements& expected) {
  const Statements got = split(sql);
  BOOST_CHECK_EQUAL_COLLECTIONS(got.begin(), got.end(), expected.begin(), expected.end());
}

ScriptError script_error(const std::string& sql) {
  try {
    dialect.parse_script(sql);
  } catch (const ScriptError& e) {
    BOOST_CHECK(e.code() == migctl::ExitCode::data);
    return e;
  }
  BOOST_FAIL("expected a ScriptError for: " + sql);
  throw;  // not reached
}

using migctl_test::contains;

TransactionUse use_of(const std::string& sql) {
  const auto statements = dialect.parse_script(sql);
  BOOST_REQUIRE_EQUAL(statements.size(), 1u);
  return statements.front().transaction;
}

std::string canonical(const std::string& sql) {
  return dialect.canonical_script(sql);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(pg_parser)

// --- Statements as the grammar delimits them ------------------------------------------

BOOST_AUTO_TEST_CASE(splits_on_semicolons_and_trims) {
  check_split("CREATE TABLE a (id int);\n  INSERT INTO a VALUES (1) ;\n\nSELECT 1;",
              {"CREATE TABLE a (id int)", "INSERT INTO a VALUES (1)", "SELECT 1"});
}

BOOST_AUTO_TEST_CASE(trailing_statement_without_semicolon) {
  check_split("SELECT 1; SELECT 2\n", {"SELECT 1", "SELECT 2"});
  check_split("SELECT 3", {"SELECT 3"});
}

BOOST_AUTO_TEST_CASE(empty_and_comment_only_fragments_are_dropped) {
  check_split("", {});
  check_split(" \n\t", {});
  check_split(";;  ;\n;", {});
  check_split("-- only a comment\n/* and a block */\n;", {});
  check_split("SELECT 1;\n-- trailing comment\n", {"SELECT 1"});
  check_split("SELECT 1; /* trailing block */", {"SELECT 1"});
}

// The reason for libpg_query: a SQL-standard function body holds ';' of its own.
BOOST_AUTO_TEST_CASE(begin_atomic_function_body_is_one_statement) {
  const std::string function =
      "CREATE FUNCTION add_one(i int) RETURNS int LANGUAGE sql\n"
      "BEGIN ATOMIC\n  SELECT i + 1;\n  SELECT i + 2;\nEND";
  const auto statements = dialect.parse_script(function + ";\nSELECT add_one(1);");
  BOOST_REQUIRE_EQUAL(statements.size(), 2u);
  BOOST_TEST(statements[0].sql == function);
  BOOST_TEST(statements[1].sql == "SELECT add_one(1)");
  BOOST_TEST(statements[1].line == 6u);
}

BOOST_AUTO_TEST_CASE(multiline_statement_keeps_text_as_written) {
  check_split("CREATE TABLE t (\n  id int, -- the key\n  name text\n);",
              {"CREATE TABLE t (\n  id int, -- the key\n  name text\n)"});
}

BOOST_AUTO_TEST_CASE(semicolon_in_standard_string) {
  check_split("INSERT INTO t VALUES ('a;b'); SELECT 'it''s; fine';",
              {"INSERT INTO t VALUES ('a;b')", "SELECT 'it''s; fine'"});
}

BOOST_AUTO_TEST_CASE(backslash_is_literal_in_standard_string) {
  check_split("SELECT '\\'; SELECT 2;", {"SELECT '\\'", "SELECT 2"});
}

BOOST_AUTO_TEST_CASE(escape_strings_honour_backslashes) {
  check_split("SELECT E'it\\'s; ok'; SELECT e'\\\\'; SELECT 3",
              {"SELECT E'it\\'s; ok'", "SELECT e'\\\\'", "SELECT 3"});
  check_split("SELECT E'a''b;c';", {"SELECT E'a''b;c'"});
}

BOOST_AUTO_TEST_CASE(semicolon_in_quoted_identifier) {
  check_split("CREATE TABLE \"a;b\"\"c\" (x int); SELECT 1",
              {"CREATE TABLE \"a;b\"\"c\" (x int)", "SELECT 1"});
}

BOOST_AUTO_TEST_CASE(dollar_quoting_with_and_without_tag) {
  const std::string fn =
      "CREATE FUNCTION f() RETURNS trigger AS $$\nBEGIN\n  NEW.x := 1;\n  RETURN NEW;\nEND;\n"
      "$$ LANGUAGE plpgsql";
  const std::string tagged = "DO $body$ BEGIN PERFORM 1; RAISE NOTICE $q$a;$$b$q$; END $body$";
  check_split(fn + ";\n" + tagged + ";\nSELECT 1;", {fn, tagged, "SELECT 1"});
}

BOOST_AUTO_TEST_CASE(dollar_tag_must_match_exactly) {
  const std::string sql = "SELECT $a$ x; $b$ y; $A$ z; $a$";
  check_split(sql + "; SELECT 2", {sql, "SELECT 2"});
}

BOOST_AUTO_TEST_CASE(positional_parameters_are_not_dollar_quotes) {
  check_split("SELECT $1; SELECT $2, $10;", {"SELECT $1", "SELECT $2, $10"});
}

BOOST_AUTO_TEST_CASE(dollar_inside_identifier_is_not_a_quote) {
  check_split("SELECT a$b$ FROM t; SELECT x$$y;", {"SELECT a$b$ FROM t", "SELECT x$$y"});
}

BOOST_AUTO_TEST_CASE(semicolon_in_line_comment) {
  check_split("SELECT 1 -- not; a split\n, 2; SELECT 3",
              {"SELECT 1 -- not; a split\n, 2", "SELECT 3"});
}

// A statement starts at its first token: its line is where that token is.
BOOST_AUTO_TEST_CASE(leading_comments_are_dropped) {
  check_split("-- create things\n-- more\nCREATE TABLE a (x int); -- note\nSELECT 1;",
              {"CREATE TABLE a (x int)", "SELECT 1"});
  check_split("/* a /* nested */ block */ SELECT 1;", {"SELECT 1"});
}

BOOST_AUTO_TEST_CASE(nested_block_comments) {
  check_split("SELECT /* a /* b; */ still comment; */ 1; SELECT 2",
              {"SELECT /* a /* b; */ still comment; */ 1", "SELECT 2"});
}

BOOST_AUTO_TEST_CASE(quotes_inside_comments_do_not_open_strings) {
  check_split("SELECT 1 -- it's\n; /* don't */ SELECT 2;", {"SELECT 1", "SELECT 2"});
}

BOOST_AUTO_TEST_CASE(comment_markers_inside_strings_are_text) {
  check_split("SELECT '--;', '/*;'; SELECT 2", {"SELECT '--;', '/*;'", "SELECT 2"});
  check_split("SELECT '--' -- a comment\n;", {"SELECT '--'"});
  check_split("SELECT $$ /* $$ /* c */;", {"SELECT $$ /* $$"});
}

BOOST_AUTO_TEST_CASE(semicolon_inside_a_rules_parentheses_does_not_split) {
  const std::string rule =
      "CREATE RULE r AS ON INSERT TO t DO ALSO (INSERT INTO a VALUES (1); "
      "INSERT INTO b VALUES (2))";
  check_split(rule + "; SELECT 1;", {rule, "SELECT 1"});
}

BOOST_AUTO_TEST_CASE(crlf_scripts) {
  check_split("SELECT 1;\r\nSELECT 2;\r\n", {"SELECT 1", "SELECT 2"});
  check_split("SELECT 1 -- c\r\n;\r\n", {"SELECT 1"});
}

// A statement ends at its last token: printed with ";" after it (an offline script), a
// trailing line comment would comment the terminator out and merge the next statement.
BOOST_AUTO_TEST_CASE(trailing_comments_are_cut) {
  check_split("SELECT 1 -- done", {"SELECT 1"});
  check_split("SELECT 1 /* a */ -- b\n;SELECT '--' -- c", {"SELECT 1", "SELECT '--'"});
  check_split("SELECT 1 -- a\n + 2;", {"SELECT 1 -- a\n + 2"});
}

// --- Lines ------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(each_statement_has_the_line_of_its_first_token) {
  const auto statements = dialect.parse_script(
      "-- header\n\nCREATE TABLE a (\n  x int\n);\n/* block\n comment */ INSERT INTO a\n"
      "VALUES ('x\ny'); SELECT 1;\n\n\n  SELECT 2");
  BOOST_REQUIRE_EQUAL(statements.size(), 4u);
  BOOST_TEST(statements[0].line == 3u);
  BOOST_TEST(statements[1].line == 7u);
  BOOST_TEST(statements[2].line == 9u);  // after a string holding a newline
  BOOST_TEST(statements[3].line == 12u);
}

// --- What each statement asks of a transaction -------------------------------------------

BOOST_AUTO_TEST_CASE(statements_postgresql_refuses_in_a_transaction) {
  for (const char* sql : {
           "CREATE INDEX CONCURRENTLY i ON t (a)",
           "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS i ON t (a)",
           "DROP INDEX CONCURRENTLY i",
           "REINDEX INDEX CONCURRENTLY i",
           "REINDEX (CONCURRENTLY) TABLE t",
           "REINDEX SCHEMA s",
           "REINDEX SYSTEM d",
           "REINDEX DATABASE d",
           "VACUUM",
           "VACUUM ANALYZE t",
           "VACUUM (FULL, ANALYZE) t",
           "CREATE DATABASE d",
           "DROP DATABASE IF EXISTS d",
           "ALTER DATABASE d SET TABLESPACE ts",
           "CREATE TABLESPACE ts LOCATION '/srv/ts'",
           "DROP TABLESPACE ts",
           "ALTER SYSTEM SET work_mem = '64MB'",
           "ALTER SYSTEM RESET ALL",
           "CREATE SUBSCRIPTION s CONNECTION 'host=a' PUBLICATION p",
           "DROP SUBSCRIPTION s",
           "ALTER SUBSCRIPTION s REFRESH PUBLICATION",
           "ALTER SUBSCRIPTION s ADD PUBLICATION p",
           "CLUSTER",
           "DISCARD ALL",
           "ALTER TABLE t DETACH PARTITION p CONCURRENTLY",
           "COMMIT PREPARED 'x'",
           "ROLLBACK PREPARED 'x'",
       }) {
    BOOST_TEST((use_of(sql) == TransactionUse::refuses), sql);
  }
}

BOOST_AUTO_TEST_CASE(statements_that_need_a_transaction) {
  for (const char* sql : {
           "CREATE INDEX i ON t (a)",
           "DROP INDEX i",
           "REINDEX INDEX i",
           "REINDEX (CONCURRENTLY false) INDEX i",
           "REINDEX TABLE t",
           "ANALYZE t",
           "ALTER DATABASE d SET work_mem = '1MB'",
           "ALTER DATABASE d RENAME TO e",
           "CREATE SUBSCRIPTION s CONNECTION 'host=a' PUBLICATION p WITH (create_slot = false)",
           "CREATE SUBSCRIPTION s CONNECTION 'host=a' PUBLICATION p WITH (connect = off)",
           "ALTER SUBSCRIPTION s SET PUBLICATION p WITH (refresh = false)",
           "ALTER SUBSCRIPTION s ENABLE",
           "CLUSTER t USING i",
           "DISCARD PLANS",
           "ALTER TABLE t DETACH PARTITION p",
           "ALTER TABLE t ADD COLUMN c int",
           "ALTER TYPE mood ADD VALUE 'meh'",  // allowed in a transaction since PostgreSQL 12
           "REFRESH MATERIALIZED VIEW CONCURRENTLY m",
           "SAVEPOINT a",
           "RELEASE SAVEPOINT a",
           "ROLLBACK TO SAVEPOINT a",
           "INSERT INTO t VALUES (1)",
           "CREATE TABLE t (concurrent boolean)",
           "DO $$ BEGIN PERFORM 1; END $$",
       }) {
    BOOST_TEST((use_of(sql) == TransactionUse::needs), sql);
  }
}

BOOST_AUTO_TEST_CASE(settings_are_neutral) {
  for (const char* sql :
       {"SET search_path = app", "SET LOCAL lock_timeout = '5s'", "RESET statement_timeout",
        "RESET ALL", "SHOW work_mem", "SET SESSION AUTHORIZATION DEFAULT"}) {
    BOOST_TEST((use_of(sql) == TransactionUse::neutral), sql);
  }
}

BOOST_AUTO_TEST_CASE(each_statement_of_a_script_has_its_own_use) {
  const auto statements = dialect.parse_script(
      "SET lock_timeout = '2s';\nCREATE INDEX CONCURRENTLY i ON t (a);\nCREATE TABLE u (x int);");
  BOOST_REQUIRE_EQUAL(statements.size(), 3u);
  BOOST_TEST((statements[0].transaction == TransactionUse::neutral));
  BOOST_TEST((statements[1].transaction == TransactionUse::refuses));
  BOOST_TEST((statements[2].transaction == TransactionUse::needs));
}

// migctl opens and commits each revision's transaction: a script doing so too is refused
// before anything runs, naming the statement.
BOOST_AUTO_TEST_CASE(a_script_with_its_own_transaction_is_refused) {
  for (const char* sql :
       {"BEGIN", "START TRANSACTION", "COMMIT", "END", "ROLLBACK", "ABORT",
        "PREPARE TRANSACTION 'x'", "begin transaction isolation level serializable"}) {
    const ScriptError e = script_error(std::string("CREATE TABLE a (x int);\n  ") + sql + ";");
    BOOST_TEST(e.line() == 2u, sql);
    BOOST_TEST(e.column() == 3u, sql);
    BOOST_TEST(contains(e.parser_message(), "remove BEGIN, COMMIT and ROLLBACK"),
               e.parser_message());
  }
  BOOST_TEST(contains(script_error("BEGIN;\nCREATE TABLE a (x int);\nCOMMIT;").parser_message(),
                      "BEGIN: the script opens a transaction of its own"));
}

// --- Parse errors -------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(parse_error_has_line_column_and_the_parsers_message) {
  const ScriptError e = script_error("CREATE TABLE a (x int);\n\nCREATE TABL b (y int);");
  BOOST_TEST(e.line() == 3u);
  BOOST_TEST(e.column() == 8u);
  BOOST_TEST(e.parser_message() == "syntax error at or near \"TABL\"");
  BOOST_TEST(contains(e.what(), "line 3, column 8: syntax error at or near \"TABL\""), e.what());
  BOOST_CHECK_THROW(dialect.canonical_script("CREATE TABL b (y int)"), ScriptError);
}

// libpg_query counts characters; the column is in characters too.
BOOST_AUTO_TEST_CASE(column_counts_characters_not_bytes) {
  const ScriptError e = script_error("SELECT 'été', 'ü' FROM t;\nSELECT 'ö' FORM x");
  BOOST_TEST(e.line() == 2u);
  BOOST_TEST(e.column() == 17u);
  const ScriptError first = script_error("SELECT 'ééé' FRM t");
  BOOST_TEST(first.column() == 18u);
}

BOOST_AUTO_TEST_CASE(unterminated_quotes_and_comments) {
  {
    const ScriptError e = script_error("SELECT 1;\nSELECT 'abc;\nmore;\n");
    BOOST_TEST(e.line() == 2u);
    BOOST_TEST(e.column() == 8u);
    BOOST_TEST(contains(e.parser_message(), "unterminated quoted string"), e.parser_message());
  }
  {
    const ScriptError e = script_error("SELECT 1;\n\nDO $fn$ BEGIN END $other$;");
    BOOST_TEST(e.line() == 3u);
    BOOST_TEST(contains(e.parser_message(), "unterminated dollar-quoted string"));
  }
  {
    const ScriptError e = script_error("SELECT 1;\n/* outer /* inner */ still open\n");
    BOOST_TEST(e.line() == 2u);
    BOOST_TEST(contains(e.parser_message(), "unterminated /* comment"));
  }
  {
    const ScriptError e = script_error("SELECT\n\"abc;");
    BOOST_TEST(e.line() == 2u);
    BOOST_TEST(contains(e.parser_message(), "unterminated quoted identifier"));
  }
}

BOOST_AUTO_TEST_CASE(a_nul_byte_is_a_script_error_at_its_position) {
  const ScriptError e = script_error(std::string("SELECT 1;\nSELECT '\0';", 21));
  BOOST_TEST(e.line() == 2u);
  BOOST_TEST(e.column() == 9u);
  BOOST_TEST(contains(e.parser_message(), "NUL"));
}

// --- The canonical script: what checksums hash ----------------------------------------------

BOOST_AUTO_TEST_CASE(formatting_does_not_change_the_canonical_script) {
  const std::string base =
      "CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL);\n"
      "CREATE INDEX users_email ON users (email);\n"
      "INSERT INTO users (id, email) VALUES (1, 'a@example.com');";
  const std::string reformatted =
      "-- users\ncreate   table USERS (\n  id BIGINT primary key, -- the key\n"
      "  email TEXT not null\n);\n\n/* an index */\nCREATE INDEX users_email\n  ON users(email)"
      ";\ninsert into users (id, email)\nvalues ((1), ('a@example.com'))  ;  -- seed\n";
  BOOST_TEST(canonical(base) == canonical(reformatted));
  BOOST_TEST(canonical(base) == canonical(base + "\n-- trailing comment\n;;"));
  BOOST_TEST(canonical("SELECT (1 + 2) * 3") == canonical("select ((1 + 2)) * 3"));
}

BOOST_AUTO_TEST_CASE(what_the_script_does_changes_the_canonical_script) {
  const std::string base = "INSERT INTO users (id, email) VALUES (1, 'a@example.com')";
  BOOST_TEST(canonical(base) !=
             canonical("INSERT INTO users (id, email) VALUES (2, 'a@example.com')"));
  BOOST_TEST(canonical(base) !=
             canonical("INSERT INTO users (id, email) VALUES (1, 'b@example.com')"));
  BOOST_TEST(canonical(base) !=
             canonical("INSERT INTO members (id, email) VALUES (1, 'a@example.com')"));
  BOOST_TEST(canonical(base) !=
             canonical("INSERT INTO \"Users\" (id, email) VALUES (1, 'a@example.com')"));
  BOOST_TEST(canonical("CREATE TABLE t (a int)") != canonical("CREATE TABLE t (a bigint)"));
  BOOST_TEST(canonical("SELECT 1 + 2 * 3") != canonical("SELECT (1 + 2) * 3"));
  BOOST_TEST(canonical("DELETE FROM t") != canonical("DELETE FROM t WHERE a = 1"));
  BOOST_TEST(canonical("SELECT 1; SELECT 2") != canonical("SELECT 2; SELECT 1"));
  // CREATE TABLESPACE's "location" is a directory, not a source position.
  BOOST_TEST(canonical("CREATE TABLESPACE ts LOCATION '/a'") !=
             canonical("CREATE TABLESPACE ts LOCATION '/b'"));
}

BOOST_AUTO_TEST_CASE(canonical_script_has_no_positions_and_no_version) {
  const std::string text = canonical("SELECT a FROM t WHERE b = 1; SELECT 2");
  BOOST_TEST(!contains(text, "location"), text);
  BOOST_TEST(!contains(text, "stmt_len"), text);
  BOOST_TEST(!contains(text, "version"), text);
  BOOST_TEST(contains(text, "\"relname\":\"t\""), text);
  // The same text on every run (it is recorded): nothing but the tree goes into it.
  BOOST_TEST(text == canonical("SELECT a FROM t WHERE b = 1; SELECT 2"));
  BOOST_TEST(canonical("") == canonical("-- nothing\n;"));
}

// A script with its own transaction control is refused by parse_script, but an applied
// revision's checksum must still be computable.
BOOST_AUTO_TEST_CASE(canonical_script_accepts_transaction_control) {
  BOOST_TEST(!canonical("BEGIN; SELECT 1; COMMIT;").empty());
}

BOOST_AUTO_TEST_SUITE_END()
