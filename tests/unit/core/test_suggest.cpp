// Suggestions for mistyped commands and options, and exact option names.
#include <boost/test/unit_test.hpp>

#include "cli.hpp"
#include "migctl/error.hpp"
#include "suggest.hpp"
#include "text_contains.hpp"

using migctl::app::edit_distance;
using migctl::app::nearest;
using migctl::app::parse_command_line;

namespace {

// The usage error a command line gives: its message and hint; empty when it parses.
std::string usage_error(const std::vector<std::string>& args) {
  try {
    parse_command_line(args);
  } catch (const migctl::Error& e) {
    BOOST_TEST(static_cast<int>(e.code()) == 64);
    return std::string(e.what()) + " | " + e.hint();
  }
  return {};
}

using migctl_test::contains;

}  // namespace

BOOST_AUTO_TEST_SUITE(suggest)

BOOST_AUTO_TEST_CASE(edit_distance_counts_swaps_as_one_edit) {
  BOOST_TEST(edit_distance("upgrade", "upgrade") == 0u);
  BOOST_TEST(edit_distance("upgarde", "upgrade") == 1u);    // swap
  BOOST_TEST(edit_distance("upgrad", "upgrade") == 1u);     // deletion
  BOOST_TEST(edit_distance("upgradee", "upgrade") == 1u);   // insertion
  BOOST_TEST(edit_distance("downgrade", "upgrade") == 4u);  // d->u, o->p, -w, -n
  BOOST_TEST(edit_distance("", "abc") == 3u);
  BOOST_TEST(edit_distance("kitten", "sitting") == 3u);
}

BOOST_AUTO_TEST_CASE(nearest_picks_a_plausible_typo_or_nothing) {
  const std::vector<std::string> commands{"current", "downgrade", "heads", "history",
                                          "log",     "show",      "stamp", "upgrade"};
  BOOST_TEST(nearest("upgarde", commands).value_or("") == "upgrade");
  BOOST_TEST(nearest("dwongrade", commands).value_or("") == "downgrade");
  BOOST_TEST(nearest("hisotry", commands).value_or("") == "history");
  BOOST_TEST(nearest("curent", commands).value_or("") == "current");
  BOOST_TEST(!nearest("frobnicate", commands));
  BOOST_TEST(!nearest("", commands));
  // An abbreviation is suggested, not accepted.
  BOOST_TEST(nearest("js", {"json", "sql"}).value_or("") == "json");
}

BOOST_AUTO_TEST_CASE(long_options_must_be_spelled_in_full) {
  // Poco would take any unique prefix: "--js" as "--json", "--verb" as "--verbose".
  std::string error = usage_error({"current", "--js"});
  BOOST_TEST(contains(error, "unknown option --js"), error);
  BOOST_TEST(contains(error, "did you mean '--json'?"), error);
  error = usage_error({"--verb", "current"});
  BOOST_TEST(contains(error, "did you mean '--verbose'?"), error);
  error = usage_error({"--lock-time=5", "upgrade"});
  BOOST_TEST(contains(error, "unknown option --lock-time"), error);
  BOOST_TEST(contains(error, "'--lock-timeout'"), error);
  // Poco compares long names without case; migctl does not.
  error = usage_error({"--JSON", "current"});
  BOOST_TEST(contains(error, "unknown option --JSON"), error);
  // A long option with one dash.
  error = usage_error({"-json", "current"});
  BOOST_TEST(contains(error, "unknown option -json"), error);
  BOOST_TEST(contains(error, "'--json'"), error);
  // Exact names, with "=" values, still parse.
  BOOST_TEST(usage_error({"--json", "--lock-timeout=5", "current"}).empty());
  BOOST_TEST(
      parse_command_line({"--lock-timeout=5", "current"}).settings.at("MIGCTL_LOCK_TIMEOUT") ==
      "5");
}

BOOST_AUTO_TEST_CASE(an_option_value_is_never_checked_as_an_option) {
  auto cl = parse_command_line({"--env-file", "--odd-name.env", "current"});
  BOOST_TEST(cl.env_file == "--odd-name.env");
}

BOOST_AUTO_TEST_CASE(unknown_short_options_are_named) {
  std::string error = usage_error({"-x", "current"});
  BOOST_TEST(contains(error, "unknown option -x"), error);
  BOOST_TEST(usage_error({"-v", "current"}).empty());
}

BOOST_AUTO_TEST_CASE(json_is_recognised_before_parsing) {
  BOOST_TEST(migctl::app::wants_json({"--bad", "--json"}));
  BOOST_TEST(!migctl::app::wants_json({"--", "--json"}));
  BOOST_TEST(!migctl::app::wants_json({"--js"}));
}

BOOST_AUTO_TEST_SUITE_END()
