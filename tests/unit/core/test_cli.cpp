#include <boost/test/unit_test.hpp>

#include "cli.hpp"
#include "migctl/error.hpp"

using migctl::app::parse_command_line;

BOOST_AUTO_TEST_SUITE(cli)

BOOST_AUTO_TEST_CASE(relative_targets_are_arguments_not_options) {
  auto cl = parse_command_line({"--plugin", "aksara.so", "downgrade", "-1"});
  BOOST_TEST(cl.command == "downgrade");
  BOOST_TEST(cl.arguments == std::vector<std::string>{"-1"});
  BOOST_TEST(cl.plugins == std::vector<std::string>{"aksara.so"});

  cl = parse_command_line({"upgrade", "+2", "-p", "a.so", "--plugin=b.so"});
  BOOST_TEST(cl.arguments == std::vector<std::string>{"+2"});
  BOOST_TEST(cl.plugins == (std::vector<std::string>{"a.so", "b.so"}));
}

BOOST_AUTO_TEST_CASE(option_values_may_look_like_numbers) {
  auto cl = parse_command_line({"--lock-timeout", "-1", "upgrade"});
  BOOST_TEST(cl.settings.at("MIGCTL_LOCK_TIMEOUT") == "-1");
  BOOST_TEST(cl.command == "upgrade");
  BOOST_TEST(cl.arguments.empty());
}

BOOST_AUTO_TEST_CASE(flags_and_settings) {
  auto cl = parse_command_line({"current", "-v", "--json", "--environment", "production",
                                "--version-table", "v", "--ignore-checksums",
                                "--single-transaction", "-e", "x.env"});
  BOOST_TEST(cl.verbose);
  BOOST_TEST(cl.json);
  BOOST_TEST(cl.ignore_checksums);
  BOOST_TEST(cl.single_transaction);
  BOOST_TEST(cl.env_file == "x.env");
  BOOST_TEST(cl.settings.at("ENVIRONMENT") == "production");
  BOOST_TEST(cl.settings.at("MIGCTL_VERSION_TABLE") == "v");
}

BOOST_AUTO_TEST_CASE(double_dash_ends_options) {
  auto cl = parse_command_line({"upgrade", "--", "--weird-id"});
  BOOST_TEST(cl.arguments == std::vector<std::string>{"--weird-id"});
}

BOOST_AUTO_TEST_CASE(bad_options_are_usage_errors) {
  auto code_of = [](std::vector<std::string> args) {
    try {
      parse_command_line(args);
    } catch (const migctl::Error& e) {
      return static_cast<int>(e.code());
    }
    return 0;
  };
  BOOST_TEST(code_of({"--nope", "upgrade"}) == 64);
  BOOST_TEST(code_of({"upgrade", "--plugin"}) == 64);
  BOOST_TEST(code_of({"upgrade"}) == 0);
}

// The commands register inside the executable; the integration tests check they are listed.
BOOST_AUTO_TEST_CASE(help_text_lists_options_and_exit_codes) {
  std::string help = migctl::app::usage_text();
  for (const char* word : {"--plugin", "--lock-timeout", "--env-file", "Exit codes", "78"}) {
    BOOST_TEST(help.find(word) != std::string::npos, word);
  }
}

BOOST_AUTO_TEST_SUITE_END()
