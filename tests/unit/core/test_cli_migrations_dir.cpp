// --migrations-dir (repeatable, NAME=DIR kept as given) and --migrations-format (checked).
#include <boost/test/unit_test.hpp>

#include "cli.hpp"
#include "migctl/error.hpp"

using migctl::app::parse_command_line;
using Dirs = std::vector<std::string>;

BOOST_AUTO_TEST_SUITE(cli_migrations_dir)

BOOST_AUTO_TEST_CASE(repeatable_in_order_before_or_after_the_command) {
  auto cl = parse_command_line({"--migrations-dir", "db/a", "upgrade", "--migrations-dir=b=db/b",
                                "--migrations-format", "sqlx"});
  BOOST_TEST(cl.command == "upgrade");
  BOOST_TEST(cl.migrations_dirs == (Dirs{"db/a", "b=db/b"}));
  BOOST_TEST(cl.settings.at("MIGCTL_MIGRATIONS_FORMAT") == "sqlx");
}

BOOST_AUTO_TEST_CASE(an_unknown_format_or_an_empty_dir_is_a_usage_error) {
  auto error_of = [](std::vector<std::string> args) -> std::pair<int, std::string> {
    try {
      parse_command_line(args);
    } catch (const migctl::Error& e) {
      return {static_cast<int>(e.code()), std::string(e.what()) + " / " + e.hint()};
    }
    return {0, ""};
  };
  auto [code, text] = error_of({"--migrations-format", "liquibase", "upgrade"});
  BOOST_TEST(code == 64);
  BOOST_TEST(text.find("liquibase") != std::string::npos);
  BOOST_TEST(text.find("dbmate") != std::string::npos);  // the accepted names
  BOOST_TEST(error_of({"--migrations-dir", "", "upgrade"}).first == 64);
  BOOST_TEST(error_of({"upgrade", "--migrations-dir"}).first == 64);
}

BOOST_AUTO_TEST_SUITE_END()
