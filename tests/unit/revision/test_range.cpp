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

// The expected answers below are Alembic 1.8.1's for the same graph (`alembic history -r`).
BOOST_AUTO_TEST_CASE(open_ends_are_everything_newest_first) {
  // Declared in the order Alembic happened to list these files: ties between branches
  // follow it.
  const RevisionMap map({rev("a"), rev("x", {}, {"b"}, {"mod"}), rev("b", {"a"}),
                         rev("m", {"c", "d"}), rev("c", {"b"}), rev("d", {"a"})});
  BOOST_TEST(in_range(map, ":") == Ids({"x", "m", "c", "b", "d", "a"}),
             boost::test_tools::per_element());
  BOOST_TEST(in_range(map, "base:heads") == in_range(map, ":"), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(both_ends_included) {
  const RevisionMap map = graph();
  BOOST_TEST(in_range(map, "b:m") == Ids({"m", "c", "b"}), boost::test_tools::per_element());
  BOOST_TEST(in_range(map, "a:c") == Ids({"c", "b", "a"}), boost::test_tools::per_element());
  // Above the lower end means through down_revisions: x only depends_on b.
  BOOST_TEST(in_range(map, "b:") == Ids({"m", "c", "b"}), boost::test_tools::per_element());
  BOOST_TEST(in_range(map, ":mod") == Ids({"x", "b", "a"}), boost::test_tools::per_element());
  // A lower end that is not below the upper one is an error, as in Alembic.
  BOOST_TEST(failure([&] { in_range(map, "d:c"); }).code == ExitCode::data);
}

BOOST_AUTO_TEST_CASE(current_and_relative_endpoints) {
  const RevisionMap map = graph();
  BOOST_TEST(in_range(map, "current:", {"c"}) == Ids({"m", "c"}), boost::test_tools::per_element());
  BOOST_TEST(in_range(map, ":current", {"c"}) == Ids({"c", "b", "a"}),
             boost::test_tools::per_element());
  // Nothing applied: both read as the whole history, as in Alembic.
  BOOST_TEST(in_range(map, "current:", {}) == in_range(map, ":"), boost::test_tools::per_element());
  BOOST_TEST(in_range(map, ":current", {}) == in_range(map, ":"), boost::test_tools::per_element());
  // "-N" counts down from the heads; here a head is a merge point: an ambiguous walk.
  const auto merge = failure([&] { in_range(map, "-1:current", {"c"}); });
  BOOST_TEST(merge.code == ExitCode::data);
  BOOST_TEST(contains(merge.message, "ambiguous walk"));
  const RevisionMap line({rev("a"), rev("b", {"a"}), rev("c", {"b"}), rev("d", {"c"})});
  BOOST_TEST(in_range(line, "-2:") == Ids({"d", "c", "b"}), boost::test_tools::per_element());
  BOOST_TEST(in_range(line, "-1:current", {"d"}) == Ids({"d", "c"}),
             boost::test_tools::per_element());
  BOOST_TEST(in_range(line, "-9:current", {"c"}) == Ids({"c", "b", "a"}),
             boost::test_tools::per_element());
  BOOST_TEST(in_range(line, "current:+1", {"b"}) == Ids({"c", "b"}),
             boost::test_tools::per_element());
  BOOST_TEST(in_range(line, "b-1:b+1") == Ids({"c", "b", "a"}), boost::test_tools::per_element());
}

// Issue 10, defect 7: "-2:head" on a database at an older revision said "nothing is
// applied" (the rows were read only for a literal "current"). As in Alembic, "-N" counts
// down from the heads and needs no database at all.
BOOST_AUTO_TEST_CASE(relative_lower_end_counts_from_the_heads) {
  const RevisionMap line({rev("a"), rev("b", {"a"}), rev("c", {"b"}), rev("d", {"c"})});
  BOOST_TEST(!parse_range("-2:head").uses_current());
  BOOST_TEST(in_range(line, "-2:head", {"a"}) == Ids({"d", "c", "b"}),
             boost::test_tools::per_element());
  BOOST_TEST(in_range(line, "-2:head") == Ids({"d", "c", "b"}), boost::test_tools::per_element());
  // "+1:head": +N counts up from the lower end, so it cannot be one.
  const auto plus = failure([&] { parse_range("+1:head"); });
  BOOST_TEST(plus.code == ExitCode::usage);
  BOOST_TEST(contains(plus.hint, "current:+1"));
}

// Issue 10, defect 6: these threw std::invalid_argument ("stoi"), an internal error (70).
BOOST_AUTO_TEST_CASE(malformed_counts_are_usage_errors) {
  const RevisionMap map = graph();
  for (const char* text :
       {"-abc:current", "-:current", "-99999999999:current", "+:", ":-x", "current:+99999999999"}) {
    BOOST_TEST_CONTEXT(text) {
      const auto f = failure([&] { in_range(map, text, {"c"}); });
      BOOST_TEST(f.thrown);
      BOOST_TEST(f.code == ExitCode::usage);
      BOOST_TEST(!f.hint.empty());
    }
  }
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
