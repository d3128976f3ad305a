#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

#include "migctl/error.hpp"
#include "statement_splitter.hpp"

using migctl::pg::split_sql_statements;
using Statements = std::vector<std::string>;

namespace {

std::string split_error(const std::string& sql) {
  try {
    split_sql_statements(sql);
  } catch (const migctl::Error& e) {
    BOOST_CHECK(e.code() == migctl::ExitCode::data);
    return e.what();
  }
  BOOST_FAIL("expected an error for: " + sql);
  return {};
}

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

void check_split(const std::string& sql, const Statements& expected) {
  Statements got = split_sql_statements(sql);
  BOOST_CHECK_EQUAL_COLLECTIONS(got.begin(), got.end(), expected.begin(), expected.end());
}

}  // namespace

BOOST_AUTO_TEST_SUITE(statement_splitter)

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

BOOST_AUTO_TEST_CASE(multiline_statement_keeps_text_as_written) {
  check_split("CREATE TABLE t (\n  id int,\n  name text\n);",
              {"CREATE TABLE t (\n  id int,\n  name text\n)"});
}

BOOST_AUTO_TEST_CASE(semicolon_in_standard_string) {
  check_split("INSERT INTO t VALUES ('a;b'); SELECT 'it''s; fine';",
              {"INSERT INTO t VALUES ('a;b')", "SELECT 'it''s; fine'"});
}

BOOST_AUTO_TEST_CASE(backslash_is_literal_in_standard_string) {
  // With standard_conforming_strings, '\' is a complete string.
  check_split("SELECT '\\'; SELECT 2;", {"SELECT '\\'", "SELECT 2"});
}

BOOST_AUTO_TEST_CASE(escape_strings_honour_backslashes) {
  check_split("SELECT E'it\\'s; ok'; SELECT e'\\\\'; SELECT 3",
              {"SELECT E'it\\'s; ok'", "SELECT e'\\\\'", "SELECT 3"});
  check_split("SELECT E'a''b;c';", {"SELECT E'a''b;c'"});
}

BOOST_AUTO_TEST_CASE(identifier_ending_in_e_is_not_an_escape_string_prefix) {
  // "type" ends in 'e'; the string after it is a standard string, so '\' closes it.
  check_split("SELECT type'\\'; SELECT 2;", {"SELECT type'\\'", "SELECT 2"});
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

BOOST_AUTO_TEST_CASE(leading_line_comments_are_dropped) {
  check_split("-- create things\n-- more\nCREATE TABLE a (x int); -- note\nSELECT 1;",
              {"CREATE TABLE a (x int)", "SELECT 1"});
}

BOOST_AUTO_TEST_CASE(leading_block_comment_is_kept) {
  check_split("/*+ SeqScan(t) */ SELECT * FROM t;", {"/*+ SeqScan(t) */ SELECT * FROM t"});
}

BOOST_AUTO_TEST_CASE(nested_block_comments) {
  check_split("SELECT /* a /* b; */ still comment; */ 1; SELECT 2",
              {"SELECT /* a /* b; */ still comment; */ 1", "SELECT 2"});
}

BOOST_AUTO_TEST_CASE(quotes_inside_comments_do_not_open_strings) {
  check_split("SELECT 1 -- it's\n; /* don't */ SELECT 2;", {"SELECT 1", "/* don't */ SELECT 2"});
}

BOOST_AUTO_TEST_CASE(comment_markers_inside_strings_are_text) {
  check_split("SELECT '--;', '/*;'; SELECT 2", {"SELECT '--;', '/*;'", "SELECT 2"});
}

BOOST_AUTO_TEST_CASE(semicolon_inside_parentheses_does_not_split) {
  const std::string rule =
      "CREATE RULE r AS ON INSERT TO t DO ALSO (INSERT INTO a VALUES (1); "
      "INSERT INTO b VALUES (2))";
  check_split(rule + "; SELECT 1;", {rule, "SELECT 1"});
}

BOOST_AUTO_TEST_CASE(crlf_scripts) {
  check_split("SELECT 1;\r\nSELECT 2;\r\n", {"SELECT 1", "SELECT 2"});
}

BOOST_AUTO_TEST_CASE(create_index_concurrently_statements_stay_separate) {
  check_split("CREATE INDEX CONCURRENTLY i1 ON t (a);\nCREATE INDEX CONCURRENTLY i2 ON t (b);",
              {"CREATE INDEX CONCURRENTLY i1 ON t (a)", "CREATE INDEX CONCURRENTLY i2 ON t (b)"});
}

BOOST_AUTO_TEST_CASE(unterminated_string_names_its_starting_line) {
  std::string msg = split_error("SELECT 1;\nSELECT 'abc;\nmore;\n");
  BOOST_CHECK_MESSAGE(contains(msg, "line 2"), msg);
  BOOST_CHECK(contains(msg, "unterminated"));
}

BOOST_AUTO_TEST_CASE(unterminated_escape_string) {
  std::string msg = split_error("\n\n\nSELECT E'abc\\';");
  BOOST_CHECK_MESSAGE(contains(msg, "line 4"), msg);
}

BOOST_AUTO_TEST_CASE(unterminated_quoted_identifier) {
  std::string msg = split_error("SELECT\n\"abc;");
  BOOST_CHECK_MESSAGE(contains(msg, "line 2"), msg);
  BOOST_CHECK(contains(msg, "identifier"));
}

BOOST_AUTO_TEST_CASE(unterminated_dollar_quote_names_tag_and_line) {
  std::string msg = split_error("SELECT 1;\n\nDO $fn$ BEGIN END $other$;");
  BOOST_CHECK_MESSAGE(contains(msg, "line 3"), msg);
  BOOST_CHECK_MESSAGE(contains(msg, "$fn$"), msg);
}

BOOST_AUTO_TEST_CASE(unterminated_block_comment_counts_nesting) {
  std::string msg = split_error("SELECT 1;\n/* outer /* inner */ still open\n");
  BOOST_CHECK_MESSAGE(contains(msg, "line 2"), msg);
  BOOST_CHECK(contains(msg, "comment"));
}

BOOST_AUTO_TEST_CASE(line_numbers_count_newlines_inside_earlier_constructs) {
  // Newlines inside a string, a dollar quote and a comment all count.
  std::string msg = split_error("SELECT 'a\nb';\nDO $$\n\n$$;\n/*\n*/\nSELECT 'open");
  BOOST_CHECK_MESSAGE(contains(msg, "line 8"), msg);
}

// A statement ends at its last token: printed with ";" after it (an offline script), a
// trailing line comment would comment the terminator out and merge the next statement.
BOOST_AUTO_TEST_CASE(unterminated_line_comment_at_end_is_fine) {
  check_split("SELECT 1 -- done", {"SELECT 1"});
  check_split("SELECT 1 /* a */ -- b\n;SELECT '--' -- c", {"SELECT 1", "SELECT '--'"});
  check_split("SELECT 1 -- a\n + 2;", {"SELECT 1 -- a\n + 2"});
}

BOOST_AUTO_TEST_SUITE_END()
