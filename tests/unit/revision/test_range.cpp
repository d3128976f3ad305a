#include <boost/test/unit_test.hpp>

#include "helpers.hpp"
#include "revision/range.hpp"

using migctl::ExitCode;
using migctl::parse_range;
using migctl::RevisionMap;
using migctl::revisions_in_range;
using revision_test::contains;
using revision_test::failure;
using revision_test::Ids;
using revision_test::rev;

namespace {

// a <- b <- c <- m, a <- d <- m (merge), x (another base, label "mod") depends_on b.
RevisionMap graph() {
  return RevisionMap({rev("a"), rev("b", {"a"}), rev("c", {"b"}), rev("d", {"a"}),
                      rev("m", {"c", "d"}), rev("x", {}, {"b"}, {"mod"})});
}

Ids in_range(const RevisionMap& map, const char* text, const Ids& current = {}) {
  return revisions_in_range(map, parse_range(text), current);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(revision_range)

BOOST_AUTO_TEST_CASE(open_ends_are_everything_newest_first) {
  const RevisionMap map = graph();
  BOOST_TEST(in_range(map, ":") == Ids({"x", "m", "d", "c", "b", "a"}),
             boost::test_tools::per_element());
  BOOST_TEST(in_range(map, "base:heads") == in_range(map, ":"), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(both_ends_included) {
  const RevisionMap map = graph();
  BOOST_TEST(in_range(map, "b:m") == Ids({"m", "c", "b"}), boost::test_tools::per_element());
  BOOST_TEST(in_range(map, "a:c") == Ids({"c", "b", "a"}), boost::test_tools::per_element());
  // Descendants through depends_on count: x requires b.
  BOOST_TEST(in_range(map, "b:") == Ids({"x", "m", "c", "b"}), boost::test_tools::per_element());
  BOOST_TEST(in_range(map, ":mod") == Ids({"x", "b", "a"}), boost::test_tools::per_element());
  BOOST_TEST(in_range(map, "d:c").empty());
}

BOOST_AUTO_TEST_CASE(current_and_relative_endpoints) {
  const RevisionMap map = graph();
  BOOST_TEST(in_range(map, "current:", {"c"}) == Ids({"m", "c"}), boost::test_tools::per_element());
  BOOST_TEST(in_range(map, ":current", {"c"}) == Ids({"c", "b", "a"}),
             boost::test_tools::per_element());
  BOOST_TEST(in_range(map, "-1:current", {"c"}) == Ids({"c", "b"}),
             boost::test_tools::per_element());
  BOOST_TEST(in_range(map, "-5:current", {"c"}) == Ids({"c", "b", "a"}),
             boost::test_tools::per_element());
  BOOST_TEST(in_range(map, "current:", {}) == in_range(map, ":"), boost::test_tools::per_element());
  BOOST_TEST(in_range(map, ":current", {}).empty());
  BOOST_TEST(in_range(map, "b-1:b+1") == Ids({"c", "b", "a"}), boost::test_tools::per_element());
  const auto several = failure([&] { in_range(map, "-1:", {"c", "x"}); });
  BOOST_TEST(several.code == ExitCode::data);
  BOOST_TEST(contains(several.message, "ambiguous"));
}

BOOST_AUTO_TEST_CASE(malformed_ranges) {
  const RevisionMap map = graph();
  for (const char* text : {"a", "a:b:c", ""}) {
    const auto f = failure([&] { parse_range(text); });
    BOOST_TEST(f.code == ExitCode::usage, text);
    BOOST_TEST(contains(f.hint, "<lower>:<upper>"));
  }
  BOOST_TEST(failure([&] { in_range(map, "zz:"); }).code == ExitCode::data);
}

BOOST_AUTO_TEST_SUITE_END()
