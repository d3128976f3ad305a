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
  return sq::split_statements(script);
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
  BOOST_TEST(s[1] == "/* block; comment */ INSERT INTO \"a;b\" VALUES ('it''s; ok')");
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

BOOST_AUTO_TEST_CASE(unterminated_text_is_a_data_error_naming_the_line) {
  for (const std::string script :
       {"SELECT 1;\n\nSELECT 'open", "SELECT 1;\n\n/* open", "SELECT 1;\n\nSELECT \"open",
        "SELECT 1;\n\nCREATE TRIGGER t AFTER INSERT ON a BEGIN SELECT 1;"}) {
    try {
      split(script);
      BOOST_ERROR("accepted: " << script);
    } catch (const migctl::Error& e) {
      BOOST_TEST(code(e.code()) == code(ExitCode::data));
      BOOST_TEST(std::string(e.what()).find("line 3") != std::string::npos, e.what());
    }
  }
  BOOST_CHECK_THROW(split(std::string("SELECT 1\0;", 10)), migctl::Error);
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
