#include <boost/test/unit_test.hpp>

#include "migctl/error.hpp"
#include "quoting.hpp"

BOOST_AUTO_TEST_SUITE(quoting)

BOOST_AUTO_TEST_CASE(identifiers_are_double_quoted) {
  BOOST_TEST(migctl::pg::quote_identifier("user") == "\"user\"");
  BOOST_TEST(migctl::pg::quote_identifier("Mixed Case") == "\"Mixed Case\"");
  BOOST_TEST(migctl::pg::quote_identifier("a\"b") == "\"a\"\"b\"");
}

BOOST_AUTO_TEST_CASE(invalid_identifiers_are_rejected) {
  BOOST_CHECK_THROW(migctl::pg::quote_identifier(""), migctl::Error);
  BOOST_CHECK_THROW(migctl::pg::quote_identifier(std::string("a\0b", 3)), migctl::Error);
}

BOOST_AUTO_TEST_CASE(literals_use_standard_strings_without_backslashes) {
  BOOST_TEST(migctl::pg::quote_literal("abc") == "'abc'");
  BOOST_TEST(migctl::pg::quote_literal("it's") == "'it''s'");
  BOOST_TEST(migctl::pg::quote_literal("") == "''");
}

BOOST_AUTO_TEST_CASE(literals_with_backslashes_use_escape_strings) {
  BOOST_TEST(migctl::pg::quote_literal("a\\b") == "E'a\\\\b'");
  BOOST_TEST(migctl::pg::quote_literal("a\\'b") == "E'a\\\\''b'");
}

BOOST_AUTO_TEST_CASE(nul_bytes_cannot_be_quoted) {
  try {
    migctl::pg::quote_literal(std::string("a\0b", 3));
    BOOST_ERROR("quoted a NUL byte");
  } catch (const migctl::Error& e) {
    BOOST_TEST(static_cast<int>(e.code()) == static_cast<int>(migctl::ExitCode::data));
  }
}

BOOST_AUTO_TEST_SUITE_END()
