// `migctl log --since/--until` time parsing.
#include <boost/test/unit_test.hpp>

#include "commands/audit_log.hpp"
#include "migctl/error.hpp"

using migctl::parse_log_time;

namespace {

// 2026-11-30T12:00:00Z
const auto kNow = std::chrono::system_clock::from_time_t(1796040000);

std::string at(const std::string& text) {
  return parse_log_time(text, "since", kNow);
}

int code_of(const std::string& text) {
  try {
    at(text);
  } catch (const migctl::Error& e) {
    BOOST_TEST(std::string(e.what()).find("--since '" + text + "'") != std::string::npos, e.what());
    return static_cast<int>(e.code());
  }
  return 0;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(log_time)

BOOST_AUTO_TEST_CASE(the_reference_time_is_what_the_tests_assume) {
  BOOST_TEST(at("0s") == "2026-11-30T12:00:00Z");
}

BOOST_AUTO_TEST_CASE(ages_count_back_from_now) {
  BOOST_TEST(at("30s") == "2026-11-30T11:59:30Z");
  BOOST_TEST(at("30m") == "2026-11-30T11:30:00Z");
  BOOST_TEST(at("13h") == "2026-11-29T23:00:00Z");
  BOOST_TEST(at("2d") == "2026-11-28T12:00:00Z");
  BOOST_TEST(at("1w") == "2026-11-23T12:00:00Z");
}

BOOST_AUTO_TEST_CASE(dates_and_times_are_utc_unless_an_offset_is_given) {
  BOOST_TEST(at("2026-11-30") == "2026-11-30T00:00:00Z");
  BOOST_TEST(at("2026-11-30 14:05") == "2026-11-30T14:05:00Z");
  BOOST_TEST(at("2026-11-30T14:05:09") == "2026-11-30T14:05:09Z");
  BOOST_TEST(at("2026-11-30T14:05:09Z") == "2026-11-30T14:05:09Z");
  BOOST_TEST(at("2026-11-30T14:05:09+07:00") == "2026-11-30T07:05:09Z");
  BOOST_TEST(at("2026-11-30T01:00:00-0230") == "2026-11-30T03:30:00Z");
  BOOST_TEST(at("2026-03-01T01:00:00+02") == "2026-02-28T23:00:00Z");
}

BOOST_AUTO_TEST_CASE(anything_else_is_a_usage_error_naming_the_option) {
  for (const char* bad : {"yesterday", "2026-13-01", "2026-02-30", "2026-11-30 25:00", "5y", "-5m",
                          "2026-11-30T14:05:09+25:00", "", "2026-11-30garbage"}) {
    BOOST_TEST(code_of(bad) == 64, bad);
  }
}

BOOST_AUTO_TEST_SUITE_END()
