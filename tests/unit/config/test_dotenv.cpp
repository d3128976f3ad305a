#include <boost/test/unit_test.hpp>

#include "text_contains.hpp"

#include <sys/stat.h>
#include <unistd.h>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "config/dotenv.hpp"

using migctl::DotenvEntries;
using migctl::parse_dotenv;

namespace {

using Pair = std::pair<std::string, std::string>;

// The value of the last entry for `key` (what applying the entries would give).
std::string value_of(const DotenvEntries& entries, const std::string& key) {
  std::string found = "<missing>";
  for (const auto& [k, v] : entries) {
    if (k == key) found = v;
  }
  return found;
}

// Runs `text` through the parser expecting a config error; returns its message.
std::string parse_error(const std::string& text, const std::string& origin = ".env") {
  try {
    parse_dotenv(text, origin);
  } catch (const migctl::Error& e) {
    BOOST_CHECK(e.code() == migctl::ExitCode::config);
    return e.what();
  }
  BOOST_FAIL("expected a config error for: " + text);
  return {};
}

using migctl_test::contains;

}  // namespace

BOOST_AUTO_TEST_SUITE(dotenv)

BOOST_AUTO_TEST_CASE(plain_values_keep_file_order) {
  auto entries = parse_dotenv("B=2\nA=1\nC=3\n");
  BOOST_REQUIRE_EQUAL(entries.size(), 3u);
  BOOST_CHECK(entries[0] == Pair("B", "2"));
  BOOST_CHECK(entries[1] == Pair("A", "1"));
  BOOST_CHECK(entries[2] == Pair("C", "3"));
}

BOOST_AUTO_TEST_CASE(comments_and_blank_lines_are_ignored) {
  auto entries = parse_dotenv("# header\n\n   \n\t# indented comment\nKEY=v\n\n");
  BOOST_REQUIRE_EQUAL(entries.size(), 1u);
  BOOST_CHECK(entries[0] == Pair("KEY", "v"));
}

BOOST_AUTO_TEST_CASE(last_line_without_newline) {
  BOOST_CHECK_EQUAL(value_of(parse_dotenv("A=1\nB=2"), "B"), "2");
}

BOOST_AUTO_TEST_CASE(whitespace_around_key_equals_and_value_is_trimmed) {
  auto entries = parse_dotenv("  KEY = value  \nTAB\t=\tx\t\n");
  BOOST_CHECK_EQUAL(value_of(entries, "KEY"), "value");
  BOOST_CHECK_EQUAL(value_of(entries, "TAB"), "x");
}

BOOST_AUTO_TEST_CASE(inner_spaces_of_unquoted_value_are_kept) {
  BOOST_CHECK_EQUAL(value_of(parse_dotenv("MSG= hello   world \n"), "MSG"), "hello   world");
}

BOOST_AUTO_TEST_CASE(export_prefix_is_ignored) {
  auto entries = parse_dotenv("export A=1\nexport\t\tB=2\nexport   C = 3\n");
  BOOST_CHECK_EQUAL(value_of(entries, "A"), "1");
  BOOST_CHECK_EQUAL(value_of(entries, "B"), "2");
  BOOST_CHECK_EQUAL(value_of(entries, "C"), "3");
}

BOOST_AUTO_TEST_CASE(export_without_whitespace_is_a_key) {
  auto entries = parse_dotenv("export=1\nexporter=2\n");
  BOOST_CHECK_EQUAL(value_of(entries, "export"), "1");
  BOOST_CHECK_EQUAL(value_of(entries, "exporter"), "2");
}

BOOST_AUTO_TEST_CASE(value_keeps_everything_after_first_equals) {
  const std::string url = "postgresql://u:p@h/db?sslmode=require&x=a=b";
  BOOST_CHECK_EQUAL(value_of(parse_dotenv("DATABASE_CONN=" + url + "\n"), "DATABASE_CONN"), url);
}

BOOST_AUTO_TEST_CASE(inline_comment_needs_whitespace_before_hash) {
  auto entries = parse_dotenv("A=value # note\nB=a#b\nC=x\t#tab comment\nD=#start\nE= #only\n");
  BOOST_CHECK_EQUAL(value_of(entries, "A"), "value");
  BOOST_CHECK_EQUAL(value_of(entries, "B"), "a#b");
  BOOST_CHECK_EQUAL(value_of(entries, "C"), "x");
  BOOST_CHECK_EQUAL(value_of(entries, "D"), "#start");
  // As in python-dotenv, the blanks after '=' belong to the separator, not the value.
  BOOST_CHECK_EQUAL(value_of(entries, "E"), "#only");
}

BOOST_AUTO_TEST_CASE(empty_value) {
  auto entries = parse_dotenv("EMPTY=\nSPACES=   \n");
  BOOST_CHECK_EQUAL(value_of(entries, "EMPTY"), "");
  BOOST_CHECK_EQUAL(value_of(entries, "SPACES"), "");
}

BOOST_AUTO_TEST_CASE(double_quotes_keep_hash_and_expand_escapes) {
  auto entries = parse_dotenv(R"(A="a b # c\n"
B="tab\there"
C="say \"hi\" \\ done"
D="keep \x and \$"
)");
  BOOST_CHECK_EQUAL(value_of(entries, "A"), "a b # c\n");
  BOOST_CHECK_EQUAL(value_of(entries, "B"), "tab\there");
  BOOST_CHECK_EQUAL(value_of(entries, "C"), "say \"hi\" \\ done");
  BOOST_CHECK_EQUAL(value_of(entries, "D"), "keep \\x and \\$");
}

BOOST_AUTO_TEST_CASE(double_quoted_value_keeps_surrounding_spaces) {
  BOOST_CHECK_EQUAL(value_of(parse_dotenv("A=\"  padded  \"\n"), "A"), "  padded  ");
}

BOOST_AUTO_TEST_CASE(single_quotes_are_literal) {
  auto entries = parse_dotenv("A='a b\\n # c \"x\"'\n");
  BOOST_CHECK_EQUAL(value_of(entries, "A"), "a b\\n # c \"x\"");
}

BOOST_AUTO_TEST_CASE(quoted_values_may_span_lines) {
  auto entries = parse_dotenv("KEY=\"-----BEGIN-----\nabc\n-----END-----\"\nNEXT=1\n");
  BOOST_CHECK_EQUAL(value_of(entries, "KEY"), "-----BEGIN-----\nabc\n-----END-----");
  BOOST_CHECK_EQUAL(value_of(entries, "NEXT"), "1");
  auto single = parse_dotenv("S='line1\nline2'\n");
  BOOST_CHECK_EQUAL(value_of(single, "S"), "line1\nline2");
}

BOOST_AUTO_TEST_CASE(comment_after_closing_quote) {
  auto entries = parse_dotenv("A=\"x y\" # note\nB='z' #c\nC=\"w\"#tight\nD=\"v\"   \n");
  BOOST_CHECK_EQUAL(value_of(entries, "A"), "x y");
  BOOST_CHECK_EQUAL(value_of(entries, "B"), "z");
  BOOST_CHECK_EQUAL(value_of(entries, "C"), "w");
  BOOST_CHECK_EQUAL(value_of(entries, "D"), "v");
}

BOOST_AUTO_TEST_CASE(crlf_line_endings) {
  auto entries = parse_dotenv("A=1\r\nB = two words \r\nC=\"x\"\r\n# c\r\nD=\"m\r\nl\"\r\n");
  BOOST_CHECK_EQUAL(value_of(entries, "A"), "1");
  BOOST_CHECK_EQUAL(value_of(entries, "B"), "two words");
  BOOST_CHECK_EQUAL(value_of(entries, "C"), "x");
  BOOST_CHECK_EQUAL(value_of(entries, "D"), "m\nl");
  BOOST_CHECK_EQUAL(entries.size(), 4u);
}

BOOST_AUTO_TEST_CASE(utf8_bom_is_skipped) {
  auto entries = parse_dotenv("\xEF\xBB\xBFKEY=v\n");
  BOOST_REQUIRE_EQUAL(entries.size(), 1u);
  BOOST_CHECK_EQUAL(entries[0].first, "KEY");
}

BOOST_AUTO_TEST_CASE(no_interpolation) {
  BOOST_CHECK_EQUAL(value_of(parse_dotenv("A=1\nB=${A}x\n"), "B"), "${A}x");
}

BOOST_AUTO_TEST_CASE(duplicates_are_all_returned_last_wins) {
  auto entries = parse_dotenv("K=first\nK=second\n");
  BOOST_REQUIRE_EQUAL(entries.size(), 2u);
  BOOST_CHECK_EQUAL(entries[0].second, "first");
  BOOST_CHECK_EQUAL(value_of(entries, "K"), "second");
}

BOOST_AUTO_TEST_CASE(keys_with_dots_and_underscores) {
  auto entries = parse_dotenv("_a.b_1=x\n");
  BOOST_CHECK_EQUAL(value_of(entries, "_a.b_1"), "x");
}

BOOST_AUTO_TEST_CASE(line_without_equals_names_origin_and_line_not_the_text) {
  std::string msg = parse_error("A=1\n# c\nhunter2secret\n", "/app/.env");
  BOOST_CHECK_MESSAGE(contains(msg, "/app/.env:3:"), msg);
  BOOST_CHECK(contains(msg, "'='"));
  BOOST_CHECK(!contains(msg, "hunter2secret"));
}

BOOST_AUTO_TEST_CASE(export_without_assignment_is_an_error) {
  std::string msg = parse_error("export KEY\n");
  BOOST_CHECK_MESSAGE(contains(msg, ".env:1:"), msg);
}

BOOST_AUTO_TEST_CASE(invalid_keys_name_the_key_not_the_value) {
  for (const std::string key : {"1ABC", "MY-KEY", "K$"}) {
    std::string msg = parse_error("OK=1\n" + key + "=s3cr3tvalue\n");
    BOOST_CHECK_MESSAGE(contains(msg, ".env:2:"), msg);
    BOOST_CHECK_MESSAGE(contains(msg, "\"" + key + "\""), msg);
    BOOST_CHECK_MESSAGE(!contains(msg, "s3cr3tvalue"), msg);
  }
  std::string empty = parse_error("=value\n");
  BOOST_CHECK_MESSAGE(contains(empty, "invalid key"), empty);
}

BOOST_AUTO_TEST_CASE(unterminated_quotes_name_the_opening_line_and_key) {
  std::string dq = parse_error("A=1\nJWT_SECRET_KEY=\"topsecret\nmore\n");
  BOOST_CHECK_MESSAGE(contains(dq, ".env:2:"), dq);
  BOOST_CHECK(contains(dq, "JWT_SECRET_KEY"));
  BOOST_CHECK(contains(dq, "unterminated"));
  BOOST_CHECK(!contains(dq, "topsecret"));

  std::string sq = parse_error("\n\nPW='abc\n");
  BOOST_CHECK_MESSAGE(contains(sq, ".env:3:"), sq);
  BOOST_CHECK(!contains(sq, "abc"));
}

BOOST_AUTO_TEST_CASE(escaped_quote_does_not_close) {
  std::string msg = parse_error("A=\"abc\\\"\n");
  BOOST_CHECK(contains(msg, "unterminated"));
}

BOOST_AUTO_TEST_CASE(text_after_closing_quote_is_an_error_naming_its_line) {
  std::string msg = parse_error("A=1\nPW=\"multi\nline\"trailing_secret\n");
  BOOST_CHECK_MESSAGE(contains(msg, ".env:3:"), msg);
  BOOST_CHECK(contains(msg, "PW"));
  BOOST_CHECK(!contains(msg, "trailing_secret"));
  BOOST_CHECK(!contains(msg, "multi"));
}

BOOST_AUTO_TEST_CASE(line_numbers_count_past_multiline_values) {
  std::string msg = parse_error("A=\"1\n2\n3\"\nbroken\n");
  BOOST_CHECK_MESSAGE(contains(msg, ".env:4:"), msg);
}

BOOST_AUTO_TEST_CASE(line_numbers_with_crlf) {
  std::string msg = parse_error("A=1\r\nB=2\r\nbroken\r\n");
  BOOST_CHECK_MESSAGE(contains(msg, ".env:3:"), msg);
}

BOOST_AUTO_TEST_CASE(load_file_uses_path_as_origin) {
  auto dir =
      std::filesystem::temp_directory_path() / ("migctl_dotenv_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  auto path = (dir / "app.env").string();
  { std::ofstream(path) << "A=1\nbad line\n"; }
  try {
    migctl::load_dotenv_file(path);
    BOOST_FAIL("expected an error");
  } catch (const migctl::Error& e) {
    BOOST_CHECK_MESSAGE(contains(e.what(), path + ":2:"), e.what());
  }
  { std::ofstream(path) << "A=1\nB=\"two\"\n"; }
  BOOST_CHECK_EQUAL(value_of(migctl::load_dotenv_file(path), "B"), "two");
  std::filesystem::remove_all(dir);
}

BOOST_AUTO_TEST_CASE(load_missing_file_or_directory_is_a_config_error) {
  auto dir =
      std::filesystem::temp_directory_path() / ("migctl_dotenv_dir_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  auto missing = (dir / "nope.env").string();
  for (const std::string& path : {missing, dir.string()}) {
    try {
      migctl::load_dotenv_file(path);
      BOOST_FAIL("expected an error for " + path);
    } catch (const migctl::Error& e) {
      BOOST_CHECK(e.code() == migctl::ExitCode::config);
      BOOST_CHECK_MESSAGE(contains(e.what(), path), e.what());
    }
  }
  std::filesystem::remove_all(dir);
}

// A line that is not KEY=value may hold a secret after the key: the error quotes at most
// the key-like start of the line, never what follows a space or ':'.
BOOST_AUTO_TEST_CASE(syntax_errors_never_quote_what_follows_the_key) {
  const std::vector<std::string> lines = {
      "DATABASE_CONN postgresql://user:secret@host/db",
      "DATABASE_CONN postgresql://user:secret@host/db?sslmode=require",
      "DATABASE_CONN: postgresql://user:secret@host/db",
      "DATABASE_CONN: postgresql://user:secret@host/db?sslmode=require",
      "DATABASE_CONN:postgresql://user:secret@host/db?sslmode=require",
      "DATABASE_CONN\tpostgresql://user:secret@host/db?a=b",
      "  export DATABASE_CONN postgresql://user:secret@host/db?a=b",
      "A secret=1",
      "postgresql://user:secret@host/db?sslmode=require",
  };
  for (const auto& line : lines) {
    std::string msg = parse_error("OK=1\n" + line + "\n", "/srv/app/.env");
    BOOST_CHECK_MESSAGE(contains(msg, "/srv/app/.env:2:"), msg);
    BOOST_CHECK_MESSAGE(!contains(msg, "secret"), msg);
    BOOST_CHECK_MESSAGE(!contains(msg, "user"), msg);
    BOOST_CHECK_MESSAGE(!contains(msg, "host"), msg);
  }
  std::string space = parse_error("DATABASE_CONN postgresql://u:secret@h/db?a=b\n");
  BOOST_CHECK_MESSAGE(contains(space, "DATABASE_CONN"), space);
  BOOST_CHECK_MESSAGE(contains(space, "DATABASE_CONN=value"), space);  // says what to write
  std::string yaml = parse_error("DATABASE_CONN: postgresql://u:secret@h/db\n");
  BOOST_CHECK_MESSAGE(contains(yaml, "DATABASE_CONN"), yaml);
  BOOST_CHECK_MESSAGE(contains(yaml, "':'"), yaml);
}

BOOST_AUTO_TEST_CASE(nul_byte_in_a_value_is_rejected_with_its_line) {
  using namespace std::string_literals;
  std::string unquoted = parse_error("A=1\nPW=abc\0def\n"s);
  BOOST_CHECK_MESSAGE(contains(unquoted, ".env:2:"), unquoted);
  BOOST_CHECK_MESSAGE(contains(unquoted, "NUL"), unquoted);
  BOOST_CHECK_MESSAGE(contains(unquoted, "PW"), unquoted);
  BOOST_CHECK_MESSAGE(!contains(unquoted, "abc"), unquoted);
  std::string quoted = parse_error("A=1\nPW=\"x\ny\0z\"\n"s);
  BOOST_CHECK_MESSAGE(contains(quoted, ".env:3:"), quoted);
  std::string single = parse_error("PW='a\0'\n"s);
  BOOST_CHECK_MESSAGE(contains(single, ".env:1:"), single);
  std::string in_key = parse_error("P\0W=x\n"s);
  BOOST_CHECK_MESSAGE(contains(in_key, ".env:1:"), in_key);
  BOOST_CHECK_MESSAGE(in_key.find('\0') == std::string::npos, in_key);
}

BOOST_AUTO_TEST_CASE(a_fifo_or_other_non_regular_file_is_refused_without_blocking) {
  auto dir =
      std::filesystem::temp_directory_path() / ("migctl_dotenv_fifo_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  auto fifo = (dir / "env.fifo").string();
  BOOST_REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  // Without the check, opening a FIFO with no writer blocks forever; the alarm turns that
  // into a test failure instead of a hung suite.
  ::alarm(10);
  for (const std::string& path : {fifo, std::string("/dev/null")}) {
    try {
      migctl::load_dotenv_file(path);
      BOOST_ERROR("expected an error for " + path);
    } catch (const migctl::Error& e) {
      BOOST_CHECK(e.code() == migctl::ExitCode::config);
      BOOST_CHECK_MESSAGE(contains(e.what(), path), e.what());
      BOOST_CHECK_MESSAGE(contains(e.what(), "not a regular file"), e.what());
    }
  }
  ::alarm(0);
  std::filesystem::remove_all(dir);
}

BOOST_AUTO_TEST_SUITE_END()
